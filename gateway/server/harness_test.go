package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/apikey"
	"github.com/corridor-chain/corridor/gateway/chain"
	"github.com/corridor-chain/corridor/gateway/chain/chaintest"
	"github.com/corridor-chain/corridor/gateway/declaration"
	"github.com/corridor-chain/corridor/gateway/openapi"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/server"
	"github.com/corridor-chain/corridor/gateway/store"
	"github.com/corridor-chain/corridor/gateway/store/storetest"
	"github.com/corridor-chain/corridor/gateway/verify"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

const (
	exporterAddr = "corridor1exporter"
	authorityMN  = "corridor1customsmn"
	authorityCN  = "corridor1customscn"
	importerAddr = "corridor1importer"
)

// env is a gateway on a real store and the real policies, in front of the
// in-memory chain, served over real HTTP (httptest).
type env struct {
	t     *testing.T
	srv   *httptest.Server
	chain *chaintest.Fake
	store store.Store
	keys  map[string]string // subject -> API key
	now   time.Time
	mu    sync.Mutex
	spec  routers.Router
	reg   *prometheus.Registry
	gw    server.Gateway
}

type opts struct {
	kind  string
	rate  float64
	burst int
	// chain replaces the in-memory chain (the integration test's node).
	chain       chain.Client
	authorities map[string]string
	exporter    string // the exporter-mn key's corridor address
	// store shares another env's store (a second replica)
	store store.Store
}

func newEnv(t *testing.T, o opts) *env {
	t.Helper()
	if o.kind == "" {
		o.kind = "sqlite"
	}
	if o.burst == 0 {
		o.burst = 1000
	}
	var st store.Store
	if o.store != nil {
		st = o.store
	} else {
		st = storetest.Open(t, o.kind)
	}
	e := &env{t: t, chain: chaintest.New(), store: st, keys: map[string]string{},
		now: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), reg: prometheus.NewRegistry()}
	var cl chain.Client = e.chain
	if o.chain != nil {
		cl = o.chain
	}
	if o.authorities == nil {
		o.authorities = map[string]string{"MN": authorityMN, "CN": authorityCN}
	}
	az, err := policy.LoadFile("")
	require.NoError(t, err)
	e.gw = server.NewGateway(server.Deps{Store: e.store, Chain: cl, Authz: az, Log: slog.New(slog.NewTextHandler(tlog{t}, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Now: e.clock, Registry: e.reg, Verify: verify.Options{QuantityToleranceBps: 50},
		Authorities: o.authorities, DecisionLease: time.Minute, RequestTimeout: 5 * time.Second,
		MaxBodyBytes: 64 << 10, RatePerSecond: o.rate, RateBurst: o.burst, KeyCacheTTL: 0})
	e.srv = httptest.NewServer(e.gw.Handler)
	t.Cleanup(e.srv.Close)
	exporter := exporterAddr
	if o.exporter != "" {
		exporter = o.exporter
	}
	for _, k := range []struct{ subject, role, jur, addr string }{
		{"officer-mn", "customs", "MN", ""}, {"officer-cn", "customs", "CN", ""},
		{"exporter-mn", "exporter", "MN", exporter}, {"exporter-other", "exporter", "MN", "corridor1other"},
		{"importer-cn", "importer", "CN", importerAddr},
		{"bank-cn", "bank", "CN", "corridor1bank"}, {"bank-ru", "bank", "RU", "corridor1bankru"}, {"auditor", "auditor", "MN", ""},
	} {
		id, key, hash, err := apikey.Generate()
		require.NoError(t, err)
		require.NoError(t, e.store.CreateAPIKey(context.Background(), store.APIKey{ID: id, Hash: hash, Subject: k.subject, Role: k.role,
			Jurisdiction: k.jur, Address: k.addr, CreatedAt: e.now}))
		e.keys[k.subject] = key
	}
	doc, err := openapi3.NewLoader().LoadFromData(openapi.Document())
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))
	e.spec, err = legacy.NewRouter(doc)
	require.NoError(t, err)
	e.seedChain()
	return e
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

// tlog sends the gateway's warnings and errors to the test log.
type tlog struct{ t *testing.T }

func (w tlog) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

func (e *env) seedChain() { e.chain.SeedStory(exporterAddr) }

// anchor does what the exporter's MsgAnchorDocument does on chain.
func (e *env) anchor(lot uint64, sha string) { e.chain.Anchor(lot, sha) }

func sampleDoc(t *testing.T) []byte {
	b, err := os.ReadFile("../declaration/testdata/mn-export.json")
	require.NoError(t, err)
	return b
}

// response is a response with its body read.
type response struct {
	*http.Response
	body []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.body, &m), string(r.body))
	return m
}

