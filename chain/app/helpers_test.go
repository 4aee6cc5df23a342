package app_test

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/log/v2"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	ibctesting "github.com/cosmos/ibc-go/v11/testing"

	"github.com/corridor-chain/corridor/chain/app"
)

// testDenom is the transferable coin ibc-go's test chains fund senders with.
var testDenom = sdk.DefaultBondDenom

const (
	votingPeriod  = 30 * time.Second
	unbondingTime = 20 * time.Second
)

var govAddr = app.GovAuthority()

func init() {
	ibctesting.DefaultTestingAppInit = newTestingApp
}

// newTestingApp is the real corridord app with test-sized governance and
// unbonding periods; ibc-go's testing package adds validators and accounts.
func newTestingApp() (ibctesting.TestingApp, map[string]json.RawMessage) {
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, true, simtestutil.NewAppOptionsWithFlagHome(os.TempDir()))
	gs := a.DefaultGenesis()
	cdc := a.AppCodec()

	var gov govv1.GenesisState
	cdc.MustUnmarshalJSON(gs[govtypes.ModuleName], &gov)
	gov.Params.MinDeposit = sdk.NewCoins(sdk.NewInt64Coin(testDenom, 1000))
	gov.Params.ExpeditedMinDeposit = sdk.NewCoins(sdk.NewInt64Coin(testDenom, 2000))
	vp, ev := votingPeriod, votingPeriod/2
	gov.Params.VotingPeriod, gov.Params.ExpeditedVotingPeriod = &vp, &ev
	gs[govtypes.ModuleName] = cdc.MustMarshalJSON(&gov)

	var st stakingtypes.GenesisState
	cdc.MustUnmarshalJSON(gs[stakingtypes.ModuleName], &st)
	st.Params.UnbondingTime = unbondingTime
	gs[stakingtypes.ModuleName] = cdc.MustMarshalJSON(&st)
	return a, gs
}

func corridorApp(t *testing.T, chain *ibctesting.TestChain) *app.App {
	t.Helper()
	a, ok := chain.App.(*app.App)
	require.True(t, ok)
	return a
}

// setRelayers replaces the relayer list directly, as a passed proposal would.
func setRelayers(t *testing.T, chain *ibctesting.TestChain, addrs ...string) {
	t.Helper()
	a := corridorApp(t, chain)
	ctx := chain.GetContext()
	p, err := a.ConsortiumKeeper.GetParams(ctx)
	require.NoError(t, err)
	p.Relayers = addrs
	require.NoError(t, a.ConsortiumKeeper.Params.Set(ctx, p))
	chain.NextBlock()
}

// passProposal submits msgs as a governance proposal from the chain's
// sender (which holds every delegation in ibc-go's test genesis), votes yes
// and waits out the voting period.
func passProposal(t *testing.T, coord *ibctesting.Coordinator, chain *ibctesting.TestChain, msgs ...sdk.Msg) {
	t.Helper()
	a := corridorApp(t, chain)
	proposer := chain.SenderAccount.GetAddress().String()
	submit, err := govv1.NewMsgSubmitProposal(msgs, sdk.NewCoins(sdk.NewInt64Coin(testDenom, 1000)), proposer, "", "admit", "consortium admission", false)
	require.NoError(t, err)
	res, err := chain.SendMsgs(submit)
	require.NoError(t, err)
	var id uint64
	for _, ev := range res.Events {
		if ev.Type == govtypes.EventTypeSubmitProposal {
			for _, attr := range ev.Attributes {
				if attr.Key == govtypes.AttributeKeyProposalID {
					id = mustUint(t, attr.Value)
				}
			}
		}
	}
	require.NotZero(t, id)
	_, err = chain.SendMsgs(govv1.NewMsgVote(chain.SenderAccount.GetAddress(), id, govv1.OptionYes, ""))
	require.NoError(t, err)

	coord.IncrementTimeBy(votingPeriod + time.Second)
	coord.CommitBlock(chain)
	prop, err := a.GovKeeper.Proposals.Get(chain.GetContext(), id)
	require.NoError(t, err)
	require.Equal(t, govv1.StatusPassed, prop.Status, "proposal %d: %s", id, prop.FailedReason)
}

func mustUint(t *testing.T, s string) uint64 {
	t.Helper()
	var v uint64
	_, err := fmt.Sscan(s, &v)
	require.NoError(t, err)
	return v
}

// newCoordinator starts n corridord test chains. ibc-go's test genesis takes
// the SDK's test consensus params, whose authority is the governance account
// spelled with the "cosmos" prefix; a real corridord genesis leaves it empty,
// so each chain's consensus authority is cleared to match.
func newCoordinator(t *testing.T, n int) *ibctesting.Coordinator {
	t.Helper()
	coord := ibctesting.NewCoordinator(t, n)
	for i := 1; i <= n; i++ {
		chain := coord.GetChain(ibctesting.GetChainID(i))
		a := corridorApp(t, chain)
		ctx := chain.GetContext()
		cp, err := a.ConsensusParamsKeeper.ParamsStore.Get(ctx)
		require.NoError(t, err)
		if cp.Authority != nil {
			cp.Authority.Authority = ""
		}
		require.NoError(t, a.ConsensusParamsKeeper.ParamsStore.Set(ctx, cp))
		chain.NextBlock()
	}
	return coord
}
