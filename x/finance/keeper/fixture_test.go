package keeper_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	ibctesting "github.com/cosmos/ibc-go/v11/testing"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/chain/app/apptesting"
	"github.com/corridor-chain/corridor/x/finance/keeper"
	"github.com/corridor-chain/corridor/x/finance/types"
	settlementkeeper "github.com/corridor-chain/corridor/x/settlement/keeper"
	st "github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// fixture: the real app in an ibc-go test chain with the corridor story's
// parties, COAL, CNY (cnbank) and MNT (mnbank); every test ends with the
// finance and settlement invariants checked.
type fixture struct {
	t     *testing.T
	coord *ibctesting.Coordinator
	chain *ibctesting.TestChain
	app   *app.App
	gov   string

	exporter, importer, cnbank, mnbank, rubank, maker, inspector, customsMN, customsCN, outsider string
}

const (
	cny    = "dep/CNY"
	mnt    = "dep/MNT"
	number = "10010000/241119/0000123" // 24 Nov 2019: before the test chain's clock
	office = "10010000"
)

var declValue = math.NewInt(150_000_000) // 1,500,000.00 MNT

func newFixture(t *testing.T) *fixture {
	t.Helper()
	coord := apptesting.NewCoordinator(t, 1)
	chain := coord.GetChain(ibctesting.GetChainID(1))
	acc := func(i int) string { return chain.SenderAccounts[i].SenderAccount.GetAddress().String() }
	f := &fixture{t: t, coord: coord, chain: chain, app: apptesting.App(t, chain), gov: app.GovAuthority(),
		exporter: acc(1), importer: acc(2), cnbank: acc(3), mnbank: acc(4), maker: acc(5), inspector: acc(6),
		customsMN: acc(7), customsCN: acc(8), rubank: acc(9), outsider: acc(0)}
	g := func(r tk.Role, j string) tk.RoleGrant { return tk.RoleGrant{Role: r, Jurisdiction: j} }
	for _, p := range []struct {
		addr, cc, reg string
		roles         []tk.RoleGrant
	}{
		{f.exporter, "MN", "5012345", []tk.RoleGrant{g(tk.ROLE_EXPORTER, "MN")}},
		{f.importer, "CN", "91110000100000000R", []tk.RoleGrant{g(tk.ROLE_IMPORTER, "CN"), g(tk.ROLE_EXPORTER, "CN")}},
		{f.cnbank, "CN", "91120000300000000L", []tk.RoleGrant{g(tk.ROLE_BANK, "CN")}},
		{f.mnbank, "MN", "2000003", []tk.RoleGrant{g(tk.ROLE_BANK, "MN")}},
		{f.rubank, "RU", "7707083893", []tk.RoleGrant{g(tk.ROLE_BANK, "RU")}},
		{f.maker, "MN", "5099999", []tk.RoleGrant{g(tk.ROLE_MARKET_MAKER, "MN")}},
		{f.inspector, "MN", "5054321", []tk.RoleGrant{g(tk.ROLE_INSPECTOR, "MN")}},
		{f.customsMN, "MN", "9000001", []tk.RoleGrant{g(tk.ROLE_CUSTOMS, "MN")}},
		{f.customsCN, "CN", "91150000200000000M", []tk.RoleGrant{g(tk.ROLE_CUSTOMS, "CN")}},
	} {
		f.must(&tk.MsgRegisterParticipant{Authority: f.gov, Address: p.addr, LegalName: "participant", Country: p.cc,
			RegistrationId: p.reg, Roles: p.roles})
	}
	f.must(&tk.MsgRegisterClass{Authority: f.gov, Class: tk.CommodityClass{Code: "COAL", HsPrefixes: []string{"2701.12"},
		BaseUnit: "kg", DisplayUnit: "t", DisplayExponent: 3, RequiredAttestations: []tk.AttestationKind{tk.ATTESTATION_KIND_INSPECTION}}})
	for _, c := range []struct{ code, issuer, denom string }{{"CNY", f.cnbank, cny}, {"MNT", f.mnbank, mnt}} {
		f.must(&st.MsgRegisterCurrency{Authority: f.gov, Currency: st.Currency{Code: c.code, Exponent: 2, Issuer: c.issuer,
			IssueDenom: c.denom, Denoms: []st.AcceptedDenom{{Denom: c.denom}}}})
	}
	f.must(&st.MsgIssue{Issuer: f.mnbank, Currency: "MNT", Amount: math.NewInt(10_000_000_000), Recipient: f.mnbank})
	f.must(&st.MsgIssue{Issuer: f.mnbank, Currency: "MNT", Amount: math.NewInt(10_000_000_000), Recipient: f.maker})
	f.must(&st.MsgIssue{Issuer: f.mnbank, Currency: "MNT", Amount: math.NewInt(10_000_000_000), Recipient: f.cnbank})
	f.must(&st.MsgIssue{Issuer: f.mnbank, Currency: "MNT", Amount: math.NewInt(10_000_000_000), Recipient: f.importer})
	f.must(&st.MsgIssue{Issuer: f.mnbank, Currency: "MNT", Amount: math.NewInt(1_000_000_000), Recipient: f.exporter})
	f.must(&st.MsgIssue{Issuer: f.cnbank, Currency: "CNY", Amount: math.NewInt(100_000_000), Recipient: f.cnbank})
	f.must(&st.MsgIssue{Issuer: f.cnbank, Currency: "CNY", Amount: math.NewInt(100_000_000), Recipient: f.importer})
	t.Cleanup(f.requireInvariants)
	return f
}

func (f *fixture) ctx() sdk.Context { return f.chain.GetContext() }

func (f *fixture) k() keeper.Keeper { return f.app.FinanceKeeper }

