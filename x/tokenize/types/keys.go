package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name, store key and router key.
	ModuleName = "tokenize"
	// StoreKey is the KV store key.
	StoreKey = ModuleName
)

// Store prefixes: numbered once, never reused.
var (
	ParamsKey = collections.NewPrefix(0)
)
