package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/declaration"
)

func TestFileAndRead(t *testing.T) {
	e := newEnv(t, opts{})
	r := e.do(req{method: "POST", path: "/v1/declarations", as: "exporter-mn", body: sampleDoc(t)})
	require.Equal(t, http.StatusCreated, r.StatusCode, string(r.body))
	v := r.json(t)
	id := v["id"].(string)
	require.Equal(t, "/v1/declarations/"+id, r.Header.Get("Location"))
	parsed, err := declaration.Parse(sampleDoc(t))
	require.NoError(t, err)
	require.Equal(t, parsed.SHA256, v["sha256"], "the hash is the RFC 8785 hash of the document")
	require.Equal(t, "filed", v["status"])
	require.Equal(t, map[string]any{"kind": "customs_declaration", "sha256": parsed.SHA256, "uri": "/v1/declarations/" + id}, v["anchor"])

	for _, tc := range []struct {
		as     string
		status int
	}{{"exporter-mn", 200}, {"officer-mn", 200}, {"exporter-other", 403}, {"officer-cn", 403}, {"bank-cn", 403}, {"auditor", 200}} {
		got := e.do(req{method: "GET", path: "/v1/declarations/" + id, as: tc.as})
		require.Equal(t, tc.status, got.StatusCode, tc.as)
		if tc.status == 200 {
			require.Equal(t, parsed.SHA256, got.json(t)["sha256"])
			require.Equal(t, "Gashuunsukhait", got.json(t)["document"].(map[string]any)["border_port"])
		} else {
			got.requireProblem(t, 403, "forbidden")
		}
	}
	e.do(req{method: "GET", path: "/v1/declarations/ffff", as: "officer-mn"}).requireProblem(t, 404, "not-found")
}

func TestAuthentication(t *testing.T) {
	e := newEnv(t, opts{})
	path := "/v1/declarations"
	r := e.do(req{method: "GET", path: path})
	r.requireProblem(t, 401, "unauthorized")
	require.Contains(t, r.Header.Get("WWW-Authenticate"), "Bearer")
	e.do(req{method: "GET", path: path, as: "not-a-key"}).requireProblem(t, 401, "unauthorized")
	e.do(req{method: "GET", path: path, as: "cgw_000000000000_" + strings.Repeat("A", 43)}).requireProblem(t, 401, "unauthorized")
	keys, err := e.store.ListAPIKeys(context.Background())
	require.NoError(t, err)
	for _, k := range keys {
		if k.Subject == "officer-mn" {
			require.NoError(t, e.store.RevokeAPIKey(context.Background(), k.ID, e.now))
		}
	}
	m := e.do(req{method: "GET", path: path, as: "officer-mn"}).requireProblem(t, 401, "unauthorized")
	require.Contains(t, m["detail"], "revoked")
	require.Equal(t, 200, e.do(req{method: "GET", path: path, as: "officer-cn"}).StatusCode)
}

func TestFileRefusals(t *testing.T) {
	e := newEnv(t, opts{})
	doc := sampleDoc(t)
	e.do(req{method: "POST", path: "/v1/declarations", as: "exporter-mn", body: []byte(`{"number":`)}).requireProblem(t, 400, "bad-request")
	e.do(req{method: "POST", path: "/v1/declarations", as: "exporter-mn",
		body: replace(doc, `"border_port": "Gashuunsukhait",`, `"border_port": "A", "border_port": "B",`)}).requireProblem(t, 400, "bad-request")
	m := e.do(req{method: "POST", path: "/v1/declarations", as: "exporter-mn", body: replace(doc, `"currency": "USD"`, `"currency": "usd"`)}).
		requireProblem(t, 422, "unprocessable")
	require.Contains(t, m["detail"], "currency must be an ISO 4217 code")
	// content type and size
	r := e.do(req{method: "POST", path: "/v1/declarations", as: "exporter-mn", body: doc, header: map[string]string{"Content-Type": "text/plain"}})
	r.requireProblem(t, 415, "unsupported-media-type")
	big := replace(doc, `"border_port": "Gashuunsukhait"`, `"border_port": "`+strings.Repeat("x", 70<<10)+`"`)
	e.do(req{method: "POST", path: "/v1/declarations", as: "exporter-mn", body: big}).requireProblem(t, 413, "too-large")
	// who may file
	e.do(req{method: "POST", path: "/v1/declarations", as: "exporter-other", body: doc}).requireProblem(t, 403, "forbidden")
	e.do(req{method: "POST", path: "/v1/declarations", as: "officer-mn", body: doc}).requireProblem(t, 403, "forbidden")
	e.do(req{method: "POST", path: "/v1/declarations", as: "bank-cn", body: doc}).requireProblem(t, 403, "forbidden")
	cn := replace(replace(doc, `"jurisdiction": "MN"`, `"jurisdiction": "CN"`), `"10719010/011226/0001234"`, `"020420260000004567"`)
	e.do(req{method: "POST", path: "/v1/declarations", as: "exporter-mn", body: cn}).requireProblem(t, 403, "forbidden")
	// one declaration per number and jurisdiction
	e.file(doc)
	m = e.do(req{method: "POST", path: "/v1/declarations", as: "exporter-mn", body: doc}).requireProblem(t, 409, "conflict")
	require.Contains(t, m["detail"], "already filed")
}

