package verify_test

import (
	"math/big"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/gateway/declaration"
	"github.com/corridor-chain/corridor/gateway/verify"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

const exporterAddr = "corridor1exporter"

func stored(t *testing.T) verify.Stored {
	t.Helper()
	raw, err := os.ReadFile("../declaration/testdata/mn-export.json")
	require.NoError(t, err)
	p, err := declaration.Parse(raw)
	require.NoError(t, err)
	return verify.Stored{Declaration: p.Declaration, Canonical: p.Canonical, SHA256: p.SHA256,
		FiledAt: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
}

// facts is a chain on which every check passes for the sample.
func facts(s verify.Stored) verify.Facts {
	class := tokenizetypes.CommodityClass{Code: "COAL", HsPrefixes: []string{"2701.12"}, BaseUnit: "kg", DisplayUnit: "t", DisplayExponent: 3}
	lot := tokenizetypes.Lot{Id: 1, ClassCode: "COAL", Issuer: exporterAddr, Quantity: math.NewInt(5_000_000),
		Status: tokenizetypes.LOT_STATUS_INSPECTED, Documents: []tokenizetypes.Document{{Kind: verify.AnchorKind, Sha256: s.SHA256}}}
	return verify.Facts{
		Trader: &tokenizetypes.Participant{Address: exporterAddr, LegalName: "Tavan Tolgoi Coal LLC", Country: "MN", RegistrationId: "5012345",
			Roles: []tokenizetypes.RoleGrant{{Role: tokenizetypes.ROLE_EXPORTER, Jurisdiction: "MN"}}, Status: tokenizetypes.PARTICIPANT_STATUS_ACTIVE},
		Lots: map[uint64]verify.LotFacts{1: {Lot: &lot, Class: &class, Held: big.NewInt(5_000_000)}},
	}
}

func check(r verify.Report, name string) verify.Check {
	for _, c := range r.Checks {
		if c.Name == name {
			return c
		}
	}
	return verify.Check{Name: "missing " + name}
}

func TestRunPasses(t *testing.T) {
	s := stored(t)
	r := verify.Run(s, facts(s), verify.Options{QuantityToleranceBps: 50})
	require.True(t, r.Passed, "%+v", r)
	var names []string
	for _, c := range r.Checks {
		require.True(t, c.Passed, c.Reason)
		names = append(names, c.Name)
	}
	require.Equal(t, []string{"integrity", "number_format", "issuer_identity", "lot_consistency"}, names)
	require.Equal(t, uint64(1), r.Checks[3].LotID)
}

// Each case breaks one fact; exactly that check fails, with its reason.
func TestRunFails(t *testing.T) {
	lotOf := func(f *verify.Facts) *tokenizetypes.Lot { return f.Lots[1].Lot }
	setLot := func(f *verify.Facts, g func(lf *verify.LotFacts)) {
		lf := f.Lots[1]
		g(&lf)
		f.Lots[1] = lf
	}
	for name, tc := range map[string]struct {
		stored func(s *verify.Stored)
		facts  func(f *verify.Facts)
		check  string
		reason string
	}{
		"integrity: not anchored": {facts: func(f *verify.Facts) { lotOf(f).Documents = nil },
			check: verify.CheckIntegrity, reason: "is not anchored as a customs_declaration document on lot 1"},
		"integrity: anchored as another kind": {facts: func(f *verify.Facts) { lotOf(f).Documents[0].Kind = "smgs" },
			check: verify.CheckIntegrity, reason: "is not anchored"},
		"integrity: stored document altered": {stored: func(s *verify.Stored) {
			s.Canonical = []byte(strings.Replace(string(s.Canonical), "5000000", "4000000", 1))
		}, check: verify.CheckIntegrity, reason: "not to its recorded hash"},
		"integrity: stored document re-encoded, same value": {stored: func(s *verify.Stored) {
			s.Canonical = append([]byte(" "), s.Canonical...)
		}, check: verify.CheckIntegrity, reason: "not to its recorded hash"},
		"integrity: lot missing": {facts: func(f *verify.Facts) { f.Lots[1] = verify.LotFacts{} },
			check: verify.CheckIntegrity, reason: "on lot 1"},
		"number: future date": {stored: func(s *verify.Stored) { s.FiledAt = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC) },
			check: verify.CheckNumberFormat, reason: "after the filing date"},
		"issuer: not a participant": {facts: func(f *verify.Facts) { f.Trader = nil },
			check: verify.CheckIssuerIdentity, reason: "the exporter corridor1exporter is not a registered participant"},
		"issuer: revoked": {facts: func(f *verify.Facts) { f.Trader.Status = tokenizetypes.PARTICIPANT_STATUS_REVOKED },
			check: verify.CheckIssuerIdentity, reason: "is PARTICIPANT_STATUS_REVOKED"},
		"issuer: importer role only": {facts: func(f *verify.Facts) {
			f.Trader.Roles = []tokenizetypes.RoleGrant{{Role: tokenizetypes.ROLE_IMPORTER, Jurisdiction: "MN"}}
		}, check: verify.CheckIssuerIdentity, reason: "holds no EXPORTER role in MN"},
		"issuer: exporter of another country": {facts: func(f *verify.Facts) {
			f.Trader.Roles = []tokenizetypes.RoleGrant{{Role: tokenizetypes.ROLE_EXPORTER, Jurisdiction: "CN"}}
		}, check: verify.CheckIssuerIdentity, reason: "holds no EXPORTER role in MN"},
		"issuer: registration id differs": {facts: func(f *verify.Facts) { f.Trader.RegistrationId = "5054321" },
			check: verify.CheckIssuerIdentity, reason: "is registered as MN 5054321, the declaration names MN 5012345"},
		"lot: missing": {facts: func(f *verify.Facts) { f.Lots[1] = verify.LotFacts{} },
			check: verify.CheckLotConsistency, reason: "lot 1 does not exist"},
		"lot: redeemed": {facts: func(f *verify.Facts) { lotOf(f).Status = tokenizetypes.LOT_STATUS_CLOSED },
			check: verify.CheckLotConsistency, reason: "lot 1 is redeemed (closed)"},
		"lot: split": {facts: func(f *verify.Facts) {
			lotOf(f).Status, lotOf(f).Children = tokenizetypes.LOT_STATUS_SUPERSEDED, []uint64{2, 3}
		}, check: verify.CheckLotConsistency, reason: "lot 1 was split or merged into lots [2 3]"},
		"lot: HS code outside the class": {facts: func(f *verify.Facts) { f.Lots[1].Class.HsPrefixes = []string{"2603"} },
			check: verify.CheckLotConsistency, reason: "goods line 1: HS code 2701.12 is not under class COAL (2603)"},
		"lot: unit unknown": {facts: func(f *verify.Facts) { f.Lots[1].Class.DisplayUnit = "lb" },
			check: verify.CheckLotConsistency, reason: `unit "t" is neither kg nor lb`},
		"lot: pledged": {facts: func(f *verify.Facts) {
			setLot(f, func(lf *verify.LotFacts) {
				lf.Pledges = []tokenizetypes.Pledge{{Id: 4, Lender: "corridor1bank", Amount: math.NewInt(1000), Denom: "lot/1"}}
			})
		}, check: verify.CheckLotConsistency, reason: "lot 1: 1000 units are pledged to corridor1bank (pledge 4)"},
		"lot: exporter holds none": {facts: func(f *verify.Facts) { setLot(f, func(lf *verify.LotFacts) { lf.Held = big.NewInt(0) }) },
			check: verify.CheckLotConsistency, reason: "the exporter corridor1exporter holds no units of lot 1"},
		"lot: quantity beyond tolerance": {facts: func(f *verify.Facts) {
			setLot(f, func(lf *verify.LotFacts) { lf.Held = big.NewInt(4_974_000) }) // 0.52% short
		}, check: verify.CheckLotConsistency, reason: "declared 5000000 kg, the exporter holds 4974000 kg (tolerance 50 bps)"},
	} {
		t.Run(name, func(t *testing.T) {
			s := stored(t)
			f := facts(s)
			if tc.stored != nil {
				tc.stored(&s)
			}
			if tc.facts != nil {
				tc.facts(&f)
			}
			r := verify.Run(s, f, verify.Options{QuantityToleranceBps: 50})
			require.False(t, r.Passed)
			c := check(r, tc.check)
			require.False(t, c.Passed, "%s should fail", tc.check)
			require.Contains(t, c.Reason, tc.reason)
		})
	}
}

// The tolerance is inclusive and computed in integers: with 50 bps,
// |5,000,000 - held| * 10,000 <= 50 * held holds for held in
// [4,975,125, 5,025,125].
func TestTolerance(t *testing.T) {
	s := stored(t)
	for _, tc := range []struct {
		held int64
		ok   bool
	}{{4_975_124, false}, {4_975_125, true}, {5_000_000, true}, {5_025_125, true}, {5_025_126, false}} {
		f := facts(s)
		lf := f.Lots[1]
		lf.Held = big.NewInt(tc.held)
		f.Lots[1] = lf
		require.Equal(t, tc.ok, check(verify.Run(s, f, verify.Options{QuantityToleranceBps: 50}), verify.CheckLotConsistency).Passed, "held %d", tc.held)
	}
}

// An import declaration is checked against its consignee: a registered
// IMPORTER of the declaring jurisdiction who holds the units.
func TestRunImport(t *testing.T) {
	s := stored(t)
	d := &s.Declaration
	d.Jurisdiction, d.Direction, d.CustomsOffice, d.Number = "CN", declaration.Import, "0204", "020420261000004567"
	d.Consignee.Address = "corridor1importer"
	f := facts(s)
	f.Trader = &tokenizetypes.Participant{Address: "corridor1importer", LegalName: "Baotou Steel", Country: "CN", RegistrationId: "91110000100000000R",
		Roles: []tokenizetypes.RoleGrant{{Role: tokenizetypes.ROLE_IMPORTER, Jurisdiction: "CN"}}, Status: tokenizetypes.PARTICIPANT_STATUS_ACTIVE}
	r := verify.Run(s, f, verify.Options{QuantityToleranceBps: 50})
	require.True(t, r.Passed, "%+v", r)
	require.Contains(t, check(r, verify.CheckIssuerIdentity).Reason, "is a registered IMPORTER of CN")

	f.Trader.Roles = []tokenizetypes.RoleGrant{{Role: tokenizetypes.ROLE_EXPORTER, Jurisdiction: "CN"}}
	c := check(verify.Run(s, f, verify.Options{QuantityToleranceBps: 50}), verify.CheckIssuerIdentity)
	require.False(t, c.Passed)
	require.Contains(t, c.Reason, "holds no IMPORTER role in CN")

	f = facts(s)
	f.Trader = nil
	c = check(verify.Run(s, f, verify.Options{QuantityToleranceBps: 50}), verify.CheckIssuerIdentity)
	require.Contains(t, c.Reason, "the consignee corridor1importer is not a registered participant")
}
