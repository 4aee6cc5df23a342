package types

import (
	"slices"
	"time"

	"cosmossdk.io/core/address"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/internal/addrcheck"
)

// Bounds on message fields.
const (
	MaxConditions = 16
	MaxAmountBits = 128
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

// Validate performs the stateless checks of MsgUpdateParams.
func (m *MsgUpdateParams) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "authority", m.Authority); err != nil {
		return err
	}
	return m.Params.Validate()
}

// Validate performs the stateless checks of MsgRegisterCurrency.
func (m *MsgRegisterCurrency) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "authority", m.Authority); err != nil {
		return err
	}
	return m.Currency.Validate(ac)
}

// Validate performs the stateless checks of MsgUpdateCurrency.
func (m *MsgUpdateCurrency) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "authority", m.Authority); err != nil {
		return err
	}
	return m.Currency.Validate(ac)
}

// Validate performs the stateless checks of MsgIssue.
func (m *MsgIssue) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "issuer", m.Issuer); err != nil {
		return err
	}
	if err := checkAddr(ac, "recipient", m.Recipient); err != nil {
		return err
	}
	if err := ValidateCode(m.Currency); err != nil {
		return ErrInvalidCurrency.Wrap(err.Error())
	}
	return ValidateAmount("amount", m.Amount)
}

// Validate performs the stateless checks of MsgBurn.
func (m *MsgBurn) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "issuer", m.Issuer); err != nil {
		return err
	}
	if err := ValidateCode(m.Currency); err != nil {
		return ErrInvalidCurrency.Wrap(err.Error())
	}
	return ValidateAmount("amount", m.Amount)
}

// Validate performs the stateless checks of MsgPostQuote.
func (m *MsgPostQuote) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "maker", m.Maker); err != nil {
		return err
	}
	for _, c := range []string{m.Base, m.Quote} {
		if err := ValidateCode(c); err != nil {
			return ErrInvalidQuote.Wrap(err.Error())
		}
	}
	if m.Base == m.Quote {
		return ErrInvalidQuote.Wrap("base and quote must differ")
	}
	if m.Bid.IsNil() || m.Ask.IsNil() || !m.Bid.IsPositive() || m.Ask.LT(m.Bid) {
		return ErrInvalidQuote.Wrap("need 0 < bid <= ask")
	}
	if err := ValidateAmount("max_base", m.MaxBase); err != nil {
		return err
	}
	if err := sdk.ValidateDenom(m.CollateralDenom); err != nil {
		return ErrInvalidQuote.Wrapf("collateral_denom: %s", err)
	}
	if m.Expiry.IsZero() {
		return ErrInvalidQuote.Wrap("expiry required")
	}
	return nil
}

// Validate performs the stateless checks of MsgCancelQuote.
func (m *MsgCancelQuote) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "maker", m.Maker); err != nil {
		return err
	}
	if m.QuoteId == 0 {
		return ErrInvalidQuote.Wrap("quote_id must be positive")
	}
	return nil
}

