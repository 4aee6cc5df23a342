package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/x/finance/keeper"
	"github.com/corridor-chain/corridor/x/finance/types"
	settlementtypes "github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

func (f *fixture) queryDecl(id uint64, j, n string) *types.QueryDeclarationResponse {
	f.t.Helper()
	res, err := keeper.NewQueryServerImpl(f.k()).Declaration(f.ctx(), &types.QueryDeclarationRequest{Id: id, Jurisdiction: j, Number: n})
	require.NoError(f.t, err)
	return res
}

func TestApproveFinancing(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	a := f.apply(decl, lot, f.mnbank, 100_000_000, 4_000_000)
	exporterMNT, bankMNT := f.bal(f.exporter, mnt), f.bal(f.mnbank, mnt)

	res := f.must(f.approveMsg(a, f.mnbank, 100_000_000))
	require.Equal(t, 1, count(res, &types.EventFinancingApproved{}))
	require.Equal(t, 1, count(res, &tk.EventPledged{}))
	id := unpack(t, res, &types.MsgApproveFinancingResponse{}).LoanId
	l := f.getLoan(id)
	require.Equal(t, types.LOAN_STATUS_ACTIVE, l.Status)
	require.Equal(t, math.NewInt(100_000_000), l.Counted)
	require.Equal(t, exporterMNT.AddRaw(100_000_000), f.bal(f.exporter, mnt), "principal paid out")
	require.Equal(t, bankMNT.SubRaw(100_000_000), f.bal(f.mnbank, mnt))
	p := f.pledge(l.PledgeId)
	require.Equal(t, tk.PLEDGE_STATUS_ACTIVE, p.Status)
	require.Equal(t, f.mnbank, p.Lender)
	require.Equal(t, types.ModuleName, p.Manager)
	require.Equal(t, math.NewInt(1_000_000), f.bal(f.exporter, tk.LotDenom(lot)), "4,000,000 units pledged")
	d := f.getDecl(decl)
	require.Equal(t, math.NewInt(100_000_000), d.Financed)
	require.Equal(t, math.NewInt(50_000_000), d.Remaining())

	// the lender cannot release or claim the loan's pledge behind the loan's back
	_, err := f.deliver(&tk.MsgClaimPledge{Lender: f.mnbank, PledgeId: l.PledgeId})
	require.ErrorIs(t, err, tk.ErrPledgeManaged)
	_, err = f.deliver(&tk.MsgReleasePledge{Lender: f.mnbank, PledgeId: l.PledgeId})
	require.ErrorIs(t, err, tk.ErrPledgeManaged)
	// the application is closed
	_, err = f.deliver(f.approveMsg(a, f.mnbank, 1))
	require.ErrorIs(t, err, types.ErrApplicationNotOpen)

	// a second bank cannot finance beyond the remaining balance (the cap is
	// 90 %: 135,000,000 less 100,000,000 financed)
	_, err = f.deliver(f.applyMsg(decl, lot, f.cnbank, 50_000_000, 1_000_000))
	require.ErrorIs(t, err, types.ErrBalanceShort)
	// nor lend more against units than their share of the declaration: the
	// last 1,000,000 of 5,000,000 units are worth 30,000,000, 27,000,000 at 90 %
	b := f.apply(decl, lot, f.cnbank, 35_000_000, 1_000_000)
	_, err = f.deliver(&types.MsgApproveFinancing{Bank: f.cnbank, ApplicationId: b, Principal: math.NewInt(35_000_000), RateBps: 900,
		Maturity: f.now().Add(120 * 24 * time.Hour), Denom: mnt})
	require.ErrorIs(t, err, types.ErrCollateralUnavailable)
	c := f.apply(decl, lot, f.cnbank, 27_000_000, 1_000_000)
	f.must(&types.MsgApproveFinancing{Bank: f.cnbank, ApplicationId: c, Principal: math.NewInt(27_000_000), RateBps: 900,
		Maturity: f.now().Add(120 * 24 * time.Hour), Denom: mnt})
	require.Equal(t, math.NewInt(127_000_000), f.getDecl(decl).Financed)
	_, err = f.deliver(f.applyMsg(decl, lot, f.rubank, 8_000_001, 1))
	require.ErrorIs(t, err, types.ErrBalanceShort, "8,000,000 left under the cap")
}

