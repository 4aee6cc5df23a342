package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/handlers"
	"github.com/corridor-chain/corridor/gateway/store"

	financetypes "github.com/corridor-chain/corridor/x/finance/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// clearedInMNT files, anchors and clears the sample valued in MNT, with
// bank-cn's address a registered bank: what an application needs.
func (e *env) clearedInMNT() string {
	id := e.filedInMNT()
	r := e.do(decide(id, "officer-mn", "clear-"+id, `{"decision":"clear"}`))
	require.Equal(e.t, http.StatusOK, r.StatusCode, string(r.body))
	e.chain.Participants["corridor1bank"] = &tokenizetypes.Participant{Address: "corridor1bank", LegalName: "Khan Bank", Country: "MN",
		Roles: []tokenizetypes.RoleGrant{{Role: tokenizetypes.ROLE_BANK, Jurisdiction: "MN"}}, Status: tokenizetypes.PARTICIPANT_STATUS_ACTIVE}
	return id
}

func applyBody(id, amount, units string) []byte {
	return []byte(fmt.Sprintf(`{"declaration_id":%q,"bank":"corridor1bank","amount":%q,"currency":"MNT","lot_id":1,"collateral_units":%q,"tenor_days":90,"max_rate_bps":1200}`,
		id, amount, units))
}

