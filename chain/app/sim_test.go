//go:build sims

package app_test

import (
	"flag"
	"fmt"
	"math/rand"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	ibctesting "github.com/cosmos/ibc-go/v11/testing"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/chain/app/apptesting"
	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/internal/textclip"
	financekeeper "github.com/corridor-chain/corridor/x/finance/keeper"
	financesim "github.com/corridor-chain/corridor/x/finance/simulation"
	financetypes "github.com/corridor-chain/corridor/x/finance/types"
	settlementkeeper "github.com/corridor-chain/corridor/x/settlement/keeper"
	settlementsim "github.com/corridor-chain/corridor/x/settlement/simulation"
	settlementtypes "github.com/corridor-chain/corridor/x/settlement/types"
	tokenizekeeper "github.com/corridor-chain/corridor/x/tokenize/keeper"
	tokenizesim "github.com/corridor-chain/corridor/x/tokenize/simulation"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

var (
	simSeed   = flag.Int64("sim.seed", 42, "simulation seed")
	simBlocks = flag.Int("sim.blocks", 300, "transactions (one block each) to simulate")
)

// simView reads the state the operations need from the keeper.
type simView struct {
	t     *testing.T
	chain *ibctesting.TestChain
	k     tokenizekeeper.Keeper
	a     *app.App
}

func (v simView) ctx() sdk.Context { return v.chain.GetContext() }

func (v simView) Participants() []tokenizetypes.Participant {
	var out []tokenizetypes.Participant
	require.NoError(v.t, keeperkit.CollectWhere(v.ctx(), v.k.Participants, &out, func(p tokenizetypes.Participant) bool { return p.IsActive() }))
	return out
}

func (v simView) Classes() []tokenizetypes.CommodityClass {
	var out []tokenizetypes.CommodityClass
	require.NoError(v.t, keeperkit.CollectWhere(v.ctx(), v.k.Classes, &out, nil))
	return out
}

func (v simView) Lots() []tokenizetypes.Lot {
	var out []tokenizetypes.Lot
	require.NoError(v.t, keeperkit.CollectWhere(v.ctx(), v.k.Lots, &out, func(l tokenizetypes.Lot) bool { return l.IsLive() }))
	return out
}

func (v simView) Holders(denom string) []tokenizesim.Holding {
	var out []tokenizesim.Holding
	for _, p := range v.Participants() {
		bal := v.a.BankKeeper.GetBalance(v.ctx(), sdk.MustAccAddressFromBech32(p.Address), denom)
		if bal.IsPositive() {
			out = append(out, tokenizesim.Holding{Address: p.Address, Amount: bal.Amount})
		}
	}
	return out
}

func (v simView) Packages() []tokenizetypes.Package {
	var out []tokenizetypes.Package
	require.NoError(v.t, keeperkit.CollectWhere(v.ctx(), v.k.Packages, &out, func(p tokenizetypes.Package) bool { return p.Shares.IsPositive() }))
	return out
}

func (v simView) Pledges() []tokenizetypes.Pledge {
	var out []tokenizetypes.Pledge
	require.NoError(v.t, keeperkit.CollectWhere(v.ctx(), v.k.Pledges, &out, func(p tokenizetypes.Pledge) bool { return p.Status == tokenizetypes.PLEDGE_STATUS_ACTIVE }))
	return out
}

func (v simView) Holds() []tokenizetypes.Hold {
	var out []tokenizetypes.Hold
	require.NoError(v.t, keeperkit.CollectWhere(v.ctx(), v.k.Holds, &out, func(h tokenizetypes.Hold) bool { return h.Active }))
	return out
}

func (v simView) Now() time.Time { return v.ctx().BlockTime() }

func (v simView) Currencies() []settlementtypes.Currency {
	var out []settlementtypes.Currency
	require.NoError(v.t, keeperkit.CollectWhere(v.ctx(), v.a.SettlementKeeper.Currencies, &out, nil))
	return out
}

func (v simView) Quotes() []settlementtypes.Quote {
	var out []settlementtypes.Quote
	require.NoError(v.t, keeperkit.CollectWhere(v.ctx(), v.a.SettlementKeeper.Quotes, &out, func(q settlementtypes.Quote) bool { return q.Status == settlementtypes.QUOTE_STATUS_ACTIVE }))
	return out
}

func (v simView) Declarations() []financetypes.Declaration {
	var out []financetypes.Declaration
	require.NoError(v.t, keeperkit.Collect(v.ctx(), v.a.FinanceKeeper.Declarations, &out))
	return out
}

func (v simView) Applications() []financetypes.Application {
	var out []financetypes.Application
	require.NoError(v.t, keeperkit.CollectWhere(v.ctx(), v.a.FinanceKeeper.Applications, &out, func(a financetypes.Application) bool { return a.Status == financetypes.APPLICATION_STATUS_PENDING }))
	return out
}

func (v simView) Loans() []financetypes.Loan {
	var out []financetypes.Loan
	require.NoError(v.t, keeperkit.CollectWhere(v.ctx(), v.a.FinanceKeeper.Loans, &out, func(l financetypes.Loan) bool { return l.Live() }))
	return out
}

func (v simView) Instructions() []settlementtypes.Instruction {
	var out []settlementtypes.Instruction
	require.NoError(v.t, keeperkit.CollectWhere(v.ctx(), v.a.SettlementKeeper.Instructions, &out, func(in settlementtypes.Instruction) bool { return in.Status == settlementtypes.INSTRUCTION_STATUS_OPEN }))
	return out
}

// simAccounts makes n accounts whose keys derive from the seed, so that a
// run is replayed exactly from its seed (ibctesting's own sender accounts
// get fresh random keys, and the operations pick among sorted addresses).
func simAccounts(t *testing.T, chain *ibctesting.TestChain, a *app.App, n int) []ibctesting.SenderAccount {
	t.Helper()
	keys := make([]*secp256k1.PrivKey, n)
	var msgs []sdk.Msg
	funder := chain.SenderAccount.GetAddress()
	coin := a.BankKeeper.GetAllBalances(chain.GetContext(), funder)[0]
	for i := range keys {
		keys[i] = secp256k1.GenPrivKeyFromSecret([]byte(fmt.Sprintf("corridor-sim-%d-%d", *simSeed, i)))
		msgs = append(msgs, banktypes.NewMsgSend(funder, sdk.AccAddress(keys[i].PubKey().Address()), sdk.NewCoins(sdk.NewCoin(coin.Denom, math.NewInt(1_000_000)))))
	}
	_, err := chain.SendMsgs(msgs...)
	require.NoError(t, err)
	out := make([]ibctesting.SenderAccount, n)
	for i, k := range keys {
		acc := a.AccountKeeper.GetAccount(chain.GetContext(), sdk.AccAddress(k.PubKey().Address()))
		require.NotNil(t, acc)
		out[i] = ibctesting.SenderAccount{SenderPrivKey: k, SenderAccount: acc}
	}
	return out
}

// TestAppSimulation drives the real app with random x/tokenize and
// x/settlement operations, one signed transaction per block, and checks the module's
// invariants and x/bank's total supply after every block.
func TestAppSimulation(t *testing.T) {
	coord := apptesting.NewCoordinator(t, 1)
	chain := coord.GetChain(ibctesting.GetChainID(1))
	a := apptesting.App(t, chain)
	gov := app.GovAuthority()

	type role = tokenizetypes.RoleGrant
	acc := simAccounts(t, chain, a, 9)
	t.Logf("simulation seed %d, %d blocks (replay: make test-sim SIM_SEED=%d SIM_BLOCKS=%d)", *simSeed, *simBlocks, *simSeed, *simBlocks)
	admit := []struct {
		i     int
		cc    string
		reg   string
		roles []role
	}{
		{1, "MN", "5012345", []role{{Role: tokenizetypes.ROLE_EXPORTER, Jurisdiction: "MN"}}},
		{2, "CN", "91110000100000000R", []role{{Role: tokenizetypes.ROLE_IMPORTER, Jurisdiction: "CN"}, {Role: tokenizetypes.ROLE_EXPORTER, Jurisdiction: "CN"}}},
		{3, "MN", "5054321", []role{{Role: tokenizetypes.ROLE_INSPECTOR, Jurisdiction: "MN"}, {Role: tokenizetypes.ROLE_INSPECTOR, Jurisdiction: "CN"}}},
		{4, "MN", "9000001", []role{{Role: tokenizetypes.ROLE_CUSTOMS, Jurisdiction: "MN"}}},
		{5, "CN", "91150000200000000M", []role{{Role: tokenizetypes.ROLE_CUSTOMS, Jurisdiction: "CN"}}},
		{6, "MN", "2000003", []role{{Role: tokenizetypes.ROLE_BANK, Jurisdiction: "MN"}}},
		{7, "MN", "2000004", []role{{Role: tokenizetypes.ROLE_CARRIER, Jurisdiction: "MN"}, {Role: tokenizetypes.ROLE_CARRIER, Jurisdiction: "CN"}}},
		{8, "CN", "91120000300000000L", []role{{Role: tokenizetypes.ROLE_BANK, Jurisdiction: "CN"}}},
	}
	ctx := chain.GetContext()
	govMsgs := []sdk.Msg{&tokenizetypes.MsgRegisterClass{Authority: gov, Class: tokenizetypes.CommodityClass{
		Code: "COAL", HsPrefixes: []string{"2701"}, BaseUnit: "kg", DisplayUnit: "t", DisplayExponent: 3}}}
	for _, p := range admit {
		govMsgs = append(govMsgs, &tokenizetypes.MsgRegisterParticipant{Authority: gov, Address: acc[p.i].SenderAccount.GetAddress().String(),
			LegalName: "sim participant", Country: p.cc, RegistrationId: p.reg, Roles: p.roles})
	}
	for _, c := range []struct {
		code string
		bank int
	}{{"CNY", 8}, {"MNT", 6}} {
		denom := "dep/" + c.code
		govMsgs = append(govMsgs, &settlementtypes.MsgRegisterCurrency{Authority: gov, Currency: settlementtypes.Currency{
			Code: c.code, Exponent: 2, Issuer: acc[c.bank].SenderAccount.GetAddress().String(), IssueDenom: denom,
			Denoms: []settlementtypes.AcceptedDenom{{Denom: denom}}}})
	}
	for _, m := range govMsgs { // as passed proposals would
		_, err := a.MsgServiceRouter().Handler(m)(ctx, m)
		require.NoError(t, err)
	}
	chain.NextBlock()

	signer := map[string]ibctesting.SenderAccount{}
	for _, s := range acc {
		signer[s.SenderAccount.GetAddress().String()] = s
	}
	view := simView{t: t, chain: chain, k: a.TokenizeKeeper, a: a}
	r := rand.New(rand.NewSource(*simSeed))
	ops := append(append(tokenizesim.Operations(), settlementsim.Operations()...), financesim.Operations()...)
	ok, failed, firstRefusal := map[string]int{}, map[string]int{}, map[string]string{}
	for range *simBlocks {
		op := tokenizesim.Pick(r, ops)
		msg, built := op.Build(r, view)
		if !built {
			continue
		}
		signers, _, err := a.AppCodec().GetMsgV1Signers(msg)
		require.NoError(t, err)
		from, known := signer[sdk.AccAddress(signers[0]).String()]
		require.True(t, known)
		if _, err := chain.SendMsgsWithSender(from, msg); err != nil {
			if failed[op.Name] == 0 {
				firstRefusal[op.Name] = err.Error()
			}
			failed[op.Name]++
		} else {
			ok[op.Name]++
		}
		msgText, broken := tokenizekeeper.AllInvariants(a.TokenizeKeeper)(chain.GetContext())
		require.False(t, broken, "after %s: %s", op.Name, msgText)
		msgText, broken = settlementkeeper.EscrowInvariant(a.SettlementKeeper)(chain.GetContext())
		require.False(t, broken, "after %s: %s", op.Name, msgText)
		msgText, broken = financekeeper.NoDoubleFinancingInvariant(a.FinanceKeeper)(chain.GetContext())
		require.False(t, broken, "after %s: %s", op.Name, msgText)
	}
	names := make([]string, 0, len(ops))
	for _, o := range ops {
		names = append(names, o.Name)
	}
	sort.Strings(names)
	succeeded := 0
	for _, n := range names {
		t.Logf("%-20s ok %4d  refused %4d  %s", n, ok[n], failed[n], textclip.Clip(firstRefusal[n], 160))
		if ok[n] > 0 {
			succeeded++
		}
	}
	require.GreaterOrEqual(t, succeeded, len(ops)-3, "most operations must succeed at least once")
	var settled int
	require.NoError(t, a.SettlementKeeper.Instructions.Walk(chain.GetContext(), nil, func(_ uint64, in settlementtypes.Instruction) (bool, error) {
		if in.Status == settlementtypes.INSTRUCTION_STATUS_SETTLED {
			settled++
		}
		return false, nil
	}))
	t.Logf("instructions settled: %d", settled)
	require.Positive(t, settled, "some instructions must settle")
	sgs, err := a.SettlementKeeper.ExportGenesis(chain.GetContext())
	require.NoError(t, err)
	require.NoError(t, sgs.Validate(a.SettlementKeeper.AddressCodec()))
	fgs, err := a.FinanceKeeper.ExportGenesis(chain.GetContext())
	require.NoError(t, err)
	require.NoError(t, fgs.Validate(a.FinanceKeeper.AddressCodec()))
	// the supply of every lot still matches, and genesis round-trips
	gs, err := a.TokenizeKeeper.ExportGenesis(chain.GetContext())
	require.NoError(t, err)
	require.NoError(t, gs.Validate(a.TokenizeKeeper.AddressCodec()))
}
