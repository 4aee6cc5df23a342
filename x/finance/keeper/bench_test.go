package keeper_test

import (
	"fmt"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"

	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/x/finance/types"
	st "github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// The message-execution cost of financing (no signatures, no ante: the
// router on the real app over an in-memory store), next to a bank send in
// the same run. scripts/bench-finance.sh turns them into docs/bench/finance.md.

type benchApp struct {
	b   *testing.B
	a   *app.App
	ctx sdk.Context
	// exporter, importer, mnbank, customs
	exporter, importer, bank, customs string
	decl, lot                         uint64
}

func newBenchApp(b *testing.B) *benchApp {
	b.Helper()
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, true, simtestutil.NewAppOptionsWithFlagHome(b.TempDir()))
	ctx := a.NewUncachedContext(false, cmtproto.Header{Height: 1, ChainID: "bench", Time: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)})
	if err := a.BankKeeper.SetParams(ctx, banktypes.DefaultParams()); err != nil {
		b.Fatal(err)
	}
	addr := func(s string) string { return sdk.AccAddress([]byte(fmt.Sprintf("bench-%-14s", s))).String() }
	e := &benchApp{b: b, a: a, ctx: ctx, exporter: addr("exporter"), importer: addr("importer"), bank: addr("mnbank"), customs: addr("customs")}
	tg := tk.DefaultGenesisState()
	for _, p := range []struct {
		a, cc, reg string
		role       tk.Role
	}{{e.exporter, "MN", "5012345", tk.ROLE_EXPORTER}, {e.importer, "CN", "91110000100000000R", tk.ROLE_IMPORTER},
		{e.bank, "MN", "2000003", tk.ROLE_BANK}, {e.customs, "MN", "9000001", tk.ROLE_CUSTOMS}} {
		tg.Participants = append(tg.Participants, tk.Participant{Address: p.a, LegalName: "p", Country: p.cc, RegistrationId: p.reg,
			Roles: []tk.RoleGrant{{Role: p.role, Jurisdiction: p.cc}, {Role: tk.ROLE_INSPECTOR, Jurisdiction: p.cc}}, Status: tk.PARTICIPANT_STATUS_ACTIVE})
	}
	tg.Classes = []tk.CommodityClass{{Code: "COAL", HsPrefixes: []string{"2701"}, BaseUnit: "kg", DisplayUnit: "t", DisplayExponent: 3}}
	if err := a.TokenizeKeeper.InitGenesis(ctx, tg); err != nil {
		b.Fatal(err)
	}
	sg := st.DefaultGenesisState()
	sg.Currencies = []st.Currency{{Code: "MNT", Exponent: 2, Issuer: e.bank, IssueDenom: "dep/MNT", Denoms: []st.AcceptedDenom{{Denom: "dep/MNT"}}}}
	if err := a.SettlementKeeper.InitGenesis(ctx, sg); err != nil {
		b.Fatal(err)
	}
	if err := a.FinanceKeeper.InitGenesis(ctx, types.DefaultGenesisState()); err != nil {
		b.Fatal(err)
	}
	for _, to := range []string{e.bank, e.importer, e.exporter} {
		e.do(&st.MsgIssue{Issuer: e.bank, Currency: "MNT", Amount: math.NewInt(1 << 60), Recipient: to})
	}
	e.do(&tk.MsgRegisterLot{Exporter: e.exporter, ClassCode: "COAL", Quantity: math.NewInt(1 << 50), Origin: tk.Place{Country: "MN", Place: "mine"}, DestinationCountry: "CN"})
	e.lot = 1
	doc := "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	e.do(&tk.MsgAttest{Attester: e.exporter, LotId: 1, Kind: tk.ATTESTATION_KIND_INSPECTION, Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: doc, Reference: "I"})
	e.do(&tk.MsgAttest{Attester: e.customs, LotId: 1, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT, Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: doc, Reference: "D"})
	res := e.do(&types.MsgRecordDeclaration{Customs: e.customs, Jurisdiction: "MN", Number: "10010000/011126/0000001", CustomsOffice: "10010000",
		Sha256: doc, Exporter: e.exporter, Lots: []types.LotUnits{{LotId: 1, Units: math.NewInt(1 << 50)}}, Value: math.NewInt(1 << 62), Currency: "MNT"})
	var out types.MsgRecordDeclarationResponse
	if err := out.Unmarshal(res.MsgResponses[0].Value); err != nil {
		b.Fatal(err)
	}
	e.decl = out.DeclarationId
	return e
}

// txPerBlock is how many messages run between two commits. Without commits
// IAVL keeps every write in its unsaved set, and each iterator scans all of
// it: the figures would grow with the run's length instead of the state's.
const txPerBlock = 100

