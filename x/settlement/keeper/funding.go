package keeper

import (
	"context"
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

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

// FundLeg escrows a gross leg; the last leg funded settles the instruction
// in the same transaction when its conditions hold.
func (s msgServer) FundLeg(ctx context.Context, msg *types.MsgFundLeg) (*types.MsgFundLegResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	in, err := s.k.openFor(ctx, msg.InstructionId, false)
	if err != nil {
		return nil, err
	}
	if int(msg.Leg) >= len(in.Legs) {
		return nil, types.ErrInvalidInstruction.Wrapf("instruction %d has %d legs", in.Id, len(in.Legs))
	}
	leg := &in.Legs[msg.Leg]
	if leg.From != msg.Payer {
		return nil, types.ErrNotPayer.Wrapf("leg %d is paid by %s", msg.Leg, leg.From)
	}
	if leg.Funded {
		return nil, types.ErrAlreadyFunded.Wrapf("instruction %d leg %d", in.Id, msg.Leg)
	}
	status, err := s.k.fund(ctx, s.k.newParticipants(), in, []uint32{msg.Leg})
	return &types.MsgFundLegResponse{Status: status}, err
}

// fund escrows the given legs, each from its payer, and settles the
// instruction (or parks it as pending) once every leg is funded. The callers
// have checked that the payers signed; ps reads the parties for settlement.
func (k Keeper) fund(ctx context.Context, ps *participants, in types.Instruction, legs []uint32) (types.InstructionStatus, error) {
	for _, i := range legs {
		l := in.Legs[i]
		from, err := k.addressCodec.StringToBytes(l.From)
		if err != nil {
			return in.Status, err
		}
		c := funding(l)
		if err := k.bank.SendCoinsFromAccountToModule(ctx, from, types.ModuleName, sdk.NewCoins(c)); err != nil {
			return in.Status, err
		}
		in.Legs[i].Funded = true
		if err := keeperkit.Emit(ctx, &types.EventLegFunded{InstructionId: in.Id, Leg: i, Payer: l.From, Denom: c.Denom, Amount: c.Amount}); err != nil {
			return in.Status, err
		}
	}
	if err := k.Instructions.Set(ctx, in.Id, in); err != nil {
		return in.Status, err
	}
	for _, l := range in.Legs {
		if !l.Funded {
			return in.Status, nil
		}
	}
	return k.trySettle(ctx, ps, in)
}

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
		in.BlockedReason = reason
		if err := k.Instructions.Set(ctx, in.Id, in); err != nil {
			return in.Status, err
		}
		if err := k.PendingSettlement.Set(ctx, in.Id); err != nil {
			return in.Status, err
		}
		return in.Status, keeperkit.Emit(ctx, &types.EventSettlementBlocked{InstructionId: in.Id, Reason: reason})
	}
	return types.INSTRUCTION_STATUS_SETTLED, k.settleGross(ctx, in)
}

// settleGross pays every escrowed leg out: all legs move in this call or,
// on any error, none does (the caller's transaction or cache reverts).
func (k Keeper) settleGross(ctx context.Context, in types.Instruction) error {
	fees := sdk.NewCoins()
	for i, l := range in.Legs {
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
		if l.Payout != nil {
			if err := k.payout(ctx, in, uint32(i), pay); err != nil {
				return err
			}
		} else if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, to, sdk.NewCoins(pay)); err != nil {
			return err
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
	return keeperkit.Emit(ctx, &types.EventInstructionSettled{InstructionId: in.Id, Type: in.Type, Legs: in.Legs})
}

// AffirmInstruction authorises every leg the party pays in a netting
// instruction; fully affirmed, it joins the next netting cycle.
func (s msgServer) AffirmInstruction(ctx context.Context, msg *types.MsgAffirmInstruction) (*types.MsgAffirmInstructionResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	in, err := s.k.openFor(ctx, msg.InstructionId, true)
	if err != nil {
		return nil, err
	}
	pays, all := false, true
	for i := range in.Legs {
		if in.Legs[i].From == msg.Party {
			if in.Legs[i].Affirmed {
				return nil, types.ErrAlreadyFunded.Wrapf("instruction %d already affirmed by %s", in.Id, msg.Party)
			}
			in.Legs[i].Affirmed, pays = true, true
		}
		all = all && in.Legs[i].Affirmed
	}
	if !pays {
		return nil, types.ErrNotPayer.Wrapf("%s pays no leg of instruction %d", msg.Party, in.Id)
	}
	if err := s.k.Instructions.Set(ctx, in.Id, in); err != nil {
		return nil, err
	}
	if all {
		if err := s.k.NettingQueue.Set(ctx, in.Id); err != nil {
			return nil, err
		}
	}
	return &types.MsgAffirmInstructionResponse{}, keeperkit.Emit(ctx, &types.EventInstructionAffirmed{InstructionId: in.Id, Party: msg.Party})
}
