package types_test

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/x/settlement/types"
)

func leg(from, to, denom string, amt int64) types.NetLeg {
	return types.NetLeg{From: from, To: to, Denom: denom, Amount: math.NewInt(amt), Fee: math.ZeroInt()}
}

func rich(string, string) math.Int { return math.NewInt(1 << 50) }

func TestNetCircularTrade(t *testing.T) {
	// a pays b 100, b pays c 100, c pays a 100: nothing moves net
	res := types.Net([]types.NetInstruction{
		{ID: 1, Legs: []types.NetLeg{leg("a", "b", "cny", 100)}},
		{ID: 2, Legs: []types.NetLeg{leg("b", "c", "cny", 100)}},
		{ID: 3, Legs: []types.NetLeg{leg("c", "a", "cny", 100)}},
	}, rich)
	require.Equal(t, []uint64{1, 2, 3}, res.Settled)
	require.Empty(t, res.Positions)
	require.Equal(t, math.LegacyOneDec(), res.Efficiency)
	require.Equal(t, int64(300), res.Gross["cny"].Int64())
}

func TestNetRemovesShortParticipantAndRenets(t *testing.T) {
	balances := map[string]int64{"a": 1000, "b": 0, "c": 1000}
	bal := func(p, _ string) math.Int { return math.NewInt(balances[p]) }
	res := types.Net([]types.NetInstruction{
		{ID: 1, Legs: []types.NetLeg{leg("a", "b", "cny", 100)}},
		{ID: 2, Legs: []types.NetLeg{leg("b", "c", "cny", 500)}}, // b has only 100 incoming
		{ID: 3, Legs: []types.NetLeg{leg("c", "a", "cny", 50)}},
	}, bal)
	require.Equal(t, []uint64{2}, res.Removed)
	require.Equal(t, []uint64{1, 3}, res.Settled)
	require.Equal(t, []types.Position{
		{Party: "a", Denom: "cny", Net: math.NewInt(-50)},
		{Party: "b", Denom: "cny", Net: math.NewInt(100)},
		{Party: "c", Denom: "cny", Net: math.NewInt(-50)},
	}, res.Positions)
	require.Equal(t, dec("0.333333333333333333"), res.Efficiency) // 1 - 100/150
	// b needed 500 and had 0 of its own plus 100 incoming: short by 400
	require.Equal(t, []types.Shortfall{{ID: 2, Party: "b", Denom: "cny", Amount: math.NewInt(400)}}, res.Shortfalls)
}

// A party short in one denom loses only the instructions in which it pays
// that denom; a party short only because a removal took its credit is
// marked as a knock-on shortfall.
func TestNetShortfallIsPerDenomAndKnockOnIsMarked(t *testing.T) {
	balances := map[[2]string]int64{{"a", "cny"}: 1000, {"a", "mnt"}: 10, {"b", "cny"}: 0}
	bal := func(p, d string) math.Int { return math.NewInt(balances[[2]string{p, d}]) }
	res := types.Net([]types.NetInstruction{
		{ID: 1, Legs: []types.NetLeg{leg("a", "b", "cny", 100)}}, // a covers its CNY
		{ID: 2, Legs: []types.NetLeg{leg("a", "c", "mnt", 500)}}, // a is short 490 MNT
		{ID: 3, Legs: []types.NetLeg{leg("c", "b", "cny", 0)}},   // nothing
		{ID: 4, Legs: []types.NetLeg{leg("b", "d", "cny", 100)}}, // b pays on from a's CNY: covered
		{ID: 5, Legs: []types.NetLeg{leg("c", "a", "mnt", 0)}},   // nothing
	}, bal)
	require.Equal(t, []uint64{2}, res.Removed)
	require.Equal(t, []types.Shortfall{{ID: 2, Party: "a", Denom: "mnt", Amount: math.NewInt(490)}}, res.Shortfalls)
	require.Equal(t, []uint64{1, 3, 4, 5}, res.Settled)

	// without a's CNY (a short), b cannot pay on: a knock-on shortfall
	balances[[2]string{"a", "cny"}] = 0
	res = types.Net([]types.NetInstruction{
		{ID: 1, Legs: []types.NetLeg{leg("a", "b", "cny", 100)}},
		{ID: 4, Legs: []types.NetLeg{leg("b", "d", "cny", 100)}},
	}, bal)
	require.Equal(t, []types.Shortfall{
		{ID: 1, Party: "a", Denom: "cny", Amount: math.NewInt(100)},
		{ID: 4, Party: "b", Denom: "cny", Amount: math.NewInt(100), Knock: true},
	}, res.Shortfalls)
}

