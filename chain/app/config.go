// Package app wires the corridord application: the Cosmos SDK modules, IBC
// and the Corridor modules, under the consortium rules.
package app

import (
	"os"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

const (
	// AppName is the application's name.
	AppName = "corridor"
	// Bech32Prefix is the account address prefix.
	Bech32Prefix = "corridor"

	// BondDenom is the staking denom: consortium voting power. It is held
	// by consortium members, delegated, never sent (see BondDenomRestriction).
	BondDenom = "ucorr"
	// FeeDenom pays gas. Kept apart from the bond denom so that paying fees
	// (a transfer to the fee collector) never needs a bond-denom transfer,
	// and so that governance can hand gas credit to traders and banks
	// without handing them voting power.
	FeeDenom = "ucgas"
)

func init() {
	// sdk.GetConfig keys its registry by "host|executable|pid" unless this
	// variable names a scope, and it is called on every bech32 address
	// decode: without a scope each decode costs an os.Executable readlink
	// and a hostname lookup (a fifth of a netting cycle's time). One scope
	// per process is what the default key means anyway.
	if os.Getenv(sdk.EnvConfigScope) == "" {
		if err := os.Setenv(sdk.EnvConfigScope, AppName); err != nil {
			panic(err)
		}
	}
	SetAddressPrefixes()
}

// SetAddressPrefixes sets the bech32 prefixes for accounts, validators and
// consensus nodes. It is idempotent.
func SetAddressPrefixes() {
	cfg := sdk.GetConfig()
	cfg.SetBech32PrefixForAccount(Bech32Prefix, Bech32Prefix+sdk.PrefixPublic)
	cfg.SetBech32PrefixForValidator(Bech32Prefix+sdk.PrefixValidator+sdk.PrefixOperator, Bech32Prefix+sdk.PrefixValidator+sdk.PrefixOperator+sdk.PrefixPublic)
	cfg.SetBech32PrefixForConsensusNode(Bech32Prefix+sdk.PrefixValidator+sdk.PrefixConsensus, Bech32Prefix+sdk.PrefixValidator+sdk.PrefixConsensus+sdk.PrefixPublic)
}
