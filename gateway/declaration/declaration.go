// Package declaration is the customs declaration document the gateway
// stores: its JSON model, a strict parser, the canonical hash that is
// anchored on chain, and the declaration-number formats per jurisdiction.
package declaration

import (
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strings"

	"github.com/corridor-chain/corridor/internal/textclip"

	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// Direction is whether goods leave (export) or enter (import) the
// declaring jurisdiction.
type Direction string

const (
	Export Direction = "export"
	Import Direction = "import"
)

// Jurisdictions the gateway files declarations for.
var Jurisdictions = []string{"CN", "MN", "RU"}

// Bounds against abuse; a document over them is refused whole.
const (
	MaxGoodsLines = 99 // the SAD/ДТ form numbers goods lines 1..99 per sheet set
	// a verify reads every lot of a declaration in one Holdings query
	MaxLots      = tokenizetypes.MaxHoldingsLots
	MaxTextLen   = 256
	MaxAmountLen = 30 // decimal digits: 10^30 base units is beyond any shipment
)

// Party is a legal entity named on the declaration.
type Party struct {
	Name           string `json:"name"`
	Country        string `json:"country"`
	RegistrationID string `json:"registration_id"`
	// Address is the party's corridor account, required for the trader
	// (Declaration.Trader): the lot units are checked against it.
	Address string `json:"address,omitempty"`
}

// Transport is the mode and the transport document (SMGS or CMR waybill,
// bill of lading).
type Transport struct {
	Mode           string `json:"mode"`
	DocumentType   string `json:"document_type"`
	DocumentNumber string `json:"document_number"`
}

// GoodsLine is one line of the declaration. Amounts are strings of decimal
// digits, so that the canonical form (RFC 8785 writes numbers as IEEE 754
// doubles) keeps them exact.
type GoodsLine struct {
	Line        int    `json:"line"`
	HSCode      string `json:"hs_code"`
	Description string `json:"description"`
	// Quantity is in Unit, which is the lot class's base or display unit.
	Quantity string `json:"quantity"`
	Unit     string `json:"unit"`
	NetKg    string `json:"net_weight_kg"`
	GrossKg  string `json:"gross_weight_kg"`
	// Value is in minor units of Currency (ISO 4217).
	Value    string `json:"value"`
	Currency string `json:"currency"`
	// LotID is the on-chain lot the line's goods are; it is one of Lots.
	LotID uint64 `json:"lot_id"`
}

// Declaration is an export or import customs declaration.
type Declaration struct {
	Number        string      `json:"number"`
	Jurisdiction  string      `json:"jurisdiction"`
	Direction     Direction   `json:"direction"`
	CustomsOffice string      `json:"customs_office"`
	BorderPort    string      `json:"border_port"`
	Declarant     Party       `json:"declarant"`
	Exporter      Party       `json:"exporter"`
	Consignee     Party       `json:"consignee"`
	Transport     Transport   `json:"transport"`
	Goods         []GoodsLine `json:"goods"`
	Lots          []uint64    `json:"lots"`
}

var (
	officeRe    = regexp.MustCompile(`^[0-9]{4,8}$`)
	currencyRe  = regexp.MustCompile(`^[A-Z]{3}$`)
	docNumberRe = regexp.MustCompile(`^[A-Za-z0-9/-]{1,64}$`)
	transport   = map[string]bool{"rail": true, "road": true, "sea": true, "air": true, "pipeline": true}
	docTypes    = map[string]bool{"SMGS": true, "CMR": true, "BL": true, "AWB": true, "CIM/SMGS": true}
)

// Trader is the party whose goods the declaration covers on the corridor
// and who files it: the exporter of an export declaration, the consignee
// (the importer) of an import declaration.
func (d Declaration) Trader() (field string, p Party) {
	if d.Direction == Import {
		return "consignee", d.Consignee
	}
	return "exporter", d.Exporter
}

// Validate checks the document on its own (no chain, no store); the
// number's format is checked separately (CheckNumber) because verify
// reports it as a named check.
func (d Declaration) Validate() error {
	if !slices.Contains(Jurisdictions, d.Jurisdiction) {
		return fmt.Errorf("jurisdiction must be one of %s, got %q", strings.Join(Jurisdictions, ", "), d.Jurisdiction)
	}
	if d.Direction != Export && d.Direction != Import {
		return fmt.Errorf("direction must be export or import, got %q", d.Direction)
	}
	if d.Number == "" || len(d.Number) > 32 {
		return fmt.Errorf("number must be 1 to 32 characters")
	}
	if !officeRe.MatchString(d.CustomsOffice) {
		return fmt.Errorf("customs_office must be 4 to 8 digits, got %q", d.CustomsOffice)
	}
	if err := text("border_port", d.BorderPort); err != nil {
		return err
	}
	for _, p := range []struct {
		field string
		party Party
	}{{"declarant", d.Declarant}, {"exporter", d.Exporter}, {"consignee", d.Consignee}} {
		if err := p.party.validate(p.field); err != nil {
			return err
		}
	}
	if field, t := d.Trader(); t.Address == "" {
		return fmt.Errorf("%s.address (the %s's corridor account) is required in an %s declaration", field, field, d.Direction)
	}
	if !transport[d.Transport.Mode] {
		return fmt.Errorf("transport.mode must be rail, road, sea, air or pipeline, got %q", d.Transport.Mode)
	}
	if !docTypes[d.Transport.DocumentType] {
		return fmt.Errorf("transport.document_type must be SMGS, CMR, CIM/SMGS, BL or AWB, got %q", d.Transport.DocumentType)
	}
	if !docNumberRe.MatchString(d.Transport.DocumentNumber) {
		return fmt.Errorf("transport.document_number must be 1 to 64 letters, digits, '/' or '-'")
	}
	return d.validateLines()
}

func (d Declaration) validateLines() error {
	if len(d.Lots) == 0 || len(d.Lots) > MaxLots {
		return fmt.Errorf("lots must list 1 to %d lot ids", MaxLots)
	}
	for i, id := range d.Lots {
		if id == 0 {
			return fmt.Errorf("lots[%d]: lot ids start at 1", i)
		}
		if slices.Contains(d.Lots[:i], id) {
			return fmt.Errorf("lots: lot %d listed twice", id)
		}
	}
	if len(d.Goods) == 0 || len(d.Goods) > MaxGoodsLines {
		return fmt.Errorf("goods must have 1 to %d lines", MaxGoodsLines)
	}
	covered := make([]bool, len(d.Lots))
	for i, g := range d.Goods {
		if g.Line != i+1 {
			return fmt.Errorf("goods[%d]: line must be %d (lines are numbered from 1 in order)", i, i+1)
		}
		if err := g.validate(); err != nil {
			return fmt.Errorf("goods line %d: %w", g.Line, err)
		}
		k := slices.Index(d.Lots, g.LotID)
		if k < 0 {
			return fmt.Errorf("goods line %d: lot_id %d is not in lots", g.Line, g.LotID)
		}
		covered[k] = true
	}
	for k, ok := range covered {
		if !ok {
			return fmt.Errorf("lots: lot %d has no goods line", d.Lots[k])
		}
	}
	return nil
}

func (p Party) validate(field string) error {
	if err := text(field+".name", p.Name); err != nil {
		return err
	}
	if err := tokenizetypes.ValidateCountry(p.Country); err != nil {
		return fmt.Errorf("%s.country: %w", field, err)
	}
	if err := tokenizetypes.ValidateRegistrationID(p.Country, p.RegistrationID); err != nil {
		return fmt.Errorf("%s.registration_id: %w", field, err)
	}
	if len(p.Address) > 128 {
		return fmt.Errorf("%s.address is too long", field)
	}
	return nil
}

func (g GoodsLine) validate() error {
	n := tokenizetypes.NormalizeHS(g.HSCode)
	if len(n) < 6 || len(n) > 10 || !digits(n) {
		return fmt.Errorf("hs_code must be 6 to 10 digits (dots allowed), got %q", g.HSCode)
	}
	if err := text("description", g.Description); err != nil {
		return err
	}
	if g.Unit == "" || len(g.Unit) > 16 {
		return fmt.Errorf("unit must be 1 to 16 characters")
	}
	for _, a := range []struct{ field, v string }{
		{"quantity", g.Quantity}, {"net_weight_kg", g.NetKg}, {"gross_weight_kg", g.GrossKg}, {"value", g.Value},
	} {
		if _, err := Amount(a.field, a.v); err != nil {
			return err
		}
	}
	net, _ := Amount("", g.NetKg)
	gross, _ := Amount("", g.GrossKg)
	if gross.Cmp(net) < 0 {
		return fmt.Errorf("gross_weight_kg %s is below net_weight_kg %s", g.GrossKg, g.NetKg)
	}
	if !currencyRe.MatchString(g.Currency) {
		return fmt.Errorf("currency must be an ISO 4217 code, got %q", g.Currency)
	}
	return nil
}

// Amount parses a non-negative integer written as decimal digits with no
// sign, leading zeros or exponent, and at most MaxAmountLen digits.
func Amount(field, s string) (*big.Int, error) {
	if s == "" || len(s) > MaxAmountLen || !digits(s) || (len(s) > 1 && s[0] == '0') {
		return nil, fmt.Errorf("%s must be a string of 1 to %d decimal digits without leading zeros, got %q", field, MaxAmountLen, clip(s))
	}
	v, _ := new(big.Int).SetString(s, 10)
	return v, nil
}

func text(field, s string) error {
	if strings.TrimSpace(s) == "" || len(s) > MaxTextLen {
		return fmt.Errorf("%s must be 1 to %d characters", field, MaxTextLen)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%s holds a control character", field)
		}
	}
	return nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// clip bounds a value quoted in an error.
func clip(s string) string { return textclip.Clip(s, 43) }