func TestFinancingApplyAndAnswer(t *testing.T) {
	e := newEnv(t, opts{})
	id := e.clearedInMNT()

	banks := e.do(req{method: "GET", path: "/v1/financing/banks", as: "exporter-mn"})
	require.Equal(t, http.StatusOK, banks.StatusCode, string(banks.body))
	require.Contains(t, string(banks.body), `"name":"Khan Bank"`)

	// refusals change nothing
	for _, tc := range []struct {
		as     string
		body   []byte
		status int
		slug   string
	}{
		{"exporter-mn", applyBody(id, "0100", "5000000"), 422, "unprocessable"}, // octal to math.Int, refused here
		{"exporter-mn", applyBody(id, "0x10", "5000000"), 422, "unprocessable"},
		{"exporter-mn", applyBody(id, "50000000", "-1"), 422, "unprocessable"},
		{"exporter-other", applyBody(id, "50000000", "5000000"), 404, "not-found"}, // another's declaration
		{"officer-mn", applyBody(id, "50000000", "5000000"), 404, "not-found"},
		{"bank-cn", applyBody(id, "50000000", "5000000"), 404, "not-found"},
		{"auditor", applyBody(id, "50000000", "5000000"), 404, "not-found"},
	} {
		e.do(req{method: "POST", path: "/v1/financing/applications", as: tc.as, body: tc.body}).requireProblem(t, tc.status, tc.slug)
	}
	require.Empty(t, e.chain.Apps)

	// one Idempotency-Key, one application, however often it is sent
	key := map[string]string{"Idempotency-Key": "apply-once-1"}
	first := e.do(req{method: "POST", path: "/v1/financing/applications", as: "exporter-mn", body: applyBody(id, "50000000", "5000000"), header: key})
	require.Equal(t, http.StatusCreated, first.StatusCode, string(first.body))
	again := e.do(req{method: "POST", path: "/v1/financing/applications", as: "exporter-mn", body: applyBody(id, "50000000", "5000000"), header: key})
	require.Equal(t, http.StatusCreated, again.StatusCode)
	require.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
	require.JSONEq(t, string(first.body), string(again.body))
	e.do(req{method: "POST", path: "/v1/financing/applications", as: "exporter-mn", body: applyBody(id, "60000000", "5000000"), header: key}).
		requireProblem(t, 422, "idempotency-key-reused")
	require.Len(t, e.chain.Apps, 1)
	a := e.chain.Apps[0]
	require.Equal(t, exporterAddr, a.Borrower)
	require.Equal(t, "50000000", a.Amount.String())
	require.Equal(t, 90*24*time.Hour, a.Tenor)

	// the bank's book; another bank sees none of it
	list := e.do(req{method: "GET", path: "/v1/financing/applications?status=pending", as: "bank-cn"})
	require.Equal(t, http.StatusOK, list.StatusCode)
	require.Contains(t, string(list.body), `"status":"APPLICATION_STATUS_PENDING"`)
	require.Contains(t, string(list.body), `"declaration":{"declaration_id":"","jurisdiction":"MN","number":"10719010/011226/0001234","recorded":true`)
	other := e.do(req{method: "GET", path: "/v1/financing/applications", as: "bank-ru"})
	require.JSONEq(t, `{"applications":[]}`, string(other.body))
	e.do(req{method: "GET", path: "/v1/financing/applications?status=open", as: "bank-cn"}).requireProblem(t, 400, "bad-request")

	approve := func(as, body string) response {
		return e.do(req{method: "POST", path: "/v1/financing/applications/1/approve", as: as, body: []byte(body)})
	}
	approve("bank-ru", `{"rate_bps":1000,"denom":"umnt"}`).requireProblem(t, 404, "not-found")
	approve("exporter-mn", `{"rate_bps":1000,"denom":"umnt"}`).requireProblem(t, 404, "not-found")
	approve("bank-cn", `{"rate_bps":1300,"denom":"umnt"}`).requireProblem(t, 422, "unprocessable") // above the exporter's maximum
	approve("bank-cn", `{"rate_bps":1000}`).requireProblem(t, 422, "unprocessable")
	approve("bank-cn", `{"rate_bps":1000,"denom":"umnt","principal":"1"}`).requireProblem(t, 400, "bad-request") // the amount is the one asked
	require.Empty(t, e.chain.LoanBook)
	ok := approve("bank-cn", `{"rate_bps":1000,"denom":"umnt"}`)
	require.Equal(t, http.StatusOK, ok.StatusCode, string(ok.body))
	require.Contains(t, string(ok.body), `"status":"approved","loan_id":1`)
	approve("bank-cn", `{"rate_bps":1000,"denom":"umnt"}`).requireProblem(t, 409, "conflict")
	require.Len(t, e.chain.LoanBook, 1)
	l := e.chain.LoanBook[0]
	require.Equal(t, "50000000", l.Principal.String())
	require.Equal(t, e.clock().Add(90*24*time.Hour+10*time.Minute).Truncate(time.Minute), l.Maturity)
	loans := e.do(req{method: "GET", path: "/v1/financing/loans", as: "exporter-mn"})
	require.Contains(t, string(loans.body), `"status":"LOAN_STATUS_ACTIVE"`)

	// a rejection needs a known reason
	e.chain.Apps = append(e.chain.Apps, financetypes.Application{Id: 2, DeclarationId: 1, Borrower: exporterAddr, Bank: "corridor1bank",
		Amount: a.Amount, Currency: "MNT", Status: financetypes.APPLICATION_STATUS_PENDING, MaxRateBps: 1200})
	reject := func(body string) response {
		return e.do(req{method: "POST", path: "/v1/financing/applications/2/reject", as: "bank-cn", body: []byte(body)})
	}
	reject(`{"reason":"because"}`).requireProblem(t, 422, "unprocessable")
	reject(`{"reason":"CREDIT_LIMIT"}`).requireProblem(t, 422, "unprocessable") // the reasons' names are lower case
	r := reject(`{"reason":"credit_limit","note":"limit reached this quarter"}`)
	require.Equal(t, http.StatusOK, r.StatusCode, string(r.body))
	require.Equal(t, financetypes.REJECT_REASON_CREDIT_LIMIT, e.chain.Apps[1].Reason)

	// every answer is on the record
	require.Equal(t, 1, e.auditCount("bank-cn|financing:answer|200|approved"), "%v", e.auditRows())
	require.Equal(t, 1, e.auditCount("bank-cn|financing:answer|200|rejected"), "%v", e.auditRows())
}