func TestList(t *testing.T) {
	e := newEnv(t, opts{})
	doc := sampleDoc(t)
	var ids []string
	for i := range 5 {
		d := replace(doc, "/0001234", "/000123"+string(rune('5'+i)))
		ids = append(ids, e.file(d)["id"].(string))
	}
	page := func(as, query string) ([]string, string) {
		r := e.do(req{method: "GET", path: "/v1/declarations" + query, as: as})
		require.Equal(t, 200, r.StatusCode, string(r.body))
		var got []string
		for _, d := range r.json(t)["declarations"].([]any) {
			got = append(got, d.(map[string]any)["id"].(string))
		}
		return got, r.json(t)["next_page_token"].(string)
	}
	got, next := page("exporter-mn", "?page_size=2")
	require.Equal(t, ids[:2], got)
	got, next = page("exporter-mn", "?page_size=2&page_token="+next)
	require.Equal(t, ids[2:4], got)
	got, next = page("exporter-mn", "?page_size=2&page_token="+next)
	require.Equal(t, ids[4:], got)
	require.Empty(t, next)
	got, _ = page("officer-mn", "?lot_id=1&status=filed")
	require.Equal(t, ids, got)
	got, _ = page("officer-cn", "")
	require.Empty(t, got, "CN customs see no MN declarations")
	got, _ = page("exporter-other", "")
	require.Empty(t, got, "an exporter sees only its own")
	e.do(req{method: "GET", path: "/v1/declarations?jurisdiction=MN", as: "officer-cn"}).requireProblem(t, 403, "forbidden")
	e.do(req{method: "GET", path: "/v1/declarations", as: "bank-cn"}).requireProblem(t, 403, "forbidden")
	for _, q := range []string{"?page_size=0", "?page_size=101", "?page_token=!!!", "?page_token=AAAA", "?lot_id=x", "?status=pending"} {
		e.do(req{method: "GET", path: "/v1/declarations" + q, as: "officer-mn"}).requireProblem(t, 400, "bad-request")
	}
}

func TestVerify(t *testing.T) {
	e := newEnv(t, opts{})
	v := e.file(sampleDoc(t))
	id := v["id"].(string)
	verifyAs := func(as string) response {
		return e.do(req{method: "POST", path: "/v1/declarations/" + id + "/verify", as: as, body: []byte(`{}`)})
	}
	// filed, not yet anchored: integrity fails, every other check passes
	r := verifyAs("officer-mn")
	require.Equal(t, 200, r.StatusCode, string(r.body))
	rep := r.json(t)
	require.Equal(t, false, rep["passed"])
	checks := rep["checks"].([]any)
	require.Len(t, checks, 4)
	for _, c := range checks {
		c := c.(map[string]any)
		require.Equal(t, c["name"] != "integrity", c["passed"], c)
	}
	e.anchor(1, v["sha256"].(string))
	rep = verifyAs("officer-mn").json(t)
	require.Equal(t, true, rep["passed"], rep)

	verifyAs("officer-cn").requireProblem(t, 403, "forbidden")
	verifyAs("exporter-mn").requireProblem(t, 403, "forbidden")
	e.do(req{method: "POST", path: "/v1/declarations/abc/verify", as: "officer-mn", body: []byte(`{}`)}).requireProblem(t, 404, "not-found")
	e.chain.Down = true
	verifyAs("officer-mn").requireProblem(t, 503, "unavailable")
}

func TestLotView(t *testing.T) {
	e := newEnv(t, opts{})
	id, _ := e.filedAndAnchored()
	r := e.do(req{method: "GET", path: "/v1/lots/1", as: "bank-cn"})
	require.Equal(t, 200, r.StatusCode, string(r.body))
	lv := r.json(t)
	require.Nil(t, lv["customs_export"])
	require.Equal(t, false, lv["export_cleared"])
	// defect 7: linked declarations go through the read policy, as the list does
	require.Empty(t, lv["declarations"], "a bank reads a lot's clearance, not the declarations behind it")
	owner := e.do(req{method: "GET", path: "/v1/lots/1", as: "exporter-mn"}).json(t)
	require.Equal(t, id, owner["declarations"].([]any)[0].(map[string]any)["id"])
	require.Empty(t, e.do(req{method: "GET", path: "/v1/lots/1", as: "exporter-other"}).json(t)["declarations"])
	require.Equal(t, id, e.do(req{method: "GET", path: "/v1/lots/1", as: "officer-mn"}).json(t)["declarations"].([]any)[0].(map[string]any)["id"])
	require.Empty(t, e.do(req{method: "GET", path: "/v1/lots/1", as: "officer-cn"}).json(t)["declarations"])

	require.Equal(t, 200, e.do(decide(id, "officer-mn", "key-clear-1", `{"decision":"clear"}`)).StatusCode)
	lv = e.do(req{method: "GET", path: "/v1/lots/1", as: "bank-cn"}).json(t)
	require.Equal(t, true, lv["export_cleared"])
	ce := lv["customs_export"].(map[string]any)
	require.Equal(t, "ATTESTATION_RESULT_ACCEPTED", ce["result"])
	require.Equal(t, "10719010/011226/0001234", ce["reference"])
	require.Equal(t, "cleared", e.do(req{method: "GET", path: "/v1/lots/1", as: "exporter-mn"}).json(t)["declarations"].([]any)[0].(map[string]any)["status"])

	require.Equal(t, 200, e.do(req{method: "GET", path: "/v1/lots/1", as: "auditor"}).StatusCode) // auditors read any lot
	e.do(req{method: "GET", path: "/v1/lots/x", as: "bank-cn"}).requireProblem(t, 400, "bad-request")
	e.do(req{method: "GET", path: "/v1/lots/99", as: "bank-cn"}).requireProblem(t, 404, "not-found")
	e.chain.Down = true
	e.do(req{method: "GET", path: "/v1/lots/1", as: "bank-cn"}).requireProblem(t, 503, "unavailable")
}

