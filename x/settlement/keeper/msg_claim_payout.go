package keeper

import (
	"context"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ClaimPayout credits a claimable payout to its owner's account here.
func (s msgServer) ClaimPayout(ctx context.Context, msg *types.MsgClaimPayout) (*types.MsgClaimPayoutResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	p, err := s.k.GetPayout(ctx, msg.PayoutId)
	if err != nil {
		return nil, err
	}
	if p.Owner != msg.Owner {
		return nil, types.ErrPayoutNotClaimable.Wrapf("payout %d belongs to %s", p.Id, p.Owner)
	}
	if p.Status != types.PAYOUT_STATUS_CLAIMABLE {
		return nil, types.ErrPayoutNotClaimable.Wrapf("payout %d is %s", p.Id, p.Status)
	}
	coin := sdk.NewCoin(p.Denom, p.Amount)
	if err := s.k.refund(ctx, p.Owner, coin); err != nil {
		return nil, err
	}
	p.Status, p.ClosedHeight = types.PAYOUT_STATUS_CLAIMED, blockHeight(ctx)
	if err := s.k.setPayout(ctx, p); err != nil {
		return nil, err
	}
	return &types.MsgClaimPayoutResponse{Denom: p.Denom, Amount: p.Amount},
		keeperkit.Emit(ctx, &types.EventPayoutClosed{PayoutId: p.Id, Status: p.Status})
}