// Validate performs the stateless checks of MsgCreateInstruction; legs'
// denoms and parties are checked against state by the keeper.
func (m *MsgCreateInstruction) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "creator", m.Creator); err != nil {
		return err
	}
	if m.Type <= INSTRUCTION_TYPE_UNSPECIFIED || m.Type > INSTRUCTION_TYPE_BARTER {
		return ErrInvalidInstruction.Wrapf("unknown type %d", m.Type)
	}
	if len(m.Legs) < 2 || len(m.Legs) > MaxLegsLimit {
		return ErrInvalidInstruction.Wrapf("an instruction has 2 to %d legs, got %d", MaxLegsLimit, len(m.Legs))
	}
	for i, l := range m.Legs {
		if err := checkAddr(ac, "leg from", l.From); err != nil {
			return err
		}
		if err := checkAddr(ac, "leg to", l.To); err != nil {
			return err
		}
		if l.From == l.To {
			return ErrInvalidInstruction.Wrapf("legs[%d]: from and to must differ", i)
		}
		if err := sdk.ValidateDenom(l.Denom); err != nil {
			return ErrInvalidInstruction.Wrapf("legs[%d]: %s", i, err)
		}
		if err := ValidateAmount("leg amount", l.Amount); err != nil {
			return err
		}
		if (l.FxQuoteId == 0) != (l.FxPayDenom == "") {
			return ErrInvalidInstruction.Wrapf("legs[%d]: fx_quote_id and fx_pay_denom go together", i)
		}
		if l.FxQuoteId != 0 && m.Netting {
			return ErrInvalidInstruction.Wrapf("legs[%d]: FX legs settle gross only", i)
		}
		if err := l.PayoutTarget().ValidateOptional(); err != nil {
			return ErrInvalidInstruction.Wrapf("legs[%d]: %s", i, err)
		}
		if l.PayoutChannel != "" && m.Netting {
			return ErrInvalidInstruction.Wrapf("legs[%d]: payout legs settle gross only", i)
		}
	}
	if m.Fund && m.Netting {
		return ErrInvalidInstruction.Wrap("fund is for gross instructions; netting ones are affirmed")
	}
	if len(m.CoSigners) > 0 && !m.Fund {
		return ErrInvalidInstruction.Wrap("co_signers sign to fund their legs: set fund")
	}
	if len(m.CoSigners) >= len(m.Legs) {
		return ErrInvalidInstruction.Wrapf("at most %d co_signers for %d legs", len(m.Legs)-1, len(m.Legs))
	}
	for i, c := range m.CoSigners {
		if err := checkAddr(ac, "co_signer", c); err != nil {
			return err
		}
		if c == m.Creator || slices.Contains(m.CoSigners[:i], c) {
			return ErrInvalidInstruction.Wrapf("co_signers[%d]: %s signs twice", i, c)
		}
	}
	if len(m.Conditions) > MaxConditions {
		return ErrInvalidInstruction.Wrapf("at most %d conditions", MaxConditions)
	}
	for i, c := range m.Conditions {
		if c.LotId == 0 || c.Kind == 0 {
			return ErrInvalidInstruction.Wrapf("conditions[%d]: lot_id and kind required", i)
		}
	}
	if m.Deadline.IsZero() {
		return ErrInvalidInstruction.Wrap("deadline required")
	}
	return nil
}

func validateRef(ac address.Codec, field, signer string, id uint64) error {
	if err := checkAddr(ac, field, signer); err != nil {
		return err
	}
	if id == 0 {
		return ErrInvalidInstruction.Wrap("instruction_id must be positive")
	}
	return nil
}

// Validate performs the stateless checks of MsgFundLeg.
func (m *MsgFundLeg) Validate(ac address.Codec) error {
	return validateRef(ac, "payer", m.Payer, m.InstructionId)
}

// Validate performs the stateless checks of MsgAffirmInstruction.
func (m *MsgAffirmInstruction) Validate(ac address.Codec) error {
	return validateRef(ac, "party", m.Party, m.InstructionId)
}

// Validate performs the stateless checks of MsgCancelInstruction.
func (m *MsgCancelInstruction) Validate(ac address.Codec) error {
	return validateRef(ac, "signer", m.Signer, m.InstructionId)
}

// Validate performs the stateless checks of MsgClaimPayout.
func (m *MsgClaimPayout) Validate(ac address.Codec) error {
	if err := checkAddr(ac, "owner", m.Owner); err != nil {
		return err
	}
	if m.PayoutId == 0 {
		return ErrPayoutNotFound.Wrap("payout_id must be positive")
	}
	return nil
}

// Msgs lists one zero value of every message, for registration and tests.
func Msgs() []sdk.Msg {
	return []sdk.Msg{
		&MsgUpdateParams{}, &MsgRegisterCurrency{}, &MsgUpdateCurrency{}, &MsgIssue{}, &MsgBurn{},
		&MsgPostQuote{}, &MsgCancelQuote{}, &MsgCreateInstruction{}, &MsgFundLeg{}, &MsgAffirmInstruction{},
		&MsgCancelInstruction{}, &MsgClaimPayout{},
	}
}

// DeadlineWithin reports whether a deadline lies after now and at most
// lifetime later (both times from the block).
func DeadlineWithin(deadline, now time.Time, lifetime time.Duration) bool {
	return deadline.After(now) && !deadline.After(now.Add(lifetime))
}