// requireProblem checks a problem+json response of status and type slug.
func (r response) requireProblem(t *testing.T, status int, slug string) map[string]any {
	t.Helper()
	require.Equal(t, status, r.StatusCode, string(r.body))
	require.Equal(t, "application/problem+json", r.Header.Get("Content-Type"))
	m := r.json(t)
	require.Equal(t, "https://corridor.example/problems/"+slug, m["type"], string(r.body))
	require.EqualValues(t, status, m["status"])
	require.NotEmpty(t, m["request_id"])
	return m
}

type req struct {
	method, path, as string
	body             []byte
	header           map[string]string
}

// do sends a request and validates the response against the OpenAPI
// document (its status must be documented for the operation).
func (e *env) do(r req) response {
	t := e.t
	t.Helper()
	hr, err := http.NewRequest(r.method, e.srv.URL+r.path, bytes.NewReader(r.body))
	require.NoError(t, err)
	if r.body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if r.as != "" {
		key, ok := e.keys[r.as]
		if !ok {
			key = r.as // a raw credential
		}
		hr.Header.Set("Authorization", "Bearer "+key)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(hr)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	e.validate(hr, r.body, res, body)
	if res.StatusCode >= 400 { // defect 9: an error tells a user what to fix, never the gateway's internals
		for _, internal := range []string{"pkg/mod", ".go:", "struct field", "goroutine", "with gas used"} {
			require.NotContains(t, string(body), internal, "%s %s -> %d", r.method, r.path, res.StatusCode)
		}
	}
	return response{res, body}
}

func (e *env) validate(hr *http.Request, reqBody []byte, res *http.Response, body []byte) {
	t := e.t
	t.Helper()
	vr := hr.Clone(context.Background())
	vr.Body = io.NopCloser(bytes.NewReader(reqBody))
	vr.URL.Host, vr.URL.Scheme = "127.0.0.1:8080", "http"
	route, params, err := e.spec.FindRoute(vr)
	if err != nil {
		// only the router's own 404/405 answer paths the document lacks
		require.Contains(t, []int{http.StatusNotFound, http.StatusMethodNotAllowed}, res.StatusCode, "%s %s: %v", hr.Method, hr.URL.Path, err)
		require.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: vr, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: res.StatusCode, Header: res.Header, Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(body)
	require.NoError(t, openapi3filter.ValidateResponse(context.Background(), in), "%s %s -> %d %s", hr.Method, hr.URL.Path, res.StatusCode, body)
}

// file files the sample (optionally edited) as exporter-mn and returns
// its view.
func (e *env) file(doc []byte) map[string]any {
	e.t.Helper()
	r := e.do(req{method: "POST", path: "/v1/declarations", as: "exporter-mn", body: doc})
	require.Equal(e.t, http.StatusCreated, r.StatusCode, string(r.body))
	return r.json(e.t)
}

// filedAndAnchored files the sample and anchors its hash on lot 1.
func (e *env) filedAndAnchored() (id, sha string) {
	v := e.file(sampleDoc(e.t))
	id, sha = v["id"].(string), v["sha256"].(string)
	e.anchor(1, sha)
	return id, sha
}

func decide(id, as, key, body string) req {
	return req{method: "POST", path: "/v1/declarations/" + id + "/decision", as: as, body: []byte(body),
		header: map[string]string{"Idempotency-Key": key}}
}

func replace(doc []byte, old, new string) []byte {
	return []byte(strings.Replace(string(doc), old, new, 1))
}

// signWithoutBroadcast claims a decision as officer-mn under key and signs
// its transaction, as a gateway that died before broadcasting would leave
// it; it returns the stored transaction's hash.
func (e *env) signWithoutBroadcast(id, key, body string) string {
	e.t.Helper()
	ctx := context.Background()
	now := e.clock()
	canon, err := declaration.Canonical([]byte(body))
	require.NoError(e.t, err)
	d, claimed, err := e.store.ClaimDecision(ctx, id, store.Claim{Key: key, Request: declaration.Hash(canon), Subject: "officer-mn",
		Body: []byte(body), Now: now, LeaseUntil: now.Add(time.Minute)})
	require.NoError(e.t, err)
	require.True(e.t, claimed)
	msgs := []*tokenizetypes.MsgAttest{{Attester: authorityMN, LotId: 1, Kind: tokenizetypes.ATTESTATION_KIND_CUSTOMS_EXPORT,
		Result: tokenizetypes.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: d.SHA256, Reference: d.Number, Note: "gone"}}
	tx, hash, err := e.chain.Sign(ctx, chain.Decision{Attests: msgs})
	require.NoError(e.t, err)
	require.NoError(e.t, e.store.RecordDecisionTx(ctx, id, key, hash, tx))
	return hash
}
