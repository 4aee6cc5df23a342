package declaration_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/declaration"
)

func sample(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/mn-export.json")
	require.NoError(t, err)
	return b
}

// edit decodes the sample into a generic map, applies f and re-encodes it.
func edit(t testing.TB, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(sample(t), &m))
	f(m)
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return b
}

func goods(m map[string]any) map[string]any { return m["goods"].([]any)[0].(map[string]any) }

func TestParseSample(t *testing.T) {
	p, err := declaration.Parse(sample(t))
	require.NoError(t, err)
	require.Equal(t, "10719010/011226/0001234", p.Declaration.Number)
	require.Equal(t, []uint64{1}, p.Declaration.Lots)
	require.Len(t, p.SHA256, 64)
	require.Equal(t, declaration.Hash(p.Canonical), p.SHA256)
}

// The canonical hash does not depend on key order or white space, and does
// depend on every value.
func TestCanonicalHash(t *testing.T) {
	a, err := declaration.Parse(sample(t))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(sample(t), &m))
	compact, err := json.Marshal(m) // keys sorted, no white space
	require.NoError(t, err)
	b, err := declaration.Parse(compact)
	require.NoError(t, err)
	require.Equal(t, a.SHA256, b.SHA256)
	require.Equal(t, a.Canonical, b.Canonical)

	c, err := declaration.Parse(edit(t, func(m map[string]any) { goods(m)["value"] = "95000001" }))
	require.NoError(t, err)
	require.NotEqual(t, a.SHA256, c.SHA256)

	// RFC 8785: unicode escapes are resolved, so two spellings hash alike
	esc, err := declaration.Parse([]byte(strings.Replace(string(sample(t)), `"Gashuunsukhait"`, `"Gashuunsukhai\u0074"`, 1)))
	require.NoError(t, err)
	require.Equal(t, a.SHA256, esc.SHA256)
}