func (f *fixture) now() time.Time { return f.ctx().BlockTime() }

// deliver runs msg through the app's router in a cache context written on
// success, as a transaction would.
func (f *fixture) deliver(msg sdk.Msg) (*sdk.Result, error) {
	f.t.Helper()
	cache, write := f.ctx().CacheContext()
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

// count is how many events of ev's type res carries.
func count(res *sdk.Result, ev proto.Message) int {
	n := 0
	for _, e := range res.Events {
		if e.Type == proto.MessageName(ev) {
			n++
		}
	}
	return n
}

func (f *fixture) bal(addr, denom string) math.Int {
	return f.app.BankKeeper.GetBalance(f.ctx(), sdk.MustAccAddressFromBech32(addr), denom).Amount
}

func hash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// lot registers 5,000 t of COAL for the exporter, inspected.
func (f *fixture) lot() uint64 {
	f.t.Helper()
	res := f.must(&tk.MsgRegisterLot{Exporter: f.exporter, ClassCode: "COAL", Quantity: math.NewInt(5_000_000),
		Origin: tk.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN"})
	id := unpack(f.t, res, &tk.MsgRegisterLotResponse{}).LotId
	f.must(&tk.MsgAttest{Attester: f.inspector, LotId: id, Kind: tk.ATTESTATION_KIND_INSPECTION, Result: tk.ATTESTATION_RESULT_ACCEPTED,
		DocumentSha256: hash("sgs"), Reference: "SGS-1"})
	return id
}

// clear records MN customs' CUSTOMS_EXPORT clearance of the lot on doc.
func (f *fixture) clear(lot uint64, doc string) {
	f.t.Helper()
	f.must(&tk.MsgAttest{Attester: f.customsMN, LotId: lot, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT, Result: tk.ATTESTATION_RESULT_ACCEPTED,
		DocumentSha256: doc, Reference: number})
}

func (f *fixture) recordMsg(lot uint64, num string) *types.MsgRecordDeclaration {
	return &types.MsgRecordDeclaration{Customs: f.customsMN, Jurisdiction: "MN", Number: num, CustomsOffice: office,
		Sha256: hash(num), Exporter: f.exporter, Lots: []types.LotUnits{{LotId: lot, Units: math.NewInt(5_000_000)}},
		Value: declValue, Currency: "MNT"}
}

// declaration is a cleared lot and its recorded declaration: (lot, declaration id).
func (f *fixture) declaration() (uint64, uint64) {
	f.t.Helper()
	lot := f.lot()
	f.clear(lot, hash(number))
	res := f.must(f.recordMsg(lot, number))
	return lot, unpack(f.t, res, &types.MsgRecordDeclarationResponse{}).DeclarationId
}

func (f *fixture) applyMsg(decl, lot uint64, bank string, amount int64, units int64) *types.MsgApplyFinancing {
	return &types.MsgApplyFinancing{Borrower: f.exporter, DeclarationId: decl, Bank: bank, Amount: math.NewInt(amount),
		Currency: "MNT", Collateral: types.LotUnits{LotId: lot, Units: math.NewInt(units)}, Tenor: 90 * 24 * time.Hour, MaxRateBps: 1500}
}

func (f *fixture) apply(decl, lot uint64, bank string, amount, units int64) uint64 {
	f.t.Helper()
	return unpack(f.t, f.must(f.applyMsg(decl, lot, bank, amount, units)), &types.MsgApplyFinancingResponse{}).ApplicationId
}

func (f *fixture) approveMsg(app uint64, bank string, principal int64) *types.MsgApproveFinancing {
	return &types.MsgApproveFinancing{Bank: bank, ApplicationId: app, Principal: math.NewInt(principal), RateBps: 1200,
		Maturity: f.now().Add(90 * 24 * time.Hour), Denom: mnt}
}

// loan applies to mnbank for principal against units and approves: the loan id.
func (f *fixture) loan(decl, lot uint64, principal, units int64) uint64 {
	f.t.Helper()
	a := f.apply(decl, lot, f.mnbank, principal, units)
	return unpack(f.t, f.must(f.approveMsg(a, f.mnbank, principal)), &types.MsgApproveFinancingResponse{}).LoanId
}

func (f *fixture) getLoan(id uint64) types.Loan {
	l, err := f.k().GetLoan(f.ctx(), id)
	require.NoError(f.t, err)
	return l
}

func (f *fixture) getDecl(id uint64) types.Declaration {
	d, err := f.k().GetDeclaration(f.ctx(), id)
	require.NoError(f.t, err)
	return d
}

func (f *fixture) pledge(id uint64) tk.Pledge {
	p, err := f.app.TokenizeKeeper.GetPledge(f.ctx(), id)
	require.NoError(f.t, err)
	return p
}

// advance moves the chain's clock by d in one block.
func (f *fixture) advance(d time.Duration) {
	f.coord.IncrementTimeBy(d)
	f.chain.NextBlock()
}

func (f *fixture) requireInvariants() {
	f.t.Helper()
	broken, err := f.k().Broken(f.ctx())
	require.NoError(f.t, err)
	require.Empty(f.t, broken)
	msg, bad := settlementkeeper.EscrowInvariant(f.app.SettlementKeeper)(f.ctx())
	require.False(f.t, bad, msg)
}

func sdkCoin(denom string, amt int64) sdk.Coin { return sdk.NewInt64Coin(denom, amt) }

func sendMNT(from, to string, amt int64) *banktypes.MsgSend {
	return banktypes.NewMsgSend(sdk.MustAccAddressFromBech32(from), sdk.MustAccAddressFromBech32(to), sdk.NewCoins(sdk.NewInt64Coin(mnt, amt)))
}
