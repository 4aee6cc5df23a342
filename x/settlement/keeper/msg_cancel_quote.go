package keeper

import (
	"context"

	"github.com/corridor-chain/corridor/x/settlement/types"
)

// CancelQuote cancels a quote.
func (s msgServer) CancelQuote(ctx context.Context, msg *types.MsgCancelQuote) (*types.MsgCancelQuoteResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	q, err := s.k.GetQuote(ctx, msg.QuoteId)
	if err != nil {
		return nil, err
	}
	if q.Maker != msg.Maker {
		return nil, types.ErrNotMaker.Wrapf("quote %d", q.Id)
	}
	if q.Status != types.QUOTE_STATUS_ACTIVE {
		return nil, types.ErrQuoteUnavailable.Wrapf("quote %d is %s", q.Id, q.Status)
	}
	return &types.MsgCancelQuoteResponse{}, s.k.closeQuote(ctx, q, types.QUOTE_STATUS_CANCELLED)
}
