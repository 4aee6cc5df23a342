package middleware

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/corridor-chain/corridor/internal/textclip"

	chimw "github.com/go-chi/chi/v5/middleware"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/corridor-chain/corridor/gateway/store"
)

// AuditSink appends audit records.
type AuditSink interface {
	AppendAudit(ctx context.Context, e store.AuditEntry) error
}

// Bounds of what one audit record may hold, against a client that sends
// huge paths or headers.
const (
	MaxAuditAction = 200
	MaxAuditField  = 512
	// MaxAuditClients bounds the refusal windows kept in memory.
	MaxAuditClients = 10_000
)

// Auditor records every refused request (status 4xx) and every request a
// handler marks Always (decisions, filings) in the store's audit log. It
// sits after the IP rate limit, so a flood of refused requests is mostly
// refused there (429, counted in the metrics, not audited), and it
// aggregates what gets through: per client, subject and status, the first
// refusal of each minute is a record; the ones after it in the same minute
// are counted, and the count is written with that client's next record. A
// failure to record is logged; it does not change the response, which has
// been sent.
type Auditor struct {
	sink AuditSink
	log  *slog.Logger
	now  func() time.Time

	mu      sync.Mutex
	windows *lru.Cache[string, *refusalWindow]
}

type refusalWindow struct {
	minute     time.Time
	suppressed int
}

// NewAuditor builds the audit middleware's state.
func NewAuditor(sink AuditSink, log *slog.Logger, now func() time.Time) *Auditor {
	w, err := lru.New[string, *refusalWindow](MaxAuditClients)
	if err != nil {
		panic(err) // only for a non-positive size
	}
	return &Auditor{sink: sink, log: log, now: now, windows: w}
}

// Middleware is the audit middleware.
func (a *Auditor) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &AuditRecord{}
		r = r.WithContext(context.WithValue(r.Context(), auditKey, rec))
		observe(w, r, next, func(_ chimw.WrapResponseWriter, status int, panicked bool) {
			if panicked {
				rec.Always, rec.Detail = true, "the gateway failed while handling the request"
			}
			a.record(r, rec, status)
		})
	})
}

// Refused records a refusal made outside the API's handlers (the console's
// sign-in and CSRF checks) as the middleware records the API's: clipped,
// and aggregated per client and minute.
func (a *Auditor) Refused(r *http.Request, action, resource string, status int, detail string) {
	a.record(r, &AuditRecord{Action: action, Resource: resource, Detail: detail}, status)
}

// Allowed records an allowed action made outside the API's handlers (a
// console sign-in or sign-out).
func (a *Auditor) Allowed(r *http.Request, action, resource, detail string) {
	a.record(r, &AuditRecord{Action: action, Resource: resource, Detail: detail, Always: true}, http.StatusOK)
}

func (a *Auditor) record(r *http.Request, rec *AuditRecord, status int) {
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
		action = MethodLabel(r.Method) + " " + r.URL.Path
	}
	at := a.now()
	detail := rec.Detail
	if refused && !rec.Always {
		more, write := a.admit(clientNet(ClientIP(r.Context()))+"|"+Subject(r.Context())+"|"+strconv.Itoa(status), at)
		if !write {
			return
		}
		if more > 0 {
			detail = fmt.Sprintf("%s (and %d more refusals like it from this client in an earlier minute)", detail, more)
		}
	}
	e := store.AuditEntry{At: at, RequestID: RequestID(r.Context()), Subject: textclip.Clip(Subject(r.Context()), MaxAuditField),
		Action: textclip.Clip(action, MaxAuditAction), Resource: textclip.Clip(rec.Resource, MaxAuditField), Outcome: outcome, Status: status,
		Detail: textclip.Clip(detail, MaxAuditField)}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 5*time.Second)
	defer cancel()
	if err := a.sink.AppendAudit(ctx, e); err != nil {
		a.log.Error("audit record lost", "request_id", e.RequestID, "error", err)
	}
}

// admit says whether a refusal is its key's first in the current minute
// (write it) and how many of that key's refusals went unrecorded before.
func (a *Auditor) admit(key string, at time.Time) (suppressedBefore int, write bool) {
	minute := at.Truncate(time.Minute)
	a.mu.Lock()
	defer a.mu.Unlock()
	w, ok := a.windows.Get(key)
	if ok && w.minute.Equal(minute) {
		w.suppressed++
		return 0, false
	}
	if ok {
		suppressedBefore = w.suppressed
	}
	a.windows.Add(key, &refusalWindow{minute: minute})
	return suppressedBefore, true
}

// clientNet is the client an aggregation window is kept for: its IPv4
// address, or its IPv6 /64 (a host picks any address in its /64 at will).
func clientNet(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || a.Is4() || a.Is4In6() {
		return ip
	}
	p, err := a.Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}
