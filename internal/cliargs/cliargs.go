// Package cliargs holds what every module's autocli options share.
package cliargs

import autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

// Pos names a command's positional arguments, in order, by proto field.
func Pos(fields ...string) []*autocliv1.PositionalArgDescriptor {
	out := make([]*autocliv1.PositionalArgDescriptor, len(fields))
	for i, f := range fields {
		out[i] = &autocliv1.PositionalArgDescriptor{ProtoField: f}
	}
	return out
}
