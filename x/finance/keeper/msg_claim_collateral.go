package keeper

import (
	"context"

	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/finance/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// ClaimCollateral defaults a loan past its maturity and grace period: the
// pledged units go to the lender, the loan stops counting against its
// declaration, and the claimed units' share of the declaration is closed
// (those goods are no longer the exporter's to finance).
func (s msgServer) ClaimCollateral(ctx context.Context, msg *types.MsgClaimCollateral) (*types.MsgClaimCollateralResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	params, err := s.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	l, err := s.k.liveLoan(ctx, msg.LoanId)
	if err != nil {
		return nil, err
	}
	if l.Lender != msg.Lender {
		return nil, types.ErrNotLender.Wrapf("loan %d is lent by %s", l.Id, l.Lender)
	}
	now := blockTime(ctx)
	if due := l.Maturity.Add(params.GracePeriod); now.Before(due) {
		return nil, types.ErrNotDefaulted.Wrapf("loan %d may be claimed from %s (maturity plus %s grace)", l.Id, due.UTC().Format("2006-01-02T15:04:05Z"), params.GracePeriod)
	}
	if err := s.k.tokenize.CloseManagedPledge(ctx, types.ModuleName, l.PledgeId, tokenizetypes.PLEDGE_STATUS_CLAIMED); err != nil {
		return nil, err
	}
	l.Accrue(now)
	unpaid, counted := l.Outstanding.Add(l.Accrued), l.Counted
	l.Counted, l.Status, l.ClosedHeight = math.ZeroInt(), types.LOAN_STATUS_DEFAULTED, blockHeight(ctx)
	if err := s.k.Loans.Set(ctx, l.Id, l); err != nil {
		return nil, err
	}
	d, err := s.k.uncount(ctx, l.DeclarationId, counted)
	if err != nil {
		return nil, err
	}
	if err := keeperkit.Emit(ctx, &types.EventCollateralClaimed{LoanId: l.Id, Lender: l.Lender, Denom: l.CollateralDenom,
		Amount: l.CollateralAmount, Unpaid: unpaid}); err != nil {
		return nil, err
	}
	lot, _ := tokenizetypes.ParseLotDenom(l.CollateralDenom)
	return &types.MsgClaimCollateralResponse{}, s.k.closeShare(ctx, d, lot, l.CollateralAmount)
}
