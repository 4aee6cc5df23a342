package server_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/store/storetest"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// The decision flow on both stores: clear records one CUSTOMS_EXPORT
// attestation signed by the authority; a retry replays; nothing records
// twice.
func TestDecisionClearsOnce(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			e := newEnv(t, opts{kind: kind})
			id, sha := e.filedAndAnchored()
			r := e.do(decide(id, "officer-mn", "clear-0001", `{"decision":"clear"}`))
			require.Equal(t, 200, r.StatusCode, string(r.body))
			d := r.json(t)
			require.Equal(t, "cleared", d["status"])
			require.Equal(t, authorityMN, d["authority"])
			require.Equal(t, "officer-mn", d["decided_by"])
			require.Equal(t, []any{float64(1)}, d["attestation_ids"])
			require.Len(t, e.chain.Records, 1)
			a := e.chain.Records[0]
			require.Equal(t, tokenizetypes.ATTESTATION_KIND_CUSTOMS_EXPORT, a.Kind)
			require.Equal(t, tokenizetypes.ATTESTATION_RESULT_ACCEPTED, a.Result)
			require.Equal(t, authorityMN, a.Attester)
			require.Equal(t, sha, a.DocumentSha256)
			require.Equal(t, "10719010/011226/0001234", a.Reference)

			// the retry: the same response, marked replayed, no second tx
			again := e.do(decide(id, "officer-mn", "clear-0001", `{"decision":"clear"}`))
			require.Equal(t, 200, again.StatusCode)
			require.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
			require.JSONEq(t, string(r.body), string(again.body))
			require.Equal(t, 1, e.chain.Broadcasts)
			// the same key for another request; another key for a decided declaration
			e.do(decide(id, "officer-mn", "clear-0001", `{"decision":"reject","reason":"x"}`)).requireProblem(t, 422, "idempotency-key-reused")
			e.do(decide(id, "officer-mn", "clear-0002", `{"decision":"clear"}`)).requireProblem(t, 409, "conflict")
			require.Equal(t, 1, e.chain.Broadcasts)
			require.Equal(t, "cleared", e.do(req{method: "GET", path: "/v1/declarations/" + id, as: "officer-mn"}).json(t)["status"])
		})
	}
}

// Concurrent retries of the same decision (a client that timed out and a
// second replica) record it once.
func TestDecisionConcurrentRetries(t *testing.T) {
	e := newEnv(t, opts{})
	id, _ := e.filedAndAnchored()
	var wg sync.WaitGroup
	codes := make(chan int, 8)
	for range 8 {
		wg.Go(func() { codes <- e.do(decide(id, "officer-mn", "clear-race", `{"decision":"clear"}`)).StatusCode })
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		require.Contains(t, []int{200, 409}, c)
	}
	require.Equal(t, 1, e.chain.Broadcasts)
	require.Len(t, e.chain.Records, 1)
}

func TestDecisionRefusals(t *testing.T) {
	e := newEnv(t, opts{})
	v := e.file(sampleDoc(t))
	id := v["id"].(string)
	r := e.do(req{method: "POST", path: "/v1/declarations/" + id + "/decision", as: "officer-mn", body: []byte(`{"decision":"clear"}`)})
	r.requireProblem(t, 400, "bad-request")
	e.do(decide(id, "officer-mn", "short", `{"decision":"clear"}`)).requireProblem(t, 400, "bad-request")
	e.do(decide(id, "officer-mn", "key-00001", `{"decision":"clear","extra":1}`)).requireProblem(t, 400, "bad-request")
	e.do(decide(id, "officer-mn", "key-00001", `{"decision":"approve"}`)).requireProblem(t, 422, "unprocessable")
	e.do(decide(id, "officer-mn", "key-00001", `{"decision":"reject"}`)).requireProblem(t, 422, "unprocessable")
	e.do(decide(id, "officer-cn", "key-00001", `{"decision":"clear"}`)).requireProblem(t, 403, "forbidden")
	e.do(decide(id, "exporter-mn", "key-00001", `{"decision":"clear"}`)).requireProblem(t, 403, "forbidden")
	e.do(decide("nope", "officer-mn", "key-00001", `{"decision":"clear"}`)).requireProblem(t, 404, "not-found")

	// not anchored: a clear fails verification, with the report; nothing is recorded
	m := e.do(decide(id, "officer-mn", "key-00002", `{"decision":"clear"}`)).requireProblem(t, 422, "verification-failed")
	require.Equal(t, false, m["report"].(map[string]any)["passed"])
	require.Zero(t, e.chain.Broadcasts)
	// the claim was released: the same declaration can be decided now
	e.anchor(1, v["sha256"].(string))
	require.Equal(t, 200, e.do(decide(id, "officer-mn", "key-00003", `{"decision":"clear"}`)).StatusCode)

	// a lot the chain already cleared: the chain refuses, 422, nothing recorded
	doc2 := replace(sampleDoc(t), "/0001234", "/0001299")
	v2 := e.file(doc2)
	e.anchor(1, v2["sha256"].(string))
	m = e.do(decide(v2["id"].(string), "officer-mn", "key-00004", `{"decision":"clear"}`)).requireProblem(t, 422, "chain-refused")
	require.Contains(t, m["detail"], "already accepted")
	require.Equal(t, "tokenize", m["codespace"])
	require.EqualValues(t, tokenizetypes.ErrDuplicateAttestation.ABCICode(), m["code"])
	require.Equal(t, "filed", e.do(req{method: "GET", path: "/v1/declarations/" + v2["id"].(string), as: "officer-mn"}).json(t)["status"])
}

