package app

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	consortiumkeeper "github.com/corridor-chain/corridor/x/consortium/keeper"
	consortiumtypes "github.com/corridor-chain/corridor/x/consortium/types"
)

// RegisterServices registers x/staking's services with CreateValidator
// gated by the consortium validator list. The gate is in the message handler,
// so it holds for a transaction, an authz exec, an interchain account, a
// proposal and a genesis transaction alike. Validators written directly into
// the staking genesis are the genesis authors' own act and are not checked.
func (m stakingModule) RegisterServices(cfg module.Configurator) {
	gated := gatedStakingMsgServer{MsgServer: stakingkeeper.NewMsgServerImpl(m.keeper), consortium: m.consortium}
	m.AppModule.RegisterServices(gatedConfigurator{Configurator: cfg, replace: map[string]any{
		stakingtypes.Msg_serviceDesc.ServiceName: gated,
	}})
}

type gatedStakingMsgServer struct {
	stakingtypes.MsgServer
	consortium consortiumkeeper.Keeper
}

// CreateValidator admits only consortium validator operators.
func (s gatedStakingMsgServer) CreateValidator(ctx context.Context, msg *stakingtypes.MsgCreateValidator) (*stakingtypes.MsgCreateValidatorResponse, error) {
	valAddr, err := sdk.ValAddressFromBech32(msg.ValidatorAddress)
	if err != nil {
		return nil, consortiumtypes.ErrInvalidAddress.Wrapf("invalid validator address: %s", err)
	}
	if err := s.consortium.RequireValidatorOperator(ctx, sdk.AccAddress(valAddr)); err != nil {
		return nil, err
	}
	return s.MsgServer.CreateValidator(ctx, msg)
}
