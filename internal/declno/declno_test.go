package declno_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/internal/declno"
)

func TestCheckNumber(t *testing.T) {
	filed := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	d := func(j, dir, office, number string) declno.Number {
		return declno.Number{Jurisdiction: j, Import: dir == "import", Office: office, Number: number}
	}
	for name, tc := range map[string]struct {
		d   declno.Number
		err string
	}{
		"success: MN":              {d("MN", "export", "10719010", "10719010/011226/0001234"), ""},
		"success: RU leap day":     {d("RU", "export", "10702070", "10702070/290224/3012345"), ""},
		"success: CN export":       {d("CN", "import", "0204", "020420261000004567"), ""},
		"success: CN flag 0":       {d("CN", "export", "0204", "020420260000004567"), ""},
		"failure: CN 17 digits":    {d("CN", "export", "0204", "02042026000000456"), `CN declaration number must be 18 digits, got "02042026000000456"`},
		"failure: CN letters":      {d("CN", "export", "0204", "02042026000000456A"), "must be 18 digits"},
		"failure: CN office":       {d("CN", "export", "0205", "020420260000004567"), "customs code 0204 in the number is not the customs office 0205"},
		"failure: CN future year":  {d("CN", "export", "0204", "020420270000004567"), "year 2027 in the number is not between 2000 and the filing year 2026"},
		"failure: CN flag":         {d("CN", "export", "0204", "020420261000004567"), "import/export flag 1 in the number does not match direction export (want 0)"},
		"failure: RU layout":       {d("RU", "export", "10702070", "10702070-290224-3012345"), "RU declaration number must be NNNNNNNN/DDMMYY/NNNNNNN"},
		"failure: RU 30 February":  {d("RU", "export", "10702070", "10702070/300224/3012345"), "date 30/02/24 in the number is not a calendar date"},
		"failure: RU 29 Feb 2025":  {d("RU", "export", "10702070", "10702070/290225/3012345"), "is not a calendar date"},
		"failure: RU month 13":     {d("RU", "export", "10702070", "10702070/011326/3012345"), "is not a calendar date"},
		"failure: MN future date":  {d("MN", "export", "10719010", "10719010/021226/0001234"), "date 2026-12-02 in the number is after the filing date 2026-12-01"},
		"failure: MN office":       {d("MN", "export", "10719011", "10719010/011226/0001234"), "customs office 10719010 in the number is not the customs office 10719011"},
		"failure: MN serial zero":  {d("MN", "export", "10719010", "10719010/011226/0000000"), "serial 0000000"},
		"failure: no jurisdiction": {d("KZ", "export", "1", "1"), `no number format for jurisdiction "KZ"`},
		"failure: long input":      {d("CN", "export", "0204", strings.Repeat("报", 30)), "CN declaration number must be 18 digits"},
	} {
		t.Run(name, func(t *testing.T) {
			err := declno.Check(tc.d, filed)
			if tc.err == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.err)
		})
	}
}
