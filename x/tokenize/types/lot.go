package types

import (
	"encoding/hex"
	"fmt"

	"cosmossdk.io/math"
)

// Bounds on lot fields.
const (
	MaxPlaceLen     = 128
	MaxDocKindLen   = 32
	MaxURILen       = 256
	MaxReferenceLen = 64
	MaxNoteLen      = 512
	MaxQuantityBits = 128
)

// ValidateSHA256 checks a lower-case hex SHA-256 digest.
func ValidateSHA256(h string) error {
	if len(h) != 64 {
		return fmt.Errorf("sha256 must be 64 hex characters, got %d", len(h))
	}
	if _, err := hex.DecodeString(h); err != nil {
		return fmt.Errorf("sha256 %q is not hex", h)
	}
	for i := 0; i < len(h); i++ {
		if h[i] >= 'A' && h[i] <= 'F' {
			return fmt.Errorf("sha256 must be lower-case hex")
		}
	}
	return nil
}

// ValidateQuantity checks a positive quantity of bounded size.
func ValidateQuantity(field string, q math.Int) error {
	if q.IsNil() || !q.IsPositive() {
		return ErrInvalidAmount.Wrapf("%s must be positive", field)
	}
	if q.BigIntMut().BitLen() > MaxQuantityBits {
		return ErrInvalidAmount.Wrapf("%s exceeds 2^%d", field, MaxQuantityBits)
	}
	return nil
}

// Validate checks a document reference.
func (d Document) Validate() error {
	if !isIdent(d.Kind, MaxDocKindLen) {
		return ErrInvalidLot.Wrapf("document kind %q: 1 to %d lower-case letters, digits or '_'", d.Kind, MaxDocKindLen)
	}
	if err := ValidateSHA256(d.Sha256); err != nil {
		return ErrInvalidLot.Wrapf("document %s: %s", d.Kind, err)
	}
	if err := validText("document uri", d.Uri, MaxURILen, true); err != nil {
		return ErrInvalidLot.Wrap(err.Error())
	}
	return nil
}

// ValidateDocuments checks a list: each valid, digests unique, at most max.
func ValidateDocuments(docs []Document, max int) error {
	if len(docs) > max {
		return ErrInvalidLot.Wrapf("at most %d documents, got %d", max, len(docs))
	}
	for i, d := range docs {
		if err := d.Validate(); err != nil {
			return err
		}
		for _, p := range docs[:i] {
			if p.Sha256 == d.Sha256 {
				return ErrInvalidLot.Wrapf("document %s listed twice", d.Sha256)
			}
		}
	}
	return nil
}

// ValidateShipment checks the physical description of a lot.
func ValidateShipment(origin Place, destination, location string) error {
	if err := ValidateCountry(origin.Country); err != nil {
		return ErrInvalidLot.Wrapf("origin: %s", err)
	}
	if err := validText("origin place", origin.Place, MaxPlaceLen, false); err != nil {
		return ErrInvalidLot.Wrap(err.Error())
	}
	if err := ValidateCountry(destination); err != nil {
		return ErrInvalidLot.Wrapf("destination: %s", err)
	}
	if destination == origin.Country {
		return ErrInvalidLot.Wrap("destination must differ from origin: lots are cross-border shipments")
	}
	return validText("location", location, MaxPlaceLen, true)
}

// IsLive reports whether the lot still has units.
func (l Lot) IsLive() bool {
	return l.Status != LOT_STATUS_CLOSED && l.Status != LOT_STATUS_SUPERSEDED
}

// Result returns the latest result of kind on the lot.
func (l Lot) Result(kind AttestationKind) AttestationResult {
	for _, r := range l.Results {
		if r.Kind == kind {
			return r.Result
		}
	}
	return ATTESTATION_RESULT_UNSPECIFIED
}

// Accepted reports whether kind's latest result is ACCEPTED.
func (l Lot) Accepted(kind AttestationKind) bool {
	return l.Result(kind) == ATTESTATION_RESULT_ACCEPTED
}

