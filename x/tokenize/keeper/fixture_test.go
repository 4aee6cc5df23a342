package keeper_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	ibctesting "github.com/cosmos/ibc-go/v11/testing"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/chain/app/apptesting"
	"github.com/corridor-chain/corridor/x/tokenize/keeper"
	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// fixture is the real corridord app in an ibc-go test chain, with the
// corridor story's participants admitted and the COAL class registered.
type fixture struct {
	t     *testing.T
	coord *ibctesting.Coordinator
	chain *ibctesting.TestChain
	app   *app.App
	gov   string

	exporter, importer, inspector, customsMN, customsCN, bank, carrier, outsider ibctesting.SenderAccount
}

func addr(a ibctesting.SenderAccount) string { return a.SenderAccount.GetAddress().String() }

func grant(role types.Role, j string) types.RoleGrant {
	return types.RoleGrant{Role: role, Jurisdiction: j}
}

// Registration ids with valid check digits.
const (
	usccMill    = "91110000100000000R"
	usccCustoms = "91150000200000000M"
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	coord := apptesting.NewCoordinator(t, 1)
	return newFixtureOn(t, coord, coord.GetChain(ibctesting.GetChainID(1)))
}

// newFixtureOn admits the story's participants on chain.
func newFixtureOn(t *testing.T, coord *ibctesting.Coordinator, chain *ibctesting.TestChain) *fixture {
	t.Helper()
	acc := chain.SenderAccounts
	f := &fixture{
		t: t, coord: coord, chain: chain, app: apptesting.App(t, chain), gov: app.GovAuthority(),
		exporter: acc[1], importer: acc[2], inspector: acc[3], customsMN: acc[4], customsCN: acc[5],
		bank: acc[6], carrier: acc[7], outsider: acc[8],
	}
	for _, p := range []struct {
		who      ibctesting.SenderAccount
		name, cc string
		reg      string
		roles    []types.RoleGrant
	}{
		{f.exporter, "Tavan Tolgoi Coal LLC", "MN", "5012345", []types.RoleGrant{grant(types.ROLE_EXPORTER, "MN")}},
		{f.importer, "Baotou Steel Mill Co", "CN", usccMill, []types.RoleGrant{grant(types.ROLE_IMPORTER, "CN")}},
		{f.inspector, "Gobi Inspection LLC", "MN", "5054321", []types.RoleGrant{grant(types.ROLE_INSPECTOR, "MN"), grant(types.ROLE_INSPECTOR, "CN")}},
		{f.customsMN, "Mongolian Customs General Administration", "MN", "9000001", []types.RoleGrant{grant(types.ROLE_CUSTOMS, "MN")}},
		{f.customsCN, "Erenhot Customs", "CN", usccCustoms, []types.RoleGrant{grant(types.ROLE_CUSTOMS, "CN")}},
		{f.bank, "Trade and Development Bank", "MN", "2000003", []types.RoleGrant{grant(types.ROLE_BANK, "MN")}},
		{f.carrier, "Ulaanbaatar Railway", "MN", "2000004", []types.RoleGrant{grant(types.ROLE_CARRIER, "MN"), grant(types.ROLE_CARRIER, "CN")}},
	} {
		f.mustDeliver(&types.MsgRegisterParticipant{Authority: f.gov, Address: addr(p.who), LegalName: p.name,
			Country: p.cc, RegistrationId: p.reg, Roles: p.roles})
	}
	f.mustDeliver(&types.MsgRegisterClass{Authority: f.gov, Class: coalClass()})
	return f
}

func coalClass() types.CommodityClass {
	return types.CommodityClass{
		Code: "COAL", Description: "coking coal", HsPrefixes: []string{"2701.12"}, BaseUnit: "kg",
		DisplayUnit: "t", DisplayExponent: 3,
		RequiredAttestations: []types.AttestationKind{types.ATTESTATION_KIND_INSPECTION, types.ATTESTATION_KIND_CUSTOMS_EXPORT},
	}
}

func (f *fixture) ctx() sdk.Context { return f.chain.GetContext() }

func (f *fixture) k() keeper.Keeper { return f.app.TokenizeKeeper }

func (f *fixture) q() types.QueryServer { return keeper.NewQueryServerImpl(f.app.TokenizeKeeper) }

// deliver runs msg through the app's message router, as a transaction's
// message would run: state is written only on success.
func (f *fixture) deliver(msg sdk.Msg) (*sdk.Result, error) {
	f.t.Helper()
	h := f.app.MsgServiceRouter().Handler(msg)
	require.NotNil(f.t, h, "no handler for %s", sdk.MsgTypeURL(msg))
	ctx := f.ctx()
	cache, write := ctx.CacheContext()
	res, err := h(cache, msg)
	if err == nil {
		write()
		ctx.EventManager().EmitEvents(cache.EventManager().Events())
	}
	return res, err
}

func (f *fixture) mustDeliver(msg sdk.Msg) *sdk.Result {
	f.t.Helper()
	res, err := f.deliver(msg)
	require.NoError(f.t, err, "%T", msg)
	return res
}