func TestDecisionReject(t *testing.T) {
	e := newEnv(t, opts{})
	id, _ := e.filedAndAnchored() // anchored by the lot's issuer, who holds its units
	r := e.do(decide(id, "officer-mn", "reject-01", `{"decision":"reject","reason":"HS code does not match the certificate"}`))
	require.Equal(t, 200, r.StatusCode, string(r.body))
	require.Equal(t, "rejected", r.json(t)["status"])
	require.Equal(t, true, r.json(t)["recorded_on_chain"], string(r.body))
	require.Equal(t, tokenizetypes.ATTESTATION_RESULT_REJECTED, e.chain.Records[0].Result)
	require.Contains(t, e.chain.Records[0].Note, "HS code does not match the certificate")

	// an issuer who no longer holds the lot's units cannot have a rejection
	// written on the holder's lot: it stays in the gateway
	doc := replace(sampleDoc(t), "/0001234", "/0001288")
	v := e.file(doc)
	e.anchor(1, v["sha256"].(string))
	e.chain.SetBalance(exporterAddr, "lot/1", 1)
	r = e.do(decide(v["id"].(string), "officer-mn", "reject-02", `{"decision":"reject","reason":"quantity"}`))
	require.Equal(t, 200, r.StatusCode, string(r.body))
	require.Equal(t, false, r.json(t)["recorded_on_chain"])
	require.Len(t, e.chain.Records, 1)
}

// One reading of a decision too: a body whose keys differ only in case
// (read as clear by one reader, reject by another) is refused, and the
// idempotency hash is of the request as read, not of its bytes.
func TestDecisionBodyReadOnce(t *testing.T) {
	e := newEnv(t, opts{})
	id, _ := e.filedAndAnchored()
	for _, body := range []string{
		`{"decision":"reject","Decision":"clear","reason":"x"}`,
		`{"Decision":"clear"}`,
		`{"decision":"clear","decision":"reject"}`,
	} {
		e.do(decide(id, "officer-mn", "fold-0001", body)).requireProblem(t, 400, "bad-request")
	}
	require.Empty(t, e.chain.Records)
	r := e.do(decide(id, "officer-mn", "fold-0002", `{"decision":"clear"}`))
	require.Equal(t, 200, r.StatusCode, string(r.body))
	// the same request spelt differently is the same request
	again := e.do(decide(id, "officer-mn", "fold-0002", `{ "reason": "", "decision": "clear" }`))
	require.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
}

// Defect 2: a reject wrote CUSTOMS_EXPORT REJECTED on whatever lots a filing
// named. An exporter's filing naming another exporter's lot (which that
// lot's issuer never anchored): a clear is refused with the failed
// integrity check; a reject is recorded in the gateway and nothing is
// signed, the lot unchanged.
func TestDecisionOnSomeoneElsesLot(t *testing.T) {
	e := newEnv(t, opts{})
	e.chain.Participants["corridor1other"] = e.chain.Participants[exporterAddr]
	doc := replace(sampleDoc(t), `"address": "corridor1exporter"`, `"address": "corridor1other"`)
	r := e.do(req{method: "POST", path: "/v1/declarations", as: "exporter-other", body: doc})
	require.Equal(t, 201, r.StatusCode, string(r.body))
	id := r.json(t)["id"].(string)
	// only lot 1's issuer (exporter-mn) can anchor on it, and it does not

	clear := e.do(decide(id, "officer-mn", "clear-other-1", `{"decision":"clear"}`))
	pr := clear.requireProblem(t, 422, "verification-failed")
	require.Contains(t, string(clear.body), `"name":"integrity","passed":false`)
	require.NotNil(t, pr["report"])

	rej := e.do(decide(id, "officer-mn", "reject-other-1", `{"decision":"reject","reason":"the filer does not own lot 1"}`))
	require.Equal(t, 200, rej.StatusCode, string(rej.body))
	body := rej.json(t)
	require.Equal(t, "rejected", body["status"])
	require.Equal(t, false, body["recorded_on_chain"])
	require.Equal(t, "", body["tx_hash"])
	require.Equal(t, 0, e.chain.Broadcasts, "nothing signed")
	require.Empty(t, e.chain.Records, "the lot is unchanged")
	require.Equal(t, "rejected", e.do(req{method: "GET", path: "/v1/declarations/" + id, as: "officer-mn"}).json(t)["status"])
	rows := e.auditRows()
	require.Contains(t, rows[len(rows)-1], "officer-mn|declaration:decide|200|rejected")
}

