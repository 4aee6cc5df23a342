package types_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/x/finance/types"
)

func TestInterest(t *testing.T) {
	for _, tc := range []struct {
		name      string
		principal int64
		bps       uint32
		secs      int64
		want      int64
	}{
		{"a year at 10 % is 10 %", 1_000_000, 1000, types.SecondsPerYear, 100_000},
		{"30 days at 12 % rounds up", 100_000_000, 1200, 30 * 86400, 986_302},
		{"one second of a small loan rounds up to a minor unit", 100, 100, 1, 1},
		{"no time, no interest", 100, 100, 0, 0},
		{"zero rate", 100, 0, 86400, 0},
		{"a leap year counts 366 days of 365", 3_650_000, 1000, 366 * 86400, 366_000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, math.NewInt(tc.want), types.Interest(math.NewInt(tc.principal), tc.bps, tc.secs))
		})
	}
}

func TestLoanPay(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := types.Loan{Outstanding: math.NewInt(1_000_000), Accrued: math.ZeroInt(), AccruedTo: start, RateBps: 1000,
		Counted: math.NewInt(2_000_000), RepaidInterest: math.ZeroInt(), RepaidPrincipal: math.ZeroInt()}
	half := start.Add(time.Duration(types.SecondsPerYear/2) * time.Second)
	i, p := l.Pay(half, math.NewInt(50_000))
	require.Equal(t, math.NewInt(50_000), i, "interest first")
	require.True(t, p.IsZero())
	require.Equal(t, math.NewInt(2_000_000), l.Counted, "interest does not free the declaration")
	i, p = l.Pay(half, math.NewInt(500_000))
	require.True(t, i.IsZero())
	require.Equal(t, math.NewInt(500_000), p)
	require.Equal(t, math.NewInt(1_000_000), l.Counted, "the counted share follows the principal")
	i, p = l.Pay(half.Add(500*time.Millisecond), math.NewInt(10_000_000))
	require.True(t, i.IsZero(), "sub-second time accrues later")
	require.Equal(t, math.NewInt(500_000), p, "never more than is due")
	require.True(t, l.Counted.IsZero())
}

// FuzzInterest checks the integer formula against exact rational arithmetic:
// the interest is the ceiling, never less than the exact value and less than
// one minor unit above it.
func FuzzInterest(f *testing.F) {
	f.Add(int64(100_000_000), uint32(1200), int64(2_592_000))
	f.Add(int64(1), uint32(1), int64(1))
	f.Add(int64(9_000_000_000_000), uint32(10_000), int64(10*types.SecondsPerYear))
	f.Fuzz(func(t *testing.T, principal int64, bps uint32, secs int64) {
		if principal < 0 || secs < 0 || bps > types.MaxRateBpsLimit || secs > 50*types.SecondsPerYear {
			return
		}
		got := types.Interest(math.NewInt(principal), bps, secs)
		exact := new(big.Rat).SetFrac(
			new(big.Int).Mul(new(big.Int).Mul(big.NewInt(principal), big.NewInt(int64(bps))), big.NewInt(secs)),
			big.NewInt(10_000*types.SecondsPerYear))
		g := new(big.Rat).SetInt(got.BigInt())
		require.True(t, g.Cmp(exact) >= 0, "interest %s below exact %s", got, exact.FloatString(4))
		require.True(t, new(big.Rat).Sub(g, exact).Cmp(big.NewRat(1, 1)) < 0, "interest %s a unit or more above %s", got, exact.FloatString(4))
	})
}

func TestDeclarationBalance(t *testing.T) {
	d := types.Declaration{Value: math.NewInt(1000), Financed: math.NewInt(300), Closed: math.ZeroInt(),
		Lots: []types.DeclaredLot{{LotId: 1, Units: math.NewInt(3), Sold: math.ZeroInt()}}}
	require.Equal(t, math.NewInt(700), d.Remaining())
	require.Equal(t, math.NewInt(600), d.Headroom(9000))
	require.Equal(t, math.NewInt(1), d.Close(0, math.NewInt(1)))
	require.Equal(t, math.NewInt(334), d.Closed, "a third of 1000, rounded up against the borrower")
	require.Equal(t, math.NewInt(2), d.Close(0, math.NewInt(5)), "never more than declared")
	require.Equal(t, math.NewInt(1000), d.Closed)
	require.True(t, d.Remaining().IsZero())
	require.True(t, d.Close(0, math.NewInt(1)).IsZero())
}
