// Package verify checks a stored declaration against what the chain says
// about its lots and its exporter. It is a pure function of the facts the
// caller read (Facts), so every check is testable without a chain.
package verify

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/corridor-chain/corridor/gateway/declaration"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// The named checks of a report.
const (
	CheckIntegrity      = "integrity"
	CheckNumberFormat   = "number_format"
	CheckIssuerIdentity = "issuer_identity"
	CheckLotConsistency = "lot_consistency"
)

// AnchorKind is the lot document kind a declaration's hash is anchored as.
const AnchorKind = "customs_declaration"

// Check is one named check, pass or fail with the reason.
type Check struct {
	Name   string `json:"name"`
	LotID  uint64 `json:"lot_id,omitempty"`
	Passed bool   `json:"passed"`
	Reason string `json:"reason"`
	// Code names the reason's message and Args its values in order, for a
	// client that shows the reason in another language (the console).
	Code string   `json:"code"`
	Args []string `json:"args,omitempty"`
}

// Report is the outcome of every check; Passed only if all passed.
type Report struct {
	Passed bool    `json:"passed"`
	Checks []Check `json:"checks"`
}

// Stored is the declaration as the store holds it.
type Stored struct {
	Declaration declaration.Declaration
	Canonical   []byte
	SHA256      string
	FiledAt     time.Time
}

// LotFacts is what the chain says about one linked lot. Lot is nil when
// the chain has no such lot.
type LotFacts struct {
	Lot   *tokenizetypes.Lot
	Class *tokenizetypes.CommodityClass
	// Held is the trader's balance of lot/{id}.
	Held *big.Int
	// Pledges are the trader's active pledges of lot/{id}.
	Pledges []tokenizetypes.Pledge
}

// Facts is everything the checks read. Trader is the participant at the
// trader's address (declaration.Trader: the exporter of an export, the
// consignee of an import), nil when there is none.
type Facts struct {
	Trader *tokenizetypes.Participant
	Lots   map[uint64]LotFacts
}

// Options are the configured tolerances.
type Options struct {
	// QuantityToleranceBps is how far, in basis points of the units the
	// trader holds, the declared quantity may lie from them.
	QuantityToleranceBps int64
}

// Run performs every check in a fixed order.
func Run(s Stored, f Facts, o Options) Report {
	d := s.Declaration
	checks := []Check{integrity(s, f), numberFormat(s), issuerIdentity(d, f)}
	for _, id := range d.Lots {
		checks = append(checks, lotConsistency(d, id, f.Lots[id], o))
	}
	r := Report{Passed: true, Checks: checks}
	for _, c := range checks {
		r.Passed = r.Passed && c.Passed
	}
	return r
}

// Check returns the named check of the report (a failed one if absent).
func (r Report) Check(name string) Check {
	for _, c := range r.Checks {
		if c.Name == name {
			return c
		}
	}
	return Check{Name: name, Reason: "not run", Code: "not_run"}
}

func pass(name, code, format string, args ...any) Check {
	c := fail(name, code, format, args...)
	c.Passed = true
	return c
}

func fail(name, code, format string, args ...any) Check {
	c := Check{Name: name, Reason: fmt.Sprintf(format, args...), Code: name + "." + code}
	for _, a := range args {
		c.Args = append(c.Args, fmt.Sprint(a))
	}
	return c
}

// integrity: the store keeps the RFC 8785 form that was hashed, so the
// stored bytes themselves must hash to the recorded (and anchored) hash;
// any change to them, even one that keeps the JSON value, fails.
func integrity(s Stored, f Facts) Check {
	if got := declaration.Hash(s.Canonical); got != s.SHA256 {
		return fail(CheckIntegrity, "hash_mismatch", "the stored document hashes to %s, not to its recorded hash %s", got, s.SHA256)
	}
	var missing []string
	for _, id := range s.Declaration.Lots {
		lf := f.Lots[id]
		if lf.Lot == nil || !slices.ContainsFunc(lf.Lot.Documents, func(doc tokenizetypes.Document) bool {
			return doc.Kind == AnchorKind && doc.Sha256 == s.SHA256
		}) {
			missing = append(missing, fmt.Sprint(id))
		}
	}
	if len(missing) > 0 {
		return fail(CheckIntegrity, "not_anchored", "hash %s is not anchored as a %s document on lot %s", s.SHA256, AnchorKind, strings.Join(missing, ", "))
	}
	return pass(CheckIntegrity, "ok", "the document hashes to %s, anchored on every linked lot", s.SHA256)
}

func numberFormat(s Stored) Check {
	if err := declaration.CheckNumber(s.Declaration, s.FiledAt); err != nil {
		return fail(CheckNumberFormat, "invalid", "%v", err)
	}
	return pass(CheckNumberFormat, "ok", "%s is a well-formed %s declaration number", s.Declaration.Number, s.Declaration.Jurisdiction)
}

