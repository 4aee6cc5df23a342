// Package declno is the one implementation of the customs declaration
// number rules of the corridor's jurisdictions, shared by the chain (a
// recorded declaration's number) and the gateway (a filed one's). It is
// deterministic: the time it checks against is given, never read.
package declno

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/corridor-chain/corridor/internal/textclip"
)

var (
	cnRe   = regexp.MustCompile(`^[0-9]{18}$`)
	eaeuRe = regexp.MustCompile(`^([0-9]{8})/([0-9]{2})([0-9]{2})([0-9]{2})/([0-9]{7})$`)
)

// Number is what the rules read of a declaration.
type Number struct {
	Jurisdiction string // CN, MN, RU
	Number       string
	Office       string // the declaring customs office's code
	Import       bool   // an import declaration (else export)
}

// Check checks a declaration number's format for its jurisdiction against
// the time it was filed (or recorded):
//   - CN (China Customs, 报关单号): 18 digits — 4-digit customs code, 4-digit
//     year, the import/export flag (1 import, 0 export), a 9-digit serial;
//     the code must be the declaration's customs office, the year must not
//     be after the filing year, the flag must match the direction.
//   - RU (EAEU, ДТ): NNNNNNNN/DDMMYY/NNNNNNN — the 8-digit customs office
//     code, the registration date, a 7-digit serial; the office must be the
//     declaration's, the date a real calendar date not after the filing day.
//   - MN: Mongolian Customs numbers its declarations in the same
//     office/date/serial layout, and the same rules apply.
func Check(n Number, at time.Time) error {
	switch n.Jurisdiction {
	case "CN":
		return checkCN(n, at)
	case "RU", "MN":
		return checkEAEU(n, at)
	}
	return fmt.Errorf("no number format for jurisdiction %q", clip(n.Jurisdiction))
}

func checkCN(n Number, at time.Time) error {
	s := n.Number
	if !cnRe.MatchString(s) {
		return fmt.Errorf("CN declaration number must be 18 digits, got %q", clip(s))
	}
	if s[:4] != n.Office {
		return fmt.Errorf("customs code %s in the number is not the customs office %s", s[:4], clip(n.Office))
	}
	year, _ := strconv.Atoi(s[4:8])
	if year < 2000 || year > at.UTC().Year() {
		return fmt.Errorf("year %d in the number is not between 2000 and the filing year %d", year, at.UTC().Year())
	}
	want, dir := byte('0'), "export"
	if n.Import {
		want, dir = '1', "import"
	}
	if s[8] != want {
		return fmt.Errorf("import/export flag %c in the number does not match direction %s (want %c)", s[8], dir, want)
	}
	return nil
}

func checkEAEU(n Number, at time.Time) error {
	m := eaeuRe.FindStringSubmatch(n.Number)
	if m == nil {
		return fmt.Errorf("%s declaration number must be NNNNNNNN/DDMMYY/NNNNNNN, got %q", n.Jurisdiction, clip(n.Number))
	}
	if m[1] != n.Office {
		return fmt.Errorf("customs office %s in the number is not the customs office %s", m[1], clip(n.Office))
	}
	day, _ := strconv.Atoi(m[2])
	month, _ := strconv.Atoi(m[3])
	yy, _ := strconv.Atoi(m[4])
	date := time.Date(2000+yy, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if date.Day() != day || int(date.Month()) != month {
		return fmt.Errorf("date %s/%s/%s in the number is not a calendar date", m[2], m[3], m[4])
	}
	if date.After(at.UTC()) {
		return fmt.Errorf("date %s in the number is after the filing date %s", date.Format("2006-01-02"), at.UTC().Format("2006-01-02"))
	}
	if m[5] == "0000000" {
		return fmt.Errorf("serial 0000000 in the number is not a serial")
	}
	return nil
}

// clip bounds a value quoted in an error.
func clip(s string) string { return textclip.Clip(s, 43) }
