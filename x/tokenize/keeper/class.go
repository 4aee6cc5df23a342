package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// GetClass returns a commodity class.
func (k Keeper) GetClass(ctx context.Context, code string) (types.CommodityClass, error) {
	c, err := k.Classes.Get(ctx, code)
	if errors.Is(err, collections.ErrNotFound) {
		return c, types.ErrClassNotFound.Wrap(code)
	}
	return c, err
}

// RegisterClass admits a commodity class; classes are never replaced, since
// lots refer to them.
func (s msgServer) RegisterClass(ctx context.Context, msg *types.MsgRegisterClass) (*types.MsgRegisterClassResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), s.k.authority, msg.Authority); err != nil {
		return nil, err
	}
	if has, err := s.k.Classes.Has(ctx, msg.Class.Code); err != nil {
		return nil, err
	} else if has {
		return nil, types.ErrClassExists.Wrap(msg.Class.Code)
	}
	if err := s.k.Classes.Set(ctx, msg.Class.Code, msg.Class); err != nil {
		return nil, err
	}
	return &types.MsgRegisterClassResponse{}, keeperkit.Emit(ctx, &types.EventClassRegistered{Class: msg.Class})
}
