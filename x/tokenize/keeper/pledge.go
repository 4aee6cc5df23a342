package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// GetPledge returns a pledge.
func (k Keeper) GetPledge(ctx context.Context, id uint64) (types.Pledge, error) {
	p, err := k.Pledges.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return p, types.ErrPledgeNotFound.Wrapf("pledge %d", id)
	}
	return p, err
}

// Pledge locks units in the module account in favour of a BANK lender.
func (s msgServer) Pledge(ctx context.Context, msg *types.MsgPledge) (*types.MsgPledgeResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if _, err := s.k.ActiveParticipant(ctx, msg.Holder); err != nil {
		return nil, err
	}
	lender, err := s.k.ActiveParticipant(ctx, msg.Lender)
	if err != nil {
		return nil, err
	}
	if err := validateLender(lender); err != nil {
		return nil, err
	}
	if id, ok := types.ParseLotDenom(msg.Amount.Denom); ok {
		if _, err := s.k.liveLot(ctx, id); err != nil {
			return nil, err
		}
	} else if id, ok := types.ParsePackageDenom(msg.Amount.Denom); ok {
		if _, err := s.k.GetPackage(ctx, id); err != nil {
			return nil, err
		}
	}
	holder, _ := s.k.addressCodec.StringToBytes(msg.Holder)
	if bal := s.k.bank.GetBalance(ctx, holder, msg.Amount.Denom); bal.Amount.LT(msg.Amount.Amount) {
		return nil, types.ErrInvalidAmount.Wrapf("holder has %s, asked to pledge %s", bal, msg.Amount)
	}
	if err := s.k.bank.SendCoinsFromAccountToModule(ctx, holder, types.ModuleName, sdk.NewCoins(msg.Amount)); err != nil {
		return nil, err
	}
	id, err := keeperkit.NextID(ctx, s.k.PledgeSeq)
	if err != nil {
		return nil, err
	}
	p := types.Pledge{
		Id: id, Holder: msg.Holder, Lender: msg.Lender, Denom: msg.Amount.Denom, Amount: msg.Amount.Amount,
		Status: types.PLEDGE_STATUS_ACTIVE, Reference: msg.Reference, CreatedHeight: height(ctx),
	}
	if err := s.k.Pledges.Set(ctx, id, p); err != nil {
		return nil, err
	}
	return &types.MsgPledgeResponse{PledgeId: id}, keeperkit.Emit(ctx, &types.EventPledged{Pledge: p})
}

// closePledge pays a lender's active pledge out to payee and sets status.
func (k Keeper) closePledge(ctx context.Context, lender string, id uint64, status types.PledgeStatus, payee func(types.Pledge) string) (types.Pledge, error) {
	if _, err := k.ActiveParticipant(ctx, lender); err != nil {
		return types.Pledge{}, err
	}
	p, err := k.GetPledge(ctx, id)
	if err != nil {
		return p, err
	}
	if p.Lender != lender {
		return p, types.ErrNotLender.Wrapf("pledge %d", id)
	}
	if p.Status != types.PLEDGE_STATUS_ACTIVE {
		return p, types.ErrPledgeNotActive.Wrapf("pledge %d is %s", id, p.Status)
	}
	to, err := k.addressCodec.StringToBytes(payee(p))
	if err != nil {
		return p, err
	}
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, to, sdk.NewCoins(sdk.NewCoin(p.Denom, p.Amount))); err != nil {
		return p, err
	}
	p.Status, p.ClosedHeight = status, height(ctx)
	return p, k.Pledges.Set(ctx, p.Id, p)
}

// ReleasePledge returns the units to the holder.
func (s msgServer) ReleasePledge(ctx context.Context, msg *types.MsgReleasePledge) (*types.MsgReleasePledgeResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if _, err := s.k.closePledge(ctx, msg.Lender, msg.PledgeId, types.PLEDGE_STATUS_RELEASED, func(p types.Pledge) string { return p.Holder }); err != nil {
		return nil, err
	}
	return &types.MsgReleasePledgeResponse{}, keeperkit.Emit(ctx, &types.EventPledgeReleased{PledgeId: msg.PledgeId, Lender: msg.Lender})
}

// ClaimPledge transfers the units to the lender: the lender declares the
// default (the loan agreement lives off chain).
func (s msgServer) ClaimPledge(ctx context.Context, msg *types.MsgClaimPledge) (*types.MsgClaimPledgeResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if _, err := s.k.closePledge(ctx, msg.Lender, msg.PledgeId, types.PLEDGE_STATUS_CLAIMED, func(p types.Pledge) string { return p.Lender }); err != nil {
		return nil, err
	}
	return &types.MsgClaimPledgeResponse{}, keeperkit.Emit(ctx, &types.EventPledgeClaimed{PledgeId: msg.PledgeId, Lender: msg.Lender})
}
