package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

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
	id, err := s.k.openPledge(ctx, "", msg.Holder, msg.Lender, msg.Amount, msg.Reference)
	if err != nil {
		return nil, err
	}
	return &types.MsgPledgeResponse{PledgeId: id}, nil
}

// OpenManagedPledge pledges a holder's units to a BANK lender on behalf of
// the manager module (x/finance), which alone then releases, claims,
// reassigns or sells it.
func (k Keeper) OpenManagedPledge(ctx context.Context, manager, holder, lender string, coin sdk.Coin, reference string) (uint64, error) {
	return k.openPledge(ctx, manager, holder, lender, coin, reference)
}

func (k Keeper) openPledge(ctx context.Context, manager, holder, lender string, coin sdk.Coin, reference string) (uint64, error) {
	if _, err := k.ActiveParticipant(ctx, holder); err != nil {
		return 0, err
	}
	lp, err := k.ActiveParticipant(ctx, lender)
	if err != nil {
		return 0, err
	}
	if err := validateLender(lp); err != nil {
		return 0, err
	}
	if id, ok := types.ParseLotDenom(coin.Denom); ok {
		if _, err := k.liveLot(ctx, id); err != nil {
			return 0, err
		}
	} else if id, ok := types.ParsePackageDenom(coin.Denom); ok {
		if _, err := k.GetPackage(ctx, id); err != nil {
			return 0, err
		}
	}
	h, err := k.addressCodec.StringToBytes(holder)
	if err != nil {
		return 0, types.ErrInvalidAddress.Wrapf("invalid holder address: %s", err)
	}
	if bal := k.bank.GetBalance(ctx, h, coin.Denom); bal.Amount.LT(coin.Amount) {
		return 0, types.ErrInvalidAmount.Wrapf("holder has %s, asked to pledge %s", bal, coin)
	}
	if err := k.bank.SendCoinsFromAccountToModule(ctx, h, types.ModuleName, sdk.NewCoins(coin)); err != nil {
		return 0, err
	}
	id, err := keeperkit.NextID(ctx, k.PledgeSeq)
	if err != nil {
		return 0, err
	}
	p := types.Pledge{
		Id: id, Holder: holder, Lender: lender, Denom: coin.Denom, Amount: coin.Amount,
		Status: types.PLEDGE_STATUS_ACTIVE, Reference: reference, CreatedHeight: height(ctx), Manager: manager,
	}
	if err := k.Pledges.Set(ctx, id, p); err != nil {
		return 0, err
	}
	return id, keeperkit.Emit(ctx, &types.EventPledged{Pledge: p})
}

// activePledge loads an active pledge managed by manager ("" for one its
// lender manages by message).
func (k Keeper) activePledge(ctx context.Context, manager string, id uint64) (types.Pledge, error) {
	p, err := k.GetPledge(ctx, id)
	if err != nil {
		return p, err
	}
	if p.Manager != manager {
		if manager == "" {
			return p, types.ErrPledgeManaged.Wrapf("pledge %d secures a %s loan", id, p.Manager)
		}
		return p, types.ErrPledgeManaged.Wrapf("pledge %d is not managed by %s", id, manager)
	}
	if p.Status != types.PLEDGE_STATUS_ACTIVE {
		return p, types.ErrPledgeNotActive.Wrapf("pledge %d is %s", id, p.Status)
	}
	return p, nil
}

// payPledged sends pledged units out of the pledge escrow; back to the
// holder is an escrow return, to anyone else a transfer under the lot rules.
func (k Keeper) payPledged(ctx context.Context, p types.Pledge, to string, amount math.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	addr, err := k.addressCodec.StringToBytes(to)
	if err != nil {
		return err
	}
	if to == p.Holder {
		ctx = types.WithEscrowReturn(sdk.UnwrapSDKContext(ctx))
	}
	return k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, addr, sdk.NewCoins(sdk.NewCoin(p.Denom, amount)))
}

// closePledge pays an active pledge out to payee and sets status.
func (k Keeper) closePledge(ctx context.Context, p types.Pledge, status types.PledgeStatus, payee string) error {
	if err := k.payPledged(ctx, p, payee, p.Amount); err != nil {
		return err
	}
	p.Status, p.ClosedHeight = status, height(ctx)
	if err := k.Pledges.Set(ctx, p.Id, p); err != nil {
		return err
	}
	if status == types.PLEDGE_STATUS_CLAIMED {
		return keeperkit.Emit(ctx, &types.EventPledgeClaimed{PledgeId: p.Id, Lender: p.Lender})
	}
	return keeperkit.Emit(ctx, &types.EventPledgeReleased{PledgeId: p.Id, Lender: p.Lender})
}

