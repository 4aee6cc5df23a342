package types

import "time"

// Upper bounds on the parameters themselves, against a careless proposal.
const (
	MaxNettingCycleBlocks  = 100_000
	MaxInstructionLifetime = 90 * 24 * time.Hour
	MaxQuoteLifetime       = 7 * 24 * time.Hour
	MaxFeeBps              = 1_000
	MaxSpreadBpsLimit      = 5_000
	MaxLegsLimit           = 64
	MaxExpiriesLimit       = 10_000
	MaxPayoutTimeout       = 7 * 24 * time.Hour
	MaxRetriesLimit        = 10_000
	MaxNettingPerCycle     = 20_000
	MaxNettingRemovals     = 1_000
)

// DefaultParams are the parameters of a new chain.
func DefaultParams() Params {
	return Params{
		NettingCycleBlocks:     10,
		MaxInstructionLifetime: 7 * 24 * time.Hour,
		Fees: []FeeRate{
			{Type: INSTRUCTION_TYPE_DVP, Bps: 5}, {Type: INSTRUCTION_TYPE_PVP, Bps: 3}, {Type: INSTRUCTION_TYPE_BARTER, Bps: 0},
		},
		MaxQuoteLifetime:    24 * time.Hour,
		MaxQuoteSpreadBps:   500,
		MaxLegs:             8,
		MaxExpiriesPerBlock: 200,
		PayoutTimeout:       time.Hour,
		MaxRetriesPerBlock:  200,
		MaxNettingPerCycle:  2_000,
		MaxNettingRemovals:  3,
	}
}

// FeeBps returns the fee rate of an instruction type (0 if unlisted).
func (p Params) FeeBps(t InstructionType) uint32 {
	for _, f := range p.Fees {
		if f.Type == t {
			return f.Bps
		}
	}
	return 0
}

// Validate checks every parameter.
func (p Params) Validate() error {
	if p.NettingCycleBlocks == 0 || p.NettingCycleBlocks > MaxNettingCycleBlocks {
		return ErrInvalidParams.Wrapf("netting_cycle_blocks must be in [1, %d], got %d", MaxNettingCycleBlocks, p.NettingCycleBlocks)
	}
	if p.MaxInstructionLifetime <= 0 || p.MaxInstructionLifetime > MaxInstructionLifetime {
		return ErrInvalidParams.Wrapf("max_instruction_lifetime must be in (0, %s], got %s", MaxInstructionLifetime, p.MaxInstructionLifetime)
	}
	if p.MaxQuoteLifetime <= 0 || p.MaxQuoteLifetime > MaxQuoteLifetime {
		return ErrInvalidParams.Wrapf("max_quote_lifetime must be in (0, %s], got %s", MaxQuoteLifetime, p.MaxQuoteLifetime)
	}
	for i, f := range p.Fees {
		if f.Type <= INSTRUCTION_TYPE_UNSPECIFIED || f.Type > INSTRUCTION_TYPE_BARTER || f.Bps > MaxFeeBps {
			return ErrInvalidParams.Wrapf("fees[%d]: a known type and at most %d bps", i, MaxFeeBps)
		}
		for _, g := range p.Fees[:i] {
			if g.Type == f.Type {
				return ErrInvalidParams.Wrapf("fees[%d]: %s listed twice", i, f.Type)
			}
		}
	}
	if p.MaxQuoteSpreadBps == 0 || p.MaxQuoteSpreadBps > MaxSpreadBpsLimit {
		return ErrInvalidParams.Wrapf("max_quote_spread_bps must be in [1, %d], got %d", MaxSpreadBpsLimit, p.MaxQuoteSpreadBps)
	}
	if p.MaxLegs < 2 || p.MaxLegs > MaxLegsLimit {
		return ErrInvalidParams.Wrapf("max_legs must be in [2, %d], got %d", MaxLegsLimit, p.MaxLegs)
	}
	if p.MaxExpiriesPerBlock == 0 || p.MaxExpiriesPerBlock > MaxExpiriesLimit {
		return ErrInvalidParams.Wrapf("max_expiries_per_block must be in [1, %d], got %d", MaxExpiriesLimit, p.MaxExpiriesPerBlock)
	}
	if p.PayoutTimeout <= 0 || p.PayoutTimeout > MaxPayoutTimeout {
		return ErrInvalidParams.Wrapf("payout_timeout must be in (0, %s], got %s", MaxPayoutTimeout, p.PayoutTimeout)
	}
	if p.MaxRetriesPerBlock == 0 || p.MaxRetriesPerBlock > MaxRetriesLimit {
		return ErrInvalidParams.Wrapf("max_retries_per_block must be in [1, %d], got %d", MaxRetriesLimit, p.MaxRetriesPerBlock)
	}
	if p.MaxNettingPerCycle == 0 || p.MaxNettingPerCycle > MaxNettingPerCycle {
		return ErrInvalidParams.Wrapf("max_netting_per_cycle must be in [1, %d], got %d", MaxNettingPerCycle, p.MaxNettingPerCycle)
	}
	if p.MaxNettingRemovals == 0 || p.MaxNettingRemovals > MaxNettingRemovals {
		return ErrInvalidParams.Wrapf("max_netting_removals must be in [1, %d], got %d", MaxNettingRemovals, p.MaxNettingRemovals)
	}
	return nil
}
