package app

import (
	"encoding/json"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/gov"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	"github.com/cosmos/cosmos-sdk/x/staking"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	ica "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts"
	icacontrollertypes "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/controller/types"
	icagenesistypes "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/genesis/types"
	icahosttypes "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/host/types"

	consortiumkeeper "github.com/corridor-chain/corridor/x/consortium/keeper"
)

// ICAHostAllowMessages are the messages an interchain account may run here:
// funding and affirming instruction legs, moving money and delegating. Not
// staking administration, not IBC handshakes.
var ICAHostAllowMessages = []string{
	"/corridor.settlement.v1.MsgFundLeg",
	"/corridor.settlement.v1.MsgAffirmInstruction",
	"/cosmos.bank.v1beta1.MsgSend",
	"/cosmos.staking.v1beta1.MsgDelegate",
	"/cosmos.staking.v1beta1.MsgUndelegate",
	"/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward",
	"/ibc.applications.transfer.v1.MsgTransfer",
}

// Governance deposits are paid in the fee denom (the bond denom cannot move).
var (
	GovMinDeposit          = sdk.NewCoins(sdk.NewCoin(FeeDenom, sdkmath.NewInt(10_000_000)))
	GovExpeditedMinDeposit = sdk.NewCoins(sdk.NewCoin(FeeDenom, sdkmath.NewInt(50_000_000)))
)

// DefaultGenesis is every module's default genesis, with Corridor's choices.
func (app *App) DefaultGenesis() GenesisState {
	return GenesisState(app.BasicModuleManager.DefaultGenesis(app.appCodec))
}

// stakingModule is x/staking with the Corridor bond denom by default and
// validator creation gated by the consortium (see gated_staking.go).
type stakingModule struct {
	staking.AppModule
	keeper     *stakingkeeper.Keeper
	consortium consortiumkeeper.Keeper
}

// DefaultGenesis sets the bond denom.
func (m stakingModule) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	gs := stakingtypes.DefaultGenesisState()
	gs.Params.BondDenom = BondDenom
	return cdc.MustMarshalJSON(gs)
}

// govBasic is x/gov with deposits in the fee denom by default.
type govBasic struct{ gov.AppModuleBasic }

// DefaultGenesis sets the deposit denoms.
func (m govBasic) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	gs := govv1.DefaultGenesisState()
	gs.Params.MinDeposit = GovMinDeposit
	gs.Params.ExpeditedMinDeposit = GovExpeditedMinDeposit
	return cdc.MustMarshalJSON(gs)
}

// icaModule is ICS-27 with the host restricted to ICAHostAllowMessages.
type icaModule struct{ ica.AppModule }

// DefaultGenesis sets the host allow list.
func (m icaModule) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	gs := icagenesistypes.DefaultGenesis()
	gs.HostGenesisState.Params = icahosttypes.NewParams(true, ICAHostAllowMessages)
	gs.ControllerGenesisState.Params = icacontrollertypes.NewParams(true)
	return cdc.MustMarshalJSON(gs)
}
