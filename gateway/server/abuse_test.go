package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/store"
)

func (e *env) auditRows() []string {
	e.t.Helper()
	entries, err := e.store.ListAudit(context.Background(), store.AuditFilter{Limit: 10_000})
	require.NoError(e.t, err)
	var out []string
	for _, en := range entries {
		out = append(out, fmt.Sprintf("%s|%s|%d|%s", en.Subject, en.Action, en.Status, en.Detail))
	}
	return out
}

// Defect 3: every refused request was a synchronous store write, before the
// rate limit: 5,000 unauthenticated requests from one client now add a
// bounded number of rows, each of bounded size.
func TestRefusedFloodWritesBoundedAudit(t *testing.T) {
	e := newEnv(t, opts{rate: 5, burst: 20})
	before := len(e.auditRows())
	long := "/v1/declarations/" + strings.Repeat("x", 4000)
	statuses := map[int]int{}
	for i := range 5000 {
		path := "/v1/declarations"
		if i%2 == 0 {
			path = long
		}
		statuses[e.do(req{method: "GET", path: path, as: "not-a-key"}).StatusCode]++
	}
	require.Positive(t, statuses[http.StatusTooManyRequests])
	require.Positive(t, statuses[http.StatusUnauthorized])
	rows := e.auditRows()[before:]
	require.LessOrEqual(t, len(rows), 2, "one row per client, status and minute: %v", rows)
	for _, r := range rows {
		require.Less(t, len(r), 1024)
	}

	e.advance(61e9)                     // the next minute: one row, with the count of the minute before
	require.Eventually(t, func() bool { // the IP bucket refills in real time (5/s)
		return e.do(req{method: "GET", path: "/v1/declarations", as: "not-a-key"}).StatusCode == http.StatusUnauthorized
	}, 5e9, 50e6)
	rows = e.auditRows()[before:]
	require.Contains(t, rows[len(rows)-1], "more refusals like it")
}

// Defect 4: the HTTP method was a metric label as the client sent it.
func TestMetricSeriesBounded(t *testing.T) {
	e := newEnv(t, opts{})
	series := func() int {
		fams, err := e.reg.Gather()
		require.NoError(t, err)
		n := 0
		for _, f := range fams {
			if f.GetName() == "corridor_gateway_requests_total" {
				n += len(f.GetMetric())
			}
		}
		return n
	}
	e.do(req{method: "GET", path: "/v1/declarations", as: "officer-mn"})
	for i := range 1000 {
		hr, err := http.NewRequest(fmt.Sprintf("M%04d", i), e.srv.URL+"/v1/declarations", nil)
		require.NoError(t, err)
		res, err := http.DefaultClient.Do(hr)
		require.NoError(t, err)
		res.Body.Close()
		if i == 0 {
			require.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)
		}
	}
	n := series()
	for i := range 1000 {
		hr, err := http.NewRequest(fmt.Sprintf("X%04d", i), e.srv.URL+"/v1/declarations", nil)
		require.NoError(t, err)
		res, err := http.DefaultClient.Do(hr)
		require.NoError(t, err)
		res.Body.Close()
	}
	require.Equal(t, n, series(), "1,000 more methods, no new series")
	require.LessOrEqual(t, n, 4)
}

// Defect 8: a panic skipped the log line, the metric and the audit record.
func TestPanickingRequestIsLoggedCountedAndAudited(t *testing.T) {
	e := newEnv(t, opts{})
	e.chain.Panic = true
	e.do(req{method: "GET", path: "/v1/lots/1", as: "bank-cn"}).requireProblem(t, 500, "internal")
	e.chain.Panic = false
	rows := e.auditRows()
	require.Contains(t, rows[len(rows)-1], "bank-cn|")
	require.Contains(t, rows[len(rows)-1], "|500|")
	fams, err := e.reg.Gather()
	require.NoError(t, err)
	found := false
	for _, f := range fams {
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				found = found || (f.GetName() == "corridor_gateway_requests_total" && l.GetName() == "status" && l.GetValue() == "500")
			}
		}
	}
	require.True(t, found, "the 500 is counted")
}
