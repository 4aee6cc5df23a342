package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"github.com/corridor-chain/corridor/x/settlement/types"
)

// GetInstruction returns an instruction.
func (k Keeper) GetInstruction(ctx context.Context, id uint64) (types.Instruction, error) {
	in, err := k.Instructions.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return in, types.ErrInstructionNotFound.Wrapf("instruction %d", id)
	}
	return in, err
}

// parties lists the distinct parties of an instruction in leg order.
func parties(in types.Instruction) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range in.Legs {
		for _, a := range []string{l.From, l.To} {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	return out
}

// openFor loads an open instruction whose deadline has not passed.
func (k Keeper) openFor(ctx context.Context, id uint64, netting bool) (types.Instruction, error) {
	in, err := k.GetInstruction(ctx, id)
	if err != nil {
		return in, err
	}
	if in.Status != types.INSTRUCTION_STATUS_OPEN {
		return in, types.ErrInstructionNotOpen.Wrapf("instruction %d is %s", in.Id, in.Status)
	}
	if in.Netting != netting {
		return in, types.ErrNettingInstruction.Wrapf("instruction %d: netting=%t; gross legs are funded, netting legs affirmed", in.Id, in.Netting)
	}
	if !blockTime(ctx).Before(in.Deadline) {
		return in, types.ErrDeadlinePassed.Wrapf("instruction %d: deadline %s", in.Id, in.Deadline)
	}
	return in, nil
}
