package app

import (
	icacontroller "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/controller"
	icacontrollerkeeper "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/controller/keeper"
	icacontrollertypes "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/controller/types"
	icahost "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/host"
	icahostkeeper "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/host/keeper"
	icahosttypes "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/host/types"
	packetforward "github.com/cosmos/ibc-go/v11/modules/apps/packet-forward-middleware"
	packetforwardkeeper "github.com/cosmos/ibc-go/v11/modules/apps/packet-forward-middleware/keeper"
	packetforwardtypes "github.com/cosmos/ibc-go/v11/modules/apps/packet-forward-middleware/types"
	ratelimiting "github.com/cosmos/ibc-go/v11/modules/apps/rate-limiting"
	ratelimitkeeper "github.com/cosmos/ibc-go/v11/modules/apps/rate-limiting/keeper"
	ratelimittypes "github.com/cosmos/ibc-go/v11/modules/apps/rate-limiting/types"
	"github.com/cosmos/ibc-go/v11/modules/apps/transfer"
	ibctransfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	porttypes "github.com/cosmos/ibc-go/v11/modules/core/05-port/types"
	ibcapi "github.com/cosmos/ibc-go/v11/modules/core/api"
	ibctm "github.com/cosmos/ibc-go/v11/modules/light-clients/07-tendermint"

	"github.com/corridor-chain/corridor/x/settlement"
)

// initIBC builds the IBC application stacks. IBC is wired by hand (it is not
// depinject-wired). The ICS-20 stack, top to bottom:
//
//	rate limiting -> packet forward -> x/settlement (pay-in, payout) -> transfer
//
// so a packet is rate-limited before anything else sees it, forwarded hops
// never reach x/settlement, and x/settlement sees a transfer only after
// ICS-20 has credited (or refunded) it. Interchain accounts: this chain hosts
// them (corridor-1, for the banks) and controls them (a bank chain running
// the same binary); both ends are plain ICS-27 with no auth module, driven by
// the controller's Msg service.
func (app *App) initIBC() {
	cdc := app.appCodec
	govAuthority := GovAuthority()

	app.RateLimitKeeper = ratelimitkeeper.NewKeeper(cdc, app.AccountKeeper.AddressCodec(),
		app.kvService(ratelimittypes.StoreKey), app.IBCKeeper.ChannelKeeper, app.IBCKeeper.ClientKeeper,
		app.BankKeeper, govAuthority)
	app.PFMKeeper = packetforwardkeeper.NewKeeper(cdc, app.AccountKeeper.AddressCodec(),
		app.kvService(packetforwardtypes.StoreKey), app.TransferKeeper, app.IBCKeeper.ChannelKeeper,
		app.BankKeeper, govAuthority)
	app.ICAHostKeeper = icahostkeeper.NewKeeper(cdc, app.kvService(icahosttypes.StoreKey),
		app.IBCKeeper.ChannelKeeper, app.AccountKeeper, app.MsgServiceRouter(), app.GRPCQueryRouter(), govAuthority)
	app.ICAControllerKeeper = icacontrollerkeeper.NewKeeper(cdc, app.kvService(icacontrollertypes.StoreKey),
		app.IBCKeeper.ChannelKeeper, app.MsgServiceRouter(), govAuthority)

	transferStack := porttypes.NewIBCStackBuilder(app.IBCKeeper.ChannelKeeper)
	transferStack.Base(transfer.NewIBCModule(app.TransferKeeper)).
		Next(settlement.NewIBCMiddleware(app.SettlementKeeper)).
		Next(packetforward.NewIBCMiddleware(app.PFMKeeper, 0, packetforwardkeeper.DefaultForwardTransferPacketTimeoutTimestamp)).
		Next(ratelimiting.NewIBCMiddleware(app.RateLimitKeeper))

	router := porttypes.NewRouter()
	router.AddRoute(ibctransfertypes.ModuleName, transferStack.Build())
	router.AddRoute(icahosttypes.SubModuleName, icahost.NewIBCModule(app.ICAHostKeeper))
	router.AddRoute(icacontrollertypes.SubModuleName, icacontroller.NewIBCMiddleware(app.ICAControllerKeeper))
	app.IBCKeeper.SetRouter(router)
	// IBC v2 carries no application here: every packet goes through the
	// channel handshakes that the consortium's relayer list governs.
	app.IBCKeeper.SetRouterV2(ibcapi.NewRouter())

	tm := ibctm.NewLightClientModule(cdc, app.IBCKeeper.ClientKeeper.GetStoreProvider())
	app.IBCKeeper.ClientKeeper.AddRoute(ibctm.ModuleName, &tm)
	app.tmLightClient = &tm
}
