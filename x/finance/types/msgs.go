package types

import (
	"regexp"
	"slices"
	"time"

	"cosmossdk.io/core/address"
	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/internal/textclip"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"

	"github.com/corridor-chain/corridor/internal/addrcheck"
)

// Bounds on message fields.
const (
	MaxAmountBits    = 128
	MaxNumberLength  = 32
	MaxOfficeLength  = 16
	MaxNoteBytes     = MaxNoteLimit
	MinTenor         = time.Hour
	MaxRefinanceRate = MaxRateBpsLimit
)

// Jurisdictions whose customs may record declarations.
var Jurisdictions = []string{"CN", "MN", "RU"}

var (
	sha256Re   = regexp.MustCompile(`^[0-9a-f]{64}$`)
	currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)
)

func checkAddr(ac address.Codec, field, addr string) error {
	if err := addrcheck.Canonical(ac, addr); err != nil {
		return ErrInvalidAddress.Wrapf("invalid %s address: %s", field, err)
	}
	return nil
}

// ValidateAmount checks a positive amount of bounded size.
func ValidateAmount(field string, a math.Int) error {
	if a.IsNil() || !a.IsPositive() {
		return ErrInvalidAmount.Wrapf("%s must be positive", field)
	}
	if a.BigIntMut().BitLen() > MaxAmountBits {
		return ErrInvalidAmount.Wrapf("%s exceeds 2^%d", field, MaxAmountBits)
	}
	return nil
}

func checkCurrency(code string) error {
	if !currencyRe.MatchString(code) {
		return ErrCurrencyMismatch.Wrapf("currency must be an ISO 4217 code of three capital letters, got %q", clip(code))
	}
	return nil
}

func checkNote(note string) error {
	if len(note) > MaxNoteBytes {
		return ErrInvalidApplication.Wrapf("note must be at most %d bytes", MaxNoteBytes)
	}
	return nil
}

func clip(s string) string { return textclip.Clip(s, 43) }

// Validate performs the stateless checks of MsgUpdateParams.
func (m *MsgUpdateParams) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "authority", m.Authority); err != nil {
		return err
	}
	return m.Params.Validate()
}

// Validate performs the stateless checks of MsgRecordDeclaration; the
// number's format is checked against the block time by the keeper.
func (m *MsgRecordDeclaration) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "customs", m.Customs); err != nil {
		return err
	}
	if err := checkAddr(ac, "exporter", m.Exporter); err != nil {
		return err
	}
	switch {
	case !slices.Contains(Jurisdictions, m.Jurisdiction):
		return ErrInvalidDeclaration.Wrapf("jurisdiction must be one of CN, MN, RU, got %q", clip(m.Jurisdiction))
	case m.Number == "" || len(m.Number) > MaxNumberLength:
		return ErrInvalidDeclaration.Wrapf("number must be 1 to %d characters", MaxNumberLength)
	case m.CustomsOffice == "" || len(m.CustomsOffice) > MaxOfficeLength:
		return ErrInvalidDeclaration.Wrapf("customs_office must be 1 to %d characters", MaxOfficeLength)
	case !sha256Re.MatchString(m.Sha256):
		return ErrInvalidDeclaration.Wrap("sha256 must be 64 lowercase hex digits")
	case len(m.Lots) == 0 || len(m.Lots) > MaxLotsLimit:
		return ErrInvalidDeclaration.Wrapf("a declaration links 1 to %d lots", MaxLotsLimit)
	}
	for i, l := range m.Lots {
		if l.LotId == 0 {
			return ErrInvalidDeclaration.Wrapf("lots[%d]: lot id must be positive", i)
		}
		if err := ValidateAmount("lots units", l.Units); err != nil {
			return err
		}
		for _, o := range m.Lots[:i] {
			if o.LotId == l.LotId {
				return ErrInvalidDeclaration.Wrapf("lot %d is listed twice", l.LotId)
			}
		}
	}
	if err := checkCurrency(m.Currency); err != nil {
		return err
	}
	return ValidateAmount("value", m.Value)
}

