package keeper_test

import (
	"fmt"
	"math/rand"
	"runtime"
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
		runtime.GC() // the setup's garbage is not the cycle's
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

// BenchmarkDVPMessages runs, per iteration, the co-signed message of a
// corridor-story DVP with FX (create, fund both legs, settle) through the
// app's router, next to BenchmarkDVPBankSend: the message-execution cost
// without signatures and ante.
func BenchmarkDVPMessages(b *testing.B) {
	a, ctx, addrs, lot := dvpBench(b)
	do := func(m sdk.Msg) *sdk.Result {
		cache, write := ctx.CacheContext()
		res, err := a.MsgServiceRouter().Handler(m)(cache, m)
		if err != nil {
			b.Fatalf("%T: %v", m, err)
		}
		write()
		return res
	}
	for b.Loop() {
		res := do(&types.MsgCreateInstruction{Creator: addrs[0], CoSigners: []string{addrs[1]}, Type: types.INSTRUCTION_TYPE_DVP, Fund: true,
			Deadline: ctx.BlockTime().Add(time.Hour), Legs: []types.LegInput{
				{From: addrs[0], To: addrs[1], Denom: tk.LotDenom(lot), Amount: math.NewInt(1)},
				{From: addrs[1], To: addrs[0], Denom: "dep/MNT", Amount: math.NewInt(100_000), FxQuoteId: 1, FxPayDenom: "dep/CNY"},
			}, Conditions: []types.Condition{{LotId: lot, Kind: tk.ATTESTATION_KIND_INSPECTION}}})
		if len(res.Events) == 0 {
			b.Fatal("no events")
		}
	}
}

func BenchmarkDVPBankSend(b *testing.B) {
	a, ctx, addrs, _ := dvpBench(b)
	m := banktypes.NewMsgSend(sdk.MustAccAddressFromBech32(addrs[1]), sdk.MustAccAddressFromBech32(addrs[0]), sdk.NewCoins(sdk.NewInt64Coin("dep/CNY", 1)))
	for b.Loop() {
		cache, write := ctx.CacheContext()
		if _, err := a.MsgServiceRouter().Handler(m)(cache, m); err != nil {
			b.Fatal(err)
		}
		write()
	}
}

func dvpBench(b *testing.B) (*app.App, sdk.Context, []string, uint64) {
	b.Helper()
	a, ctx := nettingBench(b, 0, 4)
	addrs := make([]string, 4)
	for i := range addrs {
		addrs[i] = sdk.AccAddress([]byte(fmt.Sprintf("bench-party-%08d", i))).String()
	}
	gov := app.GovAuthority()
	router := a.MsgServiceRouter()
	do := func(m sdk.Msg) *sdk.Result {
		res, err := router.Handler(m)(ctx, m)
		if err != nil {
			b.Fatalf("%T: %v", m, err)
		}
		return res
	}
	do(&tk.MsgUpdateParticipant{Authority: gov, Address: addrs[0], LegalName: "seller", Country: "KZ", RegistrationId: "KZ-000000",
		Roles: []tk.RoleGrant{{Role: tk.ROLE_EXPORTER, Jurisdiction: "KZ"}, {Role: tk.ROLE_INSPECTOR, Jurisdiction: "KZ"}, {Role: tk.ROLE_BANK, Jurisdiction: "KZ"}}})
	do(&tk.MsgRegisterClass{Authority: gov, Class: tk.CommodityClass{Code: "COAL", HsPrefixes: []string{"2701"}, BaseUnit: "kg", DisplayUnit: "t", DisplayExponent: 3}})
	do(&tk.MsgRegisterLot{Exporter: addrs[0], ClassCode: "COAL", Quantity: math.NewInt(1 << 40), Origin: tk.Place{Country: "KZ", Place: "mine"}, DestinationCountry: "CN"})
	do(&tk.MsgAttest{Attester: addrs[0], LotId: 1, Kind: tk.ATTESTATION_KIND_INSPECTION, Result: tk.ATTESTATION_RESULT_ACCEPTED,
		DocumentSha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Reference: "B"})
	mnt := sdk.NewCoins(sdk.NewInt64Coin("dep/MNT", 10_000_000_000_000))
	if err := a.BankKeeper.MintCoins(ctx, types.ModuleName, mnt); err != nil {
		b.Fatal(err)
	}
	if err := a.BankKeeper.SendCoinsFromModuleToAccount(ctx, types.ModuleName, sdk.MustAccAddressFromBech32(addrs[2]), mnt); err != nil {
		b.Fatal(err)
	}
	do(&types.MsgPostQuote{Maker: addrs[2], Base: "CNY", Quote: "MNT", Bid: math.LegacyMustNewDecFromStr("473.25"),
		Ask: math.LegacyMustNewDecFromStr("475.75"), MaxBase: math.NewInt(10_000_000_000), CollateralDenom: "dep/MNT", Expiry: ctx.BlockTime().Add(time.Hour)})
	return a, ctx, addrs, 1
}

// BenchmarkNettingCycleBacklog closes one netting cycle over a queue of
// 50,000 affirmed instructions, nine in ten paid by a party that cannot
// cover them: the cycle takes max_netting_per_cycle of them (metrics:
// taken, settled, removed). Target: under 1 s at the default bound.
func BenchmarkNettingCycleBacklog(b *testing.B) {
	var cycle types.Cycle
	for b.Loop() {
		b.StopTimer()
		a, ctx := nettingBench(b, 0, 3)
		addrs := make([]string, 3)
		for i := range addrs {
			addrs[i] = sdk.AccAddress([]byte(fmt.Sprintf("bench-party-%08d", i))).String()
		}
		seedNetting(b, a.SettlementKeeper, ctx, 50_000, addrs[1], addrs[2], addrs[0]) // addrs[0] holds 10 of each
		runtime.GC()
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
	b.ReportMetric(float64(len(cycle.Settled)+len(cycle.Removed)), "taken")
	b.ReportMetric(float64(len(cycle.Settled)), "settled")
	b.ReportMetric(float64(len(cycle.Removed)), "removed")
}
