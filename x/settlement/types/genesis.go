package types

import "cosmossdk.io/core/address"

// DefaultGenesisState returns the default genesis.
func DefaultGenesisState() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextQuoteId: 1, NextInstructionId: 1, NextCycleId: 1, NextPayoutId: 1}
}

// Validate validates the genesis state: records, unique ids below the next
// ids, one currency per denom.
func (gs GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	codes, denoms := map[string]bool{}, map[string]bool{}
	for _, c := range gs.Currencies {
		if err := c.Validate(ac); err != nil {
			return err
		}
		if codes[c.Code] {
			return ErrInvalidGenesis.Wrapf("currency %s listed twice", c.Code)
		}
		codes[c.Code] = true
		for _, d := range c.Denoms {
			if denoms[d.Denom] {
				return ErrInvalidGenesis.Wrapf("denom %s belongs to two currencies", d.Denom)
			}
			denoms[d.Denom] = true
		}
	}
	ids := map[uint64]bool{}
	for _, q := range gs.Quotes {
		if ids[q.Id] || q.Id == 0 || q.Id >= gs.NextQuoteId || !codes[q.Base] || !codes[q.Quote] {
			return ErrInvalidGenesis.Wrapf("quote %d: duplicated, out of range or of unknown currencies", q.Id)
		}
		ids[q.Id] = true
	}
	ids = map[uint64]bool{}
	for _, in := range gs.Instructions {
		if ids[in.Id] || in.Id == 0 || in.Id >= gs.NextInstructionId || len(in.Legs) < 2 {
			return ErrInvalidGenesis.Wrapf("instruction %d: duplicated, out of range or without legs", in.Id)
		}
		ids[in.Id] = true
	}
	ids = map[uint64]bool{}
	for _, c := range gs.Cycles {
		if ids[c.Id] || c.Id == 0 || c.Id >= gs.NextCycleId {
			return ErrInvalidGenesis.Wrapf("cycle %d duplicated or out of range", c.Id)
		}
		ids[c.Id] = true
	}
	ids = map[uint64]bool{}
	for _, p := range gs.Payouts {
		if ids[p.Id] || p.Id == 0 || p.Id >= gs.NextPayoutId || p.Status == PAYOUT_STATUS_UNSPECIFIED || !p.Amount.IsPositive() {
			return ErrInvalidGenesis.Wrapf("payout %d: duplicated, out of range, without status or amount", p.Id)
		}
		if err := checkAddr(ac, "payout owner", p.Owner); err != nil {
			return err
		}
		ids[p.Id] = true
	}
	return nil
}