// Validate performs the stateless checks of MsgApplyFinancing.
func (m *MsgApplyFinancing) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "borrower", m.Borrower); err != nil {
		return err
	}
	if err := checkAddr(ac, "bank", m.Bank); err != nil {
		return err
	}
	if m.DeclarationId == 0 {
		return ErrInvalidApplication.Wrap("declaration_id must be positive")
	}
	if err := ValidateAmount("amount", m.Amount); err != nil {
		return err
	}
	if err := checkCurrency(m.Currency); err != nil {
		return err
	}
	if m.Collateral.LotId == 0 {
		return ErrInvalidApplication.Wrap("collateral lot id must be positive")
	}
	if err := ValidateAmount("collateral units", m.Collateral.Units); err != nil {
		return err
	}
	if m.Tenor < MinTenor || m.Tenor > MaxTenorLimit {
		return ErrInvalidApplication.Wrapf("tenor must be in [%s, %s], got %s", MinTenor, MaxTenorLimit, m.Tenor)
	}
	if m.MaxRateBps == 0 || m.MaxRateBps > MaxRateBpsLimit {
		return ErrInvalidApplication.Wrapf("max_rate_bps (the highest rate you accept) must be in [1, %d]", MaxRateBpsLimit)
	}
	return checkNote(m.Note)
}

// CollateralDenom is the lot denom of the collateral offered.
func (m *MsgApplyFinancing) CollateralDenom() string {
	return tokenizetypes.LotDenom(m.Collateral.LotId)
}

// Validate performs the stateless checks of MsgApproveFinancing.
func (m *MsgApproveFinancing) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "bank", m.Bank); err != nil {
		return err
	}
	if m.ApplicationId == 0 {
		return ErrInvalidApplication.Wrap("application_id must be positive")
	}
	if err := ValidateAmount("principal", m.Principal); err != nil {
		return err
	}
	if m.RateBps > MaxRateBpsLimit {
		return ErrInvalidTerms.Wrapf("rate_bps must be at most %d", MaxRateBpsLimit)
	}
	if m.Denom == "" {
		return ErrInvalidTerms.Wrap("denom must name the accepted denom the bank pays in")
	}
	return nil
}

// Validate performs the stateless checks of MsgRejectFinancing.
func (m *MsgRejectFinancing) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "bank", m.Bank); err != nil {
		return err
	}
	if m.ApplicationId == 0 {
		return ErrInvalidApplication.Wrap("application_id must be positive")
	}
	if _, ok := RejectReason_name[int32(m.Reason)]; !ok || m.Reason == REJECT_REASON_UNSPECIFIED {
		return ErrInvalidApplication.Wrap("reason must be a known reject reason")
	}
	return checkNote(m.Note)
}

// Validate performs the stateless checks of MsgRepayFinancing.
func (m *MsgRepayFinancing) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "payer", m.Payer); err != nil {
		return err
	}
	if m.LoanId == 0 {
		return ErrLoanNotFound.Wrap("loan_id must be positive")
	}
	return ValidateAmount("amount", m.Amount)
}

// Validate performs the stateless checks of MsgRefinance.
func (m *MsgRefinance) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "bank", m.Bank); err != nil {
		return err
	}
	if err := checkAddr(ac, "borrower", m.Borrower); err != nil {
		return err
	}
	if m.LoanId == 0 {
		return ErrLoanNotFound.Wrap("loan_id must be positive")
	}
	if m.RateBps > MaxRefinanceRate {
		return ErrInvalidTerms.Wrapf("rate_bps must be at most %d", MaxRefinanceRate)
	}
	if m.Denom == "" {
		return ErrInvalidTerms.Wrap("denom must name the accepted denom the new bank lends in")
	}
	return nil
}

// Validate performs the stateless checks of MsgWithdrawApplication.
func (m *MsgWithdrawApplication) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "borrower", m.Borrower); err != nil {
		return err
	}
	if m.ApplicationId == 0 {
		return ErrInvalidApplication.Wrap("application_id must be positive")
	}
	return nil
}

// Validate performs the stateless checks of MsgClaimCollateral.
func (m *MsgClaimCollateral) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "lender", m.Lender); err != nil {
		return err
	}
	if m.LoanId == 0 {
		return ErrLoanNotFound.Wrap("loan_id must be positive")
	}
	return nil
}
