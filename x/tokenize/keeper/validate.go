package keeper

import (
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// Stateful checks: each takes the state values it needs as arguments, so it
// can be tested without a store.

// validateLotBounds checks a lot's lists against the params.
func validateLotBounds(p types.Params, specs []types.QualitySpec, docs []types.Document) error {
	if err := types.ValidateQualitySpecs(specs, int(p.MaxQualitySpecs)); err != nil {
		return err
	}
	return types.ValidateDocuments(docs, int(p.MaxDocuments))
}

// validateSoleHolder checks that holder's balance is every unit of the lot.
func validateSoleHolder(lot types.Lot, balance math.Int) error {
	if !balance.Equal(lot.Quantity) {
		return types.ErrNotSoleHolder.Wrapf("lot %d has %s units, the signer holds %s", lot.Id, lot.Quantity, balance)
	}
	return nil
}

// validateSplit checks that the children conserve the lot's quantity.
func validateSplit(p types.Params, lot types.Lot, quantities []math.Int) error {
	if len(quantities) > int(p.MaxParts) {
		return types.ErrInvalidLot.Wrapf("a split makes at most %d lots, got %d", p.MaxParts, len(quantities))
	}
	sum := math.ZeroInt()
	for _, q := range quantities {
		sum = sum.Add(q)
	}
	if !sum.Equal(lot.Quantity) {
		return types.ErrInvalidAmount.Wrapf("children sum to %s, lot %d has %s", sum, lot.Id, lot.Quantity)
	}
	return nil
}

// validateMerge checks that lots are one commodity on one route.
func validateMerge(p types.Params, lots []types.Lot, specs []types.QualitySpec) error {
	if len(lots) > int(p.MaxParts) {
		return types.ErrInvalidLot.Wrapf("a merge takes at most %d lots, got %d", p.MaxParts, len(lots))
	}
	first := lots[0]
	for _, l := range lots[1:] {
		if l.ClassCode != first.ClassCode || l.Origin.Country != first.Origin.Country || l.DestinationCountry != first.DestinationCountry {
			return types.ErrIncompatibleLots.Wrapf("lots %d and %d differ in class, origin or destination", first.Id, l.Id)
		}
		if len(specs) == 0 && types.FormatQualitySpecs(l.QualitySpecs) != types.FormatQualitySpecs(first.QualitySpecs) {
			return types.ErrIncompatibleLots.Wrapf("lots %d and %d differ in quality: give the merged lot's quality specs", first.Id, l.Id)
		}
	}
	return validateLotBounds(p, specs, mergedDocuments(lots))
}

// mergedDocuments is the union of the lots' documents in order.
func mergedDocuments(lots []types.Lot) []types.Document {
	var out []types.Document
	seen := map[string]bool{}
	for _, l := range lots {
		for _, d := range l.Documents {
			if !seen[d.Sha256] {
				seen[d.Sha256] = true
				out = append(out, d)
			}
		}
	}
	return out
}

// mergedResults keeps a kind only if every lot has it ACCEPTED.
func mergedResults(lots []types.Lot) []types.KindResult {
	var out []types.KindResult
	for _, r := range lots[0].Results {
		all := r.Result == types.ATTESTATION_RESULT_ACCEPTED
		for _, l := range lots[1:] {
			all = all && l.Accepted(r.Kind)
		}
		if all {
			out = append(out, types.KindResult{Kind: r.Kind, Result: r.Result, InheritedFrom: lots[0].Id})
		}
	}
	return out
}

// validateAttest checks the attester's authority and the lot's life cycle.
func validateAttest(p types.Participant, lot types.Lot, msg *types.MsgAttest, digestSeen bool) error {
	if !lot.IsLive() {
		return types.ErrLotNotLive.Wrapf("lot %d is %s", lot.Id, lot.Status)
	}
	if err := p.CanAttest(msg.Kind, lot); err != nil {
		return err
	}
	if req := types.AttestationRules[msg.Kind].Requires; req != types.ATTESTATION_KIND_UNSPECIFIED && !lot.Accepted(req) {
		return types.ErrAttestationOutOfOrder.Wrapf("%s needs %s accepted first", msg.Kind, req)
	}
	if digestSeen {
		return types.ErrDuplicateAttestation.Wrapf("%s with document %s already recorded on lot %d", msg.Kind, msg.DocumentSha256, lot.Id)
	}
	if msg.Result == types.ATTESTATION_RESULT_ACCEPTED && lot.Accepted(msg.Kind) {
		return types.ErrDuplicateAttestation.Wrapf("%s already accepted on lot %d", msg.Kind, lot.Id)
	}
	return nil
}

// packagePayout is the pro rata share of each component for shares of the
// package, rounded down; the last redeemer takes the remainders.
func packagePayout(pkg types.Package, shares math.Int) (sdk.Coins, error) {
	if shares.GT(pkg.Shares) {
		return nil, types.ErrInvalidAmount.Wrapf("package %d has %s shares outstanding, asked %s", pkg.Id, pkg.Shares, shares)
	}
	paid := sdk.NewCoins()
	for _, c := range pkg.Components {
		amt := c.Amount
		if !shares.Equal(pkg.Shares) {
			amt = c.Amount.Mul(shares).Quo(pkg.Shares)
		}
		paid = paid.Add(sdk.NewCoin(types.LotDenom(c.LotId), amt))
	}
	if paid.IsZero() {
		return nil, types.ErrInvalidAmount.Wrapf("%s shares of package %d redeem less than one unit of any lot", shares, pkg.Id)
	}
	return paid, nil
}

// validateLender checks that a pledge's lender is a bank.
func validateLender(lender types.Participant) error {
	if !lender.HasAnyJurisdiction(types.ROLE_BANK) {
		return types.ErrRoleNotHeld.Wrapf("lender %s is not a BANK", lender.Address)
	}
	return nil
}