func TestApproveFinancingRefusals(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	uncleared := f.lot()
	f.clear(uncleared, hash("not this declaration"))
	m := f.recordMsg(uncleared, "10010000/241119/0000124")
	d2 := unpack(t, f.must(m), &types.MsgRecordDeclarationResponse{}).DeclarationId
	for _, tc := range []struct {
		name   string
		msg    func() *types.MsgApproveFinancing
		expErr error
	}{
		{"failure: another bank approves", func() *types.MsgApproveFinancing {
			return f.approveMsg(f.apply(decl, lot, f.mnbank, 1000, 10), f.cnbank, 1000)
		}, types.ErrNotBank},
		{"failure: more than asked", func() *types.MsgApproveFinancing {
			return f.approveMsg(f.apply(decl, lot, f.mnbank, 1000, 10), f.mnbank, 1001)
		}, types.ErrInvalidTerms},
		{"failure: rate over the max", func() *types.MsgApproveFinancing {
			m := f.approveMsg(f.apply(decl, lot, f.mnbank, 1000, 10), f.mnbank, 1000)
			m.RateBps = 3601
			return m
		}, types.ErrInvalidTerms},
		{"failure: maturity beyond max_tenor", func() *types.MsgApproveFinancing {
			m := f.approveMsg(f.apply(decl, lot, f.mnbank, 1000, 10), f.mnbank, 1000)
			m.Maturity = f.now().Add(366 * 24 * time.Hour)
			return m
		}, types.ErrInvalidTerms},
		{"failure: maturity in the past", func() *types.MsgApproveFinancing {
			m := f.approveMsg(f.apply(decl, lot, f.mnbank, 1000, 10), f.mnbank, 1000)
			m.Maturity = f.now()
			return m
		}, types.ErrInvalidTerms},
		{"failure: pays in another currency's denom", func() *types.MsgApproveFinancing {
			m := f.approveMsg(f.apply(decl, lot, f.mnbank, 1000, 10), f.mnbank, 1000)
			m.Denom = cny
			return m
		}, types.ErrCurrencyMismatch},
		{"failure: a quote for a loan in the declaration's own currency", func() *types.MsgApproveFinancing {
			m := f.approveMsg(f.apply(decl, lot, f.mnbank, 1000, 10), f.mnbank, 1000)
			m.FxQuoteId = 1
			return m
		}, types.ErrInvalidTerms},
		{"failure: declaration cleared on another document", func() *types.MsgApproveFinancing {
			return f.approveMsg(f.apply(d2, uncleared, f.mnbank, 1000, 10), f.mnbank, 1000)
		}, types.ErrNotCleared},
		{"failure: CNY loan against an MNT declaration without a quote", func() *types.MsgApproveFinancing {
			m := f.applyMsg(decl, lot, f.cnbank, 1000, 10)
			m.Currency = "CNY"
			a := unpack(t, f.must(m), &types.MsgApplyFinancingResponse{}).ApplicationId
			am := f.approveMsg(a, f.cnbank, 1000)
			am.Denom = cny
			return am
		}, types.ErrCurrencyMismatch},
		{"failure: collateral units no longer held", func() *types.MsgApproveFinancing {
			a := f.apply(decl, lot, f.mnbank, 1000, 5_000_000)
			f.must(&tk.MsgPledge{Holder: f.exporter, Lender: f.cnbank, Amount: sdkCoin(tk.LotDenom(lot), 1), Reference: "other loan"})
			return f.approveMsg(a, f.mnbank, 1000)
		}, types.ErrCollateralUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.deliver(tc.msg())
			require.ErrorIs(t, err, tc.expErr)
			require.True(t, f.getDecl(decl).Financed.IsZero(), "a refusal changes nothing")
		})
	}
	held := f.apply(decl, lot, f.mnbank, 1000, 10)
	f.must(&tk.MsgPlaceHold{Officer: f.customsMN, LotId: lot, Reason: tk.HOLD_REASON_DOCUMENTS_MISSING})
	_, err := f.deliver(f.approveMsg(held, f.mnbank, 1000))
	require.ErrorIs(t, err, types.ErrCollateralUnavailable, "a held lot cannot be pledged")
}

