package middleware

import (
	"net/http"

	chimw "github.com/go-chi/chi/v5/middleware"
)

// observe serves next and then calls record with the response status, also
// when next panics: record sees 500 (what Recover, outermost, will answer)
// and the panic goes on to Recover. So a panicking request keeps its log
// line, its metric and its audit record.
func observe(w http.ResponseWriter, r *http.Request, next http.Handler, record func(ww chimw.WrapResponseWriter, status int, panicked bool)) {
	ww := chimw.NewWrapResponseWriter(w, r.ProtoMajor)
	defer func() {
		if v := recover(); v != nil {
			record(ww, http.StatusInternalServerError, true)
			panic(v)
		}
	}()
	next.ServeHTTP(ww, r)
	record(ww, ww.Status(), false)
}
