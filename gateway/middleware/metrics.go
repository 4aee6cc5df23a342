package middleware

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the gateway's Prometheus collectors.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	// Decisions counts recorded decisions by outcome.
	Decisions *prometheus.CounterVec
	// ChainErrors counts chain calls that failed as unavailable.
	ChainErrors prometheus.Counter
}

// NewMetrics registers the collectors with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "corridor_gateway_requests_total",
			Help: "HTTP requests by route pattern, method and status."}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "corridor_gateway_request_duration_seconds",
			Help: "HTTP request latency by route pattern.", Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}},
			[]string{"route", "method"}),
		Decisions: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "corridor_gateway_decisions_total",
			Help: "Customs decisions recorded on chain, by decision."}, []string{"decision"}),
		ChainErrors: prometheus.NewCounter(prometheus.CounterOpts{Name: "corridor_gateway_chain_unavailable_total",
			Help: "Requests that found the chain unavailable."}),
	}
	reg.MustRegister(m.requests, m.duration, m.Decisions, m.ChainErrors)
	return m
}

// methods are the HTTP methods with a label of their own; any other method
// a client sends is "OTHER", so a client cannot grow the series.
var methods = map[string]bool{http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true}

// MethodLabel is r.Method from a closed set: the standard methods, or OTHER.
func MethodLabel(m string) string {
	if methods[m] {
		return m
	}
	return "OTHER"
}

// Instrument records every request under its route pattern (not its path,
// which would make one series per declaration).
func (m *Metrics) Instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		observe(w, r, next, func(_ chimw.WrapResponseWriter, status int, _ bool) {
			route := "unmatched"
			if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
				route = rc.RoutePattern()
			}
			method := MethodLabel(r.Method)
			m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
			m.duration.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
		})
	})
}
