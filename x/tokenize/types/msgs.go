package types

import (
	"cosmossdk.io/core/address"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/internal/addrcheck"
)

func checkAddr(ac address.Codec, field, addr string) error {
	if err := addrcheck.Canonical(ac, addr); err != nil {
		return ErrInvalidAddress.Wrapf("invalid %s address: %s", field, err)
	}
	return nil
}

// Validate performs the stateless checks of MsgUpdateParams.
func (m *MsgUpdateParams) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "authority", m.Authority); err != nil {
		return err
	}
	return m.Params.Validate()
}

// Validate performs the stateless checks of MsgRegisterParticipant.
func (m *MsgRegisterParticipant) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "authority", m.Authority); err != nil {
		return err
	}
	return ValidateParticipantFields(ac, m.Address, m.LegalName, m.Country, m.RegistrationId, m.Roles)
}

// Validate performs the stateless checks of MsgUpdateParticipant.
func (m *MsgUpdateParticipant) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "authority", m.Authority); err != nil {
		return err
	}
	return ValidateParticipantFields(ac, m.Address, m.LegalName, m.Country, m.RegistrationId, m.Roles)
}

// Validate performs the stateless checks of MsgRevokeParticipant.
func (m *MsgRevokeParticipant) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "authority", m.Authority); err != nil {
		return err
	}
	if err := checkAddr(ac, "participant", m.Address); err != nil {
		return err
	}
	if err := validText("reason", m.Reason, MaxReasonLen, false); err != nil {
		return ErrInvalidParticipant.Wrap(err.Error())
	}
	return nil
}

// Validate performs the stateless checks of MsgRegisterClass.
func (m *MsgRegisterClass) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "authority", m.Authority); err != nil {
		return err
	}
	return m.Class.Validate()
}

// Validate performs the stateless checks of MsgRegisterLot; the list bounds
// that depend on params are checked by the keeper.
func (m *MsgRegisterLot) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "exporter", m.Exporter); err != nil {
		return err
	}
	if err := ValidateClassCode(m.ClassCode); err != nil {
		return ErrInvalidLot.Wrap(err.Error())
	}
	if err := ValidateQuantity("quantity", m.Quantity); err != nil {
		return err
	}
	if err := ValidateQualitySpecs(m.QualitySpecs, MaxQualitySpecsLimit); err != nil {
		return err
	}
	if err := ValidateDocuments(m.Documents, MaxDocumentsLimit); err != nil {
		return err
	}
	return ValidateShipment(m.Origin, m.DestinationCountry, m.Location)
}

// Validate performs the stateless checks of MsgAttest.
func (m *MsgAttest) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "attester", m.Attester); err != nil {
		return err
	}
	if m.LotId == 0 {
		return ErrInvalidAttestation.Wrap("lot_id must be positive")
	}
	if _, ok := AttestationRules[m.Kind]; !ok {
		return ErrInvalidAttestation.Wrapf("unknown kind %d", m.Kind)
	}
	if m.Result != ATTESTATION_RESULT_ACCEPTED && m.Result != ATTESTATION_RESULT_REJECTED {
		return ErrInvalidAttestation.Wrap("result must be ACCEPTED or REJECTED")
	}
	if err := ValidateSHA256(m.DocumentSha256); err != nil {
		return ErrInvalidAttestation.Wrapf("document_sha256: %s", err)
	}
	if err := validText("reference", m.Reference, MaxReferenceLen, false); err != nil {
		return ErrInvalidAttestation.Wrap(err.Error())
	}
	if err := validText("note", m.Note, MaxNoteLen, true); err != nil {
		return ErrInvalidAttestation.Wrap(err.Error())
	}
	return nil
}

// Validate performs the stateless checks of MsgSplitLot.
func (m *MsgSplitLot) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "holder", m.Holder); err != nil {
		return err
	}
	if m.LotId == 0 {
		return ErrInvalidLot.Wrap("lot_id must be positive")
	}
	if len(m.Quantities) < 2 || len(m.Quantities) > MaxPartsLimit {
		return ErrInvalidLot.Wrapf("a split makes 2 to %d lots, got %d", MaxPartsLimit, len(m.Quantities))
	}
	for i, q := range m.Quantities {
		if err := ValidateQuantity("quantities", q); err != nil {
			return ErrInvalidAmount.Wrapf("quantities[%d]: %s", i, err)
		}
	}
	return nil
}

// Validate performs the stateless checks of MsgMergeLots.
func (m *MsgMergeLots) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "holder", m.Holder); err != nil {
		return err
	}
	if len(m.LotIds) < 2 || len(m.LotIds) > MaxPartsLimit {
		return ErrInvalidLot.Wrapf("a merge takes 2 to %d lots, got %d", MaxPartsLimit, len(m.LotIds))
	}
	for i, id := range m.LotIds {
		if id == 0 {
			return ErrInvalidLot.Wrapf("lot_ids[%d] must be positive", i)
		}
		for _, p := range m.LotIds[:i] {
			if p == id {
				return ErrInvalidLot.Wrapf("lot %d listed twice", id)
			}
		}
	}
	if err := ValidateQualitySpecs(m.QualitySpecs, MaxQualitySpecsLimit); err != nil {
		return err
	}
	return validText("location", m.Location, MaxPlaceLen, true)
}

