package server_test

import (
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/chain/app/apptesting"
	"github.com/corridor-chain/corridor/gateway/chain"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// proxy is a loopback TCP relay to the node's gRPC port that the test can
// cut (every connection dropped, new ones refused) and restore: a real
// outage between the gateway and the chain.
type proxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				_ = c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); _ = up.Close() }()
			go func() { _, _ = io.Copy(c, up); _ = c.Close() }()
		}
	}()
}

func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

func (p *proxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	require.NoError(p.t, err)
	p.serve(ln)
}

// TestGatewayOnRealChain: a real corridord node in process, the gateway's
// gRPC client and keyring signer, real HTTP. File -> anchor (the exporter's
// own MsgAnchorDocument) -> verify -> the chain goes away: 503, nothing
// recorded -> it is back: the retry with the same Idempotency-Key clears the
// lot on chain, once -> a further retry replays.
// customsNetwork starts an in-process node whose genesis admits the story's
// exporter, inspector and Mongolian customs (and further keys, not
// participants) and the COAL class; addr names a key's address.
func customsNetwork(t *testing.T, extra ...string) (n *apptesting.Network, keys []string, addr func(string) string) {
	keys = append([]string{"exporter", "inspector", "customs-mn"}, extra...)
	n = apptesting.StartNetwork(t, keys, func(gs app.GenesisState, cdc apptesting.CodecJSON, addrs map[string]sdk.AccAddress) {
		p := func(k, name, cc, reg string, role tokenizetypes.Role) tokenizetypes.Participant {
			return tokenizetypes.Participant{Address: addrs[k].String(), LegalName: name, Country: cc, RegistrationId: reg,
				Roles: []tokenizetypes.RoleGrant{{Role: role, Jurisdiction: cc}}, Status: tokenizetypes.PARTICIPANT_STATUS_ACTIVE}
		}
		tg := tokenizetypes.DefaultGenesisState()
		tg.Participants = []tokenizetypes.Participant{
			p("exporter", "Tavan Tolgoi Coal LLC", "MN", "5012345", tokenizetypes.ROLE_EXPORTER),
			p("inspector", "Gobi Inspection", "MN", "5054321", tokenizetypes.ROLE_INSPECTOR),
			p("customs-mn", "Mongolian Customs", "MN", "9000001", tokenizetypes.ROLE_CUSTOMS),
		}
		tg.Classes = []tokenizetypes.CommodityClass{{Code: "COAL", HsPrefixes: []string{"2701.12"}, BaseUnit: "kg", DisplayUnit: "t", DisplayExponent: 3}}
		gs[tokenizetypes.ModuleName] = cdc.MustMarshalJSON(tg)
	})
	addr = func(k string) string {
		rec, err := n.KR.Key(k)
		require.NoError(t, err)
		a, err := rec.GetAddress()
		require.NoError(t, err)
		return a.String()
	}
	return n, keys, addr
}

