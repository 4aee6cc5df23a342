package keeper

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/finance/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// RepayFinancing pays a loan's lender from anyone's account: accrued
// interest first, then principal, never more than is due. Repaid in full,
// the pledge is released to the borrower and the declaration's balance
// restored.
func (s msgServer) RepayFinancing(ctx context.Context, msg *types.MsgRepayFinancing) (*types.MsgRepayFinancingResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	l, err := s.k.liveLoan(ctx, msg.LoanId)
	if err != nil {
		return nil, err
	}
	counted := l.Counted
	interest, principal := l.Pay(blockTime(ctx), msg.Amount)
	paid := interest.Add(principal)
	if paid.IsPositive() {
		if err := s.k.bank.SendCoins(ctx, s.k.addr(msg.Payer), s.k.addr(l.Lender), sdk.NewCoins(sdk.NewCoin(l.Denom, paid))); err != nil {
			return nil, err
		}
	}
	if l.Outstanding.IsZero() {
		if err := s.k.tokenize.CloseManagedPledge(ctx, types.ModuleName, l.PledgeId, tokenizetypes.PLEDGE_STATUS_RELEASED); err != nil {
			return nil, err
		}
		l.Status, l.ClosedHeight = types.LOAN_STATUS_REPAID, blockHeight(ctx)
	}
	if err := s.k.saveRepaid(ctx, l, counted); err != nil {
		return nil, err
	}
	return &types.MsgRepayFinancingResponse{Interest: interest.String(), Principal: principal.String(), Status: l.Status},
		keeperkit.Emit(ctx, &types.EventLoanRepaid{LoanId: l.Id, Payer: msg.Payer, Denom: l.Denom, Interest: interest,
			Principal: principal, Outstanding: l.Outstanding, Status: l.Status})
}

// liveLoan loads an active loan whose pledge no open sale holds.
func (k Keeper) liveLoan(ctx context.Context, id uint64) (types.Loan, error) {
	l, err := k.GetLoan(ctx, id)
	if err != nil {
		return l, err
	}
	if !l.Live() {
		return l, types.ErrLoanNotActive.Wrapf("loan %d is %s", id, l.Status)
	}
	if l.SaleInstructionId != 0 {
		return l, types.ErrSalePending.Wrapf("loan %d: instruction %d sells its units and repays it at settlement; it closes by its deadline", id, l.SaleInstructionId)
	}
	return l, nil
}

// saveRepaid stores a loan after a payment and gives back to its
// declaration what its counted share shrank by.
func (k Keeper) saveRepaid(ctx context.Context, l types.Loan, countedBefore math.Int) error {
	if err := k.Loans.Set(ctx, l.Id, l); err != nil {
		return err
	}
	if freed := countedBefore.Sub(l.Counted); freed.IsPositive() {
		if _, err := k.uncount(ctx, l.DeclarationId, freed); err != nil {
			return err
		}
	}
	return nil
}
