package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// GetQuote returns a quote.
func (k Keeper) GetQuote(ctx context.Context, id uint64) (types.Quote, error) {
	q, err := k.Quotes.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return q, types.ErrQuoteNotFound.Wrapf("quote %d", id)
	}
	return q, err
}

func pairKey(base, quote string) string { return base + "/" + quote }

// minorRates are the quote's bid and mid in minor units of its base and
// quote currencies.
func minorRates(q types.Quote, base, quote types.Currency) (rate, mid math.LegacyDec) {
	return types.MinorRate(q.Bid, base.Exponent, quote.Exponent),
		types.MinorRate(q.Bid.Add(q.Ask).QuoInt64(2), base.Exponent, quote.Exponent)
}

// closeQuote ends an active quote and refunds its free collateral; reserved
// collateral stays for the instructions that hold it.
func (k Keeper) closeQuote(ctx context.Context, q types.Quote, status types.QuoteStatus) error {
	refund := q.FreeCollateral
	if refund.IsPositive() {
		if err := k.refund(ctx, q.Maker, sdk.NewCoin(q.CollateralDenom, refund)); err != nil {
			return err
		}
	}
	q.FreeCollateral, q.Status = math.ZeroInt(), status
	if err := k.Quotes.Set(ctx, q.Id, q); err != nil {
		return err
	}
	if err := k.QuoteExpiry.Remove(ctx, collections.Join(q.Expiry, q.Id)); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventQuoteClosed{QuoteId: q.Id, Status: status, Refunded: refund})
}

// reserve prices an FX leg on a quote and sets aside its base capacity and
// collateral; a stale, cancelled or exhausted quote is refused.
func (k Keeper) reserve(ctx context.Context, quoteID uint64, payDenom string, leg *types.Leg) error {
	q, err := k.GetQuote(ctx, quoteID)
	if err != nil {
		return err
	}
	if q.Status != types.QUOTE_STATUS_ACTIVE || !q.Expiry.After(blockTime(ctx)) {
		return types.ErrQuoteUnavailable.Wrapf("quote %d is %s, expiry %s", q.Id, q.Status, q.Expiry)
	}
	if leg.Currency != q.Quote || leg.Denom != q.CollateralDenom {
		return types.ErrInvalidInstruction.Wrapf("quote %d pays %s in %s, the leg is %s in %s", q.Id, q.Quote, q.CollateralDenom, leg.Currency, leg.Denom)
	}
	base, err := k.GetCurrency(ctx, q.Base)
	if err != nil {
		return err
	}
	if !base.Accepts(payDenom) {
		return types.ErrInvalidInstruction.Wrapf("%s is not a %s denom", payDenom, q.Base)
	}
	quote, err := k.GetCurrency(ctx, q.Quote)
	if err != nil {
		return err
	}
	rate, mid := minorRates(q, base, quote)
	conv, err := types.Convert(leg.Amount, rate)
	if err != nil {
		return err
	}
	if conv.PayIn.GT(q.RemainingBase) || conv.Payout.GT(q.FreeCollateral) {
		return types.ErrQuoteUnavailable.Wrapf("quote %d has %s %s left, needs %s", q.Id, q.RemainingBase, q.Base, conv.PayIn)
	}
	q.RemainingBase = q.RemainingBase.Sub(conv.PayIn)
	q.FreeCollateral = q.FreeCollateral.Sub(conv.Payout)
	q.ReservedCollateral = q.ReservedCollateral.Add(conv.Payout)
	leg.Fx = &types.FxConversion{
		QuoteId: q.Id, PayDenom: payDenom, PayAmount: conv.PayIn, Payout: conv.Payout, Rate: rate, Mid: mid,
		Remainder: conv.Remainder, Spread: mid.Sub(rate).MulInt(conv.PayIn),
	}
	return k.Quotes.Set(ctx, q.Id, q)
}

// releaseReservation undoes reserve for an instruction that did not settle:
// capacity and collateral go back to an active quote, or the collateral to
// the maker of a closed one.
func (k Keeper) releaseReservation(ctx context.Context, fx *types.FxConversion) error {
	q, err := k.GetQuote(ctx, fx.QuoteId)
	if err != nil {
		return err
	}
	q.ReservedCollateral = q.ReservedCollateral.Sub(fx.Payout)
	if q.Status == types.QUOTE_STATUS_ACTIVE {
		q.RemainingBase = q.RemainingBase.Add(fx.PayAmount)
		q.FreeCollateral = q.FreeCollateral.Add(fx.Payout)
	} else {
		if err := k.refund(ctx, q.Maker, sdk.NewCoin(q.CollateralDenom, fx.Payout)); err != nil {
			return err
		}
	}
	return k.Quotes.Set(ctx, q.Id, q)
}

// consumeReservation settles an FX leg: the reserved collateral is paid out.
func (k Keeper) consumeReservation(ctx context.Context, fx *types.FxConversion) (types.Quote, error) {
	q, err := k.GetQuote(ctx, fx.QuoteId)
	if err != nil {
		return q, err
	}
	q.ReservedCollateral = q.ReservedCollateral.Sub(fx.Payout)
	return q, k.Quotes.Set(ctx, q.Id, q)
}

// ExchangeAtQuote is a spot trade on a firm quote: receiver gets exactly
// amount (quote-currency minor units, the quote's collateral denom) from
// the maker's free collateral, and payer pays the maker in payDenom (a
// base-currency denom) the ceiling of amount / bid, which it returns. The
// maker keeps the rounding remainder, as on an FX leg.
func (k Keeper) ExchangeAtQuote(ctx context.Context, quoteID uint64, payer sdk.AccAddress, payDenom string, receiver sdk.AccAddress, amount math.Int) (math.Int, error) {
	leg := types.Leg{Amount: amount}
	q, err := k.GetQuote(ctx, quoteID)
	if err != nil {
		return math.Int{}, err
	}
	leg.Currency, leg.Denom = q.Quote, q.CollateralDenom
	if err := k.reserve(ctx, quoteID, payDenom, &leg); err != nil {
		return math.Int{}, err
	}
	maker, err := k.addressCodec.StringToBytes(q.Maker)
	if err != nil {
		return math.Int{}, err
	}
	if err := k.bank.SendCoins(ctx, payer, maker, sdk.NewCoins(sdk.NewCoin(payDenom, leg.Fx.PayAmount))); err != nil {
		return math.Int{}, err
	}
	// the reservation is consumed at once: exactly amount leaves the
	// collateral, the rest of the reserved payout goes back to it
	if q, err = k.consumeReservation(ctx, leg.Fx); err != nil {
		return math.Int{}, err
	}
	q.FreeCollateral = q.FreeCollateral.Add(leg.Fx.Payout.Sub(amount))
	if err := k.Quotes.Set(ctx, q.Id, q); err != nil {
		return math.Int{}, err
	}
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, receiver, sdk.NewCoins(sdk.NewCoin(q.CollateralDenom, amount))); err != nil {
		return math.Int{}, err
	}
	payerS, err := k.addressCodec.BytesToString(payer)
	if err != nil {
		return math.Int{}, err
	}
	receiverS, err := k.addressCodec.BytesToString(receiver)
	if err != nil {
		return math.Int{}, err
	}
	return leg.Fx.PayAmount, keeperkit.Emit(ctx, &types.EventQuoteFilled{QuoteId: q.Id, Payer: payerS, PayDenom: payDenom,
		PayAmount: leg.Fx.PayAmount, Receiver: receiverS, PayoutDenom: q.CollateralDenom, Payout: amount})
}
