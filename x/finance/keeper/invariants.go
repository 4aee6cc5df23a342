package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/finance/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// RegisterInvariants registers the module's invariants.
func RegisterInvariants(ir sdk.InvariantRegistry, k Keeper) {
	ir.RegisterRoute(types.ModuleName, "no-double-financing", NoDoubleFinancingInvariant(k))
}

// Broken lists every way the financing state is inconsistent: a
// declaration's financed amount other than the sum its live loans count,
// more financed than declared (double financing), a closed share beyond the
// value, a live loan without a live pledge (every loan has its way out), or
// a loans-by-status index entry that is not exactly one loan's status.
func (k Keeper) Broken(ctx context.Context) ([]string, error) {
	counted := map[uint64]math.Int{}
	var broken []string
	status := map[uint64]types.LoanStatus{} // every loan's status, for the index check
	err := k.Loans.Walk(ctx, nil, func(_ uint64, l types.Loan) (bool, error) {
		status[l.Id] = l.Status
		if !l.Live() {
			if !l.Counted.IsZero() {
				broken = append(broken, fmt.Sprintf("loan %d is %s and still counts %s", l.Id, l.Status, l.Counted))
			}
			return false, nil
		}
		c, ok := counted[l.DeclarationId]
		if !ok {
			c = math.ZeroInt()
		}
		counted[l.DeclarationId] = c.Add(l.Counted)
		if l.Outstanding.IsNegative() || l.Accrued.IsNegative() || (l.Outstanding.IsZero() && l.Counted.IsPositive()) {
			broken = append(broken, fmt.Sprintf("loan %d: outstanding %s, accrued %s, counted %s", l.Id, l.Outstanding, l.Accrued, l.Counted))
		}
		p, err := k.tokenize.GetPledge(ctx, l.PledgeId)
		if err != nil {
			return true, err
		}
		if p.Status != tokenizetypes.PLEDGE_STATUS_ACTIVE || p.Lender != l.Lender || p.Manager != types.ModuleName ||
			p.Denom != l.CollateralDenom || !p.Amount.Equal(l.CollateralAmount) {
			broken = append(broken, fmt.Sprintf("loan %d: its pledge %d is not the active collateral of its lender", l.Id, l.PledgeId))
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	indexed := 0
	err = k.Loans.Indexes.Status.Walk(ctx, nil, func(s int32, id uint64) (bool, error) {
		indexed++
		if st, ok := status[id]; !ok || int32(st) != s {
			broken = append(broken, fmt.Sprintf("the status index holds loan %d under %s, the loan is %s", id, types.LoanStatus(s), st))
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	if indexed != len(status) {
		broken = append(broken, fmt.Sprintf("the status index holds %d entries for %d loans", indexed, len(status)))
	}
	err = k.Declarations.Walk(ctx, nil, func(_ uint64, d types.Declaration) (bool, error) {
		c, ok := counted[d.Id]
		if !ok {
			c = math.ZeroInt()
		}
		switch {
		case !c.Equal(d.Financed):
			broken = append(broken, fmt.Sprintf("declaration %d: financed %s, its live loans count %s", d.Id, d.Financed, c))
		case d.Financed.GT(d.Value):
			broken = append(broken, fmt.Sprintf("declaration %d: financed %s over its value %s", d.Id, d.Financed, d.Value))
		case d.Closed.GT(d.Value) || d.Closed.IsNegative():
			broken = append(broken, fmt.Sprintf("declaration %d: closed %s outside [0, %s]", d.Id, d.Closed, d.Value))
		}
		return false, nil
	})
	return broken, err
}

// NoDoubleFinancingInvariant: for every declaration, the financed amount is
// what its live loans count and never more than its declared value.
func NoDoubleFinancingInvariant(k Keeper) sdk.Invariant {
	return func(ctx sdk.Context) (string, bool) {
		broken, err := k.Broken(ctx)
		if err != nil {
			broken = append(broken, err.Error())
		}
		return sdk.FormatInvariant(types.ModuleName, "no-double-financing", fmt.Sprint(broken)), len(broken) > 0
	}
}
