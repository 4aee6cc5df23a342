package app_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	clienttypes "github.com/cosmos/ibc-go/v11/modules/core/02-client/types"
	commitmenttypes "github.com/cosmos/ibc-go/v11/modules/core/23-commitment/types"
	ibctm "github.com/cosmos/ibc-go/v11/modules/light-clients/07-tendermint"
	ibctesting "github.com/cosmos/ibc-go/v11/testing"

	"github.com/corridor-chain/corridor/chain/app"
	consortiumtypes "github.com/corridor-chain/corridor/x/consortium/types"
)

// holdBondDenom gives the chain's sender bond-denom coins the way a holder
// gets them: it unbonds part of its genesis delegation and waits out the
// unbonding period.
func holdBondDenom(t *testing.T, coord *ibctesting.Coordinator, chain *ibctesting.TestChain, amount sdkmath.Int) {
	t.Helper()
	a := corridorApp(t, chain)
	sender := chain.SenderAccount.GetAddress()
	vals, err := a.StakingKeeper.GetAllValidators(chain.GetContext())
	require.NoError(t, err)
	_, err = chain.SendMsgs(stakingtypes.NewMsgUndelegate(sender.String(), vals[0].OperatorAddress, sdk.NewCoin(app.BondDenom, amount)))
	require.NoError(t, err)
	coord.IncrementTimeBy(unbondingTime + time.Second)
	coord.CommitBlock(chain)
	require.Equal(t, amount, a.BankKeeper.GetBalance(chain.GetContext(), sender, app.BondDenom).Amount)
}

func createValidatorMsg(t *testing.T, operator sdk.AccAddress, amount sdkmath.Int) *stakingtypes.MsgCreateValidator {
	t.Helper()
	msg, err := stakingtypes.NewMsgCreateValidator(sdk.ValAddress(operator).String(), ed25519.GenPrivKey().PubKey(),
		sdk.NewCoin(app.BondDenom, amount), stakingtypes.NewDescription("newval", "", "", "", ""),
		stakingtypes.NewCommissionRates(sdkmath.LegacyNewDecWithPrec(1, 1), sdkmath.LegacyNewDecWithPrec(2, 1), sdkmath.LegacyNewDecWithPrec(1, 2)),
		sdkmath.OneInt())
	require.NoError(t, err)
	return msg
}

// grantAndExec lets grantee run msg on granter's behalf through authz.
func grantAndExec(t *testing.T, chain *ibctesting.TestChain, grantee ibctesting.SenderAccount, msg sdk.Msg) error {
	t.Helper()
	granter := chain.SenderAccount.GetAddress()
	exp := chain.ProposedHeader.Time.Add(time.Hour)
	grant, err := authz.NewMsgGrant(granter, grantee.SenderAccount.GetAddress(), authz.NewGenericAuthorization(sdk.MsgTypeURL(msg)), &exp)
	require.NoError(t, err)
	_, err = chain.SendMsgs(grant)
	require.NoError(t, err)
	exec := authz.NewMsgExec(grantee.SenderAccount.GetAddress(), []sdk.Msg{msg})
	_, err = chain.SendMsgsWithSender(grantee, &exec)
	return err
}

func TestBondDenomCannotBeSent(t *testing.T) {
	coord := newCoordinator(t, 1)
	chain := coord.GetChain(ibctesting.GetChainID(1))
	holdBondDenom(t, coord, chain, sdkmath.NewInt(1000))
	a := corridorApp(t, chain)
	from, to := chain.SenderAccount.GetAddress(), chain.SenderAccounts[1].SenderAccount.GetAddress()

	_, err := chain.SendMsgs(banktypes.NewMsgSend(from, to, sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 10))))
	require.ErrorContains(t, err, consortiumtypes.ErrBondDenomSend.Error())
	_, err = chain.SendMsgs(&banktypes.MsgMultiSend{
		Inputs:  []banktypes.Input{banktypes.NewInput(from, sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 10)))},
		Outputs: []banktypes.Output{banktypes.NewOutput(to, sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 10)))},
	})
	require.ErrorContains(t, err, consortiumtypes.ErrBondDenomSend.Error())
	require.True(t, a.BankKeeper.GetBalance(chain.GetContext(), to, app.BondDenom).IsZero())

	// Delegating it is what a holder may do.
	vals, err := a.StakingKeeper.GetAllValidators(chain.GetContext())
	require.NoError(t, err)
	_, err = chain.SendMsgs(stakingtypes.NewMsgDelegate(from.String(), vals[0].OperatorAddress, sdk.NewInt64Coin(app.BondDenom, 1000)))
	require.NoError(t, err)
	// Other coins move freely.
	_, err = chain.SendMsgs(banktypes.NewMsgSend(from, to, sdk.NewCoins(sdk.NewInt64Coin(testDenom, 10))))
	require.NoError(t, err)
}

