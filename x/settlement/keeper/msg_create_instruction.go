package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// CreateInstruction creates a DVP, PVP or BARTER instruction.
func (s msgServer) CreateInstruction(ctx context.Context, msg *types.MsgCreateInstruction) (*types.MsgCreateInstructionResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	params, err := s.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	if len(msg.Legs) > int(params.MaxLegs) {
		return nil, types.ErrInvalidInstruction.Wrapf("at most %d legs", params.MaxLegs)
	}
	if !types.DeadlineWithin(msg.Deadline, blockTime(ctx), params.MaxInstructionLifetime) {
		return nil, types.ErrInvalidInstruction.Wrapf("deadline must lie after the block time and within %s", params.MaxInstructionLifetime)
	}
	ps := s.k.newParticipants() // the parties are read once for the whole message
	if _, err := ps.active(ctx, msg.Creator); err != nil {
		return nil, err
	}
	in := types.Instruction{Type: msg.Type, Creator: msg.Creator, Conditions: msg.Conditions, Deadline: msg.Deadline,
		Netting: msg.Netting, Status: types.INSTRUCTION_STATUS_OPEN, CreatedHeight: blockHeight(ctx)}
	for _, l := range msg.Legs {
		leg, err := s.k.buildLeg(ctx, ps, l, params.FeeBps(msg.Type))
		if err != nil {
			return nil, err
		}
		in.Legs = append(in.Legs, leg)
	}
	if err := checkShape(msg.Type, in.Legs); err != nil {
		return nil, err
	}
	if err := s.k.checkFinanced(ctx, in); err != nil {
		return nil, err
	}
	partyList := parties(in)
	isParty := false
	for _, p := range partyList {
		isParty = isParty || p == msg.Creator
	}
	if !isParty {
		return nil, types.ErrNotParty.Wrap("the creator must be a party")
	}
	for _, c := range msg.Conditions {
		if _, err := s.k.tokenize.GetLot(ctx, c.LotId); err != nil {
			return nil, err
		}
	}
	if in.Id, err = keeperkit.NextID(ctx, s.k.InstructionSeq); err != nil {
		return nil, err
	}
	for _, p := range partyList {
		a, _ := s.k.addressCodec.StringToBytes(p)
		if err := s.k.InstructionsByParty.Set(ctx, collections.Join(sdk.AccAddress(a), in.Id)); err != nil {
			return nil, err
		}
	}
	if err := keeperkit.Emit(ctx, &types.EventInstructionCreated{InstructionId: in.Id, Type: in.Type, Creator: in.Creator,
		Parties: partyList, Deadline: in.Deadline, Netting: in.Netting}); err != nil {
		return nil, err
	}
	status := in.Status
	if msg.Fund {
		// the creator's legs, then each co-signer's: every signer funds at
		// least one leg, and the last leg funded settles the instruction
		var legs []uint32
		for _, signer := range append([]string{msg.Creator}, msg.CoSigners...) {
			own := legs
			for i, l := range in.Legs {
				if l.From == signer {
					legs = append(legs, uint32(i))
				}
			}
			if len(legs) == len(own) {
				return nil, types.ErrNotPayer.Wrapf("fund: %s signs but pays no leg", signer)
			}
		}
		// fund stores the instruction as it leaves it (open, pending or
		// settled): an instruction settled by the message that creates it
		// is written once and never queued
		if status, err = s.k.fund(ctx, ps, in, legs); err != nil {
			return nil, err
		}
	} else if err := s.k.Instructions.Set(ctx, in.Id, in); err != nil {
		return nil, err
	}
	if status != types.INSTRUCTION_STATUS_SETTLED {
		if err := s.k.DeadlineQueue.Set(ctx, collections.Join(in.Deadline, in.Id)); err != nil {
			return nil, err
		}
	}
	return &types.MsgCreateInstructionResponse{InstructionId: in.Id}, nil
}

// buildLeg checks one leg against state and prices its FX and fee.
func (k Keeper) buildLeg(ctx context.Context, ps *participants, in types.LegInput, bps uint32) (types.Leg, error) {
	leg := types.Leg{From: in.From, To: in.To, Denom: in.Denom, Amount: in.Amount, Fee: math.ZeroInt()}
	for _, a := range []string{in.From, in.To} {
		if _, err := ps.active(ctx, a); err != nil {
			return leg, err
		}
	}
	if id, ok := tokenizetypes.ParseLotDenom(in.Denom); ok {
		if in.FxQuoteId != 0 || in.PayoutChannel != "" {
			return leg, types.ErrInvalidInstruction.Wrap("a lot leg has no FX conversion and no payout")
		}
		leg.LoanId = in.LoanId
		lot, err := k.tokenize.GetLot(ctx, id)
		if err != nil {
			return leg, err
		}
		if !lot.IsLive() {
			return leg, types.ErrInvalidInstruction.Wrapf("lot %d is %s", id, lot.Status)
		}
		return leg, nil
	}
	c, ok, err := k.CurrencyOf(ctx, in.Denom)
	if err != nil {
		return leg, err
	}
	if !ok {
		return leg, types.ErrInvalidInstruction.Wrapf("%s is neither a lot denom nor an accepted currency denom", in.Denom)
	}
	if in.LoanId != 0 {
		return leg, types.ErrInvalidInstruction.Wrap("loan_id belongs on the lot leg that sells the pledged units")
	}
	leg.Currency = c.Code
	if t := in.PayoutTarget(); t.IsSet() {
		if err := checkPayoutDenom(c, in.Denom, t.Channel); err != nil {
			return leg, err
		}
		leg.Payout = &t
	}
	if in.FxQuoteId != 0 {
		if err := k.reserve(ctx, in.FxQuoteId, in.FxPayDenom, &leg); err != nil {
			return leg, err
		}
	}
	leg.Fee = types.Fee(funding(leg).Amount, bps)
	return leg, nil
}

// checkPayoutDenom: a payout sends proceeds home, so the leg's denom must be
// the currency's voucher received over the payout channel; sending it over
// that channel unwinds it to the issuing chain.
func checkPayoutDenom(c types.Currency, denom, channel string) error {
	for _, d := range c.Denoms {
		if d.Denom == denom && d.SourceChannel == channel {
			return nil
		}
	}
	return types.ErrInvalidInstruction.Wrapf("%s is not %s's voucher over %s: a payout goes home over the channel its voucher came in on", denom, c.Code, channel)
}

// checkShape enforces what each instruction type exchanges.
func checkShape(t types.InstructionType, legs []types.Leg) error {
	lots, cur := 0, map[string]bool{}
	for _, l := range legs {
		if l.Currency == "" {
			lots++
			continue
		}
		cur[l.Currency] = true
		if l.Fx != nil {
			cur["fx:"+l.Fx.PayDenom] = true
		}
	}
	switch {
	case t == types.INSTRUCTION_TYPE_DVP && (lots == 0 || len(cur) == 0):
		return types.ErrInvalidInstruction.Wrap("DVP exchanges lot units against currency")
	case t == types.INSTRUCTION_TYPE_PVP && (lots > 0 || len(cur) < 2):
		return types.ErrInvalidInstruction.Wrap("PVP exchanges currency against another currency")
	case t == types.INSTRUCTION_TYPE_BARTER && len(cur) > 0:
		return types.ErrInvalidInstruction.Wrap("BARTER exchanges lot units against lot units")
	}
	return nil
}
