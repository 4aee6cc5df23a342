package types

import (
	"fmt"

	"golang.org/x/text/currency"

	"cosmossdk.io/core/address"

	sdk "github.com/cosmos/cosmos-sdk/types"

	transfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	channeltypes "github.com/cosmos/ibc-go/v11/modules/core/04-channel/types"
	host "github.com/cosmos/ibc-go/v11/modules/core/24-host"
)

// Bounds on currency fields.
const (
	MaxExponent       = 18
	MaxAcceptedDenoms = 16
)

// ValidateCode checks an ISO 4217 currency code (golang.org/x/text/currency).
func ValidateCode(code string) error {
	u, err := currency.ParseISO(code)
	if err != nil || u.String() != code {
		return fmt.Errorf("%q is not an ISO 4217 currency code", code)
	}
	return nil
}

// VoucherDenom is the ICS-20 voucher of base received over channel on the
// transfer port.
func VoucherDenom(channel, base string) string {
	return transfertypes.NewDenom(base, transfertypes.NewHop(transfertypes.PortID, channel)).IBCDenom()
}

// Validate checks an accepted denom; a voucher's denom must be the hash of
// its trace.
func (d AcceptedDenom) Validate() error {
	if err := sdk.ValidateDenom(d.Denom); err != nil {
		return fmt.Errorf("denom: %w", err)
	}
	if d.SourceChannel == "" {
		if d.BaseDenom != "" {
			return fmt.Errorf("denom %s: base_denom is for IBC vouchers only", d.Denom)
		}
		return nil
	}
	if !channeltypes.IsValidChannelID(d.SourceChannel) {
		return fmt.Errorf("denom %s: %q is not a channel id", d.Denom, d.SourceChannel)
	}
	if err := host.ChannelIdentifierValidator(d.SourceChannel); err != nil {
		return fmt.Errorf("denom %s: %w", d.Denom, err)
	}
	if err := sdk.ValidateDenom(d.BaseDenom); err != nil {
		return fmt.Errorf("denom %s: base_denom: %w", d.Denom, err)
	}
	if want := VoucherDenom(d.SourceChannel, d.BaseDenom); d.Denom != want {
		return fmt.Errorf("denom %s is not the voucher of %s over %s (%s)", d.Denom, d.BaseDenom, d.SourceChannel, want)
	}
	return nil
}

// Validate checks a currency.
func (c Currency) Validate(ac address.Codec) error {
	if err := ValidateCode(c.Code); err != nil {
		return ErrInvalidCurrency.Wrap(err.Error())
	}
	if c.Exponent > MaxExponent {
		return ErrInvalidCurrency.Wrapf("exponent must be at most %d, got %d", MaxExponent, c.Exponent)
	}
	if _, err := ac.StringToBytes(c.Issuer); err != nil {
		return ErrInvalidAddress.Wrapf("invalid issuer address: %s", err)
	}
	if len(c.Denoms) == 0 || len(c.Denoms) > MaxAcceptedDenoms {
		return ErrInvalidCurrency.Wrapf("a currency accepts 1 to %d denoms, got %d", MaxAcceptedDenoms, len(c.Denoms))
	}
	issued := c.IssueDenom == ""
	for i, d := range c.Denoms {
		if err := d.Validate(); err != nil {
			return ErrInvalidCurrency.Wrapf("denoms[%d]: %s", i, err)
		}
		if d.Denom == c.IssueDenom && d.SourceChannel == "" {
			issued = true
		}
		for _, e := range c.Denoms[:i] {
			if e.Denom == d.Denom {
				return ErrInvalidCurrency.Wrapf("denoms[%d]: %s listed twice", i, d.Denom)
			}
		}
	}
	if !issued {
		return ErrInvalidCurrency.Wrapf("issue_denom %s must be one of the accepted local denoms", c.IssueDenom)
	}
	return nil
}

// Accepts reports whether denom counts as the currency.
func (c Currency) Accepts(denom string) bool {
	for _, d := range c.Denoms {
		if d.Denom == denom {
			return true
		}
	}
	return false
}
