package types

import (
	"cosmossdk.io/core/address"
)

// Bounds on participant fields, against abuse.
const (
	MaxLegalNameLen = 256
	MaxRoles        = 16
	MaxReasonLen    = 512
)

// ValidRole reports whether r names a role.
func ValidRole(r Role) bool { return r > ROLE_UNSPECIFIED && r <= ROLE_MARKET_MAKER }

// ValidateParticipantFields checks the fields governance sets on a participant.
func ValidateParticipantFields(ac address.Codec, addr, legalName, country, registrationID string, roles []RoleGrant) error {
	if _, err := ac.StringToBytes(addr); err != nil {
		return ErrInvalidAddress.Wrapf("invalid participant address: %s", err)
	}
	if err := validText("legal_name", legalName, MaxLegalNameLen, false); err != nil {
		return ErrInvalidParticipant.Wrap(err.Error())
	}
	if err := ValidateCountry(country); err != nil {
		return ErrInvalidParticipant.Wrap(err.Error())
	}
	if err := ValidateRegistrationID(country, registrationID); err != nil {
		return ErrInvalidParticipant.Wrap(err.Error())
	}
	if len(roles) == 0 || len(roles) > MaxRoles {
		return ErrInvalidParticipant.Wrapf("a participant holds 1 to %d roles, got %d", MaxRoles, len(roles))
	}
	for i, g := range roles {
		if !ValidRole(g.Role) {
			return ErrInvalidParticipant.Wrapf("roles[%d]: unknown role %d", i, g.Role)
		}
		if err := ValidateCountry(g.Jurisdiction); err != nil {
			return ErrInvalidParticipant.Wrapf("roles[%d]: jurisdiction: %s", i, err)
		}
		for _, h := range roles[:i] {
			if h == g {
				return ErrInvalidParticipant.Wrapf("roles[%d]: %s in %s listed twice", i, g.Role, g.Jurisdiction)
			}
		}
	}
	return nil
}

// Validate checks a stored participant (genesis).
func (p Participant) Validate(ac address.Codec) error {
	if err := ValidateParticipantFields(ac, p.Address, p.LegalName, p.Country, p.RegistrationId, p.Roles); err != nil {
		return err
	}
	switch p.Status {
	case PARTICIPANT_STATUS_ACTIVE, PARTICIPANT_STATUS_REVOKED:
	default:
		return ErrInvalidParticipant.Wrapf("participant %s has no status", p.Address)
	}
	return validText("revoke_reason", p.RevokeReason, MaxReasonLen, true)
}

// IsActive reports whether the participant may act.
func (p Participant) IsActive() bool { return p.Status == PARTICIPANT_STATUS_ACTIVE }

// HasRole reports whether the participant holds role in jurisdiction.
func (p Participant) HasRole(role Role, jurisdiction string) bool {
	for _, g := range p.Roles {
		if g.Role == role && g.Jurisdiction == jurisdiction {
			return true
		}
	}
	return false
}

// HasAnyJurisdiction reports whether the participant holds role anywhere.
func (p Participant) HasAnyJurisdiction(role Role) bool {
	for _, g := range p.Roles {
		if g.Role == role {
			return true
		}
	}
	return false
}

// AttestationRule says who may record a kind of attestation: one of roles,
// in the lot's origin country (AtOrigin) or its destination country.
type AttestationRule struct {
	Roles    []Role
	AtOrigin bool
	// Requires is the kind that must already be ACCEPTED on the lot.
	Requires AttestationKind
}

// AttestationRules is the attestation authority table (see README).
var AttestationRules = map[AttestationKind]AttestationRule{
	ATTESTATION_KIND_INSPECTION:     {Roles: []Role{ROLE_INSPECTOR}, AtOrigin: true},
	ATTESTATION_KIND_CUSTOMS_EXPORT: {Roles: []Role{ROLE_CUSTOMS}, AtOrigin: true},
	ATTESTATION_KIND_DISPATCH:       {Roles: []Role{ROLE_CARRIER, ROLE_INSPECTOR}, AtOrigin: true, Requires: ATTESTATION_KIND_CUSTOMS_EXPORT},
	ATTESTATION_KIND_CUSTOMS_IMPORT: {Roles: []Role{ROLE_CUSTOMS}, Requires: ATTESTATION_KIND_DISPATCH},
	ATTESTATION_KIND_ARRIVAL:        {Roles: []Role{ROLE_CARRIER, ROLE_INSPECTOR}, Requires: ATTESTATION_KIND_DISPATCH},
}

// Jurisdiction returns the country whose authority attests kind on lot.
func (r AttestationRule) Jurisdiction(lot Lot) string {
	if r.AtOrigin {
		return lot.Origin.Country
	}
	return lot.DestinationCountry
}

// CanAttest reports whether p may record kind on lot.
func (p Participant) CanAttest(kind AttestationKind, lot Lot) error {
	rule, ok := AttestationRules[kind]
	if !ok {
		return ErrInvalidAttestation.Wrapf("unknown kind %d", kind)
	}
	j := rule.Jurisdiction(lot)
	for _, role := range rule.Roles {
		if p.HasRole(role, j) {
			return nil
		}
	}
	return ErrRoleNotHeld.Wrapf("%s on lot %d needs %v in %s", kind, lot.Id, rule.Roles, j)
}
