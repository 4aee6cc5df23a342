package app

import (
	"cosmossdk.io/log/v2"

	"github.com/spf13/cast"

	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/runtime"
	"github.com/cosmos/cosmos-sdk/server"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authcodec "github.com/cosmos/cosmos-sdk/x/auth/codec"
	authkeeper "github.com/cosmos/cosmos-sdk/x/auth/keeper"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	authzkeeper "github.com/cosmos/cosmos-sdk/x/authz/keeper"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	consensuskeeper "github.com/cosmos/cosmos-sdk/x/consensus/keeper"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	distrkeeper "github.com/cosmos/cosmos-sdk/x/distribution/keeper"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	evidencekeeper "github.com/cosmos/cosmos-sdk/x/evidence/keeper"
	evidencetypes "github.com/cosmos/cosmos-sdk/x/evidence/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	feegrantkeeper "github.com/cosmos/cosmos-sdk/x/feegrant/keeper"
	govkeeper "github.com/cosmos/cosmos-sdk/x/gov/keeper"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	slashingkeeper "github.com/cosmos/cosmos-sdk/x/slashing/keeper"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
	upgradekeeper "github.com/cosmos/cosmos-sdk/x/upgrade/keeper"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	icacontrollertypes "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/controller/types"
	icahosttypes "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/host/types"
	icatypes "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/types"
	packetforwardtypes "github.com/cosmos/ibc-go/v11/modules/apps/packet-forward-middleware/types"
	ratelimittypes "github.com/cosmos/ibc-go/v11/modules/apps/rate-limiting/types"
	ibctransferkeeper "github.com/cosmos/ibc-go/v11/modules/apps/transfer/keeper"
	ibctransfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	ibcexported "github.com/cosmos/ibc-go/v11/modules/core/exported"
	ibckeeper "github.com/cosmos/ibc-go/v11/modules/core/keeper"

	consortiumkeeper "github.com/corridor-chain/corridor/x/consortium/keeper"
	consortiumtypes "github.com/corridor-chain/corridor/x/consortium/types"
	financekeeper "github.com/corridor-chain/corridor/x/finance/keeper"
	financetypes "github.com/corridor-chain/corridor/x/finance/types"
	settlementkeeper "github.com/corridor-chain/corridor/x/settlement/keeper"
	settlementtypes "github.com/corridor-chain/corridor/x/settlement/types"
	tokenizekeeper "github.com/corridor-chain/corridor/x/tokenize/keeper"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// maccPerms are the module accounts and what each may do with coins.
var maccPerms = map[string][]string{
	authtypes.FeeCollectorName:     nil,
	distrtypes.ModuleName:          nil,
	stakingtypes.BondedPoolName:    {authtypes.Burner, authtypes.Staking},
	stakingtypes.NotBondedPoolName: {authtypes.Burner, authtypes.Staking},
	govtypes.ModuleName:            {authtypes.Burner},
	ibctransfertypes.ModuleName:    {authtypes.Minter, authtypes.Burner},
	icatypes.ModuleName:            nil,
	tokenizetypes.ModuleName:       {authtypes.Minter, authtypes.Burner},
	settlementtypes.ModuleName:     {authtypes.Minter, authtypes.Burner},
}

// ModuleAccountPermissions returns a copy of the module account permissions.
func ModuleAccountPermissions() map[string][]string {
	out := make(map[string][]string, len(maccPerms))
	for k, v := range maccPerms {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// GovAuthority is the governance module account, the authority of every
// module. Encoded through the codec, not AccAddress.String(), whose cache may
// hold a rendering made before the bech32 prefixes were set.
func GovAuthority() string {
	s, err := authcodec.NewBech32Codec(Bech32Prefix).BytesToString(authtypes.NewModuleAddress(govtypes.ModuleName))
	if err != nil {
		panic(err)
	}
	return s
}

// BlockedAddresses are the module accounts that may not receive coins by a
// plain send; the governance account is the one exception.
func BlockedAddresses() map[string]bool {
	blocked := make(map[string]bool, len(maccPerms))
	for name := range maccPerms {
		blocked[authtypes.NewModuleAddress(name).String()] = true
	}
	delete(blocked, authtypes.NewModuleAddress(govtypes.ModuleName).String())
	return blocked
}

func storeKeys() []string {
	return []string{
		authtypes.StoreKey, banktypes.StoreKey, stakingtypes.StoreKey, slashingtypes.StoreKey,
		distrtypes.StoreKey, govtypes.StoreKey, consensustypes.StoreKey, upgradetypes.StoreKey,
		authzkeeper.StoreKey, feegrant.StoreKey, evidencetypes.StoreKey,
		ibcexported.StoreKey, ibctransfertypes.StoreKey, icahosttypes.StoreKey, icacontrollertypes.StoreKey,
		packetforwardtypes.StoreKey, ratelimittypes.StoreKey,
		consortiumtypes.StoreKey, tokenizetypes.StoreKey, settlementtypes.StoreKey, financetypes.StoreKey,
	}
}

func (app *App) initKeepers(appOpts servertypes.AppOptions, logger log.Logger) {
	cdc := app.appCodec
	accCodec := authcodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix())
	govAuthority := GovAuthority()

	app.ConsensusParamsKeeper = consensuskeeper.NewKeeper(cdc, app.kvService(consensustypes.StoreKey), govAuthority, runtime.EventService{})
	app.SetParamStore(app.ConsensusParamsKeeper.ParamsStore)

	app.AccountKeeper = authkeeper.NewAccountKeeper(cdc, app.kvService(authtypes.StoreKey), authtypes.ProtoBaseAccount,
		maccPerms, accCodec, sdk.GetConfig().GetBech32AccountAddrPrefix(), govAuthority)
	app.BankKeeper = bankkeeper.NewBaseKeeper(cdc, app.kvService(banktypes.StoreKey), app.AccountKeeper,
		BlockedAddresses(), govAuthority, logger)

	app.StakingKeeper = stakingkeeper.NewKeeper(cdc, app.kvService(stakingtypes.StoreKey), app.AccountKeeper, app.BankKeeper, govAuthority,
		authcodec.NewBech32Codec(sdk.GetConfig().GetBech32ValidatorAddrPrefix()),
		authcodec.NewBech32Codec(sdk.GetConfig().GetBech32ConsensusAddrPrefix()))
	app.DistrKeeper = distrkeeper.NewKeeper(cdc, app.kvService(distrtypes.StoreKey), app.AccountKeeper, app.BankKeeper,
		app.StakingKeeper, authtypes.FeeCollectorName, govAuthority)
	app.SlashingKeeper = slashingkeeper.NewKeeper(cdc, app.legacyAmino, app.kvService(slashingtypes.StoreKey), app.StakingKeeper, govAuthority)

	app.ConsortiumKeeper = consortiumkeeper.NewKeeper(cdc, app.kvService(consortiumtypes.StoreKey), accCodec, govAuthority)
	app.StakingKeeper.SetHooks(stakingtypes.NewMultiStakingHooks(
		app.DistrKeeper.Hooks(),
		app.SlashingKeeper.Hooks(),
	))
	// The bond denom moves only between the staking pools.
	app.BankKeeper.AppendSendRestriction(consortiumkeeper.BondDenomRestriction(BondDenom,
		authtypes.NewModuleAddress(stakingtypes.BondedPoolName),
		authtypes.NewModuleAddress(stakingtypes.NotBondedPoolName),
	))

	app.AuthzKeeper = authzkeeper.NewKeeper(app.kvService(authzkeeper.StoreKey), cdc, app.MsgServiceRouter(), app.AccountKeeper)
	app.FeeGrantKeeper = feegrantkeeper.NewKeeper(cdc, app.kvService(feegrant.StoreKey), app.AccountKeeper)

	skipUpgradeHeights := map[int64]bool{}
	for _, h := range cast.ToIntSlice(appOpts.Get(server.FlagUnsafeSkipUpgrades)) {
		skipUpgradeHeights[int64(h)] = true
	}
	homePath := cast.ToString(appOpts.Get(flags.FlagHome))
	app.UpgradeKeeper = upgradekeeper.NewKeeper(skipUpgradeHeights, app.kvService(upgradetypes.StoreKey), cdc, homePath, app.BaseApp, govAuthority)

	evidenceKeeper := evidencekeeper.NewKeeper(cdc, app.kvService(evidencetypes.StoreKey), app.StakingKeeper, app.SlashingKeeper,
		app.AccountKeeper.AddressCodec(), runtime.ProvideCometInfoService())
	app.EvidenceKeeper = *evidenceKeeper

	govKeeper := govkeeper.NewKeeper(cdc, app.kvService(govtypes.StoreKey), app.AccountKeeper, app.BankKeeper, app.DistrKeeper,
		app.MsgServiceRouter(), govtypes.DefaultConfig(), govAuthority,
		govkeeper.NewDefaultCalculateVoteResultsAndVotingPower(app.StakingKeeper))
	app.GovKeeper = *govKeeper.SetHooks(govtypes.NewMultiGovHooks())

	app.IBCKeeper = ibckeeper.NewKeeper(cdc, app.kvService(ibcexported.StoreKey), app.UpgradeKeeper, govAuthority)

	// Lot and package units may also sit in x/settlement's escrow.
	app.TokenizeKeeper = tokenizekeeper.NewKeeper(cdc, app.kvService(tokenizetypes.StoreKey), accCodec, govAuthority,
		app.BankKeeper, app.AccountKeeper, authtypes.NewModuleAddress(settlementtypes.ModuleName))
	// Lot and package units move only between active participants, never
	// while pledged (escrowed), held by customs or customs-rejected.
	app.BankKeeper.AppendSendRestriction(app.TokenizeKeeper.SendRestriction)
	// ICS-20 comes before x/settlement, which sends payouts through it; the
	// transfer stack itself is built in initIBC.
	app.TransferKeeper = ibctransferkeeper.NewKeeper(cdc, app.AccountKeeper.AddressCodec(),
		app.kvService(ibctransfertypes.StoreKey), app.IBCKeeper.ChannelKeeper, app.MsgServiceRouter(),
		app.AccountKeeper, app.BankKeeper, govAuthority)
	// x/settlement reads participants and lots from x/tokenize (never a copy),
	// pays fees to the fee collector and payouts over ICS-20.
	app.SettlementKeeper = settlementkeeper.NewKeeper(cdc, app.kvService(settlementtypes.StoreKey), accCodec, govAuthority,
		app.BankKeeper, app.TokenizeKeeper, app.TransferKeeper)
	// settlement retries, in the same block, the instructions that wait on a lot that changed
	app.TokenizeKeeper.SetHooks(app.SettlementKeeper)
	// x/finance reads participants, lots and attestations from x/tokenize
	// and manages the pledges securing its loans there; it reads currencies
	// and quotes from x/settlement, which calls back into it when a DVP
	// sells financed units or any sale moves declared lot units.
	app.FinanceKeeper = financekeeper.NewKeeper(cdc, app.kvService(financetypes.StoreKey), accCodec, govAuthority,
		app.BankKeeper, app.TokenizeKeeper, app.SettlementKeeper)
	app.SettlementKeeper.SetFinance(app.FinanceKeeper)
}