// A balanced ring moves no principal: efficiency is exactly 1 although each
// leg pays a fee (reported beside it), and only the fees move.
func TestNetBalancedRingWithFeesIsFullyEfficient(t *testing.T) {
	withFee := func(l types.NetLeg) types.NetLeg { l.Fee = math.NewInt(5); return l }
	res := types.Net([]types.NetInstruction{
		{ID: 1, Legs: []types.NetLeg{withFee(leg("a", "b", "cny", 10_000))}},
		{ID: 2, Legs: []types.NetLeg{withFee(leg("b", "c", "cny", 10_000))}},
		{ID: 3, Legs: []types.NetLeg{withFee(leg("c", "a", "cny", 10_000))}},
	}, rich)
	require.Equal(t, math.LegacyOneDec(), res.Efficiency)
	require.Equal(t, int64(30_000), res.Gross["cny"].Int64())
	require.Empty(t, res.Net)
	require.Equal(t, int64(15), res.Fees["cny"].Int64())
	require.Equal(t, []types.Position{
		{Party: "a", Denom: "cny", Net: math.NewInt(-5)},
		{Party: "b", Denom: "cny", Net: math.NewInt(-5)},
		{Party: "c", Denom: "cny", Net: math.NewInt(-5)},
		{Party: types.FeeParty, Denom: "cny", Net: math.NewInt(15)},
	}, res.Positions)
}

func TestNetFeesGoToFeeParty(t *testing.T) {
	l := leg("a", "b", "cny", 1000)
	l.Fee = math.NewInt(1)
	res := types.Net([]types.NetInstruction{{ID: 1, Legs: []types.NetLeg{l}}}, rich)
	require.Equal(t, []types.Position{
		{Party: "a", Denom: "cny", Net: math.NewInt(-1001)},
		{Party: "b", Denom: "cny", Net: math.NewInt(1000)},
		{Party: types.FeeParty, Denom: "cny", Net: math.NewInt(1)},
	}, res.Positions)
}

// checkNet asserts what every netting result must satisfy: positions sum to
// zero per denom (conservation), every remaining debit is covered, and
// settled plus removed is the input.
func checkNet(t *testing.T, instrs []types.NetInstruction, bal func(string, string) math.Int, res types.NetResult) {
	t.Helper()
	sum := map[string]math.Int{}
	for _, p := range res.Positions {
		if s, ok := sum[p.Denom]; ok {
			sum[p.Denom] = s.Add(p.Net)
		} else {
			sum[p.Denom] = p.Net
		}
		if p.Net.IsNegative() && bal(p.Party, p.Denom).LT(p.Net.Neg()) {
			t.Fatalf("%s short in %s after netting", p.Party, p.Denom)
		}
	}
	for d, s := range sum {
		if !s.IsZero() {
			t.Fatalf("denom %s not conserved: %s", d, s)
		}
	}
	if len(res.Settled)+len(res.Removed) != len(instrs) {
		t.Fatalf("settled %d + removed %d != %d", len(res.Settled), len(res.Removed), len(instrs))
	}
	if res.Efficiency.IsNegative() || res.Efficiency.GT(math.LegacyOneDec()) {
		t.Fatalf("efficiency %s", res.Efficiency)
	}
}

func randomInstrs(r *rand.Rand, n, parties int) []types.NetInstruction {
	denoms := []string{"cny", "mnt", "rub"}
	out := make([]types.NetInstruction, n)
	for i := range out {
		a, b := r.Intn(parties), r.Intn(parties-1)
		if b >= a {
			b++
		}
		l := leg(fmt.Sprint("p", a), fmt.Sprint("p", b), denoms[r.Intn(3)], 1+r.Int63n(1000))
		l.Fee = math.NewInt(r.Int63n(3))
		out[i] = types.NetInstruction{ID: uint64(i + 1), Legs: []types.NetLeg{l}}
	}
	return out
}

// TestNetPropertyRandom: conservation and coverage over random instruction sets.
func TestNetPropertyRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for range 200 {
		instrs := randomInstrs(r, 1+r.Intn(60), 2+r.Intn(8))
		balances := map[string]int64{}
		bal := func(p, d string) math.Int { return math.NewInt(balances[p+d]) }
		for i := range 10 {
			for _, d := range []string{"cny", "mnt", "rub"} {
				balances[fmt.Sprint("p", i)+d] = r.Int63n(1500)
			}
		}
		res := types.Net(instrs, bal)
		checkNet(t, instrs, bal, res)
		// deterministic: the same input nets the same way
		require.Equal(t, res, types.Net(instrs, bal))
	}
}

// FuzzNet: for any instruction set and balances, netting conserves every
// denom and leaves no uncovered debit.
func FuzzNet(f *testing.F) {
	f.Add(int64(1), uint8(10), uint8(4), int64(500))
	f.Add(int64(42), uint8(60), uint8(2), int64(0))
	f.Add(int64(7), uint8(1), uint8(9), int64(1<<40))
	f.Fuzz(func(t *testing.T, seed int64, n, parties uint8, balance int64) {
		if n == 0 || parties < 2 || balance < 0 {
			return
		}
		r := rand.New(rand.NewSource(seed))
		instrs := randomInstrs(r, int(n), int(parties%16)+2)
		bal := func(p, d string) math.Int { return math.NewInt(balance + int64(len(p)+len(d))) }
		checkNet(t, instrs, bal, types.Net(instrs, bal))
	})
}
