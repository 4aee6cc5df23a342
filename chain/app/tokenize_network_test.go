package app_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/chain/app/apptesting"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// TestLotLifeCycleOnNode runs a lot's whole life on a real node, every step a
// signed transaction through the gRPC tx service: register -> inspect ->
// customs export clearance -> dispatch -> customs import clearance ->
// arrival -> sale to the importer -> redeem, and the lot is closed.
func TestLotLifeCycleOnNode(t *testing.T) {
	keys := []string{"exporter", "importer", "inspector", "customs-mn", "customs-cn", "carrier"}
	n := apptesting.StartNetwork(t, keys, func(gs app.GenesisState, cdc apptesting.CodecJSON, addrs map[string]sdk.AccAddress) {
		grant := func(r tokenizetypes.Role, j string) []tokenizetypes.RoleGrant {
			return []tokenizetypes.RoleGrant{{Role: r, Jurisdiction: j}}
		}
		p := func(k, name, cc, reg string, roles []tokenizetypes.RoleGrant) tokenizetypes.Participant {
			return tokenizetypes.Participant{Address: addrs[k].String(), LegalName: name, Country: cc, RegistrationId: reg,
				Roles: roles, Status: tokenizetypes.PARTICIPANT_STATUS_ACTIVE}
		}
		tg := tokenizetypes.DefaultGenesisState()
		tg.Participants = []tokenizetypes.Participant{
			p("exporter", "Tavan Tolgoi Coal LLC", "MN", "5012345", grant(tokenizetypes.ROLE_EXPORTER, "MN")),
			p("importer", "Baotou Steel", "CN", "91110000100000000R", grant(tokenizetypes.ROLE_IMPORTER, "CN")),
			p("inspector", "Gobi Inspection", "MN", "5054321", grant(tokenizetypes.ROLE_INSPECTOR, "MN")),
			p("customs-mn", "Mongolian Customs", "MN", "9000001", grant(tokenizetypes.ROLE_CUSTOMS, "MN")),
			p("customs-cn", "Erenhot Customs", "CN", "91150000200000000M", grant(tokenizetypes.ROLE_CUSTOMS, "CN")),
			p("carrier", "UB Railway", "MN", "2000004", append(grant(tokenizetypes.ROLE_CARRIER, "MN"), grant(tokenizetypes.ROLE_CARRIER, "CN")...)),
		}
		tg.Classes = []tokenizetypes.CommodityClass{{Code: "COAL", HsPrefixes: []string{"2701.12"}, BaseUnit: "kg", DisplayUnit: "t", DisplayExponent: 3}}
		gs[tokenizetypes.ModuleName] = cdc.MustMarshalJSON(tg)
	})
	q := tokenizetypes.NewQueryClient(n.Conn)
	addr := func(k string) string { return n.Addr(t, k) }

	n.OpenAccounts(t, keys...)

	res := n.Broadcast(t, "exporter", &tokenizetypes.MsgRegisterLot{
		Exporter: addr("exporter"), ClassCode: "COAL", Quantity: sdkmath.NewInt(5_000_000),
		QualitySpecs: []tokenizetypes.QualitySpec{{Key: "ash", Value: "9.5%"}},
		Origin:       tokenizetypes.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN",
		Documents: []tokenizetypes.Document{{Kind: "warehouse_receipt", Sha256: sha("wr")}},
	})
	require.Zero(t, res.Code, res.RawLog)

	steps := []struct {
		signer string
		kind   tokenizetypes.AttestationKind
		status tokenizetypes.LotStatus
	}{
		{"inspector", tokenizetypes.ATTESTATION_KIND_INSPECTION, tokenizetypes.LOT_STATUS_INSPECTED},
		{"customs-mn", tokenizetypes.ATTESTATION_KIND_CUSTOMS_EXPORT, tokenizetypes.LOT_STATUS_EXPORT_CLEARED},
		{"carrier", tokenizetypes.ATTESTATION_KIND_DISPATCH, tokenizetypes.LOT_STATUS_DISPATCHED},
		{"customs-cn", tokenizetypes.ATTESTATION_KIND_CUSTOMS_IMPORT, tokenizetypes.LOT_STATUS_IMPORT_CLEARED},
		{"carrier", tokenizetypes.ATTESTATION_KIND_ARRIVAL, tokenizetypes.LOT_STATUS_ARRIVED},
	}
	for _, s := range steps {
		res := n.Broadcast(t, s.signer, &tokenizetypes.MsgAttest{Attester: addr(s.signer), LotId: 1, Kind: s.kind,
			Result: tokenizetypes.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: sha(s.kind.String()), Reference: "REF-" + s.kind.String()})
		require.Zero(t, res.Code, res.RawLog)
		lot, err := q.Lot(t.Context(), &tokenizetypes.QueryLotRequest{Id: 1})
		require.NoError(t, err)
		require.Equal(t, s.status, lot.Lot.Status)
	}

	// the sale: lot units to the importer, who redeems them on delivery
	n.Broadcast(t, "exporter", banktypes.NewMsgSend(sdk.MustAccAddressFromBech32(addr("exporter")),
		sdk.MustAccAddressFromBech32(addr("importer")), sdk.NewCoins(sdk.NewInt64Coin("lot/1", 5_000_000))))
	res = n.Broadcast(t, "importer", &tokenizetypes.MsgRedeem{Holder: addr("importer"), LotId: 1, Amount: sdkmath.NewInt(5_000_000)})
	require.Zero(t, res.Code, res.RawLog)

	lot, err := q.Lot(t.Context(), &tokenizetypes.QueryLotRequest{Id: 1})
	require.NoError(t, err)
	require.Equal(t, tokenizetypes.LOT_STATUS_CLOSED, lot.Lot.Status)
	require.False(t, lot.Transferable)
	hist, err := q.LotHistory(t.Context(), &tokenizetypes.QueryLotHistoryRequest{Id: 1})
	require.NoError(t, err)
	require.Len(t, hist.Attestations, 5)
	require.Len(t, hist.StatusChanges, 7) // registered, 5 attestations, closed
	supply, err := banktypes.NewQueryClient(n.Conn).SupplyOf(t.Context(), &banktypes.QuerySupplyOfRequest{Denom: "lot/1"})
	require.NoError(t, err)
	require.True(t, supply.Amount.Amount.IsZero())
}
