package keeper

import (
	"context"
	"errors"
	"slices"
	"time"

	"cosmossdk.io/collections"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// The queues EndBlock drains, each bounded per block:
//   - QuoteExpiry and DeadlineQueue, keyed by time: at most
//     max_expiries_per_block each;
//   - TouchedLots: the instructions waiting on a lot that changed in the
//     block, at most max_retries_per_block;
//   - PendingSettlement from RetryCursor, round robin: at most
//     max_retries_per_block more, so every waiting instruction is retried
//     within ceil(waiting / max_retries_per_block) blocks whatever it waits on.

var _ tokenizetypes.LotHooks = Keeper{}

// timeQueue is a queue of ids keyed by the time they are due.
type timeQueue = collections.KeySet[collections.Pair[time.Time, uint64]]

// due lists up to limit keys at or before now, oldest first.
func due(ctx context.Context, q timeQueue, now time.Time, limit int) ([]collections.Pair[time.Time, uint64], error) {
	var out []collections.Pair[time.Time, uint64]
	r := new(collections.Range[collections.Pair[time.Time, uint64]]).
		EndInclusive(collections.Join(now, ^uint64(0)))
	err := q.Walk(ctx, r, func(key collections.Pair[time.Time, uint64]) (bool, error) {
		out = append(out, key)
		return len(out) >= limit, nil
	})
	return out, err
}

// lotsOf lists, sorted and once each, the lots an instruction's settlement
// depends on: its conditions' lots and its lot legs' lots.
func lotsOf(in types.Instruction) []uint64 {
	var out []uint64
	for _, c := range in.Conditions {
		out = append(out, c.LotId)
	}
	for _, l := range in.Legs {
		if id, ok := tokenizetypes.ParseLotDenom(l.Denom); ok {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// park records a fully funded instruction that cannot settle yet: in the
// pending set and under every lot it depends on, with the reason it waits.
func (k Keeper) park(ctx context.Context, in types.Instruction, reason string) error {
	in.BlockedReason = reason
	if err := k.Instructions.Set(ctx, in.Id, in); err != nil {
		return err
	}
	if err := k.waitOn(ctx, in); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventSettlementBlocked{InstructionId: in.Id, Reason: reason})
}

// waitOn indexes a waiting instruction: the pending set and its lots.
func (k Keeper) waitOn(ctx context.Context, in types.Instruction) error {
	if err := k.PendingSettlement.Set(ctx, in.Id); err != nil {
		return err
	}
	for _, lot := range lotsOf(in) {
		if err := k.WaitingByLot.Set(ctx, collections.Join(lot, in.Id)); err != nil {
			return err
		}
	}
	return nil
}

// unpark drops an instruction from the pending set and the lot index.
func (k Keeper) unpark(ctx context.Context, in types.Instruction) error {
	if err := k.PendingSettlement.Remove(ctx, in.Id); err != nil {
		return err
	}
	for _, lot := range lotsOf(in) {
		if err := k.WaitingByLot.Remove(ctx, collections.Join(lot, in.Id)); err != nil {
			return err
		}
	}
	return nil
}

// AfterLotChanged marks a lot whose attestations or holds changed, if any
// instruction waits on it, for EndBlock to retry its waiters: two reads, at
// most one write, whatever waits.
func (k Keeper) AfterLotChanged(ctx context.Context, lotID uint64) error {
	waiting := false
	err := k.WaitingByLot.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint64](lotID), func(collections.Pair[uint64, uint64]) (bool, error) {
		waiting = true
		return true, nil
	})
	if err != nil || !waiting {
		return err
	}
	if touched, err := k.TouchedLots.Has(ctx, lotID); err != nil || touched {
		return err // already marked: its waiters are being retried from where they are
	}
	return k.TouchedLots.Set(ctx, lotID, 0)
}

// woken takes up to limit instructions waiting on touched lots, lot by lot,
// and records where a lot it could not finish resumes next block.
func (k Keeper) woken(ctx context.Context, limit int) ([]uint64, error) {
	var out []uint64
	type resume struct{ lot, after uint64 }
	var lots []resume
	err := k.TouchedLots.Walk(ctx, nil, func(lot, after uint64) (bool, error) {
		lots = append(lots, resume{lot, after})
		return len(lots) >= limit, nil
	})
	if err != nil {
		return nil, err
	}
	for _, t := range lots {
		r := collections.NewPrefixedPairRange[uint64, uint64](t.lot)
		if t.after > 0 {
			r = r.StartExclusive(t.after)
		}
		last, full := t.after, false
		err := k.WaitingByLot.Walk(ctx, r, func(key collections.Pair[uint64, uint64]) (bool, error) {
			if len(out) >= limit {
				full = true
				return true, nil
			}
			out = append(out, key.K2())
			last = key.K2()
			return false, nil
		})
		if err != nil {
			return nil, err
		}
		if full {
			return out, k.TouchedLots.Set(ctx, t.lot, last)
		}
		if err := k.TouchedLots.Remove(ctx, t.lot); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// rotate takes up to limit ids of set in id order after cursor, wrapping
// around once, and moves cursor to the last id taken: every id of the set
// is taken within ceil(len(set) / limit) calls, whatever sits before it.
func rotate(ctx context.Context, set collections.KeySet[uint64], cursor collections.Item[uint64], limit int) ([]uint64, error) {
	at, err := cursor.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	var out []uint64
	take := func(id uint64) (bool, error) {
		out = append(out, id)
		return len(out) >= limit, nil
	}
	if err := set.Walk(ctx, new(collections.Range[uint64]).StartExclusive(at), take); err != nil {
		return nil, err
	}
	if len(out) < limit && at > 0 {
		if err := set.Walk(ctx, new(collections.Range[uint64]).EndInclusive(at), take); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, cursor.Remove(ctx)
	}
	return out, cursor.Set(ctx, out[len(out)-1])
}

// retryBatch is this block's retries: the woken first, then the round robin,
// each id once.
func (k Keeper) retryBatch(ctx context.Context, limit int) ([]uint64, error) {
	woken, err := k.woken(ctx, limit)
	if err != nil {
		return nil, err
	}
	turn, err := rotate(ctx, k.PendingSettlement, k.RetryCursor, limit) // the round robin
	if err != nil {
		return nil, err
	}
	seen := make(map[uint64]bool, len(woken)) // lookups only; order comes from the slices
	out := make([]uint64, 0, len(woken)+len(turn))
	for _, id := range append(woken, turn...) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}