func TestAuditLog(t *testing.T) {
	e := newEnv(t, opts{})
	id, _ := e.filedAndAnchored()
	e.do(req{method: "GET", path: "/v1/declarations/" + id, as: "officer-cn"}).requireProblem(t, 403, "forbidden")
	e.do(req{method: "GET", path: "/v1/declarations"}).requireProblem(t, 401, "unauthorized")
	require.Equal(t, 200, e.do(decide(id, "officer-mn", "key-audit-1", `{"decision":"clear"}`)).StatusCode)

	r := e.do(req{method: "GET", path: "/v1/audit", as: "auditor"})
	require.Equal(t, 200, r.StatusCode, string(r.body))
	var got []string
	for _, en := range r.json(t)["entries"].([]any) {
		en := en.(map[string]any)
		got = append(got, en["subject"].(string)+" "+en["action"].(string)+" "+en["outcome"].(string))
	}
	require.Equal(t, []string{
		"exporter-mn declaration:file allowed",
		"officer-cn declaration:read refused",
		" authenticate refused",
		"officer-mn declaration:decide allowed",
	}, got)
	e.do(req{method: "GET", path: "/v1/audit", as: "officer-mn"}).requireProblem(t, 403, "forbidden")
	e.do(req{method: "GET", path: "/v1/audit?limit=0", as: "auditor"}).requireProblem(t, 400, "bad-request")
	e.do(req{method: "GET", path: "/v1/audit?after=-1", as: "auditor"}).requireProblem(t, 400, "bad-request")
}

func TestRateLimit(t *testing.T) {
	e := newEnv(t, opts{rate: 1, burst: 3})
	statuses := []int{}
	for range 5 {
		statuses = append(statuses, e.do(req{method: "GET", path: "/v1/declarations", as: "officer-mn"}).StatusCode)
	}
	require.Equal(t, []int{200, 200, 200, 429, 429}, statuses)
	r := e.do(req{method: "GET", path: "/v1/declarations", as: "officer-mn"})
	r.requireProblem(t, 429, "too-many-requests")
	require.NotEmpty(t, r.Header.Get("Retry-After"))
}

func TestServiceEndpoints(t *testing.T) {
	e := newEnv(t, opts{})
	require.Equal(t, 200, e.do(req{method: "GET", path: "/healthz"}).StatusCode)
	require.Equal(t, "ready", e.do(req{method: "GET", path: "/readyz"}).json(t)["status"])
	r := e.do(req{method: "GET", path: "/openapi.json"})
	require.Equal(t, "3.0.3", r.json(t)["openapi"])
	e.chain.Down = true
	m := e.do(req{method: "GET", path: "/readyz"}).requireProblem(t, 503, "unavailable")
	require.Equal(t, map[string]any{"store": "ok", "chain": "unavailable"}, m["checks"])
	e.chain.Down = false

	// request ids: a well-formed one is kept, echoed and put in problems
	r = e.do(req{method: "GET", path: "/v1/declarations/none", as: "officer-mn", header: map[string]string{"X-Request-Id": "trace-0123456789"}})
	require.Equal(t, "trace-0123456789", r.Header.Get("X-Request-Id"))
	require.Equal(t, "trace-0123456789", r.requireProblem(t, 404, "not-found")["request_id"])
	r = e.do(req{method: "GET", path: "/healthz", header: map[string]string{"X-Request-Id": "bad id"}})
	require.Len(t, r.Header.Get("X-Request-Id"), 24)

	e.do(req{method: "GET", path: "/nowhere"}).requireProblem(t, 404, "not-found")
	e.do(req{method: "DELETE", path: "/healthz"}).requireProblem(t, 405, "method-not-allowed")

	metrics := e.do(req{method: "GET", path: "/metrics"})
	require.Contains(t, string(metrics.body), `corridor_gateway_requests_total{method="GET",route="/v1/declarations/{id}",status="404"} 1`)
}

var _ = time.Second
