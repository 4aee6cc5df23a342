package keeper

import (
	"context"

	"github.com/corridor-chain/corridor/x/settlement/types"
)

// UpdateCurrency replaces a currency's issuer and denoms.
func (s msgServer) UpdateCurrency(ctx context.Context, msg *types.MsgUpdateCurrency) (*types.MsgUpdateCurrencyResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	return &types.MsgUpdateCurrencyResponse{}, s.registerCurrency(ctx, msg.Authority, msg.Currency, true)
}