func TestApplyFinancingRefusals(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	other := f.lot()
	for _, tc := range []struct {
		name   string
		mutate func(m *types.MsgApplyFinancing)
		expErr error
	}{
		{"failure: not the declaration's exporter", func(m *types.MsgApplyFinancing) { m.Borrower = f.importer }, types.ErrNotBorrower},
		{"failure: the bank is no BANK", func(m *types.MsgApplyFinancing) { m.Bank = f.maker }, types.ErrRoleNotHeld},
		{"failure: collateral of a lot the declaration does not cover", func(m *types.MsgApplyFinancing) { m.Collateral.LotId = other }, types.ErrInvalidApplication},
		{"failure: more collateral than declared", func(m *types.MsgApplyFinancing) { m.Collateral.Units = math.NewInt(5_000_001) }, types.ErrInvalidApplication},
		{"failure: beyond the advance-rate cap", func(m *types.MsgApplyFinancing) { m.Amount = math.NewInt(135_000_001) }, types.ErrBalanceShort},
		{"failure: tenor over the max", func(m *types.MsgApplyFinancing) { m.Tenor = 400 * 24 * time.Hour }, types.ErrInvalidApplication},
		{"failure: unknown declaration", func(m *types.MsgApplyFinancing) { m.DeclarationId = 99 }, types.ErrDeclarationNotFound},
		{"failure: unregistered currency", func(m *types.MsgApplyFinancing) { m.Currency = "USD" }, settlementtypes.ErrCurrencyNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := f.applyMsg(decl, lot, f.mnbank, 1000, 10)
			tc.mutate(m)
			_, err := f.deliver(m)
			require.ErrorIs(t, err, tc.expErr)
		})
	}
}

func TestRejectFinancing(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	a := f.apply(decl, lot, f.mnbank, 1000, 10)
	_, err := f.deliver(&types.MsgRejectFinancing{Bank: f.cnbank, ApplicationId: a, Reason: types.REJECT_REASON_CREDIT_LIMIT})
	require.ErrorIs(t, err, types.ErrNotBank)
	_, err = f.deliver(&types.MsgRejectFinancing{Bank: f.mnbank, ApplicationId: a})
	require.ErrorIs(t, err, types.ErrInvalidApplication, "a reason code is required")
	res := f.must(&types.MsgRejectFinancing{Bank: f.mnbank, ApplicationId: a, Reason: types.REJECT_REASON_CREDIT_LIMIT, Note: "limit used"})
	require.Equal(t, 1, count(res, &types.EventFinancingRejected{}))
	got, err := f.k().GetApplication(f.ctx(), a)
	require.NoError(t, err)
	require.Equal(t, types.APPLICATION_STATUS_REJECTED, got.Status)
	require.Equal(t, "limit used", got.RejectNote)
	_, err = f.deliver(f.approveMsg(a, f.mnbank, 1000))
	require.ErrorIs(t, err, types.ErrApplicationNotOpen)
}

