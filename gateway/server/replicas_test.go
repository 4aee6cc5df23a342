package server_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/corridor-chain/corridor/gateway/chain"
	"github.com/corridor-chain/corridor/gateway/store/storetest"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// Defect 5, across processes: two gateway replicas on one PostgreSQL, each
// signing with its own key that the customs authority authorised on chain
// (x/authz grant of MsgAttest), decide 50 declarations concurrently, every
// declaration asked of both replicas at once: each is recorded on chain
// exactly once, and every officer is answered.
func TestReplicasWithTheirOwnKeys(t *testing.T) {
	st := storetest.Open(t, "postgres")
	n, keys, addr := customsNetwork(t, "replica-a", "replica-b")
	n.OpenAccounts(t, keys...)
	var grants []sdk.Msg
	for _, r := range []string{"replica-a", "replica-b"} {
		g, err := authz.NewMsgGrant(sdk.MustAccAddressFromBech32(addr("customs-mn")), sdk.MustAccAddressFromBech32(addr(r)),
			authz.NewGenericAuthorization(sdk.MsgTypeURL(&tokenizetypes.MsgAttest{})), nil)
		require.NoError(t, err)
		grants = append(grants, g)
	}
	n.Broadcast(t, "customs-mn", grants...)

	const lots, batch = 50, 5
	for i := 0; i < lots; i += batch {
		var reg, insp []sdk.Msg
		for j := range batch {
			reg = append(reg, &tokenizetypes.MsgRegisterLot{Exporter: addr("exporter"), ClassCode: "COAL", Quantity: sdkmath.NewInt(5_000_000),
				Origin: tokenizetypes.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN"})
			insp = append(insp, &tokenizetypes.MsgAttest{Attester: addr("inspector"), LotId: uint64(i + j + 1), Kind: tokenizetypes.ATTESTATION_KIND_INSPECTION,
				Result: tokenizetypes.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: strings.Repeat("ab", 32), Reference: fmt.Sprintf("SGS-%d", i+j+1)})
		}
		n.Broadcast(t, "exporter", reg...)
		n.Broadcast(t, "inspector", insp...)
	}

	replica := func(signer string) *env {
		cdc, err := chain.NewCodec()
		require.NoError(t, err)
		cl, err := chain.Dial(chain.Config{GRPC: n.Val.AppConfig.GRPC.Address, ChainID: n.Cfg.ChainID, Keyring: n.KR,
			WaitTimeout: 30 * time.Second, Grantee: addr(signer)}, cdc)
		require.NoError(t, err)
		t.Cleanup(func() { _ = cl.Close() })
		return newEnv(t, opts{chain: cl, store: st, exporter: addr("exporter"), authorities: map[string]string{"MN": addr("customs-mn")}})
	}
	a, b := replica("replica-a"), replica("replica-b")

	doc := replace(sampleDoc(t), `"address": "corridor1exporter"`, `"address": "`+addr("exporter")+`"`)
	ids := make([]string, lots)
	var anchors []sdk.Msg
	for l := 1; l <= lots; l++ {
		d := replace(replace(replace(doc, "/0001234", fmt.Sprintf("/%07d", 5000+l)), `"lots": [1]`, fmt.Sprintf(`"lots": [%d]`, l)),
			`"lot_id": 1`, fmt.Sprintf(`"lot_id": %d`, l))
		v := a.file(d)
		ids[l-1] = v["id"].(string)
		anchors = append(anchors, &tokenizetypes.MsgAnchorDocument{Issuer: addr("exporter"), LotId: uint64(l),
			Document: tokenizetypes.Document{Kind: "customs_declaration", Sha256: v["sha256"].(string), Uri: "/v1/declarations/" + ids[l-1]}})
		if len(anchors) == batch {
			n.Broadcast(t, "exporter", anchors...)
			anchors = nil
		}
	}

	statuses := make([][2]int, lots)
	bodies := make([][2]string, lots)
	var wg sync.WaitGroup
	for i, id := range ids {
		for k, e := range []*env{a, b} {
			wg.Go(func() {
				// an officer does what a 503 says: retries with the same
				// Idempotency-Key (a loaded machine may not see the block
				// within the request timeout); the retry must not decide twice
				rq := decide(id, "officer-mn", fmt.Sprintf("replica-%d-%s", k, id), `{"decision":"clear"}`)
				r := e.do(rq)
				for try := 0; try < 5 && r.StatusCode == 503; try++ {
					r = e.do(rq)
				}
				statuses[i][k], bodies[i][k] = r.StatusCode, string(r.body)
			})
		}
	}
	wg.Wait()

	q := tokenizetypes.NewQueryClient(n.Conn)
	for i, id := range ids {
		ok := 0
		for k, s := range statuses[i] {
			require.Contains(t, []int{200, 409}, s, "declaration %s: every officer is answered, none refused: %s", id, bodies[i][k])
			if s == 200 {
				ok++
			}
		}
		require.Equal(t, 1, ok, "declaration %s decided by one replica", id)
		h, err := q.LotHistory(t.Context(), &tokenizetypes.QueryLotHistoryRequest{Id: uint64(i + 1)})
		require.NoError(t, err)
		exports := 0
		for _, at := range h.Attestations {
			if at.Kind == tokenizetypes.ATTESTATION_KIND_CUSTOMS_EXPORT {
				exports++
				require.Equal(t, addr("customs-mn"), at.Attester, "recorded as the authority's, signed by a replica")
			}
		}
		require.Equal(t, 1, exports, "lot %d: recorded exactly once", i+1)
		require.Equal(t, "cleared", b.do(req{method: "GET", path: "/v1/declarations/" + id, as: "officer-mn"}).json(t)["status"])
	}
}
