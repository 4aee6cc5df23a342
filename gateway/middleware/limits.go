package middleware

import (
	"fmt"
	"math"
	"mime"
	"net/http"
	"strconv"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"

	"github.com/corridor-chain/corridor/gateway/problem"
)

// BodyLimit caps request bodies at n bytes; a handler that reads past it
// gets an *http.MaxBytesError, which handlers answer with 413.
func BodyLimit(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > n {
				Fail(w, r, problem.TooLarge.New(fmt.Sprintf("the body is %d bytes, the limit is %d", r.ContentLength, n)))
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, n)
			next.ServeHTTP(w, r)
		})
	}
}

// RequireJSON refuses a request with a body that is not application/json
// (415); GET, HEAD and DELETE pass.
func RequireJSON(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodDelete, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/json" {
			Fail(w, r, problem.UnsupportedMedia.New("send the body as application/json"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Limiter is a token bucket per key (a client IP or a subject), the least
// recently seen keys forgotten beyond a bound.
type Limiter struct {
	perSecond rate.Limit
	burst     int
	buckets   *lru.Cache[string, *rate.Limiter]
}

// NewLimiter allows perSecond requests per key with bursts of burst;
// perSecond <= 0 disables it.
func NewLimiter(perSecond float64, burst int) *Limiter {
	c, _ := lru.New[string, *rate.Limiter](65_536)
	if perSecond <= 0 {
		perSecond = math.Inf(1)
	}
	return &Limiter{perSecond: rate.Limit(perSecond), burst: burst, buckets: c}
}

func (l *Limiter) allow(key string) bool {
	if math.IsInf(float64(l.perSecond), 1) {
		return true
	}
	b, ok := l.buckets.Get(key)
	if !ok {
		b = rate.NewLimiter(l.perSecond, l.burst)
		l.buckets.Add(key, b)
	}
	return b.Allow()
}

// ByClientIP limits per client address (before authentication, so that a
// key cannot be guessed at line rate).
func (l *Limiter) ByClientIP(next http.Handler) http.Handler {
	return l.by(func(r *http.Request) string { return "ip:" + ClientIP(r.Context()) }, next)
}

// BySubject limits per authenticated subject.
func (l *Limiter) BySubject(next http.Handler) http.Handler {
	return l.by(func(r *http.Request) string {
		p, _ := Principal(r.Context())
		return "subject:" + p.Subject
	}, next)
}

func (l *Limiter) by(key func(*http.Request) string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !l.allow(key(r)) {
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(float64(l.burst)/float64(l.perSecond))))))
			Fail(w, r, problem.TooManyRequests.New(fmt.Sprintf("more than %g requests per second", float64(l.perSecond))))
			return
		}
		next.ServeHTTP(w, r)
	})
}
