package types

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// ValidateCountry checks an ISO 3166-1 alpha-2 country code in canonical
// upper case (e.g. MN); macro-regions and private-use codes are refused.
func ValidateCountry(c string) error {
	if len(c) != 2 || strings.ToUpper(c) != c {
		return fmt.Errorf("country %q is not an upper-case ISO 3166-1 alpha-2 code", c)
	}
	r, err := language.ParseRegion(c)
	if err != nil || !r.IsCountry() || r.String() != c {
		return fmt.Errorf("country %q is not an ISO 3166-1 alpha-2 country", c)
	}
	return nil
}

// ValidateRegistrationID checks a legal-entity registration id against the
// country's scheme, checksums included:
//   - CN: unified social credit code (GB 32100-2015), 18 characters;
//   - MN: state registration number, 7 digits;
//   - RU: INN (10 or 12 digits), OGRN (13) or OGRNIP (15);
//   - elsewhere: 4 to 32 upper-case letters, digits and '-'.
func ValidateRegistrationID(country, id string) error {
	switch country {
	case "CN":
		return validateUSCC(id)
	case "MN":
		if len(id) != 7 || !allDigits(id) {
			return fmt.Errorf("MN state registration number must be 7 digits, got %q", id)
		}
		return nil
	case "RU":
		return validateRussianID(id)
	default:
		if len(id) < 4 || len(id) > 32 {
			return fmt.Errorf("registration id must be 4 to 32 characters, got %d", len(id))
		}
		for _, r := range id {
			if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return fmt.Errorf("registration id %q may hold only A-Z, 0-9 and '-'", id)
			}
		}
		return nil
	}
}

const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// USCCCheck returns the check character of the first 17 characters of a
// unified social credit code.
func USCCCheck(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, fmt.Errorf("need 17 characters, got %d", len(first17))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccAlphabet, first17[i])
		if v < 0 {
			return 0, fmt.Errorf("character %q is not in the USCC alphabet", first17[i])
		}
		sum += v * usccWeights[i]
	}
	return usccAlphabet[(31-sum%31)%31], nil
}

func validateUSCC(id string) error {
	if len(id) != 18 {
		return fmt.Errorf("CN unified social credit code must be 18 characters, got %d", len(id))
	}
	c, err := USCCCheck(id[:17])
	if err != nil {
		return fmt.Errorf("CN unified social credit code: %w", err)
	}
	if id[17] != c {
		return fmt.Errorf("CN unified social credit code %q fails its check character", id)
	}
	return nil
}

func validateRussianID(id string) error {
	if !allDigits(id) {
		return fmt.Errorf("RU registration id must be digits, got %q", id)
	}
	ok := false
	switch len(id) {
	case 10: // INN of an organisation
		ok = innDigit(id[:9], []int{2, 4, 10, 3, 5, 9, 4, 6, 8}) == id[9]
	case 12: // INN of an individual entrepreneur
		ok = innDigit(id[:10], []int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) == id[10] &&
			innDigit(id[:11], []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) == id[11]
	case 13: // OGRN
		ok = modDigit(id[:12], 11) == id[12]
	case 15: // OGRNIP
		ok = modDigit(id[:14], 13) == id[14]
	default:
		return fmt.Errorf("RU registration id must be an INN (10/12 digits), OGRN (13) or OGRNIP (15), got %d digits", len(id))
	}
	if !ok {
		return fmt.Errorf("RU registration id %q fails its check digit", id)
	}
	return nil
}

func innDigit(digits string, weights []int) byte {
	sum := 0
	for i, w := range weights {
		sum += int(digits[i]-'0') * w
	}
	return byte('0' + sum%11%10)
}

// modDigit is the OGRN rule: the number formed by the leading digits, modulo
// m, modulo 10.
func modDigit(digits string, m uint64) byte {
	var r uint64
	for i := 0; i < len(digits); i++ {
		r = (r*10 + uint64(digits[i]-'0')) % m
	}
	return byte('0' + r%10)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validText checks a free-text field: 1..max bytes (or 0..max when optional),
// valid UTF-8 with no control characters.
func validText(field, s string, max int, optional bool) error {
	if s == "" && optional {
		return nil
	}
	if s == "" || len(s) > max {
		return fmt.Errorf("%s must be 1 to %d bytes, got %d", field, max, len(s))
	}
	for _, r := range s {
		if r == '\uFFFD' || r < 0x20 || r == 0x7f {
			return fmt.Errorf("%s holds a control or invalid character", field)
		}
	}
	return nil
}
