package types_test

import (
	"testing"

	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// FuzzParseQualitySpecs: parsing never panics; whatever parses is valid and
// survives a format/parse round trip unchanged.
func FuzzParseQualitySpecs(f *testing.F) {
	for _, s := range []string{"ash=9.5%;moisture=8%", "grade=K7", "cv=6200 kcal/kg", "", "a=b;a=c", "=x", "ash=1;;b=2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		specs, err := types.ParseQualitySpecs(s)
		if err != nil {
			return
		}
		if err := types.ValidateQualitySpecs(specs, types.MaxQualitySpecsLimit); err != nil {
			t.Fatalf("parsed %q but invalid: %v", s, err)
		}
		again, err := types.ParseQualitySpecs(types.FormatQualitySpecs(specs))
		if err != nil || types.FormatQualitySpecs(again) != types.FormatQualitySpecs(specs) {
			t.Fatalf("round trip of %q: %v %q", s, err, types.FormatQualitySpecs(again))
		}
		for _, q := range specs {
			if d, _, ok := q.Numeric(); ok && d.IsNil() {
				t.Fatalf("numeric %q without a value", q.Value)
			}
		}
	})
}

// FuzzLotValidation: MsgRegisterLot.Validate never panics, and a lot it
// accepts has a positive bounded quantity and a cross-border route.
func FuzzLotValidation(f *testing.F) {
	f.Add("COAL", "5000000", "MN", "Tavan Tolgoi", "CN", "ash=9.5%", hash)
	f.Add("coal", "-1", "XX", "", "MN", "", "zz")
	f.Add("WHEAT_1", "340282366920938463463374607431768211456", "RU", "Omsk", "CN", "protein=12.5%;moisture=14%", hash)
	f.Fuzz(func(t *testing.T, class, qty, origin, place, dest, specs, doc string) {
		q, ok := math.NewIntFromString(qty)
		if !ok {
			q = math.ZeroInt()
		}
		qs, _ := types.ParseQualitySpecs(specs)
		m := &types.MsgRegisterLot{
			Exporter: alice, ClassCode: class, Quantity: q, QualitySpecs: qs,
			Origin: types.Place{Country: origin, Place: place}, DestinationCountry: dest,
			Documents: []types.Document{{Kind: "smgs", Sha256: doc}},
		}
		if err := m.Validate(ac); err != nil {
			return
		}
		if !q.IsPositive() || q.BigInt().BitLen() > types.MaxQuantityBits || origin == dest {
			t.Fatalf("accepted lot %v", m)
		}
		if types.ValidateCountry(origin) != nil || types.ValidateSHA256(doc) != nil {
			t.Fatalf("accepted bad origin or digest: %q %q", origin, doc)
		}
	})
}

// FuzzClassValidation: Validate never panics, and an accepted class covers
// every HS code that starts with one of its prefixes.
func FuzzClassValidation(f *testing.F) {
	f.Add("COAL", "2701.12", "2701", "kg", "t", uint32(3))
	f.Add("X", "27..01", "", "", "", uint32(40))
	f.Add("COPPER", "2603", "7403.11", "kg", "kg", uint32(0))
	f.Fuzz(func(t *testing.T, code, hs1, hs2, base, display string, exp uint32) {
		c := types.CommodityClass{Code: code, HsPrefixes: []string{hs1, hs2}, BaseUnit: base, DisplayUnit: display, DisplayExponent: exp}
		if err := c.Validate(); err != nil {
			return
		}
		for _, p := range c.HsPrefixes {
			if !c.CoversHS(p + "00") {
				t.Fatalf("class %v does not cover its own prefix %q", c, p)
			}
		}
		if exp > types.MaxDisplayExponent {
			t.Fatalf("accepted exponent %d", exp)
		}
	})
}
