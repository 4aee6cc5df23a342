package app

import (
	"context"
	"strings"

	gogogrpc "github.com/cosmos/gogoproto/grpc"
	"google.golang.org/grpc"

	"github.com/cosmos/cosmos-sdk/types/module"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	icatypes "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/types"

	ibc "github.com/cosmos/ibc-go/v11/modules/core"
	clienttypes "github.com/cosmos/ibc-go/v11/modules/core/02-client/types"
	connectiontypes "github.com/cosmos/ibc-go/v11/modules/core/03-connection/types"
	channeltypes "github.com/cosmos/ibc-go/v11/modules/core/04-channel/types"
	ibckeeper "github.com/cosmos/ibc-go/v11/modules/core/keeper"

	consortiumkeeper "github.com/corridor-chain/corridor/x/consortium/keeper"
)

// gatedIBCModule is ibc-go's core module with its Msg services replaced by
// gatedIBCMsgServer. Because the gate sits in the message handler itself, it
// holds for a transaction, an authz exec, an interchain account and a
// proposal alike. Queries, genesis and migrations are ibc-go's own.
type gatedIBCModule struct {
	ibc.AppModule
	keeper     *ibckeeper.Keeper
	consortium consortiumkeeper.Keeper
}

func newGatedIBCModule(m ibc.AppModule, k *ibckeeper.Keeper, c consortiumkeeper.Keeper) gatedIBCModule {
	return gatedIBCModule{AppModule: m, keeper: k, consortium: c}
}

// RegisterServices registers ibc-go's services through a configurator whose
// Msg server swaps in the gated implementations.
func (m gatedIBCModule) RegisterServices(cfg module.Configurator) {
	gated := gatedIBCMsgServer{Keeper: m.keeper, consortium: m.consortium}
	m.AppModule.RegisterServices(gatedConfigurator{Configurator: cfg, replace: map[string]any{
		clientServiceName:     gated,
		connectionServiceName: gated,
		channelServiceName:    gated,
	}})
}

// gatedConfigurator hands out a Msg server that registers a replacement
// handler for the services named in replace.
type gatedConfigurator struct {
	module.Configurator
	replace map[string]any
}

func (c gatedConfigurator) MsgServer() gogogrpc.Server {
	return gatedRegistrar{inner: c.Configurator.MsgServer(), replace: c.replace}
}

type gatedRegistrar struct {
	inner   gogogrpc.Server
	replace map[string]any
}

// RegisterService swaps the handler of a gated service.
func (r gatedRegistrar) RegisterService(sd *grpc.ServiceDesc, ss any) {
	if gated, ok := r.replace[sd.ServiceName]; ok {
		ss = gated
	}
	r.inner.RegisterService(sd, ss)
}

var (
	clientServiceName     = clienttypes.Msg_serviceDesc.ServiceName
	connectionServiceName = connectiontypes.Msg_serviceDesc.ServiceName
	channelServiceName    = channeltypes.Msg_serviceDesc.ServiceName
)

// gatedIBCMsgServer admits only consortium relayers to the three messages
// that start a new link: MsgCreateClient, MsgConnectionOpenInit and
// MsgChannelOpenInit. The counterparty steps (Try/Ack/Confirm) and packet
// relaying stay open, as they only complete what an admitted relayer began.
type gatedIBCMsgServer struct {
	*ibckeeper.Keeper
	consortium consortiumkeeper.Keeper
}

var (
	_ clienttypes.MsgServer     = gatedIBCMsgServer{}
	_ connectiontypes.MsgServer = gatedIBCMsgServer{}
	_ channeltypes.MsgServer    = gatedIBCMsgServer{}
)

// CreateClient admits only consortium relayers.
func (s gatedIBCMsgServer) CreateClient(ctx context.Context, msg *clienttypes.MsgCreateClient) (*clienttypes.MsgCreateClientResponse, error) {
	if err := s.consortium.RequireRelayer(ctx, msg.Signer, "MsgCreateClient"); err != nil {
		return nil, err
	}
	return s.Keeper.CreateClient(ctx, msg)
}

// ConnectionOpenInit admits only consortium relayers.
func (s gatedIBCMsgServer) ConnectionOpenInit(ctx context.Context, msg *connectiontypes.MsgConnectionOpenInit) (*connectiontypes.MsgConnectionOpenInitResponse, error) {
	if err := s.consortium.RequireRelayer(ctx, msg.Signer, "MsgConnectionOpenInit"); err != nil {
		return nil, err
	}
	return s.Keeper.ConnectionOpenInit(ctx, msg)
}

// ChannelOpenInit admits consortium relayers, and the interchain-accounts
// controller opening its own channel: an account's MsgRegisterInterchainAccount
// routes a ChannelOpenInit signed by the ICA module account on an existing
// connection (one an admitted relayer opened) from an icacontroller- port.
func (s gatedIBCMsgServer) ChannelOpenInit(ctx context.Context, msg *channeltypes.MsgChannelOpenInit) (*channeltypes.MsgChannelOpenInitResponse, error) {
	if !isICAControllerInit(msg) {
		if err := s.consortium.RequireRelayer(ctx, msg.Signer, "MsgChannelOpenInit"); err != nil {
			return nil, err
		}
	}
	return s.Keeper.ChannelOpenInit(ctx, msg)
}

func isICAControllerInit(msg *channeltypes.MsgChannelOpenInit) bool {
	return strings.HasPrefix(msg.PortId, icatypes.ControllerPortPrefix) &&
		msg.Signer == authtypes.NewModuleAddress(icatypes.ModuleName).String()
}
