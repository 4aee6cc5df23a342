package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
)

// InitGenesis stores the validated genesis and rebuilds the indexes and
// queues (denom index, pair index, expiry and deadline queues, pending and
// netting sets, payout owner and packet indexes) from the records.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, c := range gs.Currencies {
		if err := k.setCurrency(ctx, nil, c); err != nil {
			return err
		}
	}
	for _, q := range gs.Quotes {
		if err := k.Quotes.Set(ctx, q.Id, q); err != nil {
			return err
		}
		if err := k.QuotesByPair.Set(ctx, collections.Join(pairKey(q.Base, q.Quote), q.Id)); err != nil {
			return err
		}
		if q.Status == types.QUOTE_STATUS_ACTIVE {
			if err := k.QuoteExpiry.Set(ctx, collections.Join(q.Expiry, q.Id)); err != nil {
				return err
			}
		}
	}
	for _, in := range gs.Instructions {
		if err := k.Instructions.Set(ctx, in.Id, in); err != nil {
			return err
		}
		for _, p := range parties(in) {
			a, err := k.addressCodec.StringToBytes(p)
			if err != nil {
				return err
			}
			if err := k.InstructionsByParty.Set(ctx, collections.Join(sdk.AccAddress(a), in.Id)); err != nil {
				return err
			}
		}
		if in.Status != types.INSTRUCTION_STATUS_OPEN {
			continue
		}
		if err := k.DeadlineQueue.Set(ctx, collections.Join(in.Deadline, in.Id)); err != nil {
			return err
		}
		funded, affirmed := true, true
		for _, l := range in.Legs {
			funded, affirmed = funded && l.Funded, affirmed && l.Affirmed
		}
		var err error
		switch {
		case !in.Netting && funded:
			err = k.waitOn(ctx, in)
		case in.Netting && affirmed:
			err = k.NettingQueue.Set(ctx, in.Id)
		}
		if err != nil {
			return err
		}
	}
	for _, c := range gs.Cycles {
		if err := k.Cycles.Set(ctx, c.Id, c); err != nil {
			return err
		}
	}
	for _, p := range gs.Payouts {
		if err := k.setPayout(ctx, p); err != nil {
			return err
		}
	}
	for _, s := range []struct {
		seq  collections.Sequence
		next uint64
	}{{k.QuoteSeq, gs.NextQuoteId}, {k.InstructionSeq, gs.NextInstructionId}, {k.CycleSeq, gs.NextCycleId}, {k.PayoutSeq, gs.NextPayoutId}} {
		if err := s.seq.Set(ctx, max(s.next, 1)); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis returns the module's state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.GetParams(ctx); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Currencies, &gs.Currencies); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Quotes, &gs.Quotes); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Instructions, &gs.Instructions); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Cycles, &gs.Cycles); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Payouts, &gs.Payouts); err != nil {
		return nil, err
	}
	for _, s := range []struct {
		seq collections.Sequence
		out *uint64
	}{{k.QuoteSeq, &gs.NextQuoteId}, {k.InstructionSeq, &gs.NextInstructionId}, {k.CycleSeq, &gs.NextCycleId}, {k.PayoutSeq, &gs.NextPayoutId}} {
		n, err := s.seq.Peek(ctx)
		if err != nil {
			return nil, err
		}
		*s.out = max(n, 1)
	}
	return gs, nil
}