func TestParseMalformed(t *testing.T) {
	deep := `{"lots":` + strings.Repeat(`[`, 20) + "1" + strings.Repeat("]", 20) + "}"
	for name, tc := range map[string]struct {
		in  string
		err string
	}{
		"invalid utf-8":  {string([]byte{'{', '"', 0xff, '"', ':', '1', '}'}), "not valid UTF-8"},
		"not an object":  {`[1,2]`, "must be a JSON object"},
		"duplicate key":  {strings.Replace(string(sample(t)), `"border_port": "Gashuunsukhait",`, `"border_port": "A", "border_port": "B",`, 1), `duplicate key "border_port"`},
		"nested dup":     {strings.Replace(string(sample(t)), `"mode": "rail",`, `"mode": "rail", "mode": "road",`, 1), `duplicate key "transport.mode"`},
		"deep nesting":   {deep, "nesting deeper than 8"},
		"trailing data":  {string(sample(t)) + `{}`, "data after the declaration object"},
		"unknown field":  {strings.Replace(string(sample(t)), `"lots": [1]`, `"lots": [1], "extra": true`, 1), `unknown field "extra"`},
		"number amount":  {strings.Replace(string(sample(t)), `"quantity": "5000"`, `"quantity": 5000`, 1), `goods.quantity: amounts are strings of decimal digits, e.g. "5000000", not a JSON number`},
		"huge lot id":    {strings.Replace(string(sample(t)), `"lots": [1]`, `"lots": [1e400]`, 1), "lots: expected a whole number from 0, got a JSON number 1e400"},
		"truncated":      {string(sample(t))[:100], "the JSON text ends too early"},
		"empty":          {``, "the JSON text ends too early"},
		"bare string":    {`"x"`, "must be a JSON object"},
		"negative lot":   {strings.Replace(string(sample(t)), `"lots": [1]`, `"lots": [-1]`, 1), "lots: expected a whole number from 0, got a JSON number -1"},
		"wrong type obj": {strings.Replace(string(sample(t)), `"lots": [1]`, `"lots": {"a":1}`, 1), "lots: expected an array, got a JSON object"},
		// defect 1: Go's decoder matches field names case-insensitively, the
		// last one winning, while the canonical form sorts upper case first
		"case-folded duplicate":    {strings.Replace(string(sample(t)), `"lots": [1]`, `"lots": [1], "LOTS": [2]`, 1), `keys "lots" and "LOTS" differ only in case`},
		"case-folded field":        {strings.Replace(string(sample(t)), `"lots": [1]`, `"Lots": [1]`, 1), `unknown field "Lots": field names are case-sensitive, this one is "lots"`},
		"case-folded goods":        {strings.Replace(string(sample(t)), `"goods":`, `"Goods":`, 1), `unknown field "Goods"`},
		"case-folded nested":       {strings.Replace(string(sample(t)), `"hs_code":`, `"HS_CODE":`, 1), `unknown field "goods[0].HS_CODE": field names are case-sensitive, this one is "goods[0].hs_code"`},
		"case-folded nested dup":   {strings.Replace(string(sample(t)), `"hs_code": "2701.12",`, `"hs_code": "2701.12", "HS_code": "2701.19",`, 1), `differ only in case`},
		"unicode folding (long s)": {strings.Replace(string(sample(t)), `"lots": [1]`, `"lotſ": [1]`, 1), `field names are case-sensitive`},
		"unsafe integer": {strings.Replace(strings.Replace(string(sample(t)), `"lots": [1]`, `"lots": [9007199254740993]`, 1),
			`"lot_id": 1`, `"lot_id": 9007199254740993`, 1), "whole numbers must be below 2^53"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := declaration.Parse([]byte(tc.in))
			require.ErrorIs(t, err, declaration.ErrMalformed)
			require.ErrorContains(t, err, tc.err)
			for _, internal := range []string{"struct field", "Go struct", "cannot unmarshal", ".go:", "pkg/mod"} {
				require.NotContains(t, err.Error(), internal)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	for name, tc := range map[string]struct {
		edit func(m map[string]any)
		err  string
	}{
		"jurisdiction":      {func(m map[string]any) { m["jurisdiction"] = "KZ" }, `jurisdiction must be one of CN, MN, RU, got "KZ"`},
		"direction":         {func(m map[string]any) { m["direction"] = "transit" }, `direction must be export or import, got "transit"`},
		"office":            {func(m map[string]any) { m["customs_office"] = "10-7" }, `customs_office must be 4 to 8 digits, got "10-7"`},
		"border port":       {func(m map[string]any) { m["border_port"] = " " }, "border_port must be 1 to 256 characters"},
		"control char":      {func(m map[string]any) { m["border_port"] = "a\u0007b" }, "border_port holds a control character"},
		"exporter country":  {func(m map[string]any) { m["exporter"].(map[string]any)["country"] = "XX" }, `exporter.country: country "XX" is not an ISO 3166-1 alpha-2 country`},
		"consignee id":      {func(m map[string]any) { m["consignee"].(map[string]any)["registration_id"] = "91110000100000000X" }, "consignee.registration_id"},
		"exporter address":  {func(m map[string]any) { delete(m["exporter"].(map[string]any), "address") }, "exporter.address (the exporter's corridor account) is required in an export declaration"},
		"consignee address": {func(m map[string]any) { m["direction"] = "import" }, "consignee.address (the consignee's corridor account) is required in an import declaration"},
		"transport mode":    {func(m map[string]any) { m["transport"].(map[string]any)["mode"] = "horse" }, `transport.mode must be rail, road, sea, air or pipeline, got "horse"`},
		"transport doc":     {func(m map[string]any) { m["transport"].(map[string]any)["document_type"] = "TIR" }, "transport.document_type must be"},
		"no lots":           {func(m map[string]any) { m["lots"] = []any{} }, "lots must list 1 to 32 lot ids"},
		"lot zero":          {func(m map[string]any) { m["lots"] = []any{0} }, "lots[0]: lot ids start at 1"},
		"lot twice":         {func(m map[string]any) { m["lots"] = []any{1, 1} }, "lots: lot 1 listed twice"},
		"lot uncovered":     {func(m map[string]any) { m["lots"] = []any{1, 2} }, "lots: lot 2 has no goods line"},
		"line lot":          {func(m map[string]any) { goods(m)["lot_id"] = 3 }, "goods line 1: lot_id 3 is not in lots"},
		"line number":       {func(m map[string]any) { goods(m)["line"] = 2 }, "goods[0]: line must be 1"},
		"hs code":           {func(m map[string]any) { goods(m)["hs_code"] = "27" }, `goods line 1: hs_code must be 6 to 10 digits (dots allowed), got "27"`},
		"quantity zeros":    {func(m map[string]any) { goods(m)["quantity"] = "05000" }, "goods line 1: quantity must be a string of 1 to 30 decimal digits without leading zeros"},
		"quantity huge":     {func(m map[string]any) { goods(m)["quantity"] = strings.Repeat("9", 31) }, "goods line 1: quantity must be a string of 1 to 30 decimal digits"},
		"quantity sign":     {func(m map[string]any) { goods(m)["quantity"] = "-5" }, "goods line 1: quantity must be"},
		"gross below net":   {func(m map[string]any) { goods(m)["gross_weight_kg"] = "4999999" }, "goods line 1: gross_weight_kg 4999999 is below net_weight_kg 5000000"},
		"currency":          {func(m map[string]any) { goods(m)["currency"] = "usd" }, `goods line 1: currency must be an ISO 4217 code, got "usd"`},
		"no goods":          {func(m map[string]any) { m["goods"] = []any{} }, "goods must have 1 to 99 lines"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := declaration.Parse(edit(t, tc.edit))
			require.ErrorIs(t, err, declaration.ErrInvalid)
			require.ErrorContains(t, err, tc.err)
		})
	}
}

// The gateway's check is the chain's (package declno, where the rules are
// tested): the declaration's fields map onto it, the direction included.
func TestCheckNumber(t *testing.T) {
	filed := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	d := declaration.Declaration{Jurisdiction: "CN", Direction: declaration.Import, CustomsOffice: "0204", Number: "020420261000004567"}
	require.NoError(t, declaration.CheckNumber(d, filed))
	d.Direction = declaration.Export
	require.ErrorContains(t, declaration.CheckNumber(d, filed), "import/export flag 1 in the number does not match direction export (want 0)")
}
