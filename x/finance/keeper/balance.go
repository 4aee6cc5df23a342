package keeper

import (
	"context"
	"fmt"
	"slices"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/finance/types"
	settlementtypes "github.com/corridor-chain/corridor/x/settlement/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// balanceShort is the refusal of a loan that would count more than a
// declaration's headroom.
func balanceShort(d types.Declaration, headroom, asked math.Int) error {
	return types.ErrBalanceShort.Wrapf("declaration %d can finance %s %s more (value %s, financed %s, closed %s), asked %s",
		d.Id, headroom, d.Currency, d.Value, d.Financed, d.Closed, asked)
}

// Cleared reports whether customs cleared the declaration on chain with its
// hash: every declared lot's latest CUSTOMS_EXPORT attestation is ACCEPTED,
// in the declaration's jurisdiction, on the declaration's document. It
// returns why not as a sentence.
func (k Keeper) Cleared(ctx context.Context, d types.Declaration) (bool, string, error) {
	for _, l := range d.Lots {
		lot, err := k.tokenize.GetLot(ctx, l.LotId)
		if err != nil {
			return false, "", err
		}
		if !lot.IsLive() {
			return false, fmt.Sprintf("lot %d is %s", lot.Id, lot.Status), nil
		}
		a, ok, err := k.tokenize.LatestAttestation(ctx, l.LotId, tokenizetypes.ATTESTATION_KIND_CUSTOMS_EXPORT)
		switch {
		case err != nil:
			return false, "", err
		case !ok:
			return false, fmt.Sprintf("lot %d has no CUSTOMS_EXPORT attestation", l.LotId), nil
		case a.Result != tokenizetypes.ATTESTATION_RESULT_ACCEPTED:
			return false, fmt.Sprintf("lot %d's latest CUSTOMS_EXPORT is %s", l.LotId, a.Result), nil
		case a.Jurisdiction != d.Jurisdiction || a.DocumentSha256 != d.Sha256:
			return false, fmt.Sprintf("lot %d's latest CUSTOMS_EXPORT is for another document or jurisdiction", l.LotId), nil
		}
	}
	return true, "", nil
}

// count is a loan's principal in its declaration's currency: the principal
// itself, or converted at a firm quote between the two currencies, rounded
// up (against the borrower) — at the ask when the loan's currency is the
// quote's base, at the bid when it is the quoted one.
func (k Keeper) count(ctx context.Context, quoteID uint64, from, to string, amount math.Int, parties ...string) (math.Int, error) {
	if from == to {
		if quoteID != 0 {
			return math.Int{}, types.ErrInvalidTerms.Wrapf("a loan in its declaration's currency %s is counted as it is, without a quote", to)
		}
		return amount, nil
	}
	if quoteID == 0 {
		return math.Int{}, types.ErrCurrencyMismatch.Wrapf("a loan in %s against a %s declaration needs a firm quote (fx_quote_id) to count it", from, to)
	}
	q, err := k.independentQuote(ctx, quoteID, parties...)
	if err != nil {
		return math.Int{}, err
	}
	fc, err := k.settlement.GetCurrency(ctx, from)
	if err != nil {
		return math.Int{}, err
	}
	tc, err := k.settlement.GetCurrency(ctx, to)
	if err != nil {
		return math.Int{}, err
	}
	// the quote must be firm for the whole amount: its maker would trade it
	// at that rate now, so a rate no one stands behind counts nothing
	var counted, base math.Int
	switch {
	case q.Base == from && q.Quote == to:
		counted = settlementtypes.MinorRate(q.Ask, fc.Exponent, tc.Exponent).MulInt(amount).Ceil().TruncateInt()
		base = amount
	case q.Base == to && q.Quote == from:
		// the least n with n × bid ≥ amount, as x/settlement prices an FX leg
		conv, err := settlementtypes.Convert(amount, settlementtypes.MinorRate(q.Bid, tc.Exponent, fc.Exponent))
		if err != nil {
			return math.Int{}, err
		}
		counted, base = conv.PayIn, conv.PayIn
	default:
		return math.Int{}, types.ErrCurrencyMismatch.Wrapf("quote %d is %s/%s, not between %s and %s", q.Id, q.Base, q.Quote, from, to)
	}
	if base.GT(q.RemainingBase) {
		return math.Int{}, types.ErrCurrencyMismatch.Wrapf("quote %d stands behind %s %s, the loan needs %s counted at it", q.Id, q.RemainingBase, q.Base, base)
	}
	return counted, nil
}

// independentQuote is an active, unexpired quote whose maker is none of
// the loan's parties: a lender or borrower does not set the rate a loan is
// counted or bought at.
func (k Keeper) independentQuote(ctx context.Context, id uint64, parties ...string) (settlementtypes.Quote, error) {
	q, err := k.settlement.GetQuote(ctx, id)
	if err != nil {
		return q, err
	}
	if q.Status != settlementtypes.QUOTE_STATUS_ACTIVE || !q.Expiry.After(blockTime(ctx)) {
		return q, settlementtypes.ErrQuoteUnavailable.Wrapf("quote %d is %s, expiry %s", q.Id, q.Status, q.Expiry)
	}
	if slices.Contains(parties, q.Maker) {
		return q, types.ErrCurrencyMismatch.Wrapf("quote %d is made by a party to the loan: use a quote of an independent maker", q.Id)
	}
	return q, nil
}

// uncount takes a loan's counted share off its declaration's financed amount.
func (k Keeper) uncount(ctx context.Context, declID uint64, counted math.Int) (types.Declaration, error) {
	d, err := k.GetDeclaration(ctx, declID)
	if err != nil {
		return d, err
	}
	d.Financed = d.Financed.Sub(counted)
	return d, k.Declarations.Set(ctx, d.Id, d)
}

// LotSold closes, on every declaration of the seller that declares the lot,
// the share of its value the sold units are: a paid receivable is not
// financed again.
func (k Keeper) LotSold(ctx context.Context, lotID uint64, seller string, units math.Int) error {
	var ids []uint64
	err := k.DeclarationsByLot.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint64](lotID), func(key collections.Pair[uint64, uint64]) (bool, error) {
		ids = append(ids, key.K2())
		return false, nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		d, err := k.GetDeclaration(ctx, id)
		if err != nil {
			return err
		}
		if d.Exporter == seller {
			if err := k.closeShare(ctx, d, lotID, units); err != nil {
				return err
			}
		}
	}
	return nil
}

// closeShare records units of a declared lot as gone from the exporter.
func (k Keeper) closeShare(ctx context.Context, d types.Declaration, lotID uint64, units math.Int) error {
	i := d.Lot(lotID)
	if i < 0 {
		return nil
	}
	n := d.Close(i, units)
	if !n.IsPositive() {
		return nil
	}
	if err := k.Declarations.Set(ctx, d.Id, d); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventDeclarationClosed{DeclarationId: d.Id, LotId: lotID, Units: n, Closed: d.Closed, Remaining: d.Remaining()})
}
