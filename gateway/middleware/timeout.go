package middleware

import (
	"context"
	"net/http"
	"time"
)

// Timeout bounds the work of a request: its context is cancelled after d,
// so chain and store calls give up and the handler answers 503 (chi's
// Timeout would answer a bare 504 without a problem document).
func Timeout(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}
