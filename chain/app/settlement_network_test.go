package app_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/chain/app/apptesting"
	settlementtypes "github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// TestCorridorStoryTradeOnNode: the corridor story's trade on a real node,
// every step a signed transaction through the gRPC tx service: the Chinese
// bank issues CNY to the mill, the Mongolian bank MNT to the market maker,
// who quotes CNY/MNT; the lot is inspected and cleared for export; a DVP
// pays the exporter in MNT for lot units the mill pays for in CNY, and
// settles atomically when the last leg is funded; then the same trade as one
// transaction both sides sign.
func TestCorridorStoryTradeOnNode(t *testing.T) {
	keys := []string{"exporter", "importer", "cnbank", "mnbank", "marketmaker", "inspector", "customs-mn"}
	n := apptesting.StartNetwork(t, keys, func(gs app.GenesisState, cdc apptesting.CodecJSON, addrs map[string]sdk.AccAddress) {
		p := func(k, cc, reg string, r tk.Role) tk.Participant {
			return tk.Participant{Address: addrs[k].String(), LegalName: k, Country: cc, RegistrationId: reg,
				Roles: []tk.RoleGrant{{Role: r, Jurisdiction: cc}}, Status: tk.PARTICIPANT_STATUS_ACTIVE}
		}
		tg := tk.DefaultGenesisState()
		tg.Participants = []tk.Participant{
			p("exporter", "MN", "5012345", tk.ROLE_EXPORTER), p("importer", "CN", "91110000100000000R", tk.ROLE_IMPORTER),
			p("cnbank", "CN", "91120000300000000L", tk.ROLE_BANK), p("mnbank", "MN", "2000003", tk.ROLE_BANK),
			p("marketmaker", "MN", "5099999", tk.ROLE_MARKET_MAKER), p("inspector", "MN", "5054321", tk.ROLE_INSPECTOR),
			p("customs-mn", "MN", "9000001", tk.ROLE_CUSTOMS),
		}
		tg.Classes = []tk.CommodityClass{{Code: "COAL", HsPrefixes: []string{"2701.12"}, BaseUnit: "kg", DisplayUnit: "t", DisplayExponent: 3,
			RequiredAttestations: []tk.AttestationKind{tk.ATTESTATION_KIND_INSPECTION, tk.ATTESTATION_KIND_CUSTOMS_EXPORT}}}
		gs[tk.ModuleName] = cdc.MustMarshalJSON(tg)
		sg := settlementtypes.DefaultGenesisState()
		for _, c := range []struct{ code, bank, denom string }{{"CNY", "cnbank", "dep/CNY"}, {"MNT", "mnbank", "dep/MNT"}} {
			sg.Currencies = append(sg.Currencies, settlementtypes.Currency{Code: c.code, Exponent: 2, Issuer: addrs[c.bank].String(),
				IssueDenom: c.denom, Denoms: []settlementtypes.AcceptedDenom{{Denom: c.denom}}})
		}
		gs[settlementtypes.ModuleName] = cdc.MustMarshalJSON(sg)
	})
	addr := func(k string) string { return n.Addr(t, k) }
	ok := func(res *sdk.TxResponse) {
		t.Helper()
		require.Zero(t, res.Code, res.RawLog)
	}
	n.OpenAccounts(t, keys...)

	ok(n.Broadcast(t, "cnbank", &settlementtypes.MsgIssue{Issuer: addr("cnbank"), Currency: "CNY", Amount: sdkmath.NewInt(10_000_000), Recipient: addr("importer")}))
	ok(n.Broadcast(t, "mnbank", &settlementtypes.MsgIssue{Issuer: addr("mnbank"), Currency: "MNT", Amount: sdkmath.NewInt(5_000_000_000), Recipient: addr("marketmaker")}))
	ok(n.Broadcast(t, "marketmaker", &settlementtypes.MsgPostQuote{Maker: addr("marketmaker"), Base: "CNY", Quote: "MNT",
		Bid: sdkmath.LegacyMustNewDecFromStr("473.25"), Ask: sdkmath.LegacyMustNewDecFromStr("475.75"), MaxBase: sdkmath.NewInt(10_000_000),
		CollateralDenom: "dep/MNT", Expiry: time.Now().Add(time.Hour)}))
	// clearedLot registers lot id (5,000 t of COAL), inspected and cleared for export.
	clearedLot := func(id uint64) {
		t.Helper()
		ok(n.Broadcast(t, "exporter", &tk.MsgRegisterLot{Exporter: addr("exporter"), ClassCode: "COAL", Quantity: sdkmath.NewInt(5_000_000),
			Origin: tk.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN"}))
		for _, s := range []struct {
			who  string
			kind tk.AttestationKind
		}{{"inspector", tk.ATTESTATION_KIND_INSPECTION}, {"customs-mn", tk.ATTESTATION_KIND_CUSTOMS_EXPORT}} {
			ok(n.Broadcast(t, s.who, &tk.MsgAttest{Attester: addr(s.who), LotId: id, Kind: s.kind, Result: tk.ATTESTATION_RESULT_ACCEPTED,
				DocumentSha256: sha(fmt.Sprintf("%s-%d", s.kind, id)), Reference: "REF"}))
		}
	}
	clearedLot(1)
	ok(n.Broadcast(t, "exporter", &settlementtypes.MsgCreateInstruction{Creator: addr("exporter"), Type: settlementtypes.INSTRUCTION_TYPE_DVP,
		Deadline: time.Now().Add(time.Hour),
		Legs: []settlementtypes.LegInput{
			{From: addr("exporter"), To: addr("importer"), Denom: "lot/1", Amount: sdkmath.NewInt(5_000_000)},
			{From: addr("importer"), To: addr("exporter"), Denom: "dep/MNT", Amount: sdkmath.NewInt(100_000_000), FxQuoteId: 1, FxPayDenom: "dep/CNY"},
		},
		Conditions: []settlementtypes.Condition{{LotId: 1, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT}}}))
	ok(n.Broadcast(t, "exporter", &settlementtypes.MsgFundLeg{Payer: addr("exporter"), InstructionId: 1, Leg: 0}))
	ok(n.Broadcast(t, "importer", &settlementtypes.MsgFundLeg{Payer: addr("importer"), InstructionId: 1, Leg: 1}))

	sq := settlementtypes.NewQueryClient(n.Conn)
	in, err := sq.Instruction(t.Context(), &settlementtypes.QueryInstructionRequest{Id: 1})
	require.NoError(t, err)
	require.Equal(t, settlementtypes.INSTRUCTION_STATUS_SETTLED, in.Instruction.Status)
	bq := banktypes.NewQueryClient(n.Conn)
	bal := func(who, denom string) int64 {
		r, err := bq.Balance(t.Context(), &banktypes.QueryBalanceRequest{Address: addr(who), Denom: denom})
		require.NoError(t, err)
		return r.Balance.Amount.Int64()
	}
	require.Equal(t, int64(5_000_000), bal("importer", "lot/1"))
	require.Equal(t, int64(100_000_091), bal("exporter", "dep/MNT"))
	require.Equal(t, int64(10_000_000-211_305-106), bal("importer", "dep/CNY"))
	require.Equal(t, int64(211_305), bal("marketmaker", "dep/CNY"))

	// the same trade as one transaction both sides sign: created, funded
	// and settled at once; without the importer's signature it is refused
	clearedLot(2)
	coSigned := &settlementtypes.MsgCreateInstruction{Creator: addr("exporter"), CoSigners: []string{addr("importer")},
		Type: settlementtypes.INSTRUCTION_TYPE_DVP, Fund: true, Deadline: time.Now().Add(time.Hour),
		Legs: []settlementtypes.LegInput{
			{From: addr("exporter"), To: addr("importer"), Denom: "lot/2", Amount: sdkmath.NewInt(5_000_000)},
			{From: addr("importer"), To: addr("exporter"), Denom: "dep/MNT", Amount: sdkmath.NewInt(100_000_000), FxQuoteId: 1, FxPayDenom: "dep/CNY"},
		},
		Conditions: []settlementtypes.Condition{{LotId: 2, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT}}}
	refused := n.Send(t, []string{"exporter"}, coSigned)
	require.NotZero(t, refused.Code, "a co-signer's leg moved without its signature")
	require.Contains(t, refused.RawLog, "signers")
	sent := n.Send(t, []string{"exporter", "importer"}, coSigned)
	require.Zero(t, sent.Code, sent.RawLog)
	res := n.WaitTx(t, sent.TxHash)
	ok(res)
	settled := false
	for _, ev := range res.Events {
		settled = settled || ev.Type == proto.MessageName(&settlementtypes.EventInstructionSettled{})
	}
	require.True(t, settled, "settled in the transaction that created it")
	in, err = sq.Instruction(t.Context(), &settlementtypes.QueryInstructionRequest{Id: 2})
	require.NoError(t, err)
	require.Equal(t, settlementtypes.INSTRUCTION_STATUS_SETTLED, in.Instruction.Status)
	require.Equal(t, int64(5_000_000), bal("importer", "lot/2"))
	require.Equal(t, int64(2*100_000_091), bal("exporter", "dep/MNT"))
}
