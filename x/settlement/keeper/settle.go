package keeper

import (
	"context"
	"fmt"

	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
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
	return types.INSTRUCTION_STATUS_SETTLED, k.settleGross(ctx, in, false)
}

// settleGross pays every leg out: from escrow or, in place (fund), from
// each leg's payer. All legs move in this call or, on any error, none does
// (the caller's transaction or cache reverts).
func (k Keeper) settleGross(ctx context.Context, in types.Instruction, inPlace bool) error {
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
		// what the leg's payer pays: from escrow, or in place from its account
		payer := payment{k: k, inPlace: inPlace}
		if inPlace {
			if payer.from, err = k.addressCodec.StringToBytes(l.From); err != nil {
				return err
			}
		}
		pay := sdk.NewCoin(l.Denom, l.Amount)
		fromCollateral := false // the payee's coin comes from the maker's collateral in escrow
		if l.Fx != nil {
			q, err := k.consumeReservation(ctx, l.Fx)
			if err != nil {
				return err
			}
			maker, err := k.addressCodec.StringToBytes(q.Maker)
			if err != nil {
				return err
			}
			if err := payer.send(ctx, maker, sdk.NewCoin(l.Fx.PayDenom, l.Fx.PayAmount)); err != nil {
				return err
			}
			pay, fromCollateral = sdk.NewCoin(l.Denom, l.Fx.Payout), true
		}
		src := payer
		if fromCollateral {
			src = payment{k: k} // the maker's collateral is in escrow
		}
		if i == proceeds && due.IsPositive() {
			if err := src.send(ctx, lender, sdk.NewCoin(pay.Denom, due)); err != nil {
				return err
			}
			pay.Amount = pay.Amount.Sub(due)
		}
		switch {
		case !pay.IsPositive(): // all of it repaid the loan
		case l.Payout != nil: // never in place: an IBC payout leaves from escrow
			if inPlace {
				return types.ErrInvalidInstruction.Wrapf("leg %d pays out over IBC and cannot settle in place", i)
			}
			if err := k.payout(ctx, in, uint32(i), pay); err != nil {
				return err
			}
		default:
			if err := src.send(ctx, to, pay); err != nil {
				return err
			}
		}
		if !l.Fee.IsPositive() {
			continue
		}
		fee := sdk.NewCoin(funding(l).Denom, l.Fee)
		if inPlace {
			if err := k.bank.SendCoinsFromAccountToModule(ctx, payer.from, authtypes.FeeCollectorName, sdk.NewCoins(fee)); err != nil {
				return err
			}
		} else {
			fees = fees.Add(fee)
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

// payment is where a settlement transfer comes from: escrow (the module
// account) or, for an instruction settled in place, the payer's account.
type payment struct {
	k       Keeper
	inPlace bool
	from    sdk.AccAddress
}

// send pays c to `to`. From the payer it refuses, as a payment out of
// escrow does, a recipient that may not receive funds (a module account).
func (p payment) send(ctx context.Context, to sdk.AccAddress, c sdk.Coin) error {
	if !p.inPlace {
		return p.k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, to, sdk.NewCoins(c))
	}
	if p.k.bank.BlockedAddr(to) {
		return sdkerrors.ErrUnauthorized.Wrapf("%s is not allowed to receive funds", to)
	}
	return p.k.bank.SendCoins(ctx, p.from, to, sdk.NewCoins(c))
}
