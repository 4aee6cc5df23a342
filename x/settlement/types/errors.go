package types

import errorsmod "cosmossdk.io/errors"

// Registered errors; codes start at 2 and are never renumbered.
var (
	ErrInvalidAddress = errorsmod.Register(ModuleName, 2, "invalid address")
	ErrInvalidParams  = errorsmod.Register(ModuleName, 3, "invalid params")
)

// ErrPayInUnavailable refuses an IBC pay-in callback the module cannot yet route.
var ErrPayInUnavailable = errorsmod.Register(ModuleName, 4, "ibc pay-in callback unavailable")