func TestGatewayOnRealChain(t *testing.T) {
	n, keys, addr := customsNetwork(t)
	n.OpenAccounts(t, keys...)
	n.Broadcast(t, "exporter", &tokenizetypes.MsgRegisterLot{Exporter: addr("exporter"), ClassCode: "COAL", Quantity: sdkmath.NewInt(5_000_000),
		Origin: tokenizetypes.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN"})
	n.Broadcast(t, "inspector", &tokenizetypes.MsgAttest{Attester: addr("inspector"), LotId: 1, Kind: tokenizetypes.ATTESTATION_KIND_INSPECTION,
		Result: tokenizetypes.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: strings.Repeat("ab", 32), Reference: "SGS-1"})

	px := newProxy(t, n.Val.AppConfig.GRPC.Address)
	cdc, err := chain.NewCodec()
	require.NoError(t, err)
	cl, err := chain.Dial(chain.Config{GRPC: px.addr, ChainID: n.Cfg.ChainID, Keyring: n.KR, WaitTimeout: 15 * time.Second}, cdc)
	require.NoError(t, err)
	t.Cleanup(func() { _ = cl.Close() })
	e := newEnv(t, opts{chain: cl, exporter: addr("exporter"), authorities: map[string]string{"MN": addr("customs-mn")}})

	doc := replace(sampleDoc(t), `"address": "corridor1exporter"`, `"address": "`+addr("exporter")+`"`)
	v := e.file(doc)
	id, sha := v["id"].(string), v["sha256"].(string)
	verifyReport := func() map[string]any {
		r := e.do(req{method: "POST", path: "/v1/declarations/" + id + "/verify", as: "officer-mn", body: []byte(`{}`)})
		require.Equal(t, 200, r.StatusCode, string(r.body))
		return r.json(t)
	}
	require.Equal(t, false, verifyReport()["passed"], "not anchored yet")
	n.Broadcast(t, "exporter", &tokenizetypes.MsgAnchorDocument{Issuer: addr("exporter"), LotId: 1,
		Document: tokenizetypes.Document{Kind: "customs_declaration", Sha256: sha, Uri: "/v1/declarations/" + id}})
	rep := verifyReport()
	require.Equal(t, true, rep["passed"], rep)

	customsAttestations := func() []tokenizetypes.Attestation {
		h, err := tokenizetypes.NewQueryClient(n.Conn).LotHistory(t.Context(), &tokenizetypes.QueryLotHistoryRequest{Id: 1})
		require.NoError(t, err)
		var out []tokenizetypes.Attestation
		for _, a := range h.Attestations {
			if a.Kind == tokenizetypes.ATTESTATION_KIND_CUSTOMS_EXPORT {
				out = append(out, a)
			}
		}
		return out
	}

	px.cut()
	e.do(decide(id, "officer-mn", "real-clear-1", `{"decision":"clear"}`)).requireProblem(t, 503, "unavailable")
	e.do(req{method: "GET", path: "/readyz"}).requireProblem(t, 503, "unavailable")
	require.Empty(t, customsAttestations())
	require.Equal(t, "filed", e.do(req{method: "GET", path: "/v1/declarations/" + id, as: "officer-mn"}).json(t)["status"])

	px.restore()
	var r response
	require.Eventually(t, func() bool {
		r = e.do(decide(id, "officer-mn", "real-clear-1", `{"decision":"clear"}`))
		return r.StatusCode != 503
	}, 20*time.Second, 500*time.Millisecond)
	require.Equal(t, 200, r.StatusCode, string(r.body))
	d := r.json(t)
	atts := customsAttestations()
	require.Len(t, atts, 1)
	require.Equal(t, addr("customs-mn"), atts[0].Attester)
	require.Equal(t, sha, atts[0].DocumentSha256)
	require.Equal(t, "10719010/011226/0001234", atts[0].Reference)
	require.Equal(t, []any{float64(atts[0].Id)}, d["attestation_ids"])
	got, err := txtypes.NewServiceClient(n.Conn).GetTx(t.Context(), &txtypes.GetTxRequest{Hash: d["tx_hash"].(string)})
	require.NoError(t, err)
	require.Zero(t, got.TxResponse.Code)
	require.Equal(t, int64(d["height"].(float64)), got.TxResponse.Height)

	again := e.do(decide(id, "officer-mn", "real-clear-1", `{"decision":"clear"}`))
	require.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
	require.Len(t, customsAttestations(), 1)

	lv := e.do(req{method: "GET", path: "/v1/lots/1", as: "bank-cn"}).json(t)
	require.Equal(t, true, lv["export_cleared"])
	require.Equal(t, "LOT_STATUS_EXPORT_CLEARED", lv["lot"].(map[string]any)["status"])

	// Defect 5: two decisions by one authority in one block collided on the
	// account sequence (read from committed state) and one got a spurious
	// 422. Two declarations of two lots, cleared at the same time.
	lot := func() *tokenizetypes.MsgRegisterLot {
		return &tokenizetypes.MsgRegisterLot{Exporter: addr("exporter"), ClassCode: "COAL", Quantity: sdkmath.NewInt(5_000_000),
			Origin: tokenizetypes.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN"}
	}
	n.Broadcast(t, "exporter", lot(), lot())
	inspect := func(id uint64) *tokenizetypes.MsgAttest {
		return &tokenizetypes.MsgAttest{Attester: addr("inspector"), LotId: id, Kind: tokenizetypes.ATTESTATION_KIND_INSPECTION,
			Result: tokenizetypes.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: strings.Repeat("cd", 32), Reference: fmt.Sprintf("SGS-%d", id)}
	}
	n.Broadcast(t, "inspector", inspect(2), inspect(3))
	var ids []string
	var anchors []sdk.Msg
	for _, l := range []uint64{2, 3} {
		d := replace(replace(replace(doc, "/0001234", fmt.Sprintf("/000130%d", l)), `"lots": [1]`, fmt.Sprintf(`"lots": [%d]`, l)),
			`"lot_id": 1`, fmt.Sprintf(`"lot_id": %d`, l))
		v := e.file(d)
		ids = append(ids, v["id"].(string))
		anchors = append(anchors, &tokenizetypes.MsgAnchorDocument{Issuer: addr("exporter"), LotId: l,
			Document: tokenizetypes.Document{Kind: "customs_declaration", Sha256: v["sha256"].(string), Uri: "/v1/declarations/" + v["id"].(string)}})
	}
	n.Broadcast(t, "exporter", anchors...)
	results := make([]response, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() { results[i] = e.do(decide(id, "officer-mn", "same-block-"+id, `{"decision":"clear"}`)) })
	}
	wg.Wait()
	for i, r := range results {
		require.Equal(t, 200, r.StatusCode, "declaration %s: %s", ids[i], r.body)
	}
}
