package types

import "cosmossdk.io/math"

// Remaining is what may still be financed: value - financed - closed, never
// below zero.
func (d Declaration) Remaining() math.Int {
	r := d.Value.Sub(d.Financed).Sub(d.Closed)
	if r.IsNegative() {
		return math.ZeroInt()
	}
	return r
}

// Cap is the most that may be financed at once: value × max advance rate,
// rounded down.
func (d Declaration) Cap(advanceBps uint32) math.Int {
	return d.Value.MulRaw(int64(advanceBps)).QuoRaw(10_000)
}

// Headroom is what a new loan may count: the advance-rate cap less what is
// financed and closed (the cap is never above the value, so this is never
// above the remaining balance).
func (d Declaration) Headroom(advanceBps uint32) math.Int {
	h := d.Cap(advanceBps).Sub(d.Financed).Sub(d.Closed)
	if h.IsNegative() {
		return math.ZeroInt()
	}
	return h
}

// CollateralCap is the most a loan secured by units of a declared lot may
// count: their share of the declared value (value × units ÷ all declared
// units) at the advance rate, rounded down. Units shipped outside the
// declaration cannot be pledged, so they cannot be financed again either.
func (d Declaration) CollateralCap(lot uint64, units math.Int, advanceBps uint32) math.Int {
	total := math.ZeroInt()
	for _, l := range d.Lots {
		total = total.Add(l.Units)
	}
	if d.Lot(lot) < 0 || !total.IsPositive() {
		return math.ZeroInt()
	}
	return d.Value.Mul(units).MulRaw(int64(advanceBps)).Quo(total.MulRaw(10_000))
}

// Lot returns the index of a declared lot, or -1.
func (d Declaration) Lot(id uint64) int {
	for i, l := range d.Lots {
		if l.LotId == id {
			return i
		}
	}
	return -1
}

// Close records units of declared lot i as sold (or claimed), at most what
// is left of it, and recomputes the closed value: the declared value times
// the sold share of all declared units, rounded up. It returns the units
// closed now.
func (d *Declaration) Close(i int, units math.Int) math.Int {
	l := &d.Lots[i]
	n := math.MinInt(units, l.Units.Sub(l.Sold))
	if !n.IsPositive() {
		return math.ZeroInt()
	}
	l.Sold = l.Sold.Add(n)
	sold, total := math.ZeroInt(), math.ZeroInt()
	for _, x := range d.Lots {
		sold, total = sold.Add(x.Sold), total.Add(x.Units)
	}
	d.Closed = math.MinInt(d.Value, MulCeil(d.Value, sold, total))
	return n
}
