// Package simulation builds random x/tokenize messages from the current
// state, for the app's simulation test: each operation picks actors and
// objects that make the message plausible, so most succeed and the rest
// exercise the refusals.
package simulation

import (
	"fmt"
	"math/rand"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// View is the state an operation reads; the simulation driver implements it
// over the keeper. Lists are in key order, so a seed replays exactly.
type View interface {
	Participants() []types.Participant // active ones
	Classes() []types.CommodityClass
	Lots() []types.Lot // live ones
	Holders(denom string) []Holding
	Packages() []types.Package
	Pledges() []types.Pledge // active ones
	Holds() []types.Hold     // active ones
}

// Holding is a participant's balance of one denom.
type Holding struct {
	Address string
	Amount  math.Int
}

// Operation is a weighted message factory; ok is false when the state offers
// nothing to act on.
type Operation struct {
	Name   string
	Weight int
	Build  func(r *rand.Rand, v View) (msg sdk.Msg, ok bool)
}

// Operations are x/tokenize's weighted operations.
func Operations() []Operation {
	return []Operation{
		{"register-lot", 10, registerLot},
		{"attest", 25, attest},
		{"send-lot-units", 15, sendUnits},
		{"split-lot", 4, splitLot},
		{"merge-lots", 3, mergeLots},
		{"create-package", 4, createPackage},
		{"redeem-package", 3, redeemPackage},
		{"pledge", 4, pledge},
		{"release-pledge", 2, closePledge(false)},
		{"claim-pledge", 2, closePledge(true)},
		{"place-hold", 3, placeHold},
		{"release-hold", 4, releaseHold},
		{"redeem", 6, redeem},
		{"anchor-document", 3, anchorDocument},
	}
}

// Pick chooses an operation by weight.
func Pick(r *rand.Rand, ops []Operation) Operation {
	total := 0
	for _, o := range ops {
		total += o.Weight
	}
	n := r.Intn(total)
	for _, o := range ops {
		if n < o.Weight {
			return o
		}
		n -= o.Weight
	}
	return ops[len(ops)-1]
}

// Choose picks one element at random; ok is false for an empty list.
func Choose[T any](r *rand.Rand, xs []T) (T, bool) {
	var zero T
	if len(xs) == 0 {
		return zero, false
	}
	return xs[r.Intn(len(xs))], true
}

// WithRole lists the active participants holding any of roles in
// jurisdiction, or anywhere when jurisdiction is "".
func WithRole(v View, jurisdiction string, roles ...types.Role) []types.Participant {
	var out []types.Participant
	for _, p := range v.Participants() {
		for _, role := range roles {
			if jurisdiction == "" && p.HasAnyJurisdiction(role) || p.HasRole(role, jurisdiction) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

func digest(r *rand.Rand) string {
	const hexd = "0123456789abcdef"
	b := make([]byte, 64)
	for i := range b {
		b[i] = hexd[r.Intn(16)]
	}
	return string(b)
}

func registerLot(r *rand.Rand, v View) (sdk.Msg, bool) {
	class, ok := Choose(r, v.Classes())
	if !ok {
		return nil, false
	}
	p, ok := Choose(r, WithRole(v, "", types.ROLE_EXPORTER))
	if !ok {
		return nil, false
	}
	origin := p.Roles[0].Jurisdiction
	for _, g := range p.Roles {
		if g.Role == types.ROLE_EXPORTER {
			origin = g.Jurisdiction
		}
	}
	dest := "CN"
	if origin == "CN" {
		dest = "MN"
	}
	return &types.MsgRegisterLot{
		Exporter: p.Address, ClassCode: class.Code, Quantity: math.NewInt(1 + r.Int63n(10_000_000)),
		QualitySpecs: []types.QualitySpec{{Key: "ash", Value: fmt.Sprintf("%d.%d%%", 5+r.Intn(10), r.Intn(10))}},
		Origin:       types.Place{Country: origin, Place: "mine"}, DestinationCountry: dest,
		Documents: []types.Document{{Kind: "warehouse_receipt", Sha256: digest(r)}},
	}, true
}

// route is the order in which a lot is attested.
var route = []types.AttestationKind{
	types.ATTESTATION_KIND_INSPECTION, types.ATTESTATION_KIND_CUSTOMS_EXPORT, types.ATTESTATION_KIND_DISPATCH,
	types.ATTESTATION_KIND_CUSTOMS_IMPORT, types.ATTESTATION_KIND_ARRIVAL,
}

func attest(r *rand.Rand, v View) (sdk.Msg, bool) {
	lot, ok := Choose(r, v.Lots())
	if !ok {
		return nil, false
	}
	kind := route[0]
	for _, k := range route {
		kind = k
		if !lot.Accepted(k) {
			break
		}
	}
	rule := types.AttestationRules[kind]
	var who []types.Participant
	for _, role := range rule.Roles {
		who = append(who, WithRole(v, rule.Jurisdiction(lot), role)...)
	}
	p, ok := Choose(r, who)
	if !ok {
		return nil, false
	}
	result := types.ATTESTATION_RESULT_ACCEPTED
	if r.Intn(10) == 0 {
		result = types.ATTESTATION_RESULT_REJECTED
	}
	return &types.MsgAttest{Attester: p.Address, LotId: lot.Id, Kind: kind, Result: result,
		DocumentSha256: digest(r), Reference: fmt.Sprintf("SIM-%d", r.Intn(1_000_000))}, true
}

// holding picks a lot and one of its holders.
func holding(r *rand.Rand, v View) (types.Lot, Holding, bool) {
	lot, ok := Choose(r, v.Lots())
	if !ok {
		return lot, Holding{}, false
	}
	h, ok := Choose(r, v.Holders(types.LotDenom(lot.Id)))
	return lot, h, ok
}

// Part picks an amount in [1, amt] (amt itself when at most 1).
func Part(r *rand.Rand, amt math.Int) math.Int {
	if amt.LTE(math.OneInt()) {
		return amt
	}
	return math.NewInt(1 + r.Int63n(amt.Int64()))
}

func sendUnits(r *rand.Rand, v View) (sdk.Msg, bool) {
	lot, h, ok := holding(r, v)
	if !ok {
		return nil, false
	}
	to, ok := Choose(r, v.Participants())
	if !ok || to.Address == h.Address {
		return nil, false
	}
	return &banktypes.MsgSend{FromAddress: h.Address, ToAddress: to.Address,
		Amount: sdk.NewCoins(sdk.NewCoin(types.LotDenom(lot.Id), Part(r, h.Amount)))}, true
}

func splitLot(r *rand.Rand, v View) (sdk.Msg, bool) {
	lot, h, ok := holding(r, v)
	if !ok || lot.Quantity.LT(math.NewInt(2)) {
		return nil, false
	}
	first := math.NewInt(1 + r.Int63n(lot.Quantity.Int64()-1))
	return &types.MsgSplitLot{Holder: h.Address, LotId: lot.Id, Quantities: []math.Int{first, lot.Quantity.Sub(first)}}, true
}

// soleHolder returns who holds every unit of lot, if anyone does.
func soleHolder(v View, lot types.Lot) (string, bool) {
	hs := v.Holders(types.LotDenom(lot.Id))
	if len(hs) == 1 && hs[0].Amount.Equal(lot.Quantity) {
		return hs[0].Address, true
	}
	return "", false
}

func mergeLots(r *rand.Rand, v View) (sdk.Msg, bool) {
	lots := v.Lots()
	start := 0
	if len(lots) > 0 {
		start = r.Intn(len(lots))
	}
	for i := range lots {
		a := lots[(start+i)%len(lots)]
		ha, ok := soleHolder(v, a)
		if !ok {
			continue
		}
		for _, b := range lots {
			if b.Id == a.Id || b.ClassCode != a.ClassCode || b.Origin.Country != a.Origin.Country || b.DestinationCountry != a.DestinationCountry {
				continue
			}
			if hb, ok := soleHolder(v, b); ok && hb == ha {
				return &types.MsgMergeLots{Holder: ha, LotIds: []uint64{a.Id, b.Id},
					QualitySpecs: []types.QualitySpec{{Key: "ash", Value: "9.9%"}}}, true
			}
		}
	}
	return nil, false
}

func createPackage(r *rand.Rand, v View) (sdk.Msg, bool) {
	lot, h, ok := holding(r, v)
	if !ok {
		return nil, false
	}
	return &types.MsgCreatePackage{Holder: h.Address, Components: []types.PackageComponent{{LotId: lot.Id, Amount: Part(r, h.Amount)}},
		Shares: math.NewInt(1 + r.Int63n(1000))}, true
}

func redeemPackage(r *rand.Rand, v View) (sdk.Msg, bool) {
	p, ok := Choose(r, v.Packages())
	if !ok {
		return nil, false
	}
	h, ok := Choose(r, v.Holders(types.PackageDenom(p.Id)))
	if !ok {
		return nil, false
	}
	return &types.MsgRedeemPackage{Holder: h.Address, PackageId: p.Id, Shares: Part(r, h.Amount)}, true
}

func pledge(r *rand.Rand, v View) (sdk.Msg, bool) {
	lot, h, ok := holding(r, v)
	if !ok {
		return nil, false
	}
	bank, ok := Choose(r, WithRole(v, "", types.ROLE_BANK))
	if !ok || bank.Address == h.Address {
		return nil, false
	}
	return &types.MsgPledge{Holder: h.Address, Lender: bank.Address,
		Amount: sdk.NewCoin(types.LotDenom(lot.Id), Part(r, h.Amount)), Reference: "SIM-LOAN"}, true
}

func closePledge(claim bool) func(r *rand.Rand, v View) (sdk.Msg, bool) {
	return func(r *rand.Rand, v View) (sdk.Msg, bool) {
		p, ok := Choose(r, v.Pledges())
		if !ok {
			return nil, false
		}
		if claim {
			return &types.MsgClaimPledge{Lender: p.Lender, PledgeId: p.Id}, true
		}
		return &types.MsgReleasePledge{Lender: p.Lender, PledgeId: p.Id}, true
	}
}

func placeHold(r *rand.Rand, v View) (sdk.Msg, bool) {
	lot, ok := Choose(r, v.Lots())
	if !ok {
		return nil, false
	}
	officer, ok := Choose(r, WithRole(v, lot.Origin.Country, types.ROLE_CUSTOMS))
	if !ok {
		return nil, false
	}
	return &types.MsgPlaceHold{Officer: officer.Address, LotId: lot.Id, Reason: types.HoldReason(1 + r.Intn(3)), Note: "sim"}, true
}

func releaseHold(r *rand.Rand, v View) (sdk.Msg, bool) {
	h, ok := Choose(r, v.Holds())
	if !ok {
		return nil, false
	}
	officer, ok := Choose(r, WithRole(v, h.Jurisdiction, types.ROLE_CUSTOMS))
	if !ok {
		return nil, false
	}
	return &types.MsgReleaseHold{Officer: officer.Address, HoldId: h.Id, Note: "sim release"}, true
}

func redeem(r *rand.Rand, v View) (sdk.Msg, bool) {
	lot, h, ok := holding(r, v)
	if !ok {
		return nil, false
	}
	return &types.MsgRedeem{Holder: h.Address, LotId: lot.Id, Amount: Part(r, h.Amount)}, true
}

func anchorDocument(r *rand.Rand, v View) (sdk.Msg, bool) {
	lot, ok := Choose(r, v.Lots())
	if !ok {
		return nil, false
	}
	return &types.MsgAnchorDocument{Issuer: lot.Issuer, LotId: lot.Id,
		Document: types.Document{Kind: "customs_declaration", Sha256: digest(r)}}, true
}
