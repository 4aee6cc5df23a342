package keeper_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	ibctesting "github.com/cosmos/ibc-go/v11/testing"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/chain/app/apptesting"
	"github.com/corridor-chain/corridor/x/settlement/keeper"
	"github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// fixture: the real app in an ibc-go test chain with the corridor story's
// participants, the COAL class, CNY (issued by cnbank) and MNT (mnbank).
type fixture struct {
	t     *testing.T
	coord *ibctesting.Coordinator
	chain *ibctesting.TestChain
	app   *app.App
	gov   string

	exporter, importer, cnbank, mnbank, maker, inspector, customsMN, outsider string
}

const (
	cny = "dep/CNY"
	mnt = "dep/MNT"
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	coord := apptesting.NewCoordinator(t, 1)
	return setupFixture(t, coord, coord.GetChain(ibctesting.GetChainID(1)))
}

// setupFixture registers the story's participants, class and currencies on chain.
func setupFixture(t *testing.T, coord *ibctesting.Coordinator, chain *ibctesting.TestChain) *fixture {
	t.Helper()
	acc := func(i int) string { return chain.SenderAccounts[i].SenderAccount.GetAddress().String() }
	f := &fixture{t: t, coord: coord, chain: chain, app: apptesting.App(t, chain), gov: app.GovAuthority(),
		exporter: acc(1), importer: acc(2), cnbank: acc(3), mnbank: acc(4), maker: acc(5), inspector: acc(6), customsMN: acc(7), outsider: acc(8)}
	g := func(r tk.Role, j string) tk.RoleGrant { return tk.RoleGrant{Role: r, Jurisdiction: j} }
	for _, p := range []struct {
		addr, cc, reg string
		roles         []tk.RoleGrant
	}{
		{f.exporter, "MN", "5012345", []tk.RoleGrant{g(tk.ROLE_EXPORTER, "MN")}},
		{f.importer, "CN", "91110000100000000R", []tk.RoleGrant{g(tk.ROLE_IMPORTER, "CN")}},
		{f.cnbank, "CN", "91120000300000000L", []tk.RoleGrant{g(tk.ROLE_BANK, "CN")}},
		{f.mnbank, "MN", "2000003", []tk.RoleGrant{g(tk.ROLE_BANK, "MN")}},
		{f.maker, "MN", "5099999", []tk.RoleGrant{g(tk.ROLE_MARKET_MAKER, "MN")}},
		{f.inspector, "MN", "5054321", []tk.RoleGrant{g(tk.ROLE_INSPECTOR, "MN")}},
		{f.customsMN, "MN", "9000001", []tk.RoleGrant{g(tk.ROLE_CUSTOMS, "MN")}},
	} {
		f.must(&tk.MsgRegisterParticipant{Authority: f.gov, Address: p.addr, LegalName: "participant", Country: p.cc,
			RegistrationId: p.reg, Roles: p.roles})
	}
	f.must(&tk.MsgRegisterClass{Authority: f.gov, Class: tk.CommodityClass{Code: "COAL", HsPrefixes: []string{"2701.12"},
		BaseUnit: "kg", DisplayUnit: "t", DisplayExponent: 3,
		RequiredAttestations: []tk.AttestationKind{tk.ATTESTATION_KIND_INSPECTION}}})
	f.must(&types.MsgRegisterCurrency{Authority: f.gov, Currency: currency("CNY", f.cnbank, cny)})
	f.must(&types.MsgRegisterCurrency{Authority: f.gov, Currency: currency("MNT", f.mnbank, mnt)})
	f.must(&types.MsgIssue{Issuer: f.cnbank, Currency: "CNY", Amount: math.NewInt(1_000_000_000), Recipient: f.importer})
	f.must(&types.MsgIssue{Issuer: f.mnbank, Currency: "MNT", Amount: math.NewInt(1_000_000_000_000), Recipient: f.maker})
	return f
}

func currency(code, issuer, denom string) types.Currency {
	return types.Currency{Code: code, Exponent: 2, Issuer: issuer, IssueDenom: denom, Denoms: []types.AcceptedDenom{{Denom: denom}}}
}

func (f *fixture) ctx() sdk.Context { return f.chain.GetContext() }

func (f *fixture) k() keeper.Keeper { return f.app.SettlementKeeper }

