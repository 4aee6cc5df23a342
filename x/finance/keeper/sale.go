package keeper

import (
	"context"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/finance/types"
	settlementtypes "github.com/corridor-chain/corridor/x/settlement/types"
)

// x/settlement calls these for a DVP whose lot leg sells a loan's pledged
// units: the loan itself is the lender's consent to the sale, on the
// condition that the buyer's payment repays it first.

var _ settlementtypes.FinanceKeeper = Keeper{}

// CheckSale: the seller is the borrower, the leg sells the pledged lot's
// units (at most the pledged amount), no other sale holds the loan, the
// proceeds are in the loan's currency and cover everything due by the
// instruction's deadline.
func (k Keeper) CheckSale(ctx context.Context, loanID uint64, lot settlementtypes.Leg, proceeds sdk.Coin, deadline time.Time) error {
	l, err := k.liveLoan(ctx, loanID)
	if err != nil {
		return err
	}
	switch {
	case lot.From != l.Borrower:
		return types.ErrInvalidSale.Wrapf("loan %d's units are the borrower's %s to sell", l.Id, l.Borrower)
	case lot.Denom != l.CollateralDenom || lot.Amount.GT(l.CollateralAmount):
		return types.ErrInvalidSale.Wrapf("loan %d is secured by %s%s; the leg sells %s%s", l.Id, l.CollateralAmount, l.CollateralDenom, lot.Amount, lot.Denom)
	}
	switch {
	case proceeds.Denom != l.Denom:
		return types.ErrInvalidSale.Wrapf("loan %d is repaid in %s: the leg paying the seller must pay %s, not %s", l.Id, l.Currency, l.Denom, proceeds.Denom)
	case deadline.After(l.Maturity):
		return types.ErrInvalidSale.Wrapf("loan %d matures %s: the sale's deadline must not be later", l.Id, l.Maturity.UTC().Format(time.RFC3339))
	}
	if _, due := l.Due(deadline); proceeds.Amount.LT(due) {
		return types.ErrProceedsShort.Wrapf("the seller receives %s%s, loan %d needs %s by the deadline (principal %s and interest): raise the price or repay the loan first",
			proceeds.Amount, proceeds.Denom, l.Id, due, l.Outstanding)
	}
	return nil
}

// StartSale commits the loan's pledge to the instruction that funds its lot
// leg from it.
func (k Keeper) StartSale(ctx context.Context, loanID, instructionID uint64) error {
	l, err := k.liveLoan(ctx, loanID)
	if err != nil {
		return err
	}
	l.SaleInstructionId = instructionID
	if err := k.Loans.Set(ctx, l.Id, l); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventSaleCommitted{LoanId: l.Id, InstructionId: instructionID})
}

// EndSale frees the pledge of an instruction that closed unsettled.
func (k Keeper) EndSale(ctx context.Context, loanID, instructionID uint64) error {
	l, err := k.GetLoan(ctx, loanID)
	if err != nil || l.SaleInstructionId != instructionID {
		return err
	}
	l.SaleInstructionId = 0
	if err := k.Loans.Set(ctx, l.Id, l); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventSaleReleased{LoanId: l.Id, InstructionId: instructionID})
}

// SettleSale delivers the sold units from the pledge to the buyer (the rest
// back to the borrower) and repays the loan in full from the proceeds: it
// returns the lender and what settlement pays it before the seller.
func (k Keeper) SettleSale(ctx context.Context, loanID, instructionID uint64, buyer string, units math.Int, proceeds sdk.Coin) (sdk.AccAddress, math.Int, error) {
	l, err := k.GetLoan(ctx, loanID)
	if err != nil {
		return nil, math.Int{}, err
	}
	if !l.Live() || l.SaleInstructionId != instructionID {
		return nil, math.Int{}, types.ErrInvalidSale.Wrapf("loan %d is %s and not sold by instruction %d", l.Id, l.Status, instructionID)
	}
	now := blockTime(ctx)
	_, due := l.Due(now)
	if proceeds.Amount.LT(due) {
		return nil, math.Int{}, types.ErrProceedsShort.Wrapf("loan %d needs %s, the sale pays the seller %s", l.Id, due, proceeds.Amount)
	}
	if err := k.tokenize.SellManagedPledge(ctx, types.ModuleName, l.PledgeId, buyer, units); err != nil {
		return nil, math.Int{}, err
	}
	counted := l.Counted
	interest, principal := l.Pay(now, due)
	l.Status, l.SaleInstructionId, l.ClosedHeight = types.LOAN_STATUS_REPAID_FROM_PROCEEDS, 0, blockHeight(ctx)
	if err := k.saveRepaid(ctx, l, counted); err != nil {
		return nil, math.Int{}, err
	}
	return k.addr(l.Lender), due, keeperkit.Emit(ctx, &types.EventLoanRepaidFromProceeds{LoanId: l.Id, InstructionId: instructionID,
		Denom: proceeds.Denom, Interest: interest, Principal: principal, ToBorrower: proceeds.Amount.Sub(due)})
}
