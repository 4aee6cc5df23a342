package types

import (
	"cosmossdk.io/math"
)

// MinorRate turns a rate in major units (quote per base) into minor units:
// rate * 10^quoteExp / 10^baseExp. LegacyDec keeps 18 decimals; a division
// rounds half up at the 18th.
func MinorRate(rate math.LegacyDec, baseExp, quoteExp uint32) math.LegacyDec {
	switch {
	case quoteExp >= baseExp:
		return rate.MulInt(math.NewIntWithDecimal(1, int(quoteExp-baseExp)))
	default:
		return rate.QuoInt(math.NewIntWithDecimal(1, int(baseExp-quoteExp)))
	}
}

// Conversion is one FX leg at a rate in minor units.
type Conversion struct {
	// PayIn is what the payer pays in base minor units: the least integer
	// with PayIn * rate >= the amount the payee must receive (the ceiling).
	PayIn math.Int
	// Payout is what the payee receives: floor(PayIn * rate) >= the amount.
	Payout math.Int
	// Remainder is PayIn * rate - Payout, in [0, 1): kept by the maker.
	Remainder math.LegacyDec
}

// Convert prices amount (quote minor units the payee must receive) at rate
// (quote minor units per base minor unit, positive).
func Convert(amount math.Int, rate math.LegacyDec) (Conversion, error) {
	if !amount.IsPositive() {
		return Conversion{}, ErrInvalidAmount.Wrap("amount must be positive")
	}
	if !rate.IsPositive() {
		return Conversion{}, ErrInvalidQuote.Wrap("rate must be positive")
	}
	target := math.LegacyNewDecFromInt(amount)
	payIn := target.Quo(rate).Ceil().TruncateInt()
	// Quo rounds at 18 decimals: correct the estimate to the exact ceiling.
	for rate.MulInt(payIn).LT(target) {
		payIn = payIn.AddRaw(1)
	}
	for payIn.GT(math.OneInt()) && rate.MulInt(payIn.SubRaw(1)).GTE(target) {
		payIn = payIn.SubRaw(1)
	}
	gross := rate.MulInt(payIn)
	payout := gross.TruncateInt()
	return Conversion{PayIn: payIn, Payout: payout, Remainder: gross.Sub(math.LegacyNewDecFromInt(payout))}, nil
}

// Fee is ceil(amount * bps / 10000): the payer pays the ceiling.
func Fee(amount math.Int, bps uint32) math.Int {
	if bps == 0 {
		return math.ZeroInt()
	}
	num := amount.MulRaw(int64(bps))
	fee := num.QuoRaw(10_000)
	if !num.ModRaw(10_000).IsZero() {
		fee = fee.AddRaw(1)
	}
	return fee
}

// SpreadBps is (ask - bid) / mid in basis points, rounded up.
func SpreadBps(bid, ask math.LegacyDec) math.LegacyDec {
	mid := bid.Add(ask).QuoInt64(2)
	return ask.Sub(bid).MulInt64(10_000).Quo(mid).Ceil()
}