func TestCreateValidatorNeedsAdmission(t *testing.T) {
	coord := newCoordinator(t, 1)
	chain := coord.GetChain(ibctesting.GetChainID(1))
	a := corridorApp(t, chain)
	stake := sdkmath.NewInt(500_000)
	holdBondDenom(t, coord, chain, stake)
	operator := chain.SenderAccount.GetAddress()

	_, err := chain.SendMsgs(createValidatorMsg(t, operator, stake))
	require.ErrorContains(t, err, consortiumtypes.ErrNotAdmitted.Error(), "direct")
	require.ErrorContains(t, grantAndExec(t, chain, chain.SenderAccounts[1], createValidatorMsg(t, operator, stake)),
		consortiumtypes.ErrNotAdmitted.Error(), "through authz exec")
	_, err = a.StakingKeeper.GetValidator(chain.GetContext(), sdk.ValAddress(operator))
	require.ErrorIs(t, err, stakingtypes.ErrNoValidatorFound)

	params := consortiumtypes.Params{ValidatorOperators: []string{operator.String()}}
	passProposal(t, coord, chain, &consortiumtypes.MsgUpdateParams{Authority: govAddr, Params: params})

	_, err = chain.SendMsgs(createValidatorMsg(t, operator, stake))
	require.NoError(t, err)
	val, err := a.StakingKeeper.GetValidator(chain.GetContext(), sdk.ValAddress(operator))
	require.NoError(t, err)
	require.Equal(t, stake, val.Tokens)
}

func TestRelayerMessagesNeedAdmission(t *testing.T) {
	coord := newCoordinator(t, 2)
	chainA, chainB := coord.GetChain(ibctesting.GetChainID(1)), coord.GetChain(ibctesting.GetChainID(2))
	relayer := chainA.SenderAccount.GetAddress()

	createClient := func() *clienttypes.MsgCreateClient {
		chainB.NextBlock()
		cfg := ibctesting.NewTendermintConfig()
		height := chainB.LatestCommittedHeader.GetHeight().(clienttypes.Height)
		cs := ibctm.NewClientState(chainB.ChainID, cfg.TrustLevel, cfg.TrustingPeriod, cfg.UnbondingPeriod, cfg.MaxClockDrift,
			height, commitmenttypes.GetSDKSpecs(), ibctesting.UpgradePath)
		msg, err := clienttypes.NewMsgCreateClient(cs, chainB.LatestCommittedHeader.ConsensusState(), relayer.String())
		require.NoError(t, err)
		return msg
	}

	_, err := chainA.SendMsgs(createClient())
	require.ErrorContains(t, err, consortiumtypes.ErrNotAdmitted.Error(), "direct")
	require.ErrorContains(t, grantAndExec(t, chainA, chainA.SenderAccounts[1], createClient()),
		consortiumtypes.ErrNotAdmitted.Error(), "through authz exec")

	passProposal(t, coord, chainA, &consortiumtypes.MsgUpdateParams{
		Authority: govAddr, Params: consortiumtypes.Params{Relayers: []string{relayer.String()}},
	})
	res, err := chainA.SendMsgs(createClient())
	require.NoError(t, err)
	clientID, err := ibctesting.ParseClientIDFromEvents(res.Events)
	require.NoError(t, err)
	require.NotEmpty(t, clientID)
}

func TestUpdateParamsIsGovernanceOnly(t *testing.T) {
	coord := newCoordinator(t, 1)
	chain := coord.GetChain(ibctesting.GetChainID(1))
	sender := chain.SenderAccount.GetAddress().String()
	_, err := chain.SendMsgs(&consortiumtypes.MsgUpdateParams{Authority: sender, Params: consortiumtypes.Params{Relayers: []string{sender}}})
	require.ErrorContains(t, err, "invalid authority")
	p, err := corridorApp(t, chain).ConsortiumKeeper.GetParams(chain.GetContext())
	require.NoError(t, err)
	require.Empty(t, p.Relayers)
}

func TestConnectionAndChannelOpenInitNeedAdmission(t *testing.T) {
	coord := newCoordinator(t, 2)
	chainA, chainB := coord.GetChain(ibctesting.GetChainID(1)), coord.GetChain(ibctesting.GetChainID(2))
	relayerA := chainA.SenderAccount.GetAddress().String()
	setRelayers(t, chainA, relayerA)
	setRelayers(t, chainB, chainB.SenderAccount.GetAddress().String())
	path := ibctesting.NewTransferPath(chainA, chainB)
	path.SetupClients()

	setRelayers(t, chainA) // revoked
	require.ErrorContains(t, path.EndpointA.ConnOpenInit(), consortiumtypes.ErrNotAdmitted.Error())

	setRelayers(t, chainA, relayerA)
	path.SetupConnections()
	setRelayers(t, chainA) // revoked
	require.ErrorContains(t, path.EndpointA.ChanOpenInit(), consortiumtypes.ErrNotAdmitted.Error())

	// The counterparty steps complete what an admitted relayer began on the
	// other chain: B opens, A answers with Try though its relayer list is empty.
	require.NoError(t, path.EndpointB.ChanOpenInit())
	require.NoError(t, path.EndpointA.ChanOpenTry())
}
