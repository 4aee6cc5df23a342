package middleware

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	chimw "github.com/go-chi/chi/v5/middleware"

	"github.com/corridor-chain/corridor/gateway/store"
)

// AuditSink appends audit records.
type AuditSink interface {
	AppendAudit(ctx context.Context, e store.AuditEntry) error
}

// AuditLog records every refused request (status 4xx) and every request
// a handler marks Always (decisions, filings) in the store's audit log.
// A failure to record is logged; it does not change the response, which
// has been sent.
func AuditLog(sink AuditSink, log *slog.Logger, now func() time.Time) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := &AuditRecord{}
			ww := chimw.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r.WithContext(context.WithValue(r.Context(), auditKey, rec)))
			status := ww.Status()
			refused := status >= 400 && status < 500
			if !refused && !rec.Always {
				return
			}
			outcome := "allowed"
			if refused {
				outcome = "refused"
			} else if status >= 500 {
				outcome = "failed"
			}
			action := rec.Action
			if action == "" {
				action = r.Method + " " + r.URL.Path
			}
			e := store.AuditEntry{At: now(), RequestID: RequestID(r.Context()), Subject: Subject(r.Context()), Action: action,
				Resource: rec.Resource, Outcome: outcome, Status: status, Detail: rec.Detail}
			ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 5*time.Second)
			defer cancel()
			if err := sink.AppendAudit(ctx, e); err != nil {
				log.Error("audit record lost", "request_id", e.RequestID, "error", err)
			}
		})
	}
}