func TestRepayFinancing(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	id := f.loan(decl, lot, 100_000_000, 4_000_000)
	f.advance(30 * 24 * time.Hour)
	// 30 days at 12 %: ceil(100,000,000 × 1200 × 2,592,000 / (10,000 × 31,536,000)) = 986,302
	interest := types.Interest(math.NewInt(100_000_000), 1200, 30*24*3600)
	require.Equal(t, math.NewInt(986_302), interest)
	exporterMNT, bankMNT := f.bal(f.exporter, mnt), f.bal(f.mnbank, mnt)
	secs := int64(f.now().Sub(f.getLoan(id).AccruedTo) / time.Second)

	// a partial payment pays interest first
	res := f.must(&types.MsgRepayFinancing{Payer: f.exporter, LoanId: id, Amount: math.NewInt(10_986_302)})
	r := unpack(t, res, &types.MsgRepayFinancingResponse{})
	interestPaid, principalPaid := mathInt(t, r.Interest), mathInt(t, r.Principal)
	require.Equal(t, types.Interest(math.NewInt(100_000_000), 1200, secs), interestPaid)
	require.Equal(t, math.NewInt(10_986_302).Sub(interestPaid), principalPaid)
	require.Equal(t, types.LOAN_STATUS_ACTIVE, r.Status)
	require.Equal(t, 1, count(res, &types.EventLoanRepaid{}))
	require.Equal(t, bankMNT.AddRaw(10_986_302), f.bal(f.mnbank, mnt))
	require.Equal(t, f.getLoan(id).Counted, f.getDecl(decl).Financed, "the declaration's balance follows the principal")

	// paying more than is due takes what is due only; the pledge is released
	l := f.getLoan(id)
	res = f.must(&types.MsgRepayFinancing{Payer: f.exporter, LoanId: id, Amount: math.NewInt(1_000_000_000)})
	r = unpack(t, res, &types.MsgRepayFinancingResponse{})
	require.Equal(t, l.Outstanding, mathInt(t, r.Principal))
	require.Equal(t, types.LOAN_STATUS_REPAID, r.Status)
	require.Equal(t, 1, count(res, &tk.EventPledgeReleased{}))
	require.Equal(t, exporterMNT.SubRaw(10_986_302).Sub(mathInt(t, r.Principal)).Sub(mathInt(t, r.Interest)), f.bal(f.exporter, mnt))
	require.Equal(t, tk.PLEDGE_STATUS_RELEASED, f.pledge(l.PledgeId).Status)
	require.Equal(t, math.NewInt(5_000_000), f.bal(f.exporter, tk.LotDenom(lot)))
	d := f.getDecl(decl)
	require.True(t, d.Financed.IsZero())
	require.Equal(t, declValue, d.Remaining(), "a repayment before any sale restores the balance")
	_, err := f.deliver(&types.MsgRepayFinancing{Payer: f.exporter, LoanId: id, Amount: math.NewInt(1)})
	require.ErrorIs(t, err, types.ErrLoanNotActive)
}

func TestRefinance(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	id := f.loan(decl, lot, 100_000_000, 4_000_000)
	f.advance(10 * 24 * time.Hour)
	before := f.getDecl(decl).Financed
	_, payoff := f.getLoan(id).Due(f.now())
	mnbankMNT, cnbankMNT := f.bal(f.mnbank, mnt), f.bal(f.cnbank, mnt)

	_, err := f.deliver(&types.MsgRefinance{Bank: f.mnbank, Borrower: f.exporter, LoanId: id, RateBps: 900, Maturity: f.now().Add(24 * time.Hour), Denom: mnt})
	require.ErrorIs(t, err, types.ErrInvalidTerms, "the lender cannot refinance itself")
	res := f.must(&types.MsgRefinance{Bank: f.cnbank, Borrower: f.exporter, LoanId: id, RateBps: 900, Maturity: f.now().Add(60 * 24 * time.Hour), Denom: mnt})
	require.Equal(t, 1, count(res, &types.EventLoanRefinanced{}))
	require.Equal(t, 1, count(res, &tk.EventPledgeReassigned{}))
	nid := unpack(t, res, &types.MsgRefinanceResponse{}).LoanId
	old, nl := f.getLoan(id), f.getLoan(nid)
	require.Equal(t, types.LOAN_STATUS_REFINANCED, old.Status)
	require.Equal(t, nid, old.RefinancedBy)
	require.Equal(t, payoff, nl.Principal, "the new loan pays principal and interest off")
	require.Equal(t, mnbankMNT.Add(payoff), f.bal(f.mnbank, mnt))
	require.Equal(t, cnbankMNT.Sub(payoff), f.bal(f.cnbank, mnt))
	require.Equal(t, f.cnbank, f.pledge(nl.PledgeId).Lender)
	require.Equal(t, before, f.getDecl(decl).Financed, "no double count, no gap")
	_, err = f.deliver(&types.MsgRepayFinancing{Payer: f.exporter, LoanId: id, Amount: math.NewInt(1)})
	require.ErrorIs(t, err, types.ErrLoanNotActive)
}

