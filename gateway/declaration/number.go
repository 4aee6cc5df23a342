package declaration

import (
	"time"

	"github.com/corridor-chain/corridor/internal/declno"
)

// CheckNumber checks the declaration number's format for its jurisdiction
// against the filing time, by the rules the chain applies too (package
// declno).
func CheckNumber(d Declaration, filed time.Time) error {
	return declno.Check(declno.Number{Jurisdiction: d.Jurisdiction, Number: d.Number, Office: d.CustomsOffice,
		Import: d.Direction == Import}, filed)
}
