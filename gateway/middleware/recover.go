package middleware

import (
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/corridor-chain/corridor/gateway/problem"
)

// Recover turns a panic in a handler into a 500 problem and a log line
// with the stack, so that one bad request never takes the server down.
func Recover(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					// the request id is set inside: read it back from the response header
					id := w.Header().Get(RequestIDHeader)
					log.Error("panic", "request_id", id, "panic", v, "stack", string(debug.Stack()))
					problem.Write(w, r, id, problem.Internal.New("the gateway failed to handle the request"))
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}