// maybeCommit commits the store every txPerBlock calls, outside the timer,
// as a node commits every block.
func (e *benchApp) maybeCommit(i int) {
	if i%txPerBlock != 0 {
		return
	}
	e.b.StopTimer()
	e.a.CommitMultiStore().Commit()
	e.b.StartTimer()
}

// do runs msg as a transaction would: in a cache context written on success.
func (e *benchApp) do(m sdk.Msg) *sdk.Result {
	cache, write := e.ctx.CacheContext()
	res, err := e.a.MsgServiceRouter().Handler(m)(cache, m)
	if err != nil {
		e.b.Fatalf("%T: %v", m, err)
	}
	write()
	return res
}

func (e *benchApp) applyMsg() *types.MsgApplyFinancing {
	return &types.MsgApplyFinancing{Borrower: e.exporter, DeclarationId: e.decl, Bank: e.bank, Amount: math.NewInt(1_000_000),
		Currency: "MNT", Collateral: types.LotUnits{LotId: e.lot, Units: math.NewInt(1000)}, Tenor: 24 * time.Hour, MaxRateBps: 1200}
}

func (e *benchApp) approveMsg(app uint64) *types.MsgApproveFinancing {
	return &types.MsgApproveFinancing{Bank: e.bank, ApplicationId: app, Principal: math.NewInt(1_000_000), RateBps: 1200,
		Maturity: e.ctx.BlockTime().Add(48 * time.Hour), Denom: "dep/MNT"}
}

// loan applies and approves: the loan id.
func (e *benchApp) loan() uint64 {
	var a types.MsgApplyFinancingResponse
	if err := a.Unmarshal(e.do(e.applyMsg()).MsgResponses[0].Value); err != nil {
		e.b.Fatal(err)
	}
	var l types.MsgApproveFinancingResponse
	if err := l.Unmarshal(e.do(e.approveMsg(a.ApplicationId)).MsgResponses[0].Value); err != nil {
		e.b.Fatal(err)
	}
	return l.LoanId
}

// BenchmarkApproveFinancing: one approval (pledge, reservation, payout) per
// iteration; the application is made outside the timer.
func BenchmarkApproveFinancing(b *testing.B) {
	e := newBenchApp(b)
	for i := 0; b.Loop(); i++ {
		e.maybeCommit(i)
		b.StopTimer()
		var a types.MsgApplyFinancingResponse
		if err := a.Unmarshal(e.do(e.applyMsg()).MsgResponses[0].Value); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		e.do(e.approveMsg(a.ApplicationId))
	}
}

// BenchmarkRepayFinancing: one full repayment (interest, principal, pledge
// released) per iteration; the loan is made outside the timer.
func BenchmarkRepayFinancing(b *testing.B) {
	e := newBenchApp(b)
	for i := 0; b.Loop(); i++ {
		e.maybeCommit(i)
		b.StopTimer()
		id := e.loan()
		b.StartTimer()
		e.do(&types.MsgRepayFinancing{Payer: e.exporter, LoanId: id, Amount: math.NewInt(2_000_000)})
	}
}

// BenchmarkFinancedDVP: one co-signed DVP selling a loan's pledged units,
// created, funded (the lot leg from the pledge) and settled by one message,
// the lender repaid from the proceeds; the loan is made outside the timer.
func BenchmarkFinancedDVP(b *testing.B) {
	e := newBenchApp(b)
	for i := 0; b.Loop(); i++ {
		e.maybeCommit(i)
		b.StopTimer()
		id := e.loan()
		b.StartTimer()
		e.do(&st.MsgCreateInstruction{Creator: e.exporter, CoSigners: []string{e.importer}, Type: st.INSTRUCTION_TYPE_DVP, Fund: true,
			Deadline: e.ctx.BlockTime().Add(time.Hour), Legs: []st.LegInput{
				{From: e.exporter, To: e.importer, Denom: tk.LotDenom(e.lot), Amount: math.NewInt(1000), LoanId: id},
				{From: e.importer, To: e.exporter, Denom: "dep/MNT", Amount: math.NewInt(2_000_000)},
			}})
	}
}

// BenchmarkFinanceBankSend is a bank send in the same setup.
func BenchmarkFinanceBankSend(b *testing.B) {
	e := newBenchApp(b)
	m := banktypes.NewMsgSend(sdk.MustAccAddressFromBech32(e.importer), sdk.MustAccAddressFromBech32(e.exporter), sdk.NewCoins(sdk.NewInt64Coin("dep/MNT", 1)))
	for i := 0; b.Loop(); i++ {
		e.maybeCommit(i)
		e.do(m)
	}
}
