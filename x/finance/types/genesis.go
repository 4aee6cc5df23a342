package types

import (
	"cosmossdk.io/core/address"
	"cosmossdk.io/math"
)

// DefaultGenesisState returns the default genesis.
func DefaultGenesisState() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextDeclarationId: 1, NextApplicationId: 1, NextLoanId: 1}
}

// Validate validates the genesis state: unique ids below the next ids, one
// declaration per number, applications and loans of known declarations, and
// each declaration's financed amount equal to its live loans' counted sum
// (and within its value: no double financing).
func (gs GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	decls, numbers, lots := map[uint64]Declaration{}, map[string]bool{}, map[uint64]bool{}
	for _, d := range gs.Declarations {
		if d.Id == 0 || d.Id >= gs.NextDeclarationId {
			return ErrInvalidGenesis.Wrapf("declaration %d: out of range", d.Id)
		}
		if _, dup := decls[d.Id]; dup || numbers[NumberKey(d.Jurisdiction, d.Number)] {
			return ErrInvalidGenesis.Wrapf("declaration %d listed twice", d.Id)
		}
		if err := checkAddr(ac, "exporter", d.Exporter); err != nil {
			return err
		}
		if !d.Value.IsPositive() || len(d.Lots) == 0 || d.Financed.IsNegative() || d.Closed.IsNegative() || d.Closed.GT(d.Value) {
			return ErrInvalidGenesis.Wrapf("declaration %d: value, lots or balance out of range", d.Id)
		}
		for i, l := range d.Lots {
			if l.LotId == 0 || !l.Units.IsPositive() || l.Sold.IsNegative() || l.Sold.GT(l.Units) || d.Lot(l.LotId) != i || lots[l.LotId] {
				return ErrInvalidGenesis.Wrapf("declaration %d: lot %d declared twice or sold out of range", d.Id, l.LotId)
			}
			lots[l.LotId] = true
		}
		decls[d.Id], numbers[NumberKey(d.Jurisdiction, d.Number)] = d, true
	}
	ids := map[uint64]bool{}
	for _, a := range gs.Applications {
		if ids[a.Id] || a.Id == 0 || a.Id >= gs.NextApplicationId {
			return ErrInvalidGenesis.Wrapf("application %d: duplicated or out of range", a.Id)
		}
		if d, ok := decls[a.DeclarationId]; !ok || d.Exporter != a.Borrower || a.MaxRateBps == 0 {
			return ErrInvalidGenesis.Wrapf("application %d: unknown declaration %d, not its exporter's, or without a max rate", a.Id, a.DeclarationId)
		}
		if err := checkAddr(ac, "borrower", a.Borrower); err != nil {
			return err
		}
		if err := checkAddr(ac, "bank", a.Bank); err != nil {
			return err
		}
		ids[a.Id] = true
	}
	ids = map[uint64]bool{}
	financed := map[uint64]math.Int{}
	for _, l := range gs.Loans {
		if ids[l.Id] || l.Id == 0 || l.Id >= gs.NextLoanId || l.Status == LOAN_STATUS_UNSPECIFIED {
			return ErrInvalidGenesis.Wrapf("loan %d: duplicated, out of range or without status", l.Id)
		}
		if _, ok := decls[l.DeclarationId]; !ok {
			return ErrInvalidGenesis.Wrapf("loan %d: unknown declaration %d", l.Id, l.DeclarationId)
		}
		if err := checkAddr(ac, "lender", l.Lender); err != nil {
			return err
		}
		if err := checkAddr(ac, "borrower", l.Borrower); err != nil {
			return err
		}
		if l.Live() {
			f, ok := financed[l.DeclarationId]
			if !ok {
				f = math.ZeroInt()
			}
			financed[l.DeclarationId] = f.Add(l.Counted)
		}
		ids[l.Id] = true
	}
	for _, d := range gs.Declarations {
		f, ok := financed[d.Id]
		if !ok {
			f = math.ZeroInt()
		}
		if !f.Equal(d.Financed) || f.GT(d.Value) {
			return ErrInvalidGenesis.Wrapf("declaration %d: financed %s, its live loans count %s (value %s)", d.Id, d.Financed, f, d.Value)
		}
	}
	return nil
}
