package types

import (
	"time"

	"cosmossdk.io/math"
)

// SecondsPerYear is the actual/365 year.
const SecondsPerYear = 365 * 24 * 60 * 60

// Interest is the simple interest on principal at rateBps a year over secs
// seconds, actual/365, in whole minor units rounded up:
// ceil(principal × rateBps × secs / (10000 × 31,536,000)). The rounding
// (less than one minor unit per accrual) goes to the lender.
func Interest(principal math.Int, rateBps uint32, secs int64) math.Int {
	if secs <= 0 || rateBps == 0 || !principal.IsPositive() {
		return math.ZeroInt()
	}
	num := principal.MulRaw(int64(rateBps)).MulRaw(secs)
	return ceilQuo(num, math.NewInt(10_000*SecondsPerYear))
}

// ceilQuo is ceil(a / b) for a >= 0, b > 0.
func ceilQuo(a, b math.Int) math.Int {
	q, r := a.Quo(b), a.Mod(b)
	if r.IsPositive() {
		q = q.AddRaw(1)
	}
	return q
}

// MulCeil is ceil(a × num / den), den > 0: a share rounded up.
func MulCeil(a, num, den math.Int) math.Int { return ceilQuo(a.Mul(num), den) }

// Accrue brings the loan's accrued interest up to now: whole seconds since
// accrued_to accrue on the outstanding principal, and accrued_to moves on by
// exactly those seconds (sub-second time accrues at the next step).
func (l *Loan) Accrue(now time.Time) {
	secs := int64(now.Sub(l.AccruedTo) / time.Second)
	if secs <= 0 {
		return
	}
	l.Accrued = l.Accrued.Add(Interest(l.Outstanding, l.RateBps, secs))
	l.AccruedTo = l.AccruedTo.Add(time.Duration(secs) * time.Second)
}

// Due is what repays the loan in full at now: (interest, principal + interest).
func (l Loan) Due(now time.Time) (interest, total math.Int) {
	l.Accrue(now)
	return l.Accrued, l.Outstanding.Add(l.Accrued)
}

// Pay applies amount to the loan at now, interest first, then principal,
// and never more than is due; it returns the interest and principal paid.
// The loan's counted share shrinks with its principal, rounded up (against
// the borrower).
func (l *Loan) Pay(now time.Time, amount math.Int) (interest, principal math.Int) {
	l.Accrue(now)
	interest = math.MinInt(amount, l.Accrued)
	principal = math.MinInt(amount.Sub(interest), l.Outstanding)
	before := l.Outstanding
	l.Accrued = l.Accrued.Sub(interest)
	l.Outstanding = l.Outstanding.Sub(principal)
	l.RepaidInterest = l.RepaidInterest.Add(interest)
	l.RepaidPrincipal = l.RepaidPrincipal.Add(principal)
	if l.Outstanding.IsZero() {
		l.Counted = math.ZeroInt()
	} else if principal.IsPositive() {
		l.Counted = MulCeil(l.Counted, l.Outstanding, before)
	}
	return interest, principal
}

// Live reports whether the loan still counts against its declaration.
func (l Loan) Live() bool { return l.Status == LOAN_STATUS_ACTIVE }
