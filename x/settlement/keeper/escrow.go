package keeper

import (
	"context"

	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"

	"cosmossdk.io/collections"
	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// funding is what a leg's payer escrows: the leg (or, for an FX leg, the
// base-currency payment) plus the fee.
func funding(l types.Leg) sdk.Coin {
	if l.Fx != nil {
		return sdk.NewCoin(l.Fx.PayDenom, l.Fx.PayAmount.Add(l.Fee))
	}
	return sdk.NewCoin(l.Denom, l.Amount.Add(l.Fee))
}

// fund funds the given legs, each from its payer, and settles the
// instruction (or parks it as pending) once every leg is funded; it stores
// the instruction as it leaves it. The callers have checked that the payers
// signed; ps reads the parties for settlement.
//
// A message that funds every leg of an instruction that can settle at once
// (no leg paid out over IBC, nothing blocking it) settles it in place: each
// payer pays its payee, the maker and the fee collector directly, and
// nothing passes through escrow (two transfers fewer for a DVP with FX).
// Otherwise each leg's funding is escrowed and paid out at settlement.
func (k Keeper) fund(ctx context.Context, ps *participants, in types.Instruction, legs []uint32) (types.InstructionStatus, error) {
	direct, err := k.settlesInPlace(ctx, ps, in, legs)
	if err != nil {
		return in.Status, err
	}
	for _, i := range legs {
		l := in.Legs[i]
		from, err := k.addressCodec.StringToBytes(l.From)
		if err != nil {
			return in.Status, err
		}
		c := funding(l)
		switch {
		case l.LoanId != 0:
			// the units stay pledged until settlement; the sale holds the pledge
			if err := k.finance.k.StartSale(ctx, l.LoanId, in.Id); err != nil {
				return in.Status, err
			}
		case direct: // paid at settlement, below, from the payer's account
		default:
			if err := k.bank.SendCoinsFromAccountToModule(ctx, from, types.ModuleName, sdk.NewCoins(c)); err != nil {
				return in.Status, err
			}
		}
		in.Legs[i].Funded = true
		if err := keeperkit.Emit(ctx, &types.EventLegFunded{InstructionId: in.Id, Leg: i, Payer: l.From, Denom: c.Denom, Amount: c.Amount}); err != nil {
			return in.Status, err
		}
	}
	if direct {
		return types.INSTRUCTION_STATUS_SETTLED, k.settleGross(ctx, in, true)
	}
	for _, l := range in.Legs {
		if !l.Funded {
			return in.Status, k.Instructions.Set(ctx, in.Id, in)
		}
	}
	// fully funded: trySettle stores it, parked or settled
	return k.trySettle(ctx, ps, in)
}

// settlesInPlace says whether funding legs settles the instruction at once
// without escrow: they are every leg, none pays out over IBC, nothing blocks
// settlement, and every payer holds, before anything moves, all it pays
// (in place the legs are paid one after another: without that check a
// payer could pay with what an earlier leg of the same instruction paid
// it, which escrow — every leg's funding taken first — refuses; a payer
// short of funds takes the escrow path and is refused there, by the leg).
func (k Keeper) settlesInPlace(ctx context.Context, ps *participants, in types.Instruction, legs []uint32) (bool, error) {
	if in.Netting || len(legs) != len(in.Legs) {
		return false, nil
	}
	type owed struct {
		payer string
		coins sdk.Coins
	}
	var dues []owed // in leg order: no map iteration
	for _, l := range in.Legs {
		if l.Funded || l.Payout != nil {
			return false, nil
		}
		if l.LoanId != 0 {
			continue // delivered from its pledge
		}
		i := 0
		for i < len(dues) && dues[i].payer != l.From {
			i++
		}
		if i == len(dues) {
			dues = append(dues, owed{payer: l.From})
		}
		dues[i].coins = dues[i].coins.Add(funding(l))
	}
	for _, d := range dues {
		from, err := k.addressCodec.StringToBytes(d.payer)
		if err != nil {
			return false, err
		}
		for _, c := range d.coins {
			if k.bank.SpendableCoin(ctx, from, c.Denom).Amount.LT(c.Amount) {
				return false, nil
			}
		}
	}
	reason, err := k.blocker(ctx, in, ps)
	return reason == "", err
}

// refund pays escrowed coin back to the account that deposited it, marked
// as an escrow return so the lot transfer rules let it through.
func (k Keeper) refund(ctx context.Context, depositor string, coin sdk.Coin) error {
	to, err := k.addressCodec.StringToBytes(depositor)
	if err != nil {
		return err
	}
	rctx := tokenizetypes.WithEscrowReturn(sdk.UnwrapSDKContext(ctx))
	return k.bank.SendCoinsFromModuleToAccount(rctx, types.ModuleName, to, sdk.NewCoins(coin))
}

// closeInstruction refunds every funded leg to its payer, releases FX
// reservations and ends the instruction with status.
func (k Keeper) closeInstruction(ctx context.Context, in types.Instruction, status types.InstructionStatus) error {
	refunded := sdk.NewCoins()
	for _, l := range in.Legs {
		if l.Funded && l.LoanId != 0 {
			if err := k.finance.k.EndSale(ctx, l.LoanId, in.Id); err != nil {
				return err
			}
		} else if l.Funded && !in.Netting {
			c := funding(l)
			if err := k.refund(ctx, l.From, c); err != nil {
				return err
			}
			refunded = refunded.Add(c)
		}
		if l.Fx != nil {
			if err := k.releaseReservation(ctx, l.Fx); err != nil {
				return err
			}
		}
	}
	if err := k.finish(ctx, in, status); err != nil {
		return err
	}
	out := make([]types.DenomAmount, len(refunded))
	for i, c := range refunded {
		out[i] = types.DenomAmount{Denom: c.Denom, Amount: c.Amount}
	}
	return keeperkit.Emit(ctx, &types.EventInstructionClosed{InstructionId: in.Id, Status: status, Refunded: out})
}

// finish stores a terminal status and drops the instruction from every queue.
func (k Keeper) finish(ctx context.Context, in types.Instruction, status types.InstructionStatus) error {
	in.Status, in.ClosedHeight = status, blockHeight(ctx)
	if err := k.Instructions.Set(ctx, in.Id, in); err != nil {
		return err
	}
	if err := k.DeadlineQueue.Remove(ctx, collections.Join(in.Deadline, in.Id)); err != nil {
		return err
	}
	// only gross instructions are funded and wait as pending; only netting
	// ones are queued for a cycle
	if in.Netting {
		return k.NettingQueue.Remove(ctx, in.Id)
	}
	return k.unpark(ctx, in)
}
