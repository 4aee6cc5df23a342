package types

import "cosmossdk.io/core/address"

// DefaultGenesisState returns the default genesis.
func DefaultGenesisState() *GenesisState {
	return &GenesisState{
		Params:            DefaultParams(),
		NextLotId:         1,
		NextAttestationId: 1,
		NextHoldId:        1,
		NextPackageId:     1,
		NextPledgeId:      1,

		NextStatusChangeId: 1,
	}
}

// Validate validates the genesis state: every record, no duplicate ids,
// references that resolve, and next ids beyond every id in use.
func (gs GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	seenAddr := make(map[string]bool, len(gs.Participants))
	for _, p := range gs.Participants {
		if err := p.Validate(ac); err != nil {
			return err
		}
		if seenAddr[p.Address] {
			return ErrInvalidGenesis.Wrapf("participant %s listed twice", p.Address)
		}
		seenAddr[p.Address] = true
	}
	classes := make(map[string]bool, len(gs.Classes))
	for _, c := range gs.Classes {
		if err := c.Validate(); err != nil {
			return err
		}
		if classes[c.Code] {
			return ErrInvalidGenesis.Wrapf("class %s listed twice", c.Code)
		}
		classes[c.Code] = true
	}
	lots := make(map[uint64]bool, len(gs.Lots))
	for _, l := range gs.Lots {
		if err := l.Validate(int(gs.Params.MaxQualitySpecs), int(gs.Params.MaxDocuments)); err != nil {
			return err
		}
		if lots[l.Id] || l.Id >= gs.NextLotId {
			return ErrInvalidGenesis.Wrapf("lot %d duplicated or not below next_lot_id %d", l.Id, gs.NextLotId)
		}
		if !classes[l.ClassCode] {
			return ErrInvalidGenesis.Wrapf("lot %d: class %s not registered", l.Id, l.ClassCode)
		}
		if err := checkAddr(ac, "issuer", l.Issuer); err != nil {
			return err
		}
		lots[l.Id] = true
	}
	if err := gs.validateRecords(ac, lots); err != nil {
		return err
	}
	return nil
}

func (gs GenesisState) validateRecords(ac address.Codec, lots map[uint64]bool) error {
	ids := map[uint64]bool{}
	for _, a := range gs.Attestations {
		if ids[a.Id] || a.Id == 0 || a.Id >= gs.NextAttestationId || !lots[a.LotId] {
			return ErrInvalidGenesis.Wrapf("attestation %d: duplicated, out of range or of an unknown lot", a.Id)
		}
		if err := checkAddr(ac, "attester", a.Attester); err != nil {
			return err
		}
		ids[a.Id] = true
	}
	for _, s := range gs.StatusChanges {
		if !lots[s.LotId] {
			return ErrInvalidGenesis.Wrapf("status change of unknown lot %d", s.LotId)
		}
	}
	ids = map[uint64]bool{}
	for _, h := range gs.Holds {
		if ids[h.Id] || h.Id == 0 || h.Id >= gs.NextHoldId || !lots[h.LotId] {
			return ErrInvalidGenesis.Wrapf("hold %d: duplicated, out of range or of an unknown lot", h.Id)
		}
		if err := ValidateCountry(h.Jurisdiction); err != nil {
			return ErrInvalidGenesis.Wrapf("hold %d: %s", h.Id, err)
		}
		ids[h.Id] = true
	}
	ids = map[uint64]bool{}
	for _, p := range gs.Packages {
		if ids[p.Id] || p.Id == 0 || p.Id >= gs.NextPackageId {
			return ErrInvalidGenesis.Wrapf("package %d duplicated or out of range", p.Id)
		}
		if p.Shares.IsNil() || p.Shares.IsNegative() {
			return ErrInvalidGenesis.Wrapf("package %d: negative shares", p.Id)
		}
		for _, c := range p.Components {
			if !lots[c.LotId] || c.Amount.IsNil() || c.Amount.IsNegative() {
				return ErrInvalidGenesis.Wrapf("package %d: bad component of lot %d", p.Id, c.LotId)
			}
		}
		ids[p.Id] = true
	}
	ids = map[uint64]bool{}
	for _, p := range gs.Pledges {
		if ids[p.Id] || p.Id == 0 || p.Id >= gs.NextPledgeId {
			return ErrInvalidGenesis.Wrapf("pledge %d duplicated or out of range", p.Id)
		}
		if err := checkAddr(ac, "holder", p.Holder); err != nil {
			return err
		}
		if err := checkAddr(ac, "lender", p.Lender); err != nil {
			return err
		}
		if err := ValidateQuantity("pledge amount", p.Amount); err != nil {
			return err
		}
		ids[p.Id] = true
	}
	return nil
}