// lenderPledge loads a lender's own unmanaged active pledge.
func (k Keeper) lenderPledge(ctx context.Context, lender string, id uint64) (types.Pledge, error) {
	if _, err := k.ActiveParticipant(ctx, lender); err != nil {
		return types.Pledge{}, err
	}
	p, err := k.activePledge(ctx, "", id)
	if err != nil {
		return p, err
	}
	if p.Lender != lender {
		return p, types.ErrNotLender.Wrapf("pledge %d", id)
	}
	return p, nil
}

// ReleasePledge returns the units to the holder.
func (s msgServer) ReleasePledge(ctx context.Context, msg *types.MsgReleasePledge) (*types.MsgReleasePledgeResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	p, err := s.k.lenderPledge(ctx, msg.Lender, msg.PledgeId)
	if err != nil {
		return nil, err
	}
	return &types.MsgReleasePledgeResponse{}, s.k.closePledge(ctx, p, types.PLEDGE_STATUS_RELEASED, p.Holder)
}

// ClaimPledge transfers the units to the lender: the lender declares the
// default (the loan agreement lives off chain).
func (s msgServer) ClaimPledge(ctx context.Context, msg *types.MsgClaimPledge) (*types.MsgClaimPledgeResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	p, err := s.k.lenderPledge(ctx, msg.Lender, msg.PledgeId)
	if err != nil {
		return nil, err
	}
	return &types.MsgClaimPledgeResponse{}, s.k.closePledge(ctx, p, types.PLEDGE_STATUS_CLAIMED, p.Lender)
}

// CloseManagedPledge releases a managed pledge to its holder or, with
// status CLAIMED, gives its units to its lender.
func (k Keeper) CloseManagedPledge(ctx context.Context, manager string, id uint64, status types.PledgeStatus) error {
	p, err := k.activePledge(ctx, manager, id)
	if err != nil {
		return err
	}
	payee := p.Holder
	if status == types.PLEDGE_STATUS_CLAIMED {
		payee = p.Lender
	} else if status != types.PLEDGE_STATUS_RELEASED {
		return types.ErrInvalidPledge.Wrapf("a pledge closes released or claimed, not %s", status)
	}
	return k.closePledge(ctx, p, status, payee)
}

// ReassignManagedPledge passes a managed pledge to a new BANK lender.
func (k Keeper) ReassignManagedPledge(ctx context.Context, manager string, id uint64, lender string) error {
	p, err := k.activePledge(ctx, manager, id)
	if err != nil {
		return err
	}
	lp, err := k.ActiveParticipant(ctx, lender)
	if err != nil {
		return err
	}
	if err := validateLender(lp); err != nil {
		return err
	}
	from := p.Lender
	p.Lender = lender
	if err := k.Pledges.Set(ctx, p.Id, p); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventPledgeReassigned{PledgeId: p.Id, FromLender: from, ToLender: lender})
}

// SellManagedPledge delivers units of a managed pledge to a buyer under the
// lot transfer rules and returns the rest to the holder: the pledge closes
// SOLD.
func (k Keeper) SellManagedPledge(ctx context.Context, manager string, id uint64, buyer string, units math.Int) error {
	p, err := k.activePledge(ctx, manager, id)
	if err != nil {
		return err
	}
	if !units.IsPositive() || units.GT(p.Amount) {
		return types.ErrInvalidAmount.Wrapf("pledge %d holds %s %s, cannot sell %s", id, p.Amount, p.Denom, units)
	}
	if err := k.payPledged(ctx, p, buyer, units); err != nil {
		return err
	}
	rest := p.Amount.Sub(units)
	if err := k.payPledged(ctx, p, p.Holder, rest); err != nil {
		return err
	}
	p.Status, p.ClosedHeight = types.PLEDGE_STATUS_SOLD, height(ctx)
	if err := k.Pledges.Set(ctx, p.Id, p); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventPledgeSold{PledgeId: p.Id, Buyer: buyer, Sold: units, Returned: rest})
}
