package keeper

import (
	"context"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

type lotHooks struct{ h types.LotHooks }

// SetHooks installs the lot hooks once, when the app is wired.
func (k Keeper) SetHooks(h types.LotHooks) {
	if k.hooks.h != nil {
		panic("tokenize: lot hooks already set")
	}
	k.hooks.h = h
}

// lotChanged tells the hooks that a lot's attestations or holds changed.
func (k Keeper) lotChanged(ctx context.Context, lotID uint64) error {
	if k.hooks.h == nil {
		return nil
	}
	return k.hooks.h.AfterLotChanged(ctx, lotID)
}