func TestJourneyAndSettledAndAuditFilters(t *testing.T) {
	e := newEnv(t, opts{})
	e.clearedInMNT()
	e.chain.LoanBook = append(e.chain.LoanBook, financetypes.Loan{Id: 1, DeclarationId: 1, Lender: "corridor1bank"})
	e.chain.Declarations[0].Financed = e.chain.Declarations[0].Value

	stages := func(as string) string {
		r := e.do(req{method: "GET", path: "/v1/lots/1/journey", as: as})
		require.Equal(t, http.StatusOK, r.StatusCode, string(r.body))
		return string(r.body)
	}
	require.Contains(t, stages("exporter-mn"), `"stage":"financed","done":true`)
	require.Contains(t, stages("bank-cn"), `"stage":"financed"`)
	require.NotContains(t, stages("importer-cn"), `"financed"`, "the financing balance is not the importer's business")
	require.Contains(t, stages("importer-cn"), `"stage":"export_cleared","done":true`)

	e.settledTrades()
	daily := e.do(req{method: "GET", path: "/v1/settlement/daily?days=7", as: "auditor"})
	require.Equal(t, http.StatusOK, daily.StatusCode, string(daily.body))
	require.JSONEq(t, `{"days":["2026-11-25","2026-11-26","2026-11-27","2026-11-28","2026-11-29","2026-11-30","2026-12-01"],
		"currencies":[{"currency":"MNT","exponent":2,"totals":["0","0","0","1000000000","0","0","42500000000"]}]}`, string(daily.body))
	e.do(req{method: "GET", path: "/v1/settlement/daily", as: "bank-cn"}).requireProblem(t, 403, "forbidden")
	e.do(req{method: "GET", path: "/v1/settlement/daily?days=40", as: "auditor"}).requireProblem(t, 400, "bad-request")

	// the audit log by subject and outcome, and as CSV with formula-like cells escaped
	f := e.do(req{method: "GET", path: "/v1/audit?subject=officer-mn&outcome=allowed", as: "auditor"})
	require.Equal(t, http.StatusOK, f.StatusCode)
	require.Contains(t, string(f.body), `"action":"declaration:decide"`)
	require.NotContains(t, string(f.body), `exporter-mn`)
	e.do(req{method: "GET", path: "/v1/declarations", as: "not-a-key"}).requireProblem(t, 401, "unauthorized")
	csv := e.do(req{method: "GET", path: "/v1/audit?format=csv&action=authenticate", as: "auditor"})
	require.Equal(t, http.StatusOK, csv.StatusCode, string(csv.body))
	require.Equal(t, "text/csv; charset=utf-8", csv.Header.Get("Content-Type"))
	lines := strings.Split(strings.TrimSpace(string(csv.body)), "\n")
	require.Len(t, lines, 2, string(csv.body))
	require.Contains(t, lines[1], ",authenticate,")
	var b strings.Builder
	require.NoError(t, handlers.WriteAuditCSV(&b, []store.AuditEntry{{Seq: 1, Subject: "=HYPERLINK(\"http://x\")", Action: "+1", Detail: "@SUM(A1)", Outcome: "refused", Status: 403}}))
	require.Contains(t, b.String(), `,"'=HYPERLINK(""http://x"")",'+1,`)
	require.Contains(t, b.String(), `,'@SUM(A1)`)
	e.do(req{method: "GET", path: "/v1/audit?from=yesterday", as: "auditor"}).requireProblem(t, 400, "bad-request")
	e.do(req{method: "GET", path: "/v1/audit?outcome=maybe", as: "auditor"}).requireProblem(t, 400, "bad-request")
	none := e.do(req{method: "GET", path: "/v1/audit?from=2026-12-02", as: "auditor"})
	require.JSONEq(t, `{"entries":[],"next_after":0}`, string(none.body))
}

// An application whose transaction landed but was not confirmed in time is
// found by its retry (same Idempotency-Key), not sent again; one still in
// flight is not sent again either.
func TestApplyRetryAfterATimeout(t *testing.T) {
	e := newEnv(t, opts{})
	id := e.clearedInMNT()
	apply := func(key string) response {
		return e.do(req{method: "POST", path: "/v1/financing/applications", as: "exporter-mn", body: applyBody(id, "50000000", "5000000"),
			header: map[string]string{"Idempotency-Key": key}})
	}
	e.chain.SendUnconfirmed = true
	r := apply("apply-timeout-1")
	p := r.requireProblem(t, 503, "unavailable")
	require.Contains(t, p["detail"], "may still be included")
	e.chain.SendUnconfirmed = false
	again := apply("apply-timeout-1")
	require.Equal(t, http.StatusCreated, again.StatusCode, string(again.body))
	require.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
	require.Contains(t, string(again.body), `"application_id":1`)
	require.Len(t, e.chain.Apps, 1, "the retry found the first transaction")

	e.chain.SendLost = true
	apply("apply-lost-1").requireProblem(t, 503, "unavailable")
	e.chain.SendLost = false
	apply("apply-lost-1").requireProblem(t, 409, "in-progress")
	require.Len(t, e.chain.Apps, 1, "nothing sent twice")
}
