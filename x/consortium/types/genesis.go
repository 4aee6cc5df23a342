package types

import "cosmossdk.io/core/address"

// DefaultGenesisState returns the default genesis.
func DefaultGenesisState() *GenesisState {
	return &GenesisState{Params: DefaultParams()}
}

// Validate validates the genesis state.
func (gs GenesisState) Validate(ac address.Codec) error {
	return gs.Params.Validate(ac)
}