// CustomsRejected reports whether a customs attestation's latest result is REJECTED.
func (l Lot) CustomsRejected() bool {
	return l.Result(ATTESTATION_KIND_CUSTOMS_EXPORT) == ATTESTATION_RESULT_REJECTED ||
		l.Result(ATTESTATION_KIND_CUSTOMS_IMPORT) == ATTESTATION_RESULT_REJECTED
}

// SetResult records kind's latest result, keeping Results ordered by kind.
func SetResult(results []KindResult, r KindResult) []KindResult {
	out := make([]KindResult, 0, len(results)+1)
	placed := false
	for _, e := range results {
		switch {
		case e.Kind == r.Kind:
			out = append(out, r)
			placed = true
			continue
		case e.Kind > r.Kind && !placed:
			out = append(out, r)
			placed = true
		}
		out = append(out, e)
	}
	if !placed {
		out = append(out, r)
	}
	return out
}

// statusLadder is the order in which accepted attestations advance a live lot.
var statusLadder = []struct {
	kind   AttestationKind
	status LotStatus
}{
	{ATTESTATION_KIND_ARRIVAL, LOT_STATUS_ARRIVED},
	{ATTESTATION_KIND_CUSTOMS_IMPORT, LOT_STATUS_IMPORT_CLEARED},
	{ATTESTATION_KIND_DISPATCH, LOT_STATUS_DISPATCHED},
	{ATTESTATION_KIND_CUSTOMS_EXPORT, LOT_STATUS_EXPORT_CLEARED},
	{ATTESTATION_KIND_INSPECTION, LOT_STATUS_INSPECTED},
}

// DeriveStatus is the status of a live lot from its latest results: REJECTED
// if any kind's latest result is REJECTED, else the highest accepted stage.
func DeriveStatus(results []KindResult) LotStatus {
	for _, r := range results {
		if r.Result == ATTESTATION_RESULT_REJECTED {
			return LOT_STATUS_REJECTED
		}
	}
	for _, s := range statusLadder {
		for _, r := range results {
			if r.Kind == s.kind && r.Result == ATTESTATION_RESULT_ACCEPTED {
				return s.status
			}
		}
	}
	return LOT_STATUS_REGISTERED
}

// Validate checks a stored lot (genesis).
func (l Lot) Validate(maxSpecs, maxDocs int) error {
	if l.Id == 0 {
		return ErrInvalidLot.Wrap("lot id must be positive")
	}
	if err := ValidateClassCode(l.ClassCode); err != nil {
		return ErrInvalidLot.Wrapf("lot %d: %s", l.Id, err)
	}
	if l.RegisteredQuantity.IsNil() || l.Quantity.IsNil() || l.Quantity.IsNegative() || l.Quantity.GT(l.RegisteredQuantity) {
		return ErrInvalidLot.Wrapf("lot %d: quantity must be in [0, registered_quantity]", l.Id)
	}
	if err := ValidateQuantity("registered_quantity", l.RegisteredQuantity); err != nil {
		return err
	}
	if l.IsLive() != l.Quantity.IsPositive() {
		return ErrInvalidLot.Wrapf("lot %d: a live lot has units, a closed or superseded lot none", l.Id)
	}
	if err := ValidateQualitySpecs(l.QualitySpecs, maxSpecs); err != nil {
		return err
	}
	if err := ValidateDocuments(l.Documents, maxDocs); err != nil {
		return err
	}
	if err := ValidateShipment(l.Origin, l.DestinationCountry, l.Location); err != nil {
		return err
	}
	if l.IsLive() && l.Status != DeriveStatus(l.Results) {
		return ErrInvalidLot.Wrapf("lot %d: status %s does not follow from its results", l.Id, l.Status)
	}
	return nil
}

// isIdent reports whether s is 1..max of a-z, 0-9 and '_', starting with a letter.
func isIdent(s string, max int) bool {
	if len(s) == 0 || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '_')) {
			return false
		}
	}
	return true
}
