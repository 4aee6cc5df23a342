// Package apptesting runs the real corridord app in ibc-go's in-process test
// chains: the app constructor, a coordinator, governance and admission helpers
// shared by the app's and the modules' tests.
package apptesting

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

// TestDenom is the transferable coin ibc-go's test chains fund senders with.
var TestDenom = sdk.DefaultBondDenom

// Test-sized governance and unbonding periods.
const (
	VotingPeriod  = 30 * time.Second
	UnbondingTime = 20 * time.Second
)

func init() {
	ibctesting.DefaultTestingAppInit = NewTestingApp
}

// NewTestingApp is the real corridord app with test-sized governance and
// unbonding periods; ibc-go's testing package adds validators and accounts.
func NewTestingApp() (ibctesting.TestingApp, map[string]json.RawMessage) {
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, true, simtestutil.NewAppOptionsWithFlagHome(os.TempDir()))
	gs := a.DefaultGenesis()
	cdc := a.AppCodec()

	var gov govv1.GenesisState
	cdc.MustUnmarshalJSON(gs[govtypes.ModuleName], &gov)
	gov.Params.MinDeposit = sdk.NewCoins(sdk.NewInt64Coin(TestDenom, 1000))
	gov.Params.ExpeditedMinDeposit = sdk.NewCoins(sdk.NewInt64Coin(TestDenom, 2000))
	vp, ev := VotingPeriod, VotingPeriod/2
	gov.Params.VotingPeriod, gov.Params.ExpeditedVotingPeriod = &vp, &ev
	gs[govtypes.ModuleName] = cdc.MustMarshalJSON(&gov)

	var st stakingtypes.GenesisState
	cdc.MustUnmarshalJSON(gs[stakingtypes.ModuleName], &st)
	st.Params.UnbondingTime = UnbondingTime
	gs[stakingtypes.ModuleName] = cdc.MustMarshalJSON(&st)
	return a, gs
}

// App returns the chain's corridord app.
func App(t *testing.T, chain *ibctesting.TestChain) *app.App {
	t.Helper()
	a, ok := chain.App.(*app.App)
	require.True(t, ok)
	return a
}

// SetRelayers replaces the relayer list directly, as a passed proposal would.
func SetRelayers(t *testing.T, chain *ibctesting.TestChain, addrs ...string) {
	t.Helper()
	a := App(t, chain)
	ctx := chain.GetContext()
	p, err := a.ConsortiumKeeper.GetParams(ctx)
	require.NoError(t, err)
	p.Relayers = addrs
	require.NoError(t, a.ConsortiumKeeper.Params.Set(ctx, p))
	chain.NextBlock()
}

// PassProposal submits msgs as a governance proposal from the chain's
// sender (which holds every delegation in ibc-go's test genesis), votes yes
// and waits out the voting period.
func PassProposal(t *testing.T, coord *ibctesting.Coordinator, chain *ibctesting.TestChain, msgs ...sdk.Msg) {
	t.Helper()
	a := App(t, chain)
	proposer := chain.SenderAccount.GetAddress().String()
	submit, err := govv1.NewMsgSubmitProposal(msgs, sdk.NewCoins(sdk.NewInt64Coin(TestDenom, 1000)), proposer, "", "admit", "consortium admission", false)
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

	coord.IncrementTimeBy(VotingPeriod + time.Second)
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

// NewCoordinator starts n corridord test chains. ibc-go's test genesis takes
// the SDK's test consensus params, whose authority is the governance account
// spelled with the "cosmos" prefix; a real corridord genesis leaves it empty,
// so each chain's consensus authority is cleared to match.
func NewCoordinator(t *testing.T, n int) *ibctesting.Coordinator {
	t.Helper()
	coord := ibctesting.NewCoordinator(t, n)
	for i := 1; i <= n; i++ {
		chain := coord.GetChain(ibctesting.GetChainID(i))
		a := App(t, chain)
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

// SetupTransferPath starts two chains, admits each chain's sender as a
// relayer and opens an ICS-20 channel between them.
func SetupTransferPath(t *testing.T) (*ibctesting.Coordinator, *ibctesting.Path) {
	t.Helper()
	coord := NewCoordinator(t, 2)
	a, b := coord.GetChain(ibctesting.GetChainID(1)), coord.GetChain(ibctesting.GetChainID(2))
	SetRelayers(t, a, a.SenderAccount.GetAddress().String())
	SetRelayers(t, b, b.SenderAccount.GetAddress().String())
	path := ibctesting.NewTransferPath(a, b)
	path.Setup()
	return coord, path
}
