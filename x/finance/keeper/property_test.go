package keeper_test

import (
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/x/finance/types"
)

// TestNoDoubleFinancingProperty drives random applications, approvals,
// repayments, refinancings, sales and claims from three banks of three
// jurisdictions against two declarations, and checks after every step that
// no declaration is financed beyond its value and that the financed amount
// is exactly what its live loans count.
func TestNoDoubleFinancingProperty(t *testing.T) {
	f := newFixture(t)
	type decl struct{ lot, id uint64 }
	lot1, d1 := f.declaration()
	lot2 := f.lot()
	f.clear(lot2, hash("10010000/241119/0000777"))
	d2 := unpack(t, f.must(f.recordMsg(lot2, "10010000/241119/0000777")), &types.MsgRecordDeclarationResponse{}).DeclarationId
	decls := []decl{{lot1, d1}, {lot2, d2}}
	banks := []string{f.mnbank, f.cnbank, f.rubank}
	f.must(sendMNT(f.mnbank, f.rubank, 1_000_000_000))
	r := rand.New(rand.NewSource(7))
	var loans []uint64
	ok := 0
	for step := range 300 {
		d := decls[r.Intn(len(decls))]
		var err error
		switch op := r.Intn(6); {
		case op <= 1: // apply and approve
			bank := banks[r.Intn(len(banks))]
			amt := int64(1 + r.Intn(80_000_000))
			if _, err = f.deliver(f.applyMsg(d.id, d.lot, bank, amt, int64(1+r.Intn(1_000_000)))); err == nil {
				a := f.lastApplication()
				if r2, e := f.deliver(f.approveMsg(a, bank, amt)); e == nil {
					loans = append(loans, unpack(t, r2, &types.MsgApproveFinancingResponse{}).LoanId)
				} else {
					err = e
				}
			}
		case op == 2 && len(loans) > 0: // repay part or all
			l := loans[r.Intn(len(loans))]
			_, err = f.deliver(&types.MsgRepayFinancing{Payer: f.exporter, LoanId: l, Amount: math.NewInt(int64(1 + r.Intn(90_000_000)))})
		case op == 3 && len(loans) > 0: // refinance by another bank
			l := loans[r.Intn(len(loans))]
			if r2, e := f.deliver(&types.MsgRefinance{Bank: banks[r.Intn(len(banks))], Borrower: f.exporter, LoanId: l, RateBps: uint32(r.Intn(3000)),
				Maturity: f.now().Add(30 * 24 * time.Hour), Denom: mnt}); e == nil {
				loans = append(loans, unpack(t, r2, &types.MsgRefinanceResponse{}).LoanId)
			} else {
				err = e
			}
		case op == 4 && len(loans) > 0: // sell pledged units
			l := loans[r.Intn(len(loans))]
			ln := f.getLoan(l)
			m := f.sale(d.lot, l, ln.CollateralAmount.Int64(), 150_000_000)
			m.Legs[0].Denom = ln.CollateralDenom
			m.Fund, m.CoSigners = true, []string{f.importer}
			_, err = f.deliver(m)
		case op == 5: // time passes; lenders claim what is past grace
			f.advance(time.Duration(r.Intn(40*24)) * time.Hour)
			for _, l := range loans {
				if ln := f.getLoan(l); ln.Live() {
					f.deliver(&types.MsgClaimCollateral{Lender: ln.Lender, LoanId: l}) //nolint:errcheck // refusals are part of the walk
				}
			}
		}
		if err == nil {
			ok++
		}
		broken, berr := f.k().Broken(f.ctx())
		require.NoError(t, berr)
		require.Empty(t, broken, "step %d", step)
		for _, x := range decls {
			dd := f.getDecl(x.id)
			require.True(t, dd.Financed.LTE(dd.Value), "step %d: declaration %d financed %s of %s", step, x.id, dd.Financed, dd.Value)
		}
	}
	require.Greater(t, ok, 50, "the walk must do things, not only be refused")
}

func (f *fixture) lastApplication() uint64 {
	n, err := f.k().ApplicationSeq.Peek(f.ctx())
	require.NoError(f.t, err)
	return n - 1
}
