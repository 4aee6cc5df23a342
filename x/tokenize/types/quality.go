package types

import (
	"strings"

	"cosmossdk.io/math"
)

// Bounds on quality specs.
const (
	MaxQualityKeyLen   = 32
	MaxQualityValueLen = 64
)

// Validate checks one quality spec: the key is a lower-case identifier
// (ash, moisture, csr); the value is printable ASCII without ';' or '='.
func (q QualitySpec) Validate() error {
	if !isIdent(q.Key, MaxQualityKeyLen) {
		return ErrInvalidQualitySpec.Wrapf("key %q: 1 to %d lower-case letters, digits and '_', starting with a letter", q.Key, MaxQualityKeyLen)
	}
	if len(q.Value) == 0 || len(q.Value) > MaxQualityValueLen {
		return ErrInvalidQualitySpec.Wrapf("%s: value must be 1 to %d characters, got %d", q.Key, MaxQualityValueLen, len(q.Value))
	}
	if q.Value[0] == ' ' || q.Value[len(q.Value)-1] == ' ' {
		return ErrInvalidQualitySpec.Wrapf("%s: value has leading or trailing spaces", q.Key)
	}
	for i := 0; i < len(q.Value); i++ {
		c := q.Value[i]
		if c < 0x20 || c > 0x7e || c == ';' || c == '=' {
			return ErrInvalidQualitySpec.Wrapf("%s: value holds %q", q.Key, c)
		}
	}
	return nil
}

// Numeric splits a value such as "9.5%" or "6200 kcal/kg" into a decimal
// and a unit; ok is false for non-numeric values such as a grade "K7".
func (q QualitySpec) Numeric() (d math.LegacyDec, unit string, ok bool) {
	v := q.Value
	end := 0
	for end < len(v) && (v[end] >= '0' && v[end] <= '9' || v[end] == '.' || end == 0 && v[end] == '-') {
		end++
	}
	if end == 0 {
		return math.LegacyDec{}, "", false
	}
	num := v[:end]
	if strings.HasPrefix(num, ".") || strings.HasSuffix(num, ".") || strings.Count(num, ".") > 1 {
		return math.LegacyDec{}, "", false
	}
	d, err := math.LegacyNewDecFromStr(num)
	if err != nil {
		return math.LegacyDec{}, "", false
	}
	return d, strings.TrimSpace(v[end:]), true
}

// ValidateQualitySpecs checks a list: each spec valid, keys unique, at most max.
func ValidateQualitySpecs(specs []QualitySpec, max int) error {
	if len(specs) > max {
		return ErrInvalidQualitySpec.Wrapf("at most %d quality specs, got %d", max, len(specs))
	}
	for i, q := range specs {
		if err := q.Validate(); err != nil {
			return err
		}
		for _, p := range specs[:i] {
			if p.Key == q.Key {
				return ErrInvalidQualitySpec.Wrapf("key %q listed twice", q.Key)
			}
		}
	}
	return nil
}

// ParseQualitySpecs parses the compact form "ash=9.5%;moisture=8%;grade=K7"
// (the form the CLI and the gateway accept); spaces around keys and values
// are trimmed; an empty string is no specs.
func ParseQualitySpecs(s string) ([]QualitySpec, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ";")
	if len(parts) > MaxQualitySpecsLimit {
		return nil, ErrInvalidQualitySpec.Wrapf("at most %d quality specs", MaxQualitySpecsLimit)
	}
	specs := make([]QualitySpec, 0, len(parts))
	for _, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return nil, ErrInvalidQualitySpec.Wrapf("%q is not key=value", p)
		}
		specs = append(specs, QualitySpec{Key: strings.TrimSpace(k), Value: strings.TrimSpace(v)})
	}
	if err := ValidateQualitySpecs(specs, MaxQualitySpecsLimit); err != nil {
		return nil, err
	}
	return specs, nil
}

// FormatQualitySpecs is the inverse of ParseQualitySpecs.
func FormatQualitySpecs(specs []QualitySpec) string {
	var b strings.Builder
	for i, q := range specs {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(q.Key)
		b.WriteByte('=')
		b.WriteString(q.Value)
	}
	return b.String()
}
