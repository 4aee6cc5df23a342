package types

import "fmt"

// Bounds on class fields.
const (
	MaxClassCodeLen    = 16
	MaxHSPrefixes      = 16
	MaxUnitLen         = 16
	MaxDisplayExponent = 18
	MaxDescriptionLen  = 256
)

// ValidateClassCode checks a class code: 2 to 16 of A-Z, 0-9 and '_',
// starting with a letter.
func ValidateClassCode(code string) error {
	if len(code) < 2 || len(code) > MaxClassCodeLen {
		return fmt.Errorf("class code must be 2 to %d characters, got %q", MaxClassCodeLen, code)
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if !(c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '_')) {
			return fmt.Errorf("class code %q: only A-Z, 0-9 and '_', starting with a letter", code)
		}
	}
	return nil
}

// ValidateHSPrefix checks a Harmonized System code prefix: 2 to 10 digits,
// dots allowed between digit pairs as written in tariff books (2701.12).
func ValidateHSPrefix(p string) error {
	d := NormalizeHS(p)
	if len(d) < 2 || len(d) > 10 || !allDigits(d) {
		return fmt.Errorf("HS prefix %q must be 2 to 10 digits", p)
	}
	for i := 0; i < len(p); i++ {
		if p[i] == '.' && (i == 0 || i == len(p)-1 || p[i-1] == '.') {
			return fmt.Errorf("HS prefix %q has a misplaced dot", p)
		}
	}
	return nil
}

// NormalizeHS drops the dots of an HS code.
func NormalizeHS(code string) string {
	out := make([]byte, 0, len(code))
	for i := 0; i < len(code); i++ {
		if code[i] != '.' {
			out = append(out, code[i])
		}
	}
	return string(out)
}

// CoversHS reports whether the class covers an HS code (any prefix matches).
func (c CommodityClass) CoversHS(code string) bool {
	n := NormalizeHS(code)
	for _, p := range c.HsPrefixes {
		np := NormalizeHS(p)
		if len(n) >= len(np) && n[:len(np)] == np {
			return true
		}
	}
	return false
}

func validUnit(field, u string) error {
	if len(u) == 0 || len(u) > MaxUnitLen {
		return fmt.Errorf("%s must be 1 to %d characters", field, MaxUnitLen)
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return fmt.Errorf("%s %q: only letters, digits and '_'", field, u)
		}
	}
	return nil
}

// Validate checks a commodity class.
func (c CommodityClass) Validate() error {
	if err := ValidateClassCode(c.Code); err != nil {
		return ErrInvalidClass.Wrap(err.Error())
	}
	if err := validText("description", c.Description, MaxDescriptionLen, true); err != nil {
		return ErrInvalidClass.Wrap(err.Error())
	}
	if len(c.HsPrefixes) == 0 || len(c.HsPrefixes) > MaxHSPrefixes {
		return ErrInvalidClass.Wrapf("a class has 1 to %d HS prefixes, got %d", MaxHSPrefixes, len(c.HsPrefixes))
	}
	for i, p := range c.HsPrefixes {
		if err := ValidateHSPrefix(p); err != nil {
			return ErrInvalidClass.Wrapf("hs_prefixes[%d]: %s", i, err)
		}
		for _, q := range c.HsPrefixes[:i] {
			if NormalizeHS(q) == NormalizeHS(p) {
				return ErrInvalidClass.Wrapf("hs_prefixes[%d]: %s listed twice", i, p)
			}
		}
	}
	if err := validUnit("base_unit", c.BaseUnit); err != nil {
		return ErrInvalidClass.Wrap(err.Error())
	}
	if err := validUnit("display_unit", c.DisplayUnit); err != nil {
		return ErrInvalidClass.Wrap(err.Error())
	}
	if c.DisplayExponent > MaxDisplayExponent {
		return ErrInvalidClass.Wrapf("display_exponent must be at most %d, got %d", MaxDisplayExponent, c.DisplayExponent)
	}
	if (c.DisplayExponent == 0) != (c.DisplayUnit == c.BaseUnit) {
		return ErrInvalidClass.Wrap("display_unit equals base_unit exactly when display_exponent is 0")
	}
	for i, k := range c.RequiredAttestations {
		if _, ok := AttestationRules[k]; !ok {
			return ErrInvalidClass.Wrapf("required_attestations[%d]: unknown kind %d", i, k)
		}
		for _, q := range c.RequiredAttestations[:i] {
			if q == k {
				return ErrInvalidClass.Wrapf("required_attestations[%d]: %s listed twice", i, k)
			}
		}
	}
	return nil
}
