package keeper

import (
	"context"
	"errors"

	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"cosmossdk.io/collections"
	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
)

func (s msgServer) registerCurrency(ctx context.Context, authority string, c types.Currency, update bool) error {
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), s.k.authority, authority); err != nil {
		return err
	}
	if _, err := s.k.requireRole(ctx, c.Issuer, tokenizetypes.ROLE_BANK); err != nil {
		return err
	}
	old, err := s.k.Currencies.Get(ctx, c.Code)
	switch {
	case err == nil && !update:
		return types.ErrCurrencyExists.Wrap(c.Code)
	case errors.Is(err, collections.ErrNotFound) && update:
		return types.ErrCurrencyNotFound.Wrap(c.Code)
	case err != nil && !errors.Is(err, collections.ErrNotFound):
		return err
	}
	var prev *types.Currency
	if update {
		if old.Exponent != c.Exponent {
			return types.ErrInvalidCurrency.Wrapf("the exponent of %s never changes", c.Code)
		}
		prev = &old
	}
	if err := s.k.setCurrency(ctx, prev, c); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventCurrencyRegistered{Currency: c})
}

// RegisterCurrency admits a currency.
func (s msgServer) RegisterCurrency(ctx context.Context, msg *types.MsgRegisterCurrency) (*types.MsgRegisterCurrencyResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	return &types.MsgRegisterCurrencyResponse{}, s.registerCurrency(ctx, msg.Authority, msg.Currency, false)
}
