package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// PlaceHold puts a customs hold on a lot: its units stop moving.
func (s msgServer) PlaceHold(ctx context.Context, msg *types.MsgPlaceHold) (*types.MsgPlaceHoldResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	p, err := s.k.ActiveParticipant(ctx, msg.Officer)
	if err != nil {
		return nil, err
	}
	lot, err := s.k.liveLot(ctx, msg.LotId)
	if err != nil {
		return nil, err
	}
	var j string
	switch {
	case p.HasRole(types.ROLE_CUSTOMS, lot.Origin.Country):
		j = lot.Origin.Country
	case p.HasRole(types.ROLE_CUSTOMS, lot.DestinationCountry):
		j = lot.DestinationCountry
	default:
		return nil, types.ErrRoleNotHeld.Wrapf("a hold on lot %d needs CUSTOMS in %s or %s", lot.Id, lot.Origin.Country, lot.DestinationCountry)
	}
	id, err := keeperkit.NextID(ctx, s.k.HoldSeq)
	if err != nil {
		return nil, err
	}
	h := types.Hold{
		Id: id, LotId: lot.Id, Reason: msg.Reason, Jurisdiction: j, PlacedBy: msg.Officer,
		Note: msg.Note, PlacedHeight: height(ctx), Active: true,
	}
	if err := s.k.setHold(ctx, h); err != nil {
		return nil, err
	}
	if err := s.k.refreshBlock(ctx, lot); err != nil {
		return nil, err
	}
	return &types.MsgPlaceHoldResponse{HoldId: id}, keeperkit.Emit(ctx, &types.EventHoldPlaced{Hold: h})
}

// ReleaseHold releases a hold; any CUSTOMS officer of the hold's
// jurisdiction may, and the release records who and why.
func (s msgServer) ReleaseHold(ctx context.Context, msg *types.MsgReleaseHold) (*types.MsgReleaseHoldResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	p, err := s.k.ActiveParticipant(ctx, msg.Officer)
	if err != nil {
		return nil, err
	}
	h, err := s.k.Holds.Get(ctx, msg.HoldId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, types.ErrHoldNotFound.Wrapf("hold %d", msg.HoldId)
	} else if err != nil {
		return nil, err
	}
	if !h.Active {
		return nil, types.ErrHoldNotActive.Wrapf("hold %d was released at height %d", h.Id, h.ReleasedHeight)
	}
	if !p.HasRole(types.ROLE_CUSTOMS, h.Jurisdiction) {
		return nil, types.ErrRoleNotHeld.Wrapf("releasing hold %d needs CUSTOMS in %s", h.Id, h.Jurisdiction)
	}
	h.Active, h.ReleasedBy, h.ReleaseNote, h.ReleasedHeight = false, msg.Officer, msg.Note, height(ctx)
	if err := s.k.setHold(ctx, h); err != nil {
		return nil, err
	}
	lot, err := s.k.GetLot(ctx, h.LotId)
	if err != nil {
		return nil, err
	}
	if err := s.k.refreshBlock(ctx, lot); err != nil {
		return nil, err
	}
	return &types.MsgReleaseHoldResponse{}, keeperkit.Emit(ctx, &types.EventHoldReleased{Hold: h})
}

// setHold stores a hold and its lot indexes.
func (k Keeper) setHold(ctx context.Context, h types.Hold) error {
	key := collections.Join(h.LotId, h.Id)
	if err := k.Holds.Set(ctx, h.Id, h); err != nil {
		return err
	}
	if err := k.LotHolds.Set(ctx, key); err != nil {
		return err
	}
	if h.Active {
		return k.ActiveHolds.Set(ctx, key)
	}
	return k.ActiveHolds.Remove(ctx, key)
}
