package keeper

import (
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
)

// closeCycle nets up to max_netting_per_cycle fully affirmed instructions,
// oldest first. An instruction that cannot settle now (a condition, a hold,
// a party) is removed from this cycle and stays queued until it has been
// removed max_netting_removals times; one whose payer is short is removed
// and leaves the queue at once, its short payer's affirmation withdrawn, so
// it cannot hold back that payer's covered instructions in later cycles.
// The rest settle by moving only net positions, debits first. The cycle
// record names every removal's cause.
func (k Keeper) closeCycle(ctx sdk.Context, params types.Params) error {
	// from the netting cursor (rotate): every queued instruction is
	// considered within ceil(queued / max_netting_per_cycle) cycles
	ids, err := rotate(ctx, k.NettingQueue, k.NettingCursor, int(params.MaxNettingPerCycle))
	if err != nil || len(ids) == 0 {
		return err
	}
	cycleID, err := keeperkit.NextID(ctx, k.CycleSeq)
	if err != nil {
		return err
	}
	cycle := types.Cycle{Id: cycleID, Height: ctx.BlockHeight()}
	byID := map[uint64]types.Instruction{} // lookups only
	var candidates []types.NetInstruction
	ps := k.newParticipants()
	for _, id := range ids {
		in, err := k.GetInstruction(ctx, id)
		if err != nil {
			return err
		}
		if !ctx.BlockTime().Before(in.Deadline) {
			continue // the deadline queue closes it: nothing settles late
		}
		reason, err := k.blocker(ctx, in, ps)
		if err != nil {
			return err
		}
		if reason != "" {
			in.NettingRemovals++
			r := types.NettingRemoval{InstructionId: id, Cause: types.REMOVAL_CAUSE_BLOCKED, Reason: reason,
				Shortfall: math.ZeroInt(), Dequeued: in.NettingRemovals >= params.MaxNettingRemovals}
			if err := k.removeFromCycle(ctx, &cycle, in, r, ""); err != nil {
				return err
			}
			continue
		}
		byID[id] = in
		ni := types.NetInstruction{ID: id}
		for _, l := range in.Legs {
			ni.Legs = append(ni.Legs, types.NetLeg{From: l.From, To: l.To, Denom: l.Denom, Amount: l.Amount, Fee: l.Fee})
		}
		candidates = append(candidates, ni)
	}
	res := types.Net(candidates, func(party, denom string) math.Int {
		a, err := k.addressCodec.StringToBytes(party)
		if err != nil {
			return math.ZeroInt()
		}
		return k.bank.SpendableCoin(ctx, a, denom).Amount
	})
	for _, s := range res.Shortfalls {
		in := byID[s.ID]
		in.NettingRemovals++
		// the party's own shortfall dequeues at once; a knock-on one counts
		// as a removal, like a blocker
		r := types.NettingRemoval{InstructionId: s.ID, Cause: types.REMOVAL_CAUSE_SHORTFALL, Party: s.Party, Denom: s.Denom,
			Shortfall: s.Amount, KnockOn: s.Knock, Dequeued: !s.Knock || in.NettingRemovals >= params.MaxNettingRemovals}
		party := s.Party
		if s.Knock {
			party = ""
		}
		if err := k.removeFromCycle(ctx, &cycle, in, r, party); err != nil {
			return err
		}
	}
	if err := k.moveNet(ctx, res.Positions); err != nil {
		return err
	}
	for _, sid := range res.Settled {
		in := byID[sid]
		in.CycleId = cycleID
		if err := k.finish(ctx, in, types.INSTRUCTION_STATUS_SETTLED); err != nil {
			return err
		}
		if err := k.lotsSold(ctx, in); err != nil {
			return err
		}
		if err := keeperkit.Emit(ctx, &types.EventInstructionSettled{InstructionId: sid, Type: in.Type, CycleId: cycleID}); err != nil {
			return err
		}
	}
	cycle.Settled, cycle.Efficiency = res.Settled, res.Efficiency
	cycle.Gross, cycle.Net, cycle.Fees = denomAmountsOf(res.Gross), denomAmountsOf(res.Net), denomAmountsOf(res.Fees)
	if err := k.Cycles.Set(ctx, cycleID, cycle); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventCycleClosed{Cycle: cycle})
}

// removeFromCycle records a removal in the cycle and, when it dequeues the
// instruction, takes it out of the netting queue and withdraws the
// affirmations of party (every payer's when party is empty).
func (k Keeper) removeFromCycle(ctx sdk.Context, cycle *types.Cycle, in types.Instruction, r types.NettingRemoval, party string) error {
	cycle.Removed = append(cycle.Removed, r.InstructionId)
	cycle.Removals = append(cycle.Removals, r)
	if r.Dequeued {
		for i := range in.Legs {
			if party == "" || in.Legs[i].From == party {
				in.Legs[i].Affirmed = false
			}
		}
		in.NettingRemovals = 0
		if err := k.NettingQueue.Remove(ctx, in.Id); err != nil {
			return err
		}
	}
	if err := k.Instructions.Set(ctx, in.Id, in); err != nil {
		return err
	}
	if !r.Dequeued {
		return nil
	}
	return keeperkit.Emit(ctx, &types.EventNettingDequeued{InstructionId: in.Id, CycleId: cycle.Id, Cause: r.Cause})
}

// moveNet moves net positions: debits into the escrow first, then the
// escrow pays the credits (fees to the fee collector).
func (k Keeper) moveNet(ctx sdk.Context, positions []types.Position) error {
	for _, p := range positions {
		if !p.Net.IsNegative() {
			continue
		}
		a, err := k.addressCodec.StringToBytes(p.Party)
		if err != nil {
			return err
		}
		if err := k.bank.SendCoinsFromAccountToModule(ctx, a, types.ModuleName, sdk.NewCoins(sdk.NewCoin(p.Denom, p.Net.Neg()))); err != nil {
			return err
		}
	}
	for _, p := range positions {
		if !p.Net.IsPositive() {
			continue
		}
		c := sdk.NewCoins(sdk.NewCoin(p.Denom, p.Net))
		if p.Party == types.FeeParty {
			if err := k.bank.SendCoinsFromModuleToModule(ctx, types.ModuleName, authtypes.FeeCollectorName, c); err != nil {
				return err
			}
			continue
		}
		a, err := k.addressCodec.StringToBytes(p.Party)
		if err != nil {
			return err
		}
		if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, a, c); err != nil {
			return err
		}
	}
	return nil
}

// denomAmountsOf lists a per-denom map in denom order.
func denomAmountsOf(m map[string]math.Int) []types.DenomAmount {
	var out []types.DenomAmount
	for _, d := range types.SortedDenoms(m) {
		out = append(out, types.DenomAmount{Denom: d, Amount: m[d]})
	}
	return out
}
