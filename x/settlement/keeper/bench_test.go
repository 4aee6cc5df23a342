package keeper_test

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"

	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// nettingBench prepares n affirmed PVP netting instructions among parties
// participants in 3 currencies on the real app over an in-memory store.
func nettingBench(b *testing.B, n, parties int) (*app.App, sdk.Context) {
	b.Helper()
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, true, simtestutil.NewAppOptionsWithFlagHome(b.TempDir()))
	ctx := a.NewUncachedContext(false, cmtproto.Header{Height: 1, ChainID: "bench", Time: time.Unix(1_800_000_000, 0)})
	if err := a.BankKeeper.SetParams(ctx, banktypes.DefaultParams()); err != nil {
		b.Fatal(err)
	}
	addrs := make([]string, parties)
	tg := tk.DefaultGenesisState()
	for i := range addrs {
		addrs[i] = sdk.AccAddress([]byte(fmt.Sprintf("bench-party-%08d", i))).String()
		tg.Participants = append(tg.Participants, tk.Participant{Address: addrs[i], LegalName: "p", Country: "KZ",
			RegistrationId: fmt.Sprintf("KZ-%06d", i), Roles: []tk.RoleGrant{{Role: tk.ROLE_BANK, Jurisdiction: "KZ"}},
			Status: tk.PARTICIPANT_STATUS_ACTIVE})
	}
	if err := a.TokenizeKeeper.InitGenesis(ctx, tg); err != nil {
		b.Fatal(err)
	}
	sg := types.DefaultGenesisState()
	denoms := []string{"dep/CNY", "dep/MNT", "dep/RUB"}
	for i, code := range []string{"CNY", "MNT", "RUB"} {
		sg.Currencies = append(sg.Currencies, types.Currency{Code: code, Exponent: 2, Issuer: addrs[0], IssueDenom: denoms[i],
			Denoms: []types.AcceptedDenom{{Denom: denoms[i]}}})
	}
	if err := a.SettlementKeeper.InitGenesis(ctx, sg); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewSource(1))
	for i, p := range addrs {
		// most parties can cover their net debits; every tenth is short
		amt := int64(2_000_000)
		if i%10 == 0 {
			amt = 10
		}
		coins := sdk.NewCoins()
		for _, d := range denoms {
			coins = coins.Add(sdk.NewInt64Coin(d, amt))
		}
		if err := a.BankKeeper.MintCoins(ctx, types.ModuleName, coins); err != nil {
			b.Fatal(err)
		}
		if err := a.BankKeeper.SendCoinsFromModuleToAccount(ctx, types.ModuleName, sdk.MustAccAddressFromBech32(p), coins); err != nil {
			b.Fatal(err)
		}
	}
	router := a.MsgServiceRouter()
	do := func(m sdk.Msg) *sdk.Result {
		res, err := router.Handler(m)(ctx, m)
		if err != nil {
			b.Fatalf("%T: %v", m, err)
		}
		return res
	}
	for range n {
		x, y := r.Intn(parties), r.Intn(parties-1)
		if y >= x {
			y++
		}
		d1 := r.Intn(3)
		d2 := (d1 + 1 + r.Intn(2)) % 3
		res := do(&types.MsgCreateInstruction{Creator: addrs[x], Type: types.INSTRUCTION_TYPE_PVP, Netting: true,
			Deadline: ctx.BlockTime().Add(time.Hour), Legs: []types.LegInput{
				{From: addrs[x], To: addrs[y], Denom: denoms[d1], Amount: math.NewInt(1 + r.Int63n(10_000))},
				{From: addrs[y], To: addrs[x], Denom: denoms[d2], Amount: math.NewInt(1 + r.Int63n(10_000))},
			}})
		var out types.MsgCreateInstructionResponse
		if err := out.Unmarshal(res.MsgResponses[0].Value); err != nil {
			b.Fatal(err)
		}
		do(&types.MsgAffirmInstruction{Party: addrs[x], InstructionId: out.InstructionId})
		do(&types.MsgAffirmInstruction{Party: addrs[y], InstructionId: out.InstructionId})
	}
	return a, ctx.WithBlockHeight(10) // a cycle closes at heights divisible by 10
}

// BenchmarkNettingCycle closes one netting cycle of 10,000 instructions among
// 200 participants in 3 currencies (metrics: efficiency, settled, removed).
func BenchmarkNettingCycle(b *testing.B) {
	var cycle types.Cycle
	for b.Loop() {
		b.StopTimer()
		a, ctx := nettingBench(b, 10_000, 200)
		b.StartTimer()
		if err := a.SettlementKeeper.EndBlock(ctx); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		var err error
		if cycle, err = a.SettlementKeeper.Cycles.Get(ctx, 1); err != nil {
			b.Fatal("no cycle recorded: ", err)
		}
		b.StartTimer()
	}
	eff, _ := cycle.Efficiency.Float64()
	b.ReportMetric(eff, "efficiency")
	b.ReportMetric(float64(len(cycle.Settled)), "settled")
	b.ReportMetric(float64(len(cycle.Removed)), "removed")
}