// A chain outage: 503, nothing lost, and the retry records exactly once.
func TestDecisionChainOutage(t *testing.T) {
	e := newEnv(t, opts{})
	id, _ := e.filedAndAnchored()
	e.chain.Down = true
	e.do(decide(id, "officer-mn", "outage-01", `{"decision":"clear"}`)).requireProblem(t, 503, "unavailable")
	require.Equal(t, "filed", e.do(req{method: "GET", path: "/v1/declarations/" + id, as: "officer-mn"}).json(t)["status"])
	e.chain.Down = false
	r := e.do(decide(id, "officer-mn", "outage-01", `{"decision":"clear"}`))
	require.Equal(t, 200, r.StatusCode, string(r.body))
	require.Empty(t, r.Header.Get("Idempotent-Replayed"))
	require.Equal(t, 1, e.chain.Broadcasts)
}

// The node accepted the tx but the gateway never saw it included (the
// node died after CheckTx): 503; the retry finds the tx on chain and
// records it without signing a second one.
func TestDecisionLostConfirmation(t *testing.T) {
	e := newEnv(t, opts{})
	id, _ := e.filedAndAnchored()
	e.chain.LoseBroadcast = true
	e.do(decide(id, "officer-mn", "lost-0001", `{"decision":"clear"}`)).requireProblem(t, 503, "unavailable")
	// another officer's attempt completes the first one (its lease ended:
	// its transaction is looked up, then re-sent): still unconfirmed, 503
	e.do(decide(id, "officer-mn", "lost-0002", `{"decision":"clear"}`)).requireProblem(t, 503, "unavailable")
	decl, err := e.store.GetDeclaration(t.Context(), id)
	require.NoError(t, err)
	require.NotEmpty(t, decl.Decision.TxHash)
	require.NoError(t, e.chain.Include(decl.Decision.TxHash)) // it landed after all
	e.chain.LoseBroadcast = false
	r := e.do(decide(id, "officer-mn", "lost-0001", `{"decision":"clear"}`))
	require.Equal(t, 200, r.StatusCode, string(r.body))
	require.Equal(t, decl.Decision.TxHash, r.json(t)["tx_hash"])
	require.Len(t, e.chain.Records, 1)
	// and had it not landed, the retry rebroadcasts the same bytes
	e2 := newEnv(t, opts{})
	id2, _ := e2.filedAndAnchored()
	e2.chain.LoseBroadcast = true
	e2.do(decide(id2, "officer-mn", "lost-0003", `{"decision":"clear"}`)).requireProblem(t, 503, "unavailable")
	e2.chain.LoseBroadcast = false
	e2.advance(time.Second)
	require.Equal(t, 200, e2.do(decide(id2, "officer-mn", "lost-0003", `{"decision":"clear"}`)).StatusCode)
	require.Len(t, e2.chain.Records, 1)
}

var _ = http.StatusOK

// A transaction that landed although every lookup missed it: the fresh
// signature is refused as a duplicate attestation, and the gateway records
// what the lot carries instead of releasing the claim (which would leave
// the declaration "filed" for ever, every later decision refused).
func TestDecisionLandedButMissed(t *testing.T) {
	e := newEnv(t, opts{})
	id, _ := e.filedAndAnchored()
	e.chain.LoseBroadcast = true
	e.do(decide(id, "officer-mn", "miss-0001", `{"decision":"clear"}`)).requireProblem(t, 503, "unavailable")
	d, err := e.store.GetDeclaration(t.Context(), id)
	require.NoError(t, err)
	require.NoError(t, e.chain.Include(d.Decision.TxHash))
	e.chain.LoseBroadcast, e.chain.MissIncluded = false, true
	r := e.do(decide(id, "officer-mn", "miss-0001", `{"decision":"clear"}`))
	require.Equal(t, 200, r.StatusCode, string(r.body))
	require.Equal(t, "cleared", r.json(t)["status"])
	require.Len(t, r.json(t)["attestation_ids"], 1)
	require.Len(t, e.chain.Records, 1, "recorded once")
}

