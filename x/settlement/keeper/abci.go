package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/settlement/types"
)

// EndBlock does the module's bounded per-block work, each item in its own
// cache context so that one failure cannot halt the chain or leave half a
// change behind: quote expiries and instruction deadlines (queues keyed by
// time, at most max_expiries_per_block each), retries of funded instructions
// whose conditions now hold (same bound), and the netting cycle close every
// netting_cycle_blocks.
func (k Keeper) EndBlock(ctx context.Context) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	params, err := k.GetParams(ctx)
	if err != nil {
		return err
	}
	limit := int(params.MaxExpiriesPerBlock)
	now := sdkCtx.BlockTime()

	quotes, err := due(ctx, k.QuoteExpiry, now, limit)
	if err != nil {
		return err
	}
	for _, id := range quotes {
		k.isolated(sdkCtx, "expire quote", func(c sdk.Context) error {
			q, err := k.GetQuote(c, id)
			if err != nil {
				return err
			}
			return k.closeQuote(c, q, types.QUOTE_STATUS_EXPIRED)
		})
	}
	instrs, err := due(ctx, k.DeadlineQueue, now, limit)
	if err != nil {
		return err
	}
	for _, id := range instrs {
		k.isolated(sdkCtx, "expire instruction", func(c sdk.Context) error {
			in, err := k.GetInstruction(c, id)
			if err != nil {
				return err
			}
			return k.closeInstruction(c, in, types.INSTRUCTION_STATUS_EXPIRED)
		})
	}
	var pending []uint64
	err = k.PendingSettlement.Walk(ctx, nil, func(id uint64) (bool, error) {
		pending = append(pending, id)
		return len(pending) >= limit, nil
	})
	if err != nil {
		return err
	}
	for _, id := range pending {
		k.isolated(sdkCtx, "retry settlement", func(c sdk.Context) error {
			in, err := k.GetInstruction(c, id)
			if err != nil {
				return err
			}
			reason, err := k.blocker(c, in, k.newParticipants())
			if err != nil || reason != "" {
				return err
			}
			return k.settleGross(c, in)
		})
	}
	if h := sdkCtx.BlockHeight(); h > 0 && uint64(h)%params.NettingCycleBlocks == 0 {
		k.isolated(sdkCtx, "netting cycle", func(c sdk.Context) error { return k.closeCycle(c) })
	}
	return nil
}

// due lists up to limit ids whose time key is at or before now.
func due(ctx context.Context, q collections.KeySet[collections.Pair[time.Time, uint64]], now time.Time, limit int) ([]uint64, error) {
	var out []uint64
	r := new(collections.Range[collections.Pair[time.Time, uint64]]).
		EndInclusive(collections.Join(now, ^uint64(0)))
	err := q.Walk(ctx, r, func(key collections.Pair[time.Time, uint64]) (bool, error) {
		out = append(out, key.K2())
		return len(out) >= limit, nil
	})
	return out, err
}

// isolated runs fn in a cache context, writing its state and events only on
// success; a failure is logged and left for the next block.
func (k Keeper) isolated(ctx sdk.Context, what string, fn func(sdk.Context) error) {
	cache, write := ctx.CacheContext()
	if err := fn(cache); err != nil {
		ctx.Logger().Error("settlement end block", "step", what, "err", err)
		return
	}
	write()
	ctx.EventManager().EmitEvents(cache.EventManager().Events())
}
