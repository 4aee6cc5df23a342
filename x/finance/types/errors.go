package types

import errorsmod "cosmossdk.io/errors"

// Registered errors; codes start at 2 and are never renumbered.
var (
	ErrInvalidAddress        = errorsmod.Register(ModuleName, 2, "invalid address")
	ErrInvalidParams         = errorsmod.Register(ModuleName, 3, "invalid params")
	ErrInvalidDeclaration    = errorsmod.Register(ModuleName, 4, "invalid declaration")
	ErrDeclarationExists     = errorsmod.Register(ModuleName, 5, "declaration already recorded")
	ErrDeclarationNotFound   = errorsmod.Register(ModuleName, 6, "declaration not found")
	ErrNotCustoms            = errorsmod.Register(ModuleName, 7, "signer is not the customs of the declaration's jurisdiction")
	ErrInvalidApplication    = errorsmod.Register(ModuleName, 8, "invalid financing application")
	ErrApplicationNotFound   = errorsmod.Register(ModuleName, 9, "application not found")
	ErrApplicationNotOpen    = errorsmod.Register(ModuleName, 10, "application is not pending")
	ErrNotBank               = errorsmod.Register(ModuleName, 11, "signer is not the bank applied to")
	ErrNotBorrower           = errorsmod.Register(ModuleName, 12, "signer is not the declaration's exporter")
	ErrNotCleared            = errorsmod.Register(ModuleName, 13, "declaration is not cleared on chain with its hash")
	ErrBalanceShort          = errorsmod.Register(ModuleName, 14, "declaration's remaining balance is short")
	ErrCollateralUnavailable = errorsmod.Register(ModuleName, 15, "collateral units are pledged, held or not the borrower's")
	ErrInvalidTerms          = errorsmod.Register(ModuleName, 16, "invalid loan terms")
	ErrLoanNotFound          = errorsmod.Register(ModuleName, 17, "loan not found")
	ErrLoanNotActive         = errorsmod.Register(ModuleName, 18, "loan is not active")
	ErrNotLender             = errorsmod.Register(ModuleName, 19, "signer is not the loan's lender")
	ErrNotDefaulted          = errorsmod.Register(ModuleName, 20, "loan is not past maturity and grace")
	ErrSalePending           = errorsmod.Register(ModuleName, 21, "the pledged units are being sold by an open instruction")
	ErrInvalidSale           = errorsmod.Register(ModuleName, 22, "instruction cannot sell the pledged units this way")
	ErrProceedsShort         = errorsmod.Register(ModuleName, 23, "the sale's proceeds do not cover the loan")
	ErrInvalidAmount         = errorsmod.Register(ModuleName, 24, "invalid amount")
	ErrInvalidGenesis        = errorsmod.Register(ModuleName, 25, "invalid genesis")
	ErrCurrencyMismatch      = errorsmod.Register(ModuleName, 26, "currency mismatch")
	ErrRoleNotHeld           = errorsmod.Register(ModuleName, 27, "participant lacks the required role")
)

// Registered lists every error of the module, for clients that must name
// a refusal by its code (the gateway reads a failed simulation's text).
var Registered = []*errorsmod.Error{
	ErrInvalidAddress,
	ErrInvalidParams,
	ErrInvalidDeclaration,
	ErrDeclarationExists,
	ErrDeclarationNotFound,
	ErrNotCustoms,
	ErrInvalidApplication,
	ErrApplicationNotFound,
	ErrApplicationNotOpen,
	ErrNotBank,
	ErrNotBorrower,
	ErrNotCleared,
	ErrBalanceShort,
	ErrCollateralUnavailable,
	ErrInvalidTerms,
	ErrLoanNotFound,
	ErrLoanNotActive,
	ErrNotLender,
	ErrNotDefaulted,
	ErrSalePending,
	ErrInvalidSale,
	ErrProceedsShort,
	ErrInvalidAmount,
	ErrInvalidGenesis,
	ErrCurrencyMismatch,
	ErrRoleNotHeld,
}
