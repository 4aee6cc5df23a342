package server_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	financetypes "github.com/corridor-chain/corridor/x/finance/types"
	settlementtypes "github.com/corridor-chain/corridor/x/settlement/types"
)

// A clearance records the declaration on chain with the value customs
// verified, in the same transaction as its attestations; banks of every
// corridor jurisdiction, the jurisdiction's customs and the exporter read
// its financing balance, nobody else.
func TestClearRecordsTheDeclarationForFinancing(t *testing.T) {
	e := newEnv(t, opts{})
	e.chain.Currencies["MNT"] = &settlementtypes.Currency{Code: "MNT", Exponent: 2}
	// the customs value in tugriks: 950,000.00 MNT for 5,000 t
	v := e.file(replace(sampleDoc(t), `"currency": "USD"`, `"currency": "MNT"`))
	id, sha := v["id"].(string), v["sha256"].(string)
	e.anchor(1, sha)

	before := e.do(req{method: "GET", path: "/v1/declarations/" + id + "/financing", as: "bank-cn"})
	require.Equal(t, 200, before.StatusCode, string(before.body))
	require.Equal(t, false, before.json(t)["recorded"])

	r := e.do(decide(id, "officer-mn", "clear-fin-1", `{"decision":"clear"}`))
	require.Equal(t, 200, r.StatusCode, string(r.body))
	require.EqualValues(t, 1, r.json(t)["financing_record_id"])
	require.Equal(t, 1, e.chain.Broadcasts, "attestations and record in one transaction")
	require.Len(t, e.chain.Declarations, 1)
	rec := e.chain.Declarations[0]
	require.Equal(t, math.NewInt(95_000_000), rec.Value, "the value customs verified")
	require.Equal(t, "MNT", rec.Currency)
	require.Equal(t, sha, rec.Sha256)
	require.Equal(t, authorityMN, rec.Customs)
	require.Equal(t, exporterAddr, rec.Exporter)
	require.Len(t, rec.Lots, 1)
	require.Equal(t, math.NewInt(5_000_000), rec.Lots[0].Units, "5,000 t in kg")

	for _, who := range []string{"bank-cn", "bank-ru", "officer-mn", "exporter-mn"} {
		f := e.do(req{method: "GET", path: "/v1/declarations/" + id + "/financing", as: who})
		require.Equal(t, 200, f.StatusCode, "%s: %s", who, f.body)
		m := f.json(t)
		require.Equal(t, true, m["recorded"], who)
		require.Equal(t, true, m["cleared"], who)
		require.Equal(t, "95000000", m["value"])
		require.Equal(t, "95000000", m["remaining"])
		require.Equal(t, "0", m["financed"])
	}
	for _, who := range []string{"importer-cn", "officer-cn", "exporter-other"} {
		e.do(req{method: "GET", path: "/v1/declarations/" + id + "/financing", as: who}).requireProblem(t, 403, "forbidden")
	}
}

// A declaration valued in a currency the chain does not settle is cleared
// all the same, without a record; the financing view says why.
func TestClearWithoutARecord(t *testing.T) {
	e := newEnv(t, opts{})
	id, _ := e.filedAndAnchored() // valued in USD
	r := e.do(decide(id, "officer-mn", "clear-usd-1", `{"decision":"clear"}`))
	require.Equal(t, 200, r.StatusCode, string(r.body))
	require.Empty(t, e.chain.Declarations)
	m := e.do(req{method: "GET", path: "/v1/declarations/" + id + "/financing", as: "bank-cn"}).json(t)
	require.Equal(t, false, m["recorded"])
	require.Contains(t, m["reason"], "USD is not a currency the corridor chain settles")
}

// A record the chain refuses (here: its number is recorded already) does not
// hold the clearance up: it is signed again without the record.
func TestClearWhenTheChainRefusesTheRecord(t *testing.T) {
	e := newEnv(t, opts{})
	e.chain.Currencies["MNT"] = &settlementtypes.Currency{Code: "MNT", Exponent: 2}
	e.chain.Declarations = []financetypes.Declaration{{Id: 1, Jurisdiction: "MN", Number: "10719010/011226/0001234",
		Lots: []financetypes.DeclaredLot{{LotId: 99, Units: math.NewInt(1), Sold: math.ZeroInt()}}, Value: math.NewInt(1),
		Financed: math.ZeroInt(), Closed: math.ZeroInt()}}
	v := e.file(replace(sampleDoc(t), `"currency": "USD"`, `"currency": "MNT"`))
	id := v["id"].(string)
	e.anchor(1, v["sha256"].(string))
	r := e.do(decide(id, "officer-mn", "clear-refused-record", `{"decision":"clear"}`))
	require.Equal(t, 200, r.StatusCode, string(r.body))
	require.Nil(t, r.json(t)["financing_record_id"])
	require.Len(t, e.chain.Records, 1, "the clearance is on chain")
	require.Len(t, e.chain.Declarations, 1, "without a record")
	m := e.do(req{method: "GET", path: "/v1/declarations/" + id + "/financing", as: "bank-cn"}).json(t)
	require.Equal(t, false, m["recorded"])
	require.Equal(t, "the number is recorded on chain for another document", m["reason"])
}