// hasEvent asserts that res carries the typed event ev's type.
func hasEvent(t *testing.T, res *sdk.Result, ev proto.Message) {
	t.Helper()
	name := proto.MessageName(ev)
	for _, e := range res.Events {
		if e.Type == name {
			return
		}
	}
	t.Fatalf("event %s not emitted", name)
}

func docHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func lotMsg(f *fixture, qty int64) *types.MsgRegisterLot {
	return &types.MsgRegisterLot{
		Exporter: addr(f.exporter), ClassCode: "COAL", Quantity: math.NewInt(qty),
		QualitySpecs:       []types.QualitySpec{{Key: "ash", Value: "9.5%"}, {Key: "moisture", Value: "8%"}},
		Origin:             types.Place{Country: "MN", Place: "Tavan Tolgoi"},
		DestinationCountry: "CN", Location: "Gashuunsukhait rail terminal",
		Documents: []types.Document{{Kind: "warehouse_receipt", Sha256: docHash("wr-1")}},
	}
}

// registerLot registers a COAL lot of qty kg for the exporter.
func (f *fixture) registerLot(qty int64) uint64 {
	f.t.Helper()
	var out types.MsgRegisterLotResponse
	res := f.mustDeliver(lotMsg(f, qty))
	require.NoError(f.t, proto.Unmarshal(res.MsgResponses[0].Value, &out))
	return out.LotId
}

func (f *fixture) attest(lot uint64, kind types.AttestationKind, result types.AttestationResult, by ibctesting.SenderAccount) error {
	_, err := f.deliver(&types.MsgAttest{
		Attester: addr(by), LotId: lot, Kind: kind, Result: result,
		DocumentSha256: docHash(fmt.Sprintf("%d/%s/%s/%d", lot, kind, result, f.ctx().BlockHeight())),
		Reference:      fmt.Sprintf("REF-%d-%d", lot, kind),
	})
	return err
}

// advance records accepted attestations up to and including kind.
func (f *fixture) advance(lot uint64, kinds ...types.AttestationKind) {
	f.t.Helper()
	who := map[types.AttestationKind]ibctesting.SenderAccount{
		types.ATTESTATION_KIND_INSPECTION:     f.inspector,
		types.ATTESTATION_KIND_CUSTOMS_EXPORT: f.customsMN,
		types.ATTESTATION_KIND_DISPATCH:       f.carrier,
		types.ATTESTATION_KIND_CUSTOMS_IMPORT: f.customsCN,
		types.ATTESTATION_KIND_ARRIVAL:        f.carrier,
	}
	for _, k := range kinds {
		require.NoError(f.t, f.attest(lot, k, types.ATTESTATION_RESULT_ACCEPTED, who[k]), "%s", k)
	}
}

var fullRoute = []types.AttestationKind{
	types.ATTESTATION_KIND_INSPECTION, types.ATTESTATION_KIND_CUSTOMS_EXPORT, types.ATTESTATION_KIND_DISPATCH,
	types.ATTESTATION_KIND_CUSTOMS_IMPORT, types.ATTESTATION_KIND_ARRIVAL,
}

func (f *fixture) balance(a ibctesting.SenderAccount, denom string) math.Int {
	return f.app.BankKeeper.GetBalance(f.ctx(), a.SenderAccount.GetAddress(), denom).Amount
}

func (f *fixture) lot(id uint64) types.Lot {
	l, err := f.k().GetLot(f.ctx(), id)
	require.NoError(f.t, err)
	return l
}

// send moves coins with x/bank's MsgSend through the router.
func (f *fixture) send(from, to ibctesting.SenderAccount, amt sdk.Coin) error {
	_, err := f.deliver(banktypes.NewMsgSend(from.SenderAccount.GetAddress(), to.SenderAccount.GetAddress(), sdk.NewCoins(amt)))
	return err
}

// banktypesSend is an exporter-to-importer MsgSend of amt units of denom.
func banktypesSend(f *fixture, denom string, amt int64) *banktypes.MsgSend {
	return banktypes.NewMsgSend(f.exporter.SenderAccount.GetAddress(), f.importer.SenderAccount.GetAddress(),
		sdk.NewCoins(sdk.NewInt64Coin(denom, amt)))
}

// sdkInsufficient is x/bank's error for spending more than a balance.
var sdkInsufficient = sdkerrors.ErrInsufficientFunds

// requireInvariants checks the module's invariants.
func (f *fixture) requireInvariants() {
	f.t.Helper()
	msg, broken := keeper.AllInvariants(f.k())(f.ctx())
	require.False(f.t, broken, msg)
}

// msgCase is one row of a message table: setup prepares state and returns
// the message; err is the expected error (nil for success); check asserts
// state and events after a success.
type msgCase struct {
	name  string
	setup func(f *fixture) sdk.Msg
	err   error
	check func(t *testing.T, f *fixture, res *sdk.Result)
}

func runCases(t *testing.T, cases []msgCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			msg := tc.setup(f)
			res, err := f.deliver(msg)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				f.requireInvariants()
				return
			}
			require.NoError(t, err)
			if tc.check != nil {
				tc.check(t, f, res)
			}
			f.requireInvariants()
		})
	}
}

func keeperAll(f *fixture) (string, bool) { return keeper.AllInvariants(f.k())(f.ctx()) }
