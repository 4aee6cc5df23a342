package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/x/finance/types"
	st "github.com/corridor-chain/corridor/x/settlement/types"
)

// A loan changes only with its borrower's consent: a bank cannot take one
// over and shorten it to claim the collateral, nor set the rate it is
// counted or refinanced at, nor approve on terms the exporter did not ask.

func TestRefinanceNeedsTheBorrower(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	id := f.loan(decl, lot, 100_000_000, 4_000_000)
	m := &types.MsgRefinance{Bank: f.cnbank, Borrower: f.importer, LoanId: id, RateBps: 900, Maturity: f.now().Add(time.Hour), Denom: mnt}
	_, err := f.deliver(m)
	require.ErrorIs(t, err, types.ErrNotBorrower)
	m.Borrower = ""
	_, err = f.deliver(m)
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	require.Equal(t, types.LOAN_STATUS_ACTIVE, f.getLoan(id).Status)
}

func TestQuoteOfAPartyIsNoRate(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	// cnbank posts its own CNY/MNT quote at a rate of its choosing
	q := unpack(t, f.must(&st.MsgPostQuote{Maker: f.cnbank, Base: "CNY", Quote: "MNT", Bid: math.LegacyMustNewDecFromStr("100000"),
		Ask: math.LegacyMustNewDecFromStr("100001"), MaxBase: math.NewInt(10_000), CollateralDenom: mnt, Expiry: f.now().Add(time.Hour)}),
		&st.MsgPostQuoteResponse{}).QuoteId
	am := f.applyMsg(decl, lot, f.cnbank, 1_000_000, 10)
	am.Currency = "CNY"
	a := unpack(t, f.must(am), &types.MsgApplyFinancingResponse{}).ApplicationId
	ap := f.approveMsg(a, f.cnbank, 1_000_000)
	ap.Denom, ap.FxQuoteId = cny, q
	_, err := f.deliver(ap)
	require.ErrorIs(t, err, types.ErrCurrencyMismatch, "a lender's own quote does not count its loan")
	require.True(t, f.getDecl(decl).Financed.IsZero())

	// nor does a rate no one stands behind: an independent maker's dust quote
	// firm for one minor unit does not count a loan of a million
	dust := unpack(t, f.must(&st.MsgPostQuote{Maker: f.maker, Base: "CNY", Quote: "MNT", Bid: math.LegacyMustNewDecFromStr("0.000001"),
		Ask: math.LegacyMustNewDecFromStr("0.000001"), MaxBase: math.NewInt(1), CollateralDenom: mnt, Expiry: f.now().Add(time.Hour)}),
		&st.MsgPostQuoteResponse{}).QuoteId
	ap.FxQuoteId = dust
	_, err = f.deliver(ap)
	require.ErrorIs(t, err, types.ErrCurrencyMismatch, "a quote counts only what it is firm for")
	require.True(t, f.getDecl(decl).Financed.IsZero())

	id := f.loan(decl, lot, 100_000_000, 4_000_000)
	_, err = f.deliver(&types.MsgRefinance{Bank: f.cnbank, Borrower: f.exporter, LoanId: id, RateBps: 900,
		Maturity: f.now().Add(time.Hour), Denom: cny, FxQuoteId: q})
	require.ErrorIs(t, err, types.ErrCurrencyMismatch, "nor buys the payoff it then lends")
}

func TestApprovalWithinTheApplication(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	a := f.apply(decl, lot, f.mnbank, 100_000_000, 4_000_000)
	for _, tc := range []struct {
		name   string
		mutate func(m *types.MsgApproveFinancing)
	}{
		{"failure: a token principal against all the collateral", func(m *types.MsgApproveFinancing) { m.Principal = math.NewInt(1) }},
		{"failure: shorter than the tenor asked", func(m *types.MsgApproveFinancing) { m.Maturity = f.now().Add(time.Hour) }},
		{"failure: above the rate the exporter accepts", func(m *types.MsgApproveFinancing) { m.RateBps = 1501 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := f.approveMsg(a, f.mnbank, 100_000_000)
			tc.mutate(m)
			_, err := f.deliver(m)
			require.ErrorIs(t, err, types.ErrInvalidTerms)
		})
	}
}

func TestWithdrawApplication(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	a := f.apply(decl, lot, f.mnbank, 100_000_000, 4_000_000)
	_, err := f.deliver(&types.MsgWithdrawApplication{Borrower: f.importer, ApplicationId: a})
	require.ErrorIs(t, err, types.ErrNotBorrower)
	res := f.must(&types.MsgWithdrawApplication{Borrower: f.exporter, ApplicationId: a})
	require.Equal(t, 1, count(res, &types.EventApplicationWithdrawn{}))
	_, err = f.deliver(f.approveMsg(a, f.mnbank, 100_000_000))
	require.ErrorIs(t, err, types.ErrApplicationNotOpen)
}

func TestSaleEndsByMaturity(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	id := f.loan(decl, lot, 100_000_000, 4_000_000)
	f.advance(90*24*time.Hour - 30*time.Minute)
	_, err := f.deliver(f.sale(lot, id, 4_000_000, 200_000_000)) // deadline an hour on: after maturity
	require.ErrorIs(t, err, types.ErrInvalidSale, "a sale cannot hold a loan past its maturity")
}

func TestOneDeclarationPerLot(t *testing.T) {
	f := newFixture(t)
	lot, _ := f.declaration()
	_, err := f.deliver(f.recordMsg(lot, "10010000/241119/0000999"))
	require.ErrorIs(t, err, types.ErrDeclarationExists, "the same goods under a second number")
}