// issuerIdentity: the trader is an active participant holding the role of
// its side (EXPORTER for an export, IMPORTER for an import) in its country,
// registered under the declared country and registration id, and that
// country is the declaring jurisdiction.
func issuerIdentity(d declaration.Declaration, f Facts) Check {
	field, e := d.Trader()
	role := tokenizetypes.ROLE_EXPORTER
	if d.Direction == declaration.Import {
		role = tokenizetypes.ROLE_IMPORTER
	}
	p := f.Trader
	switch {
	case p == nil:
		return fail(CheckIssuerIdentity, "not_registered", "the %s %s is not a registered participant", field, e.Address)
	case p.Status != tokenizetypes.PARTICIPANT_STATUS_ACTIVE:
		return fail(CheckIssuerIdentity, "status", "participant %s is %s", e.Address, p.Status)
	case !p.HasRole(role, e.Country):
		return fail(CheckIssuerIdentity, "no_role", "participant %s holds no %s role in %s", e.Address, roleName(role), e.Country)
	case p.Country != e.Country || p.RegistrationId != e.RegistrationID:
		return fail(CheckIssuerIdentity, "registration", "participant %s is registered as %s %s, the declaration names %s %s",
			e.Address, p.Country, p.RegistrationId, e.Country, e.RegistrationID)
	case e.Country != d.Jurisdiction:
		return fail(CheckIssuerIdentity, "foreign", "an %s declaration to %s customs names a %s of %s", d.Direction, d.Jurisdiction, field, e.Country)
	}
	return pass(CheckIssuerIdentity, "ok", "%s (%s %s) is a registered %s of %s", p.LegalName, p.Country, p.RegistrationId, roleName(role), e.Country)
}

func roleName(r tokenizetypes.Role) string { return strings.TrimPrefix(r.String(), "ROLE_") }

func lotConsistency(d declaration.Declaration, id uint64, lf LotFacts, o Options) Check {
	c := func(ch Check) Check { ch.LotID = id; return ch }
	lot := lf.Lot
	if lot == nil {
		return c(fail(CheckLotConsistency, "no_lot", "lot %d does not exist", id))
	}
	switch lot.Status {
	case tokenizetypes.LOT_STATUS_CLOSED:
		return c(fail(CheckLotConsistency, "closed", "lot %d is redeemed (closed)", id))
	case tokenizetypes.LOT_STATUS_SUPERSEDED:
		return c(fail(CheckLotConsistency, "superseded", "lot %d was split or merged into lots %v", id, lot.Children))
	}
	if lf.Class == nil {
		return c(fail(CheckLotConsistency, "unknown_class", "lot %d's class %s is unknown", id, lot.ClassCode))
	}
	declared := new(big.Int)
	for _, g := range d.Goods {
		if g.LotID != id {
			continue
		}
		if !lf.Class.CoversHS(g.HSCode) {
			return c(fail(CheckLotConsistency, "hs_code", "goods line %d: HS code %s is not under class %s (%s)", g.Line, g.HSCode, lot.ClassCode, strings.Join(lf.Class.HsPrefixes, ", ")))
		}
		q, err := BaseUnits(g, lf.Class)
		if err != nil {
			return c(fail(CheckLotConsistency, "quantity_unit", "goods line %d: %v", g.Line, err))
		}
		declared.Add(declared, q)
	}
	if len(lf.Pledges) > 0 {
		p := lf.Pledges[0]
		return c(fail(CheckLotConsistency, "pledged", "lot %d: %s units are pledged to %s (pledge %d)", id, p.Amount, p.Lender, p.Id))
	}
	held := lf.Held
	if held == nil || held.Sign() == 0 {
		field, t := d.Trader()
		return c(fail(CheckLotConsistency, "not_held", "the %s %s holds no units of lot %d", field, t.Address, id))
	}
	// |declared - held| * 10000 <= tolerance * held
	diff := new(big.Int).Abs(new(big.Int).Sub(declared, held))
	lhs := diff.Mul(diff, big.NewInt(10_000))
	rhs := new(big.Int).Mul(held, big.NewInt(o.QuantityToleranceBps))
	if lhs.Cmp(rhs) > 0 {
		field, _ := d.Trader()
		return c(fail(CheckLotConsistency, "quantity", "lot %d: declared %s %s, the %s holds %s %s (tolerance %d bps)",
			id, declared, lf.Class.BaseUnit, field, held, lf.Class.BaseUnit, o.QuantityToleranceBps))
	}
	return c(pass(CheckLotConsistency, "ok", "lot %d (%s, %s): declared %s %s against %s held, within %d bps; not pledged",
		id, lot.ClassCode, lot.Status, declared, lf.Class.BaseUnit, held, o.QuantityToleranceBps))
}

// BaseUnits converts a goods line's quantity to the class's base unit.
func BaseUnits(g declaration.GoodsLine, class *tokenizetypes.CommodityClass) (*big.Int, error) {
	q, err := declaration.Amount("quantity", g.Quantity)
	if err != nil {
		return nil, err
	}
	switch g.Unit {
	case class.BaseUnit:
		return q, nil
	case class.DisplayUnit:
		scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(class.DisplayExponent)), nil)
		return q.Mul(q, scale), nil
	}
	return nil, fmt.Errorf("unit %q is neither %s nor %s", g.Unit, class.BaseUnit, class.DisplayUnit)
}