func (f *fixture) now() time.Time { return f.ctx().BlockTime() }

// deliver runs msg through the app's router in a cache context written on success.
func (f *fixture) deliver(msg sdk.Msg) (*sdk.Result, error) {
	f.t.Helper()
	ctx := f.ctx()
	cache, write := ctx.CacheContext()
	res, err := f.app.MsgServiceRouter().Handler(msg)(cache, msg)
	if err == nil {
		write()
	}
	return res, err
}

func (f *fixture) must(msg sdk.Msg) *sdk.Result {
	f.t.Helper()
	res, err := f.deliver(msg)
	require.NoError(f.t, err, "%T", msg)
	return res
}

func unpack[T proto.Message](t *testing.T, res *sdk.Result, out T) T {
	t.Helper()
	require.NoError(t, proto.Unmarshal(res.MsgResponses[0].Value, out))
	return out
}

func hasEvent(t *testing.T, res *sdk.Result, ev proto.Message) {
	t.Helper()
	for _, e := range res.Events {
		if e.Type == proto.MessageName(ev) {
			return
		}
	}
	t.Fatalf("event %s not emitted", proto.MessageName(ev))
}

func (f *fixture) bal(addr, denom string) math.Int {
	return f.app.BankKeeper.GetBalance(f.ctx(), sdk.MustAccAddressFromBech32(addr), denom).Amount
}

func (f *fixture) feeBal(denom string) math.Int {
	return f.app.BankKeeper.GetBalance(f.ctx(), authtypes.NewModuleAddress(authtypes.FeeCollectorName), denom).Amount
}

// lot registers 5,000 t of COAL for the exporter, inspected.
func (f *fixture) lot() uint64 {
	f.t.Helper()
	res := f.must(&tk.MsgRegisterLot{Exporter: f.exporter, ClassCode: "COAL", Quantity: math.NewInt(5_000_000),
		Origin: tk.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN"})
	id := unpack(f.t, res, &tk.MsgRegisterLotResponse{}).LotId
	f.attest(id, tk.ATTESTATION_KIND_INSPECTION, f.inspector)
	return id
}

func (f *fixture) attest(lot uint64, kind tk.AttestationKind, by string) {
	f.t.Helper()
	h := sha256.Sum256([]byte(kind.String() + by))
	f.must(&tk.MsgAttest{Attester: by, LotId: lot, Kind: kind, Result: tk.ATTESTATION_RESULT_ACCEPTED,
		DocumentSha256: hex.EncodeToString(h[:]), Reference: "REF"})
}

// quote posts CNY/MNT at 473.25 / 475.75 for up to 1,000,000.00 CNY.
func (f *fixture) quote() uint64 {
	f.t.Helper()
	res := f.must(&types.MsgPostQuote{Maker: f.maker, Base: "CNY", Quote: "MNT", Bid: math.LegacyMustNewDecFromStr("473.25"),
		Ask: math.LegacyMustNewDecFromStr("475.75"), MaxBase: math.NewInt(100_000_000), CollateralDenom: mnt, Expiry: f.now().Add(time.Hour)})
	return unpack(f.t, res, &types.MsgPostQuoteResponse{}).QuoteId
}

// nextBlocks commits n blocks, d apart, running EndBlock.
func (f *fixture) nextBlocks(n int, d time.Duration) {
	for range n {
		f.coord.IncrementTimeBy(d)
		f.chain.NextBlock()
	}
}

func (f *fixture) instruction(id uint64) types.Instruction {
	in, err := f.k().GetInstruction(f.ctx(), id)
	require.NoError(f.t, err)
	return in
}

func (f *fixture) requireInvariant() {
	f.t.Helper()
	msg, broken := keeper.EscrowInvariant(f.k())(f.ctx())
	require.False(f.t, broken, msg)
}

func collectionsJoin(t time.Time, id uint64) collections.Pair[time.Time, uint64] {
	return collections.Join(t, id)
}

func banktypesSend(from, to, denom string, amt int64) *banktypes.MsgSend {
	return banktypes.NewMsgSend(sdk.MustAccAddressFromBech32(from), sdk.MustAccAddressFromBech32(to), sdk.NewCoins(sdk.NewInt64Coin(denom, amt)))
}

func collectionsJoinLot(lot, id uint64) collections.Pair[uint64, uint64] {
	return collections.Join(lot, id)
}
