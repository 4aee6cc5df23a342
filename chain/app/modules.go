package app

import (
	"encoding/json"

	abci "github.com/cometbft/cometbft/abci/types"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/auth"
	authsims "github.com/cosmos/cosmos-sdk/x/auth/simulation"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	authzmodule "github.com/cosmos/cosmos-sdk/x/authz/module"
	"github.com/cosmos/cosmos-sdk/x/bank"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/consensus"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	distr "github.com/cosmos/cosmos-sdk/x/distribution"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	"github.com/cosmos/cosmos-sdk/x/evidence"
	evidencetypes "github.com/cosmos/cosmos-sdk/x/evidence/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	feegrantmodule "github.com/cosmos/cosmos-sdk/x/feegrant/module"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	"github.com/cosmos/cosmos-sdk/x/gov"
	govclient "github.com/cosmos/cosmos-sdk/x/gov/client"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	"github.com/cosmos/cosmos-sdk/x/slashing"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	"github.com/cosmos/cosmos-sdk/x/staking"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
	"github.com/cosmos/cosmos-sdk/x/upgrade"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	ica "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts"
	icatypes "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/types"
	packetforward "github.com/cosmos/ibc-go/v11/modules/apps/packet-forward-middleware"
	packetforwardtypes "github.com/cosmos/ibc-go/v11/modules/apps/packet-forward-middleware/types"
	ratelimiting "github.com/cosmos/ibc-go/v11/modules/apps/rate-limiting"
	ratelimittypes "github.com/cosmos/ibc-go/v11/modules/apps/rate-limiting/types"
	"github.com/cosmos/ibc-go/v11/modules/apps/transfer"
	ibctransfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	ibc "github.com/cosmos/ibc-go/v11/modules/core"
	ibcexported "github.com/cosmos/ibc-go/v11/modules/core/exported"
	ibctm "github.com/cosmos/ibc-go/v11/modules/light-clients/07-tendermint"

	"github.com/corridor-chain/corridor/x/consortium"
	consortiumtypes "github.com/corridor-chain/corridor/x/consortium/types"
	"github.com/corridor-chain/corridor/x/finance"
	financetypes "github.com/corridor-chain/corridor/x/finance/types"
	"github.com/corridor-chain/corridor/x/settlement"
	settlementtypes "github.com/corridor-chain/corridor/x/settlement/types"
	"github.com/corridor-chain/corridor/x/tokenize"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// GenesisState is the application genesis: module name -> module genesis.
type GenesisState map[string]json.RawMessage

// genesisOrder: genutil after staking (pools funded) and after consortium
// (gentxs are checked against the validator list).
var genesisOrder = []string{
	authtypes.ModuleName, banktypes.ModuleName, distrtypes.ModuleName, consortiumtypes.ModuleName,
	stakingtypes.ModuleName, slashingtypes.ModuleName, govtypes.ModuleName,
	ibcexported.ModuleName, genutiltypes.ModuleName, evidencetypes.ModuleName, authz.ModuleName,
	feegrant.ModuleName, ibctransfertypes.ModuleName, ratelimittypes.ModuleName, packetforwardtypes.ModuleName,
	icatypes.ModuleName, upgradetypes.ModuleName, consensustypes.ModuleName,
	tokenizetypes.ModuleName, settlementtypes.ModuleName, financetypes.ModuleName,
}

func (app *App) initModules() {
	cdc := app.appCodec
	app.ModuleManager = module.NewManager(
		genutil.NewAppModule(app.AccountKeeper, app.StakingKeeper, app, app.txConfig),
		auth.NewAppModule(cdc, app.AccountKeeper, authsims.RandomGenesisAccounts, nil),
		bank.NewAppModule(cdc, app.BankKeeper, app.AccountKeeper, nil),
		stakingModule{staking.NewAppModule(cdc, app.StakingKeeper, app.AccountKeeper, app.BankKeeper, nil), app.StakingKeeper, app.ConsortiumKeeper},
		slashing.NewAppModule(cdc, app.SlashingKeeper, app.AccountKeeper, app.BankKeeper, app.StakingKeeper, nil, app.interfaceRegistry),
		distr.NewAppModule(cdc, app.DistrKeeper, app.AccountKeeper, app.BankKeeper, app.StakingKeeper, nil),
		gov.NewAppModule(cdc, &app.GovKeeper, app.AccountKeeper, app.BankKeeper, nil),
		upgrade.NewAppModule(app.UpgradeKeeper, app.AccountKeeper.AddressCodec()),
		authzmodule.NewAppModule(cdc, app.AuthzKeeper, app.AccountKeeper, app.BankKeeper, app.interfaceRegistry),
		feegrantmodule.NewAppModule(cdc, app.AccountKeeper, app.BankKeeper, app.FeeGrantKeeper, app.interfaceRegistry),
		evidence.NewAppModule(app.EvidenceKeeper),
		consensus.NewAppModule(cdc, app.ConsensusParamsKeeper),

		newGatedIBCModule(ibc.NewAppModule(app.IBCKeeper), app.IBCKeeper, app.ConsortiumKeeper),
		transfer.NewAppModule(app.TransferKeeper),
		ratelimiting.NewAppModule(app.RateLimitKeeper),
		packetforward.NewAppModule(app.PFMKeeper),
		icaModule{ica.NewAppModule(app.ICAControllerKeeper, app.ICAHostKeeper)},
		ibctm.NewAppModule(*app.tmLightClient),

		consortium.NewAppModule(app.ConsortiumKeeper),
		tokenize.NewAppModule(app.TokenizeKeeper),
		settlement.NewAppModule(app.SettlementKeeper),
		finance.NewAppModule(app.FinanceKeeper),
	)

	app.BasicModuleManager = module.NewBasicManagerFromManager(app.ModuleManager, map[string]module.AppModuleBasic{
		genutiltypes.ModuleName: genutil.NewAppModuleBasic(genutiltypes.DefaultMessageValidator),
		govtypes.ModuleName:     govBasic{gov.NewAppModuleBasic([]govclient.ProposalHandler{})},
	})
	app.BasicModuleManager.RegisterLegacyAminoCodec(app.legacyAmino)
	app.BasicModuleManager.RegisterInterfaces(app.interfaceRegistry)

	app.ModuleManager.SetOrderPreBlockers(upgradetypes.ModuleName, authtypes.ModuleName)
	app.ModuleManager.SetOrderBeginBlockers(
		distrtypes.ModuleName, slashingtypes.ModuleName, evidencetypes.ModuleName, stakingtypes.ModuleName,
		ibcexported.ModuleName, ibctransfertypes.ModuleName, packetforwardtypes.ModuleName,
		ratelimittypes.ModuleName, icatypes.ModuleName, genutiltypes.ModuleName, authz.ModuleName,
	)
	// x/bank first (SDK v0.54 requirement).
	app.ModuleManager.SetOrderEndBlockers(
		banktypes.ModuleName, govtypes.ModuleName, stakingtypes.ModuleName, ibcexported.ModuleName,
		ibctransfertypes.ModuleName, packetforwardtypes.ModuleName, ratelimittypes.ModuleName,
		icatypes.ModuleName, genutiltypes.ModuleName, feegrant.ModuleName, settlementtypes.ModuleName,
	)
	app.ModuleManager.SetOrderInitGenesis(genesisOrder...)
	app.ModuleManager.SetOrderExportGenesis(genesisOrder...)

	app.configurator = module.NewConfigurator(cdc, app.MsgServiceRouter(), app.GRPCQueryRouter())
	if err := app.ModuleManager.RegisterServices(app.configurator); err != nil {
		panic(err)
	}
}

// PreBlocker runs the upgrade module before the block.
func (app *App) PreBlocker(ctx sdk.Context, _ *abci.RequestFinalizeBlock) (*sdk.ResponsePreBlock, error) {
	return app.ModuleManager.PreBlock(ctx)
}

// BeginBlocker runs every module's BeginBlock.
func (app *App) BeginBlocker(ctx sdk.Context) (sdk.BeginBlock, error) {
	return app.ModuleManager.BeginBlock(ctx)
}

// EndBlocker runs every module's EndBlock.
func (app *App) EndBlocker(ctx sdk.Context) (sdk.EndBlock, error) {
	return app.ModuleManager.EndBlock(ctx)
}

// InitChainer initialises every module from the genesis document.
func (app *App) InitChainer(ctx sdk.Context, req *abci.RequestInitChain) (*abci.ResponseInitChain, error) {
	var gs GenesisState
	if err := json.Unmarshal(req.AppStateBytes, &gs); err != nil {
		return nil, err
	}
	if err := app.UpgradeKeeper.SetModuleVersionMap(ctx, app.ModuleManager.GetVersionMap()); err != nil {
		return nil, err
	}
	return app.ModuleManager.InitGenesis(ctx, app.appCodec, gs)
}
