package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/finance/types"
)

type msgServer struct{ k Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the Msg service implementation.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k: k} }

// UpdateParams replaces the module parameters; governance only.
func (s msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), s.k.authority, msg.Authority); err != nil {
		return nil, err
	}
	if err := s.k.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, keeperkit.Emit(ctx, &types.EventParamsUpdated{Authority: msg.Authority, Params: msg.Params})
}
