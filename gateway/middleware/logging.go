package middleware

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/corridor-chain/corridor/internal/textclip"

	chimw "github.com/go-chi/chi/v5/middleware"
)

// Log writes one structured line per request: no headers, no bodies, no
// query string, so that no key or document content reaches the logs.
func Log(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			observe(w, r, next, func(ww chimw.WrapResponseWriter, status int, _ bool) {
				log.Info("request", "request_id", RequestID(r.Context()), "method", MethodLabel(r.Method), "path", textclip.Clip(r.URL.Path, 200),
					"status", status, "bytes", ww.BytesWritten(), "duration_ms", float64(time.Since(start).Microseconds())/1000,
					"client_ip", ClientIP(r.Context()), "subject", Subject(r.Context()))
			})
		})
	}
}
