package keeper

import (
	"context"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
)

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
	if all {
		in.NettingRemovals = 0
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
