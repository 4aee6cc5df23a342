package keeper

import (
	"context"

	"github.com/corridor-chain/corridor/x/settlement/types"
)

// CancelInstruction: the creator before any leg is funded or affirmed; any
// party once the deadline has passed.
func (s msgServer) CancelInstruction(ctx context.Context, msg *types.MsgCancelInstruction) (*types.MsgCancelInstructionResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	in, err := s.k.GetInstruction(ctx, msg.InstructionId)
	if err != nil {
		return nil, err
	}
	if in.Status != types.INSTRUCTION_STATUS_OPEN {
		return nil, types.ErrInstructionNotOpen.Wrapf("instruction %d is %s", in.Id, in.Status)
	}
	untouched := true
	for _, l := range in.Legs {
		untouched = untouched && !l.Funded && !l.Affirmed
	}
	isParty := false
	for _, p := range parties(in) {
		isParty = isParty || p == msg.Signer
	}
	switch {
	case msg.Signer == in.Creator && untouched:
	case isParty && !blockTime(ctx).Before(in.Deadline):
	default:
		return nil, types.ErrCancelNotAllowed.Wrap("the creator may cancel before any funding or affirmation, any party after the deadline")
	}
	return &types.MsgCancelInstructionResponse{}, s.k.closeInstruction(ctx, in, types.INSTRUCTION_STATUS_CANCELLED)
}
