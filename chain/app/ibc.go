package app

import (
	icahost "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/host"
	icahostkeeper "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/host/keeper"
	icahosttypes "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/host/types"
	ibccallbacks "github.com/cosmos/ibc-go/v11/modules/apps/callbacks"
	packetforward "github.com/cosmos/ibc-go/v11/modules/apps/packet-forward-middleware"
	packetforwardkeeper "github.com/cosmos/ibc-go/v11/modules/apps/packet-forward-middleware/keeper"
	packetforwardtypes "github.com/cosmos/ibc-go/v11/modules/apps/packet-forward-middleware/types"
	ratelimiting "github.com/cosmos/ibc-go/v11/modules/apps/rate-limiting"
	ratelimitkeeper "github.com/cosmos/ibc-go/v11/modules/apps/rate-limiting/keeper"
	ratelimittypes "github.com/cosmos/ibc-go/v11/modules/apps/rate-limiting/types"
	"github.com/cosmos/ibc-go/v11/modules/apps/transfer"
	ibctransferkeeper "github.com/cosmos/ibc-go/v11/modules/apps/transfer/keeper"
	ibctransfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	porttypes "github.com/cosmos/ibc-go/v11/modules/core/05-port/types"
	ibcapi "github.com/cosmos/ibc-go/v11/modules/core/api"
	ibctm "github.com/cosmos/ibc-go/v11/modules/light-clients/07-tendermint"
)

// MaxCallbackGas caps the gas a callback may ask the relayer to pay for.
const MaxCallbackGas = uint64(1_000_000)

// initIBC builds the IBC application stacks. IBC is wired by hand (it is not
// depinject-wired). The ICS-20 stack, top to bottom:
//
//	rate limiting -> packet forward -> callbacks (x/settlement) -> transfer
//
// so a packet is rate-limited before anything else sees it, forwarded hops
// never reach the callbacks, and callbacks see only packets for this chain.
func (app *App) initIBC() {
	cdc := app.appCodec
	govAuthority := GovAuthority()

	app.TransferKeeper = ibctransferkeeper.NewKeeper(cdc, app.AccountKeeper.AddressCodec(),
		app.kvService(ibctransfertypes.StoreKey), app.IBCKeeper.ChannelKeeper, app.MsgServiceRouter(),
		app.AccountKeeper, app.BankKeeper, govAuthority)
	app.RateLimitKeeper = ratelimitkeeper.NewKeeper(cdc, app.AccountKeeper.AddressCodec(),
		app.kvService(ratelimittypes.StoreKey), app.IBCKeeper.ChannelKeeper, app.IBCKeeper.ClientKeeper,
		app.BankKeeper, govAuthority)
	app.PFMKeeper = packetforwardkeeper.NewKeeper(cdc, app.AccountKeeper.AddressCodec(),
		app.kvService(packetforwardtypes.StoreKey), app.TransferKeeper, app.IBCKeeper.ChannelKeeper,
		app.BankKeeper, govAuthority)
	app.ICAHostKeeper = icahostkeeper.NewKeeper(cdc, app.kvService(icahosttypes.StoreKey),
		app.IBCKeeper.ChannelKeeper, app.AccountKeeper, app.MsgServiceRouter(), app.GRPCQueryRouter(), govAuthority)

	transferStack := porttypes.NewIBCStackBuilder(app.IBCKeeper.ChannelKeeper)
	transferStack.Base(transfer.NewIBCModule(app.TransferKeeper)).
		Next(ibccallbacks.NewIBCMiddleware(app.SettlementKeeper.CallbacksKeeper(), MaxCallbackGas)).
		Next(packetforward.NewIBCMiddleware(app.PFMKeeper, 0, packetforwardkeeper.DefaultForwardTransferPacketTimeoutTimestamp)).
		Next(ratelimiting.NewIBCMiddleware(app.RateLimitKeeper))

	router := porttypes.NewRouter()
	router.AddRoute(ibctransfertypes.ModuleName, transferStack.Build())
	router.AddRoute(icahosttypes.SubModuleName, icahost.NewIBCModule(app.ICAHostKeeper))
	app.IBCKeeper.SetRouter(router)
	// IBC v2 carries no application here: every packet goes through the
	// channel handshakes that the consortium's relayer list governs.
	app.IBCKeeper.SetRouterV2(ibcapi.NewRouter())

	tm := ibctm.NewLightClientModule(cdc, app.IBCKeeper.ClientKeeper.GetStoreProvider())
	app.IBCKeeper.ClientKeeper.AddRoute(ibctm.ModuleName, &tm)
	app.tmLightClient = &tm
}
