package keeper

import (
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
)

// closeCycle nets every fully affirmed netting instruction: those that
// cannot settle now (conditions, holds) or whose payer is short are removed
// from this cycle and stay queued until their deadline; the rest settle by
// moving only net positions, debits first.
func (k Keeper) closeCycle(ctx sdk.Context) error {
	var ids []uint64
	if err := k.NettingQueue.Walk(ctx, nil, func(id uint64) (bool, error) {
		ids = append(ids, id)
		return false, nil
	}); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	byID := map[uint64]types.Instruction{}
	var candidates []types.NetInstruction
	var blocked []uint64
	ps := k.newParticipants()
	for _, id := range ids {
		in, err := k.GetInstruction(ctx, id)
		if err != nil {
			return err
		}
		reason, err := k.blocker(ctx, in, ps)
		if err != nil {
			return err
		}
		if reason != "" {
			blocked = append(blocked, id)
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
	for _, p := range res.Positions { // debits first: the escrow then pays the credits
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
	for _, p := range res.Positions {
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
	id, err := keeperkit.NextID(ctx, k.CycleSeq)
	if err != nil {
		return err
	}
	for _, sid := range res.Settled {
		in := byID[sid]
		in.CycleId = id
		if err := k.finish(ctx, in, types.INSTRUCTION_STATUS_SETTLED); err != nil {
			return err
		}
		if err := keeperkit.Emit(ctx, &types.EventInstructionSettled{InstructionId: sid, Type: in.Type, CycleId: id}); err != nil {
			return err
		}
	}
	cycle := types.Cycle{Id: id, Height: ctx.BlockHeight(), Settled: res.Settled, Removed: append(blocked, res.Removed...),
		Efficiency: res.Efficiency}
	for _, d := range types.SortedDenoms(res.Gross) {
		cycle.Gross = append(cycle.Gross, types.DenomAmount{Denom: d, Amount: res.Gross[d]})
	}
	for _, d := range types.SortedDenoms(res.Net) {
		cycle.Net = append(cycle.Net, types.DenomAmount{Denom: d, Amount: res.Net[d]})
	}
	if err := k.Cycles.Set(ctx, id, cycle); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventCycleClosed{Cycle: cycle})
}
