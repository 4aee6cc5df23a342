package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/x/settlement/types"
)

func dec(s string) math.LegacyDec { return math.LegacyMustNewDecFromStr(s) }

func TestConvert(t *testing.T) {
	for _, tc := range []struct {
		amount        int64
		rate          string
		payIn, payout int64
		remainder     string
	}{
		// 1 CNY = 473.25 MNT, both with exponent 2: the exporter must get 1,000,000.00 MNT
		{100_000_000, "473.25", 211_305, 100_000_091, "0.25"},
		{100, "1", 100, 100, "0"},
		{1, "3", 1, 3, "0"},        // the payer pays at least one minor unit
		{10, "0.3", 34, 10, "0.2"}, // 34 * 0.3 = 10.2
		{7, "0.333333333333333333", 22, 7, "0.333333333333333326"},
	} {
		c, err := types.Convert(math.NewInt(tc.amount), dec(tc.rate))
		require.NoError(t, err)
		require.Equal(t, tc.payIn, c.PayIn.Int64(), "payIn %v", tc)
		require.Equal(t, tc.payout, c.Payout.Int64(), "payout %v", tc)
		require.True(t, dec(tc.remainder).Equal(c.Remainder), "remainder %v: %s", tc, c.Remainder)
	}
	_, err := types.Convert(math.ZeroInt(), dec("1"))
	require.ErrorIs(t, err, types.ErrInvalidAmount)
	_, err = types.Convert(math.OneInt(), dec("0"))
	require.ErrorIs(t, err, types.ErrInvalidQuote)
}

func TestMinorRateAndFee(t *testing.T) {
	require.Equal(t, dec("4732.5"), types.MinorRate(dec("473.25"), 2, 3))
	require.Equal(t, dec("4.7325"), types.MinorRate(dec("473.25"), 2, 0))
	require.Equal(t, int64(5), types.Fee(math.NewInt(10_000), 5).Int64())
	require.Equal(t, int64(1), types.Fee(math.NewInt(1), 5).Int64()) // ceiling
	require.True(t, types.Fee(math.NewInt(1), 0).IsZero())
	require.Equal(t, dec("100"), types.SpreadBps(dec("99.5"), dec("100.5")))
}

// FuzzConvert: the payer pays the least amount that buys the target; the
// payee gets at least the target; the remainder is below one minor unit.
func FuzzConvert(f *testing.F) {
	f.Add(int64(100_000_000), "473.25")
	f.Add(int64(7), "0.333333333333333333")
	f.Add(int64(1), "1000000")
	f.Fuzz(func(t *testing.T, amount int64, rate string) {
		r, err := math.LegacyNewDecFromStr(rate)
		if err != nil || amount <= 0 || !r.IsPositive() || r.GT(dec("1000000000")) || r.LT(dec("0.000000001")) {
			return
		}
		c, err := types.Convert(math.NewInt(amount), r)
		if err != nil {
			t.Fatal(err)
		}
		target := math.LegacyNewDec(amount)
		if r.MulInt(c.PayIn).LT(target) || c.Payout.LT(math.NewInt(amount)) {
			t.Fatalf("short: pay %s payout %s for %d at %s", c.PayIn, c.Payout, amount, r)
		}
		if c.PayIn.GT(math.OneInt()) && r.MulInt(c.PayIn.SubRaw(1)).GTE(target) {
			t.Fatalf("not the ceiling: %s at %s for %d", c.PayIn, r, amount)
		}
		if c.Remainder.IsNegative() || c.Remainder.GTE(math.LegacyOneDec()) {
			t.Fatalf("remainder %s", c.Remainder)
		}
		if !math.LegacyNewDecFromInt(c.Payout).Add(c.Remainder).Equal(r.MulInt(c.PayIn)) {
			t.Fatal("payout + remainder != pay * rate")
		}
	})
}