// Validate performs the stateless checks of MsgCreatePackage.
func (m *MsgCreatePackage) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "holder", m.Holder); err != nil {
		return err
	}
	if len(m.Components) == 0 || len(m.Components) > MaxPartsLimit {
		return ErrInvalidPackage.Wrapf("a package holds 1 to %d lots, got %d", MaxPartsLimit, len(m.Components))
	}
	for i, c := range m.Components {
		if c.LotId == 0 {
			return ErrInvalidPackage.Wrapf("components[%d]: lot_id must be positive", i)
		}
		if err := ValidateQuantity("amount", c.Amount); err != nil {
			return ErrInvalidAmount.Wrapf("components[%d]: %s", i, err)
		}
		for _, p := range m.Components[:i] {
			if p.LotId == c.LotId {
				return ErrInvalidPackage.Wrapf("lot %d listed twice", c.LotId)
			}
		}
	}
	return ValidateQuantity("shares", m.Shares)
}

// Validate performs the stateless checks of MsgRedeemPackage.
func (m *MsgRedeemPackage) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "holder", m.Holder); err != nil {
		return err
	}
	if m.PackageId == 0 {
		return ErrInvalidPackage.Wrap("package_id must be positive")
	}
	return ValidateQuantity("shares", m.Shares)
}

// Validate performs the stateless checks of MsgPledge.
func (m *MsgPledge) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "holder", m.Holder); err != nil {
		return err
	}
	if err := checkAddr(ac, "lender", m.Lender); err != nil {
		return err
	}
	if m.Holder == m.Lender {
		return ErrInvalidPledge.Wrap("holder and lender must differ")
	}
	if _, ok := ParseLotDenom(m.Amount.Denom); !ok {
		if _, ok := ParsePackageDenom(m.Amount.Denom); !ok {
			return ErrInvalidPledge.Wrapf("only lot/{id} or pkg/{id} units can be pledged, got %q", m.Amount.Denom)
		}
	}
	if err := ValidateQuantity("amount", m.Amount.Amount); err != nil {
		return err
	}
	return validText("reference", m.Reference, MaxReferenceLen, true)
}

func validatePledgeAction(ac address.Codec, lender string, id uint64) error {
	if err := checkAddr(ac, "lender", lender); err != nil {
		return err
	}
	if id == 0 {
		return ErrInvalidPledge.Wrap("pledge_id must be positive")
	}
	return nil
}

// Validate performs the stateless checks of MsgReleasePledge.
func (m *MsgReleasePledge) Validate(ac address.Codec) error {
	return validatePledgeAction(ac, m.Lender, m.PledgeId)
}

// Validate performs the stateless checks of MsgClaimPledge.
func (m *MsgClaimPledge) Validate(ac address.Codec) error {
	return validatePledgeAction(ac, m.Lender, m.PledgeId)
}

// Validate performs the stateless checks of MsgPlaceHold.
func (m *MsgPlaceHold) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "officer", m.Officer); err != nil {
		return err
	}
	if m.LotId == 0 {
		return ErrInvalidHold.Wrap("lot_id must be positive")
	}
	if m.Reason <= HOLD_REASON_UNSPECIFIED || m.Reason > HOLD_REASON_SEIZURE {
		return ErrInvalidHold.Wrapf("unknown reason %d", m.Reason)
	}
	if err := validText("note", m.Note, MaxNoteLen, true); err != nil {
		return ErrInvalidHold.Wrap(err.Error())
	}
	return nil
}

// Validate performs the stateless checks of MsgReleaseHold.
func (m *MsgReleaseHold) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "officer", m.Officer); err != nil {
		return err
	}
	if m.HoldId == 0 {
		return ErrInvalidHold.Wrap("hold_id must be positive")
	}
	if err := validText("note", m.Note, MaxNoteLen, false); err != nil {
		return ErrInvalidHold.Wrapf("a release records why: %s", err)
	}
	return nil
}

// Validate performs the stateless checks of MsgRedeem.
func (m *MsgRedeem) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "holder", m.Holder); err != nil {
		return err
	}
	if m.LotId == 0 {
		return ErrInvalidLot.Wrap("lot_id must be positive")
	}
	return ValidateQuantity("amount", m.Amount)
}

// Validate performs the stateless checks of MsgAnchorDocument.
func (m *MsgAnchorDocument) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "issuer", m.Issuer); err != nil {
		return err
	}
	if m.LotId == 0 {
		return ErrInvalidLot.Wrap("lot_id must be positive")
	}
	return m.Document.Validate()
}

// Msgs lists one zero value of every message, for registration and tests.
func Msgs() []sdk.Msg {
	return []sdk.Msg{
		&MsgUpdateParams{}, &MsgRegisterParticipant{}, &MsgUpdateParticipant{}, &MsgRevokeParticipant{},
		&MsgRegisterClass{}, &MsgRegisterLot{}, &MsgAttest{}, &MsgSplitLot{}, &MsgMergeLots{},
		&MsgCreatePackage{}, &MsgRedeemPackage{}, &MsgPledge{}, &MsgReleasePledge{}, &MsgClaimPledge{},
		&MsgPlaceHold{}, &MsgReleaseHold{}, &MsgRedeem{}, &MsgAnchorDocument{},
	}
}
