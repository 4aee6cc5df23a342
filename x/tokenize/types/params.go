package types

// Upper bounds on the parameters themselves, against a careless proposal.
const (
	MaxQualitySpecsLimit = 256
	MaxDocumentsLimit    = 64
	MaxPartsLimit        = 64
)

// DefaultParams are the parameters of a new chain.
func DefaultParams() Params {
	return Params{MaxQualitySpecs: 32, MaxDocuments: 16, MaxParts: 16}
}

// Validate checks every parameter.
func (p Params) Validate() error {
	if p.MaxQualitySpecs == 0 || p.MaxQualitySpecs > MaxQualitySpecsLimit {
		return ErrInvalidParams.Wrapf("max_quality_specs must be in [1, %d], got %d", MaxQualitySpecsLimit, p.MaxQualitySpecs)
	}
	if p.MaxDocuments == 0 || p.MaxDocuments > MaxDocumentsLimit {
		return ErrInvalidParams.Wrapf("max_documents must be in [1, %d], got %d", MaxDocumentsLimit, p.MaxDocuments)
	}
	if p.MaxParts < 2 || p.MaxParts > MaxPartsLimit {
		return ErrInvalidParams.Wrapf("max_parts must be in [2, %d], got %d", MaxPartsLimit, p.MaxParts)
	}
	return nil
}