// Defect 6: a claim that signed its transaction stayed "in progress" for
// ever once its client went away. A later caller with another key
// completes it after its lease, recording it once; with no caller at all,
// the sweeper does.
func TestAbandonedSignedClaimIsCompleted(t *testing.T) {
	for _, by := range []string{"a later caller", "the sweeper"} {
		t.Run(by, func(t *testing.T) {
			e := newEnv(t, opts{})
			id, _ := e.filedAndAnchored()
			signed := e.signWithoutBroadcast(id, "gone-0001", `{"decision":"clear","reason":""}`)
			e.do(decide(id, "officer-mn", "other-0001", `{"decision":"clear"}`)).requireProblem(t, 409, "in-progress")
			require.Equal(t, 0, e.chain.Broadcasts)

			e.advance(2 * time.Minute) // the lease (1 min) ran out
			if by == "the sweeper" {
				require.Equal(t, 1, e.gw.Decisions.SweepOnce(t.Context()))
			} else {
				r := e.do(decide(id, "officer-mn", "other-0001", `{"decision":"clear"}`))
				r.requireProblem(t, 409, "conflict") // completed, as the first officer's decision
			}
			d, err := e.store.GetDeclaration(t.Context(), id)
			require.NoError(t, err)
			require.Equal(t, "cleared", d.Status)
			require.Equal(t, signed, d.Decision.TxHash, "the stored transaction, not a second one")
			require.Equal(t, 1, e.chain.Broadcasts)
			require.Len(t, e.chain.Records, 1)
			// the first officer's retry replays the outcome
			r := e.do(decide(id, "officer-mn", "gone-0001", `{"decision":"clear","reason":""}`))
			require.Equal(t, 200, r.StatusCode, string(r.body))
			require.Equal(t, "true", r.Header.Get("Idempotent-Replayed"))
			require.Equal(t, 0, e.gw.Decisions.SweepOnce(t.Context()))
		})
	}
}

// An import declaration: the Chinese importer files it, naming itself as
// consignee; Chinese customs verifies it against the units the importer
// holds and clears it with a CUSTOMS_IMPORT attestation signed by its own
// authority. Neither the exporter nor Mongolian customs may take part.
func TestImportDeclaration(t *testing.T) {
	e := newEnv(t, opts{})
	c := e.chain
	c.Participants[importerAddr] = &tokenizetypes.Participant{Address: importerAddr, LegalName: "Baotou Steel", Country: "CN",
		RegistrationId: "91110000100000000R", Roles: []tokenizetypes.RoleGrant{{Role: tokenizetypes.ROLE_IMPORTER, Jurisdiction: "CN"}},
		Status: tokenizetypes.PARTICIPANT_STATUS_ACTIVE}
	c.SetBalance(importerAddr, "lot/1", 5_000_000) // the mill bought the lot
	doc := replace(replace(replace(replace(replace(sampleDoc(t),
		`"jurisdiction": "MN"`, `"jurisdiction": "CN"`),
		`"direction": "export"`, `"direction": "import"`),
		`"customs_office": "10719010"`, `"customs_office": "0204"`),
		`"number": "10719010/011226/0001234"`, `"number": "020420261000004567"`),
		`"registration_id": "91110000100000000R"}`, `"registration_id": "91110000100000000R", "address": "`+importerAddr+`"}`)

	e.do(req{method: "POST", path: "/v1/declarations", as: "exporter-mn", body: doc}).requireProblem(t, 403, "forbidden")
	r := e.do(req{method: "POST", path: "/v1/declarations", as: "importer-cn", body: doc})
	require.Equal(t, 201, r.StatusCode, string(r.body))
	v := r.json(t)
	id := v["id"].(string)
	c.Anchor(1, v["sha256"].(string))

	rep := e.do(req{method: "POST", path: "/v1/declarations/" + id + "/verify", as: "officer-cn", body: []byte(`{}`)}).json(t)
	require.Equal(t, true, rep["passed"], rep)
	e.do(req{method: "POST", path: "/v1/declarations/" + id + "/verify", as: "officer-mn", body: []byte(`{}`)}).requireProblem(t, 403, "forbidden")
	// the importer filing an export declaration is refused
	export := replace(doc, `"direction": "import"`, `"direction": "export"`)
	e.do(req{method: "POST", path: "/v1/declarations", as: "importer-cn", body: export}).requireProblem(t, 403, "forbidden")

	r = e.do(decide(id, "officer-cn", "import-clear-1", `{"decision":"clear"}`))
	require.Equal(t, 200, r.StatusCode, string(r.body))
	require.Equal(t, authorityCN, r.json(t)["authority"])
	a := e.chain.Records[0]
	require.Equal(t, tokenizetypes.ATTESTATION_KIND_CUSTOMS_IMPORT, a.Kind)
	require.Equal(t, authorityCN, a.Attester)
	require.Equal(t, "020420261000004567", a.Reference)
	got, _ := e.do(req{method: "GET", path: "/v1/declarations", as: "importer-cn"}).json(t)["declarations"].([]any)
	require.Len(t, got, 1)
}
