package declaration

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

var (
	cnNumberRe   = regexp.MustCompile(`^[0-9]{18}$`)
	eaeuNumberRe = regexp.MustCompile(`^([0-9]{8})/([0-9]{2})([0-9]{2})([0-9]{2})/([0-9]{7})$`)
)

// CheckNumber checks the declaration number's format for its jurisdiction
// against the filing time:
//   - CN (China Customs, 报关单号): 18 digits — 4-digit customs code, 4-digit
//     year, the import/export flag (1 import, 0 export), a 9-digit serial;
//     the code must be the declaration's customs office, the year must not
//     be after the filing year, the flag must match the direction.
//   - RU (EAEU, ДТ): NNNNNNNN/DDMMYY/NNNNNNN — the 8-digit customs office
//     code, the registration date, a 7-digit serial; the office must be the
//     declaration's, the date a real calendar date not after the filing day.
//   - MN: Mongolian Customs numbers its declarations in the same
//     office/date/serial layout, and the same rules apply.
func CheckNumber(d Declaration, filed time.Time) error {
	switch d.Jurisdiction {
	case "CN":
		return checkCN(d, filed)
	case "RU", "MN":
		return checkEAEU(d, filed)
	}
	return fmt.Errorf("no number format for jurisdiction %q", d.Jurisdiction)
}

func checkCN(d Declaration, filed time.Time) error {
	n := d.Number
	if !cnNumberRe.MatchString(n) {
		return fmt.Errorf("CN declaration number must be 18 digits, got %q", clip(n))
	}
	if n[:4] != d.CustomsOffice {
		return fmt.Errorf("customs code %s in the number is not the customs office %s", n[:4], d.CustomsOffice)
	}
	year, _ := strconv.Atoi(n[4:8])
	if year < 2000 || year > filed.UTC().Year() {
		return fmt.Errorf("year %d in the number is not between 2000 and the filing year %d", year, filed.UTC().Year())
	}
	want := byte('0')
	if d.Direction == Import {
		want = '1'
	}
	if n[8] != want {
		return fmt.Errorf("import/export flag %c in the number does not match direction %s (want %c)", n[8], d.Direction, want)
	}
	return nil
}

func checkEAEU(d Declaration, filed time.Time) error {
	m := eaeuNumberRe.FindStringSubmatch(d.Number)
	if m == nil {
		return fmt.Errorf("%s declaration number must be NNNNNNNN/DDMMYY/NNNNNNN, got %q", d.Jurisdiction, clip(d.Number))
	}
	if m[1] != d.CustomsOffice {
		return fmt.Errorf("customs office %s in the number is not the customs office %s", m[1], d.CustomsOffice)
	}
	day, _ := strconv.Atoi(m[2])
	month, _ := strconv.Atoi(m[3])
	yy, _ := strconv.Atoi(m[4])
	date := time.Date(2000+yy, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if date.Day() != day || int(date.Month()) != month {
		return fmt.Errorf("date %s/%s/%s in the number is not a calendar date", m[2], m[3], m[4])
	}
	if date.After(filed.UTC()) {
		return fmt.Errorf("date %s in the number is after the filing date %s", date.Format("2006-01-02"), filed.UTC().Format("2006-01-02"))
	}
	if m[5] == "0000000" {
		return fmt.Errorf("serial 0000000 in the number is not a serial")
	}
	return nil
}
