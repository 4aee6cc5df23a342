package keeper

import (
	"fmt"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
)

// Steps of EndBlock, as named in logs and EventEndBlockItemFailed.
const (
	StepExpireQuote       = "expire quote"
	StepExpireInstruction = "expire instruction"
	StepRetrySettlement   = "retry settlement"
	StepNettingCycle      = "netting cycle"
)

// EndBlock does the module's bounded per-block work (see queues.go), each
// item in its own cache context so that a failure or a panic in one item
// neither halts the chain nor leaves half a change behind, and a failing
// item moves behind the others instead of blocking its queue: quote
// expiries, instruction deadlines, retries of waiting instructions, and the
// netting cycle close every netting_cycle_blocks.
func (k Keeper) EndBlock(ctx sdk.Context) error {
	params, err := k.GetParams(ctx)
	if err != nil {
		return err
	}
	now := ctx.BlockTime()
	quotes, err := due(ctx, k.QuoteExpiry, now, int(params.MaxExpiriesPerBlock))
	if err != nil {
		return err
	}
	for _, key := range quotes {
		id := key.K2()
		k.expire(ctx, StepExpireQuote, k.QuoteExpiry, key, func(c sdk.Context) error {
			q, err := k.GetQuote(c, id)
			if err != nil || q.Status != types.QUOTE_STATUS_ACTIVE {
				return err // a stale key of a closed quote: closeQuote removed the live one
			}
			return k.closeQuote(c, q, types.QUOTE_STATUS_EXPIRED)
		})
	}
	instrs, err := due(ctx, k.DeadlineQueue, now, int(params.MaxExpiriesPerBlock))
	if err != nil {
		return err
	}
	for _, key := range instrs {
		id := key.K2()
		k.expire(ctx, StepExpireInstruction, k.DeadlineQueue, key, func(c sdk.Context) error {
			in, err := k.GetInstruction(c, id)
			if err != nil || in.Status != types.INSTRUCTION_STATUS_OPEN {
				return err
			}
			return k.closeInstruction(c, in, types.INSTRUCTION_STATUS_EXPIRED)
		})
	}
	retries, err := k.retryBatch(ctx, int(params.MaxRetriesPerBlock))
	if err != nil {
		return err
	}
	ps := k.newParticipants()
	for _, id := range retries {
		if err := k.isolated(ctx, StepRetrySettlement, id, func(c sdk.Context) error { return k.retry(c, ps, id) }); err != nil {
			k.failed(ctx, StepRetrySettlement, id, err, time.Time{}) // the round robin moves on
		}
	}
	if h := ctx.BlockHeight(); h > 0 && uint64(h)%params.NettingCycleBlocks == 0 {
		if err := k.isolated(ctx, StepNettingCycle, 0, func(c sdk.Context) error { return k.closeCycle(c, params) }); err != nil {
			k.failed(ctx, StepNettingCycle, 0, err, time.Time{})
		}
	}
	return nil
}

// retry settles a waiting instruction whose blockers are gone; one still
// blocked stays as it is, its reason refreshed when it changed. One whose
// deadline has passed is left to the deadline queue, which refunds it: a
// retry never settles late.
func (k Keeper) retry(ctx sdk.Context, ps *participants, id uint64) error {
	in, err := k.GetInstruction(ctx, id)
	if err != nil {
		return err
	}
	if in.Status != types.INSTRUCTION_STATUS_OPEN {
		return k.unpark(ctx, in)
	}
	if !ctx.BlockTime().Before(in.Deadline) {
		return nil
	}
	reason, err := k.blocker(ctx, in, ps)
	switch {
	case err != nil:
		return err
	case reason == "":
		return k.settleGross(ctx, in, false)
	case reason != in.BlockedReason:
		in.BlockedReason = reason
		if err := k.Instructions.Set(ctx, in.Id, in); err != nil {
			return err
		}
		return keeperkit.Emit(ctx, &types.EventSettlementBlocked{InstructionId: in.Id, Reason: reason})
	}
	return nil
}

// ExpiryRetryDelay is how far a failing expiry is moved back: behind
// everything due until then, so that expiries that fail every time take one
// slot each per delay and never block the queue.
const ExpiryRetryDelay = 10 * time.Minute

// expire runs one due item of a time queue; a failing one is moved back by
// ExpiryRetryDelay, so the items after it still run. The key is removed
// first: for a moved-back key, the item's own removal of its original key
// is then a no-op.
func (k Keeper) expire(ctx sdk.Context, step string, q timeQueue, key collections.Pair[time.Time, uint64], fn func(sdk.Context) error) {
	err := k.isolated(ctx, step, key.K2(), func(c sdk.Context) error {
		if err := q.Remove(c, key); err != nil {
			return err
		}
		return fn(c)
	})
	if err == nil {
		return
	}
	retryAt := ctx.BlockTime().Add(ExpiryRetryDelay)
	moved := q.Remove(ctx, key)
	if moved == nil {
		moved = q.Set(ctx, collections.Join(retryAt, key.K2()))
	}
	if moved != nil {
		ctx.Logger().Error("settlement end block: cannot move item back", "step", step, "id", key.K2(), "err", moved)
	}
	k.failed(ctx, step, key.K2(), err, retryAt)
}

// isolated runs fn in a cache context whose state and events reach ctx only
// on success (in SDK v0.54 the cache's write function emits its events on
// the parent: they are not emitted again here). A panic is recovered as an
// error and its change discarded.
func (k Keeper) isolated(ctx sdk.Context, step string, id uint64, fn func(sdk.Context) error) (err error) {
	cache, write := ctx.CacheContext()
	err = func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		if k.test.failpoint != nil {
			k.test.failpoint(step, id)
		}
		return fn(cache)
	}()
	if err != nil {
		return err
	}
	write()
	return nil
}

// failed logs a failed item and announces it with where it was moved.
func (k Keeper) failed(ctx sdk.Context, step string, id uint64, err error, retryAt time.Time) {
	ctx.Logger().Error("settlement end block", "step", step, "id", id, "err", err)
	if retryAt.IsZero() {
		retryAt = ctx.BlockTime()
	}
	if emitErr := keeperkit.Emit(ctx, &types.EventEndBlockItemFailed{Step: step, Id: id, Error: err.Error(), RetryAt: retryAt}); emitErr != nil {
		ctx.Logger().Error("settlement end block: event", "err", emitErr)
	}
}
