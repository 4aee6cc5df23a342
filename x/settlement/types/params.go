package types

// Upper bounds on the parameters themselves, against a careless proposal.
const (
	MaxNettingCycleBlocks   = 100_000
	MaxInstructionBlocksCap = 10_000_000
)

// DefaultParams are the parameters of a new chain: a netting cycle closes
// every 10 blocks and an instruction may live up to ~7 days of 1 s blocks.
func DefaultParams() Params {
	return Params{NettingCycleBlocks: 10, MaxInstructionBlocks: 604_800}
}

// Validate checks every parameter.
func (p Params) Validate() error {
	if p.NettingCycleBlocks == 0 || p.NettingCycleBlocks > MaxNettingCycleBlocks {
		return ErrInvalidParams.Wrapf("netting_cycle_blocks must be in [1, %d], got %d", MaxNettingCycleBlocks, p.NettingCycleBlocks)
	}
	if p.MaxInstructionBlocks == 0 || p.MaxInstructionBlocks > MaxInstructionBlocksCap {
		return ErrInvalidParams.Wrapf("max_instruction_blocks must be in [1, %d], got %d", MaxInstructionBlocksCap, p.MaxInstructionBlocks)
	}
	return nil
}
