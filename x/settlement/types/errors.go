package types

import errorsmod "cosmossdk.io/errors"

// Registered errors; codes start at 2 and are never renumbered.
var (
	ErrInvalidAddress = errorsmod.Register(ModuleName, 2, "invalid address")
	ErrInvalidParams  = errorsmod.Register(ModuleName, 3, "invalid params")
	// ErrPayInUnapplied: an ICS-20 pay-in memo names a leg the transfer cannot fund.
	ErrPayInUnapplied      = errorsmod.Register(ModuleName, 4, "ibc pay-in not applied")
	ErrInvalidCurrency     = errorsmod.Register(ModuleName, 5, "invalid currency")
	ErrCurrencyExists      = errorsmod.Register(ModuleName, 6, "currency already registered")
	ErrCurrencyNotFound    = errorsmod.Register(ModuleName, 7, "currency not found")
	ErrNotIssuer           = errorsmod.Register(ModuleName, 8, "signer is not the currency's issuing bank")
	ErrNotIssuable         = errorsmod.Register(ModuleName, 9, "currency is not issued on this chain")
	ErrInvalidAmount       = errorsmod.Register(ModuleName, 10, "invalid amount")
	ErrInvalidQuote        = errorsmod.Register(ModuleName, 11, "invalid quote")
	ErrQuoteNotFound       = errorsmod.Register(ModuleName, 12, "quote not found")
	ErrQuoteUnavailable    = errorsmod.Register(ModuleName, 13, "quote stale, cancelled or exhausted")
	ErrNotMaker            = errorsmod.Register(ModuleName, 14, "signer is not the quote's maker")
	ErrRoleNotHeld         = errorsmod.Register(ModuleName, 15, "participant lacks the required role")
	ErrInvalidInstruction  = errorsmod.Register(ModuleName, 16, "invalid instruction")
	ErrInstructionNotFound = errorsmod.Register(ModuleName, 17, "instruction not found")
	ErrInstructionNotOpen  = errorsmod.Register(ModuleName, 18, "instruction not open")
	ErrNotPayer            = errorsmod.Register(ModuleName, 19, "signer does not pay this leg")
	ErrAlreadyFunded       = errorsmod.Register(ModuleName, 20, "leg already funded")
	ErrDeadlinePassed      = errorsmod.Register(ModuleName, 21, "instruction deadline passed")
	ErrNettingInstruction  = errorsmod.Register(ModuleName, 22, "wrong message for a netting or gross instruction")
	ErrCancelNotAllowed    = errorsmod.Register(ModuleName, 23, "instruction cannot be cancelled by this signer now")
	ErrNotParty            = errorsmod.Register(ModuleName, 24, "signer is not a party to the instruction")
	ErrCycleNotFound       = errorsmod.Register(ModuleName, 25, "netting cycle not found")
	ErrInvalidGenesis      = errorsmod.Register(ModuleName, 26, "invalid genesis")
	ErrPayoutNotFound      = errorsmod.Register(ModuleName, 27, "payout not found")
	ErrPayoutNotClaimable  = errorsmod.Register(ModuleName, 28, "payout not claimable")
)
