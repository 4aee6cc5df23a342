// Package server is the gateway's composition root: it builds the router
// with the middleware in order and mounts every resource.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/corridor-chain/corridor/gateway/chain"
	"github.com/corridor-chain/corridor/gateway/console"
	"github.com/corridor-chain/corridor/gateway/handlers"
	mw "github.com/corridor-chain/corridor/gateway/middleware"
	"github.com/corridor-chain/corridor/gateway/openapi"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/problem"
	"github.com/corridor-chain/corridor/gateway/store"
	"github.com/corridor-chain/corridor/gateway/verify"
)

// Deps is everything the router needs.
type Deps struct {
	Store    store.Store
	Chain    chain.Client
	Authz    policy.Authorizer
	Log      *slog.Logger
	Now      func() time.Time
	Registry *prometheus.Registry

	Verify         verify.Options
	Authorities    map[string]string
	DecisionLease  time.Duration
	TrustedProxies []netip.Prefix
	RequestTimeout time.Duration
	MaxBodyBytes   int64
	// RatePerSecond and RateBurst limit each client IP and each subject.
	RatePerSecond float64
	RateBurst     int
	// KeyCacheTTL is how long a verified API key is trusted without a
	// store read.
	KeyCacheTTL time.Duration
	// ConsoleSecureCookie marks the console's cookies Secure over plain
	// HTTP too (TLS ended by a proxy).
	ConsoleSecureCookie bool
}

// New builds the handler. Middleware order: recover → request id →
// client ip → log → metrics → timeout → body size → content type → rate
// limit (ip) → audit → authn → rate limit (subject): what the IP limit
// refuses costs no store write. Log, metrics and audit record a panicking
// request too (as the 500 recover answers). Authorization is per
// route, inside the handlers, because the resource (a declaration's
// jurisdiction and owner) is known only once it is read.
func New(d Deps) http.Handler { return NewGateway(d).Handler }

// Gateway is the HTTP handler and the decisions' sweeper that completes
// abandoned claims (run it beside the server: go g.Decisions.Sweep(ctx, …)).
type Gateway struct {
	Handler   http.Handler
	Decisions *handlers.Declarations
	// Console sweeps its ended sessions (go g.Console.Sweep(ctx, …)).
	Console *console.Console
}

// NewGateway builds the gateway; see New for the middleware order.
func NewGateway(d Deps) Gateway {
	if d.Now == nil {
		d.Now = time.Now
	}
	metrics := mw.NewMetrics(d.Registry)
	r := chi.NewRouter()
	r.Use(mw.Recover(d.Log), mw.RequestIDs, mw.ClientIPs(d.TrustedProxies), mw.Log(d.Log), metrics.Instrument)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		mw.Fail(w, r, problem.NotFound.New("no route "+r.Method+" "+r.URL.Path))
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		mw.Fail(w, r, problem.MethodNotAllowed.New(r.Method+" is not allowed on "+r.URL.Path))
	})

	health := &handlers.Health{Store: d.Store, Chain: d.Chain, Log: d.Log}
	r.Get("/healthz", health.Live)
	r.Get("/readyz", health.Ready)
	r.Method(http.MethodGet, "/metrics", promhttp.HandlerFor(d.Registry, promhttp.HandlerOpts{}))
	r.Get("/openapi.json", openapi.Serve)

	ipLimit := mw.NewLimiter(d.RatePerSecond, d.RateBurst)
	subjectLimit := mw.NewLimiter(d.RatePerSecond, d.RateBurst)
	decl := &handlers.Declarations{Store: d.Store, Chain: d.Chain, Authz: d.Authz, Log: d.Log, Now: d.Now, Verify: d.Verify,
		Authorities: d.Authorities, Lease: d.DecisionLease, Metrics: metrics,
		Filed: expirable.NewLRU[string, store.Declaration](4096, nil, 30*time.Second)}
	auditor := mw.NewAuditor(d.Store, d.Log, d.Now)
	// one Finance for both routers: one record of Idempotency-Keys
	finance := &handlers.Finance{Decls: decl, Chain: d.Chain, Authz: d.Authz, Log: d.Log, Now: d.Now}
	keys := mw.NewKeys(d.Store, d.KeyCacheTTL)
	// v1 is the API with an authentication: API keys for the listener, the
	// console's session (the principal already in the context) in process
	v1 := func(authn func(http.Handler) http.Handler) func(chi.Router) {
		return func(r chi.Router) {
			r.Use(mw.Timeout(d.RequestTimeout), mw.BodyLimit(d.MaxBodyBytes), mw.RequireJSON,
				ipLimit.ByClientIP, auditor.Middleware, authn, subjectLimit.BySubject)
			r.Route("/declarations", decl.Routes)
			r.Route("/lots", (&handlers.Lots{Store: d.Store, Chain: d.Chain, Authz: d.Authz, Log: d.Log}).Routes)
			r.Route("/financing", finance.Routes)
			r.Route("/settlement", (&handlers.Settlement{Chain: d.Chain, Authz: d.Authz, Log: d.Log, Now: d.Now}).Routes)
			r.Route("/audit", (&handlers.Audit{Store: d.Store, Authz: d.Authz, Log: d.Log}).Routes)
		}
	}
	r.Route("/v1", v1(keys.Authn))
	inProcess := chi.NewRouter()
	inProcess.Route("/v1", v1(mw.FromContext))
	con, err := console.New(console.Deps{API: inProcess, Sessions: d.Store, Keys: keys, Audit: auditor, Log: d.Log, Now: d.Now,
		SecureCookie: d.ConsoleSecureCookie, MaxBodyBytes: max(d.MaxBodyBytes, 1<<20),
		Limit: ipLimit.ByClientIP, Denoms: func(ctx context.Context, code string) ([]string, error) {
			c, err := d.Chain.Currency(ctx, code)
			if err != nil || c == nil {
				return nil, err
			}
			var out []string
			for _, dn := range c.Denoms {
				out = append(out, dn.Denom)
			}
			return out, nil
		}})
	if err != nil {
		panic(err) // the embedded templates and catalogs are checked by the tests
	}
	r.Mount("/console", con.Handler())
	r.Get("/console", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/console/", http.StatusMovedPermanently)
	})
	return Gateway{Handler: r, Decisions: decl, Console: con}
}
