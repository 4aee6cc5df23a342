package keeper

import (
	"context"
	"fmt"

	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
)

// participants reads active participants, each once: a netting cycle asks
// about the same few hundred parties for thousands of instructions, and a
// message asks about the same parties while it checks, funds and settles;
// nothing in x/settlement changes a participant in between.
type participants struct {
	k    Keeper
	seen map[string]participantRead
}

type participantRead struct {
	p   tokenizetypes.Participant
	err error
}

func (k Keeper) newParticipants() *participants {
	return &participants{k: k, seen: map[string]participantRead{}}
}

func (ps *participants) active(ctx context.Context, addr string) (tokenizetypes.Participant, error) {
	r, ok := ps.seen[addr]
	if !ok {
		r.p, r.err = ps.k.tokenize.ActiveParticipant(ctx, addr)
		ps.seen[addr] = r
	}
	return r.p, r.err
}

// blocker says why an instruction cannot settle now ("" when it can): a
// condition not ACCEPTED, a lot whose units may not move, a cross-border lot
// leg without its class's required attestations, or a party no longer active.
func (k Keeper) blocker(ctx context.Context, in types.Instruction, ps *participants) (string, error) {
	for _, c := range in.Conditions {
		lot, err := k.tokenize.GetLot(ctx, c.LotId)
		if err != nil {
			return "", err
		}
		if !lot.Accepted(c.Kind) {
			return fmt.Sprintf("lot %d lacks %s", lot.Id, c.Kind), nil
		}
	}
	for _, l := range in.Legs {
		from, err := ps.active(ctx, l.From)
		if err != nil {
			return err.Error(), nil
		}
		to, err := ps.active(ctx, l.To)
		if err != nil {
			return err.Error(), nil
		}
		if l.Currency != "" {
			continue
		}
		id, _ := tokenizetypes.ParseLotDenom(l.Denom)
		if err := k.tokenize.CheckLotMovable(ctx, id); err != nil {
			return err.Error(), nil
		}
		if from.Country != to.Country {
			if err := k.tokenize.CheckSettleable(ctx, id); err != nil {
				return err.Error(), nil
			}
		}
	}
	return "", nil
}

// trySettle settles a fully funded gross instruction, or parks it in the
// pending set with the reason it waits.
func (k Keeper) trySettle(ctx context.Context, ps *participants, in types.Instruction) (types.InstructionStatus, error) {
	reason, err := k.blocker(ctx, in, ps)
	if err != nil {
		return in.Status, err
	}
	if reason != "" {
		return in.Status, k.park(ctx, in, reason)
	}
	return types.INSTRUCTION_STATUS_SETTLED, k.settleGross(ctx, in)
}

// settleGross pays every escrowed leg out: all legs move in this call or,
// on any error, none does (the caller's transaction or cache reverts).
func (k Keeper) settleGross(ctx context.Context, in types.Instruction) error {
	fees := sdk.NewCoins()
	// a financed lot leg is delivered from its pledge, and its lender is
	// paid first from the leg paying the seller
	proceeds, lender, due, err := k.settleFinanced(ctx, in)
	if err != nil {
		return err
	}
	for i, l := range in.Legs {
		if l.LoanId != 0 {
			continue // delivered from its pledge by settleFinanced
		}
		to, err := k.addressCodec.StringToBytes(l.To)
		if err != nil {
			return err
		}
		pay := sdk.NewCoin(l.Denom, l.Amount)
		if l.Fx != nil {
			q, err := k.consumeReservation(ctx, l.Fx)
			if err != nil {
				return err
			}
			maker, err := k.addressCodec.StringToBytes(q.Maker)
			if err != nil {
				return err
			}
			if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, maker, sdk.NewCoins(sdk.NewCoin(l.Fx.PayDenom, l.Fx.PayAmount))); err != nil {
				return err
			}
			pay = sdk.NewCoin(l.Denom, l.Fx.Payout)
		}
		if i == proceeds && due.IsPositive() {
			if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, lender, sdk.NewCoins(sdk.NewCoin(pay.Denom, due))); err != nil {
				return err
			}
			pay.Amount = pay.Amount.Sub(due)
		}
		switch {
		case !pay.IsPositive(): // all of it repaid the loan
		case l.Payout != nil:
			if err := k.payout(ctx, in, uint32(i), pay); err != nil {
				return err
			}
		default:
			if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, to, sdk.NewCoins(pay)); err != nil {
				return err
			}
		}
		if l.Fee.IsPositive() {
			fees = fees.Add(sdk.NewCoin(funding(l).Denom, l.Fee))
		}
	}
	if !fees.IsZero() {
		if err := k.bank.SendCoinsFromModuleToModule(ctx, types.ModuleName, authtypes.FeeCollectorName, fees); err != nil {
			return err
		}
	}
	in.BlockedReason = ""
	if err := k.finish(ctx, in, types.INSTRUCTION_STATUS_SETTLED); err != nil {
		return err
	}
	if err := k.lotsSold(ctx, in); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventInstructionSettled{InstructionId: in.Id, Type: in.Type, Legs: in.Legs})
}
