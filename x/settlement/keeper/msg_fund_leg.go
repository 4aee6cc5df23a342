package keeper

import (
	"context"

	"github.com/corridor-chain/corridor/x/settlement/types"
)

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
