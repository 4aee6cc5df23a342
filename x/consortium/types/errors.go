package types

import errorsmod "cosmossdk.io/errors"

// Registered errors; codes start at 2 and are never renumbered.
var (
	ErrInvalidAddress = errorsmod.Register(ModuleName, 2, "invalid address")
	ErrInvalidParams  = errorsmod.Register(ModuleName, 3, "invalid params")
	ErrNotAdmitted    = errorsmod.Register(ModuleName, 4, "account not admitted by consortium governance")
	ErrBondDenomSend  = errorsmod.Register(ModuleName, 5, "bond denom is not transferable")
)
