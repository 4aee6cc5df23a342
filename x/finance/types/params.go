package types

import "time"

// Upper bounds on the parameters themselves, against a careless proposal.
const (
	MaxAdvanceRateBps = 10_000
	MaxGracePeriod    = 365 * 24 * time.Hour
	MaxTenorLimit     = 5 * 365 * 24 * time.Hour
	MaxRateBpsLimit   = 10_000
	MaxLotsLimit      = 64
	MaxNoteLimit      = 1_024
)

// DefaultParams are the parameters of a new chain: up to 90 % of a
// declaration's value, 30 days' grace, a year's tenor, 36 % a year at most.
func DefaultParams() Params {
	return Params{
		MaxAdvanceRateBps: 9_000,
		GracePeriod:       30 * 24 * time.Hour,
		MaxTenor:          365 * 24 * time.Hour,
		MaxRateBps:        3_600,
		MaxLots:           16,
		MaxNoteLength:     256,
	}
}

// Validate checks every parameter.
func (p Params) Validate() error {
	switch {
	case p.MaxAdvanceRateBps == 0 || p.MaxAdvanceRateBps > MaxAdvanceRateBps:
		return ErrInvalidParams.Wrapf("max_advance_rate_bps must be in [1, %d], got %d", MaxAdvanceRateBps, p.MaxAdvanceRateBps)
	case p.GracePeriod < 0 || p.GracePeriod > MaxGracePeriod:
		return ErrInvalidParams.Wrapf("grace_period must be in [0, %s], got %s", MaxGracePeriod, p.GracePeriod)
	case p.MaxTenor <= 0 || p.MaxTenor > MaxTenorLimit:
		return ErrInvalidParams.Wrapf("max_tenor must be in (0, %s], got %s", MaxTenorLimit, p.MaxTenor)
	case p.MaxRateBps > MaxRateBpsLimit:
		return ErrInvalidParams.Wrapf("max_rate_bps must be at most %d, got %d", MaxRateBpsLimit, p.MaxRateBps)
	case p.MaxLots == 0 || p.MaxLots > MaxLotsLimit:
		return ErrInvalidParams.Wrapf("max_lots must be in [1, %d], got %d", MaxLotsLimit, p.MaxLots)
	case p.MaxNoteLength == 0 || p.MaxNoteLength > MaxNoteLimit:
		return ErrInvalidParams.Wrapf("max_note_length must be in [1, %d], got %d", MaxNoteLimit, p.MaxNoteLength)
	}
	return nil
}
