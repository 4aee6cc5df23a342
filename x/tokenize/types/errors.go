package types

import errorsmod "cosmossdk.io/errors"

// Registered errors; codes start at 2 and are never renumbered.
var (
	ErrInvalidAddress        = errorsmod.Register(ModuleName, 2, "invalid address")
	ErrInvalidParams         = errorsmod.Register(ModuleName, 3, "invalid params")
	ErrInvalidParticipant    = errorsmod.Register(ModuleName, 4, "invalid participant")
	ErrParticipantExists     = errorsmod.Register(ModuleName, 5, "participant already registered")
	ErrParticipantNotFound   = errorsmod.Register(ModuleName, 6, "participant not found")
	ErrParticipantInactive   = errorsmod.Register(ModuleName, 7, "participant revoked")
	ErrRoleNotHeld           = errorsmod.Register(ModuleName, 8, "role not held in the required jurisdiction")
	ErrInvalidClass          = errorsmod.Register(ModuleName, 9, "invalid commodity class")
	ErrClassExists           = errorsmod.Register(ModuleName, 10, "commodity class already registered")
	ErrClassNotFound         = errorsmod.Register(ModuleName, 11, "commodity class not found")
	ErrInvalidLot            = errorsmod.Register(ModuleName, 12, "invalid lot")
	ErrLotNotFound           = errorsmod.Register(ModuleName, 13, "lot not found")
	ErrLotNotLive            = errorsmod.Register(ModuleName, 14, "lot is closed or superseded")
	ErrInvalidAttestation    = errorsmod.Register(ModuleName, 15, "invalid attestation")
	ErrDuplicateAttestation  = errorsmod.Register(ModuleName, 16, "attestation already recorded")
	ErrAttestationOutOfOrder = errorsmod.Register(ModuleName, 17, "attestation out of order")
	ErrLotBlocked            = errorsmod.Register(ModuleName, 18, "lot units may not move")
	ErrTransferNotAllowed    = errorsmod.Register(ModuleName, 19, "transfer between these accounts not allowed")
	ErrNotSoleHolder         = errorsmod.Register(ModuleName, 20, "signer does not hold every unit of the lot")
	ErrInvalidPackage        = errorsmod.Register(ModuleName, 21, "invalid package")
	ErrPackageNotFound       = errorsmod.Register(ModuleName, 22, "package not found")
	ErrInvalidPledge         = errorsmod.Register(ModuleName, 23, "invalid pledge")
	ErrPledgeNotFound        = errorsmod.Register(ModuleName, 24, "pledge not found")
	ErrPledgeNotActive       = errorsmod.Register(ModuleName, 25, "pledge not active")
	ErrNotLender             = errorsmod.Register(ModuleName, 26, "signer is not the pledge's lender")
	ErrInvalidHold           = errorsmod.Register(ModuleName, 27, "invalid hold")
	ErrHoldNotFound          = errorsmod.Register(ModuleName, 28, "hold not found")
	ErrHoldNotActive         = errorsmod.Register(ModuleName, 29, "hold not active")
	ErrNotArrived            = errorsmod.Register(ModuleName, 30, "arrival not attested")
	ErrInvalidAmount         = errorsmod.Register(ModuleName, 31, "invalid amount")
	ErrInvalidQualitySpec    = errorsmod.Register(ModuleName, 32, "invalid quality spec")
	ErrInvalidGenesis        = errorsmod.Register(ModuleName, 33, "invalid genesis")
	ErrIncompatibleLots      = errorsmod.Register(ModuleName, 34, "lots cannot be merged")
	ErrNotSettleable         = errorsmod.Register(ModuleName, 35, "lot lacks required attestations")
	ErrNotIssuer             = errorsmod.Register(ModuleName, 36, "signer is not the lot's issuer")
	ErrDuplicateDocument     = errorsmod.Register(ModuleName, 37, "document already anchored")
	ErrPledgeManaged         = errorsmod.Register(ModuleName, 38, "pledge secures a loan: release, claim or sell it through its loan")
)

// Registered lists every error of the module, for clients that must name
// a refusal by its code (the gateway reads a failed simulation's text).
var Registered = []*errorsmod.Error{
	ErrInvalidAddress,
	ErrInvalidParams,
	ErrInvalidParticipant,
	ErrParticipantExists,
	ErrParticipantNotFound,
	ErrParticipantInactive,
	ErrRoleNotHeld,
	ErrInvalidClass,
	ErrClassExists,
	ErrClassNotFound,
	ErrInvalidLot,
	ErrLotNotFound,
	ErrLotNotLive,
	ErrInvalidAttestation,
	ErrDuplicateAttestation,
	ErrAttestationOutOfOrder,
	ErrLotBlocked,
	ErrTransferNotAllowed,
	ErrNotSoleHolder,
	ErrInvalidPackage,
	ErrPackageNotFound,
	ErrInvalidPledge,
	ErrPledgeNotFound,
	ErrPledgeNotActive,
	ErrNotLender,
	ErrInvalidHold,
	ErrHoldNotFound,
	ErrHoldNotActive,
	ErrNotArrived,
	ErrInvalidAmount,
	ErrInvalidQualitySpec,
	ErrInvalidGenesis,
	ErrIncompatibleLots,
	ErrNotSettleable,
	ErrNotIssuer,
	ErrDuplicateDocument,
	ErrPledgeManaged,
}
