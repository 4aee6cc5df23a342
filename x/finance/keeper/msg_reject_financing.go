package keeper

import (
	"context"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/finance/types"
)

// RejectFinancing declines a pending application with a reason code.
func (s msgServer) RejectFinancing(ctx context.Context, msg *types.MsgRejectFinancing) (*types.MsgRejectFinancingResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	params, err := s.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	if len(msg.Note) > int(params.MaxNoteLength) {
		return nil, types.ErrInvalidApplication.Wrapf("note must be at most %d bytes", params.MaxNoteLength)
	}
	a, err := s.k.pendingApplication(ctx, msg.ApplicationId, msg.Bank)
	if err != nil {
		return nil, err
	}
	a.Status, a.Reason, a.RejectNote, a.ClosedHeight = types.APPLICATION_STATUS_REJECTED, msg.Reason, msg.Note, blockHeight(ctx)
	if err := s.k.Applications.Set(ctx, a.Id, a); err != nil {
		return nil, err
	}
	return &types.MsgRejectFinancingResponse{}, keeperkit.Emit(ctx, &types.EventFinancingRejected{ApplicationId: a.Id, Bank: a.Bank, Reason: msg.Reason, Note: msg.Note})
}