func TestRefinanceInAnotherCurrency(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	id := f.loan(decl, lot, 100_000_000, 4_000_000)
	q := unpack(t, f.must(&settlementtypes.MsgPostQuote{Maker: f.maker, Base: "CNY", Quote: "MNT", Bid: math.LegacyMustNewDecFromStr("473.25"),
		Ask: math.LegacyMustNewDecFromStr("475.75"), MaxBase: math.NewInt(10_000_000), CollateralDenom: mnt, Expiry: f.now().Add(time.Hour)}),
		&settlementtypes.MsgPostQuoteResponse{}).QuoteId
	before := f.getDecl(decl).Financed
	_, payoff := f.getLoan(id).Due(f.now())
	cnbankCNY, mnbankMNT := f.bal(f.cnbank, cny), f.bal(f.mnbank, mnt)

	_, err := f.deliver(&types.MsgRefinance{Bank: f.cnbank, Borrower: f.exporter, LoanId: id, RateBps: 900, Maturity: f.now().Add(24 * time.Hour), Denom: cny})
	require.ErrorIs(t, err, types.ErrCurrencyMismatch, "another currency needs a quote")
	res := f.must(&types.MsgRefinance{Bank: f.cnbank, Borrower: f.exporter, LoanId: id, RateBps: 900, Maturity: f.now().Add(24 * time.Hour), Denom: cny, FxQuoteId: q})
	nl := f.getLoan(unpack(t, res, &types.MsgRefinanceResponse{}).LoanId)
	// the payoff bought at the bid, 473.25 MNT a CNY: ceil(payoff / 473.25)
	want := math.LegacyNewDecFromInt(payoff).Quo(math.LegacyMustNewDecFromStr("473.25")).Ceil().TruncateInt()
	require.Equal(t, want, nl.Principal)
	require.Equal(t, "CNY", nl.Currency)
	require.Equal(t, cnbankCNY.Sub(want), f.bal(f.cnbank, cny))
	require.Equal(t, mnbankMNT.Add(payoff), f.bal(f.mnbank, mnt), "the old lender gets exactly its payoff")
	require.Equal(t, before, f.getDecl(decl).Financed)
	require.Equal(t, before, nl.Counted)
}

func TestClaimCollateral(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	id := f.loan(decl, lot, 100_000_000, 4_000_000)
	_, err := f.deliver(&types.MsgClaimCollateral{Lender: f.mnbank, LoanId: id})
	require.ErrorIs(t, err, types.ErrNotDefaulted)
	f.advance(90*24*time.Hour + time.Minute)
	_, err = f.deliver(&types.MsgClaimCollateral{Lender: f.mnbank, LoanId: id})
	require.ErrorIs(t, err, types.ErrNotDefaulted, "within the grace period")
	f.advance(30 * 24 * time.Hour)
	_, err = f.deliver(&types.MsgClaimCollateral{Lender: f.cnbank, LoanId: id})
	require.ErrorIs(t, err, types.ErrNotLender)
	res := f.must(&types.MsgClaimCollateral{Lender: f.mnbank, LoanId: id})
	require.Equal(t, 1, count(res, &types.EventCollateralClaimed{}))
	require.Equal(t, 1, count(res, &tk.EventPledgeClaimed{}))
	require.Equal(t, 1, count(res, &types.EventDeclarationClosed{}))
	require.Equal(t, types.LOAN_STATUS_DEFAULTED, f.getLoan(id).Status)
	require.Equal(t, math.NewInt(4_000_000), f.bal(f.mnbank, tk.LotDenom(lot)))
	d := f.getDecl(decl)
	require.True(t, d.Financed.IsZero())
	require.Equal(t, math.NewInt(120_000_000), d.Closed, "4,000,000 of 5,000,000 units are gone to the lender")
	require.Equal(t, math.NewInt(30_000_000), d.Remaining())
}

func mathInt(t *testing.T, s string) math.Int {
	t.Helper()
	v, ok := math.NewIntFromString(s)
	require.True(t, ok, s)
	return v
}
