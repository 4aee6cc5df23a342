package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// refreshBlock recomputes whether a lot's units may move.
func (k Keeper) refreshBlock(ctx context.Context, lot types.Lot) error {
	var n uint32
	err := k.ActiveHolds.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint64](lot.Id), func(collections.Pair[uint64, uint64]) (bool, error) {
		n++
		return false, nil
	})
	if err != nil {
		return err
	}
	if err := k.lotChanged(ctx, lot.Id); err != nil {
		return err
	}
	b := types.TransferBlock{ActiveHolds: n, CustomsRejected: lot.CustomsRejected()}
	if b.ActiveHolds == 0 && !b.CustomsRejected {
		return k.TransferBlocks.Remove(ctx, lot.Id)
	}
	return k.TransferBlocks.Set(ctx, lot.Id, b)
}

// CheckLotMovable returns ErrLotBlocked while the lot is under a customs hold
// or its latest customs result is REJECTED.
func (k Keeper) CheckLotMovable(ctx context.Context, id uint64) error {
	b, err := k.TransferBlocks.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	if b.ActiveHolds > 0 {
		return types.ErrLotBlocked.Wrapf("lot %d is under %d customs hold(s)", id, b.ActiveHolds)
	}
	return types.ErrLotBlocked.Wrapf("lot %d has a REJECTED customs attestation", id)
}

// CheckDenomMovable applies CheckLotMovable to a lot denom, or to every lot
// behind a package denom; other denoms always move.
func (k Keeper) CheckDenomMovable(ctx context.Context, denom string) error {
	if id, ok := types.ParseLotDenom(denom); ok {
		return k.CheckLotMovable(ctx, id)
	}
	if id, ok := types.ParsePackageDenom(denom); ok {
		pkg, err := k.Packages.Get(ctx, id)
		if errors.Is(err, collections.ErrNotFound) {
			return types.ErrPackageNotFound.Wrapf("package %d", id)
		} else if err != nil {
			return err
		}
		for _, c := range pkg.Components {
			if c.Amount.IsPositive() {
				if err := k.CheckLotMovable(ctx, c.LotId); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (k Keeper) isTrusted(a sdk.AccAddress) bool {
	for _, t := range k.trusted {
		if t.Equals(a) {
			return true
		}
	}
	return false
}

// checkParty refuses accounts that are neither active participants nor
// trusted module escrows.
func (k Keeper) checkParty(ctx context.Context, a sdk.AccAddress, side string) error {
	if k.isTrusted(a) {
		return nil
	}
	ok, err := k.ActiveParticipants.Has(ctx, a)
	if err != nil {
		return err
	}
	if !ok {
		s, _ := k.addressCodec.BytesToString(a)
		return types.ErrTransferNotAllowed.Wrapf("%s %s is not an active participant", side, s)
	}
	return nil
}

// SendRestriction is x/bank's send restriction for lot and package units: it
// runs on every transfer (bank send, multi-send, authz, module escrows, IBC
// transfer out), so no path bypasses the transfer rules.
func (k Keeper) SendRestriction(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) (sdk.AccAddress, error) {
	if k.isTrusted(from) && types.IsEscrowReturn(ctx) {
		return to, nil // a refund to the depositor is no transfer
	}
	checked := false
	for _, c := range amt {
		if !types.IsModuleDenom(c.Denom) {
			continue
		}
		if err := k.CheckDenomMovable(ctx, c.Denom); err != nil {
			return to, err
		}
		if checked {
			continue
		}
		if err := k.checkParty(ctx, from, "sender"); err != nil {
			return to, err
		}
		if err := k.checkParty(ctx, to, "recipient"); err != nil {
			return to, err
		}
		checked = true
	}
	return to, nil
}

// CheckSettleable is what x/settlement asks before a lot leg settles across
// the border: the lot is live, its units may move, and every attestation its
// class requires is ACCEPTED.
func (k Keeper) CheckSettleable(ctx context.Context, id uint64) error {
	lot, err := k.liveLot(ctx, id)
	if err != nil {
		return err
	}
	if err := k.CheckLotMovable(ctx, id); err != nil {
		return err
	}
	class, err := k.GetClass(ctx, lot.ClassCode)
	if err != nil {
		return err
	}
	for _, kind := range class.RequiredAttestations {
		if !lot.Accepted(kind) {
			return types.ErrNotSettleable.Wrapf("lot %d needs %s accepted", id, kind)
		}
	}
	return nil
}
