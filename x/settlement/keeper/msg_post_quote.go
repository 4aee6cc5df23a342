package keeper

import (
	"context"

	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// PostQuote posts a firm quote: the maker escrows enough quote currency to
// buy max_base at the bid.
func (s msgServer) PostQuote(ctx context.Context, msg *types.MsgPostQuote) (*types.MsgPostQuoteResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	params, err := s.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.k.requireRole(ctx, msg.Maker, tokenizetypes.ROLE_BANK, tokenizetypes.ROLE_MARKET_MAKER); err != nil {
		return nil, err
	}
	if !types.DeadlineWithin(msg.Expiry, blockTime(ctx), params.MaxQuoteLifetime) {
		return nil, types.ErrInvalidQuote.Wrapf("expiry must lie after the block time and within %s", params.MaxQuoteLifetime)
	}
	if sp := types.SpreadBps(msg.Bid, msg.Ask); sp.GT(math.LegacyNewDec(int64(params.MaxQuoteSpreadBps))) {
		return nil, types.ErrInvalidQuote.Wrapf("spread %s bps exceeds %d", sp, params.MaxQuoteSpreadBps)
	}
	quoteCur, err := s.k.GetCurrency(ctx, msg.Quote)
	if err != nil {
		return nil, err
	}
	baseCur, err := s.k.GetCurrency(ctx, msg.Base)
	if err != nil {
		return nil, err
	}
	if !quoteCur.Accepts(msg.CollateralDenom) {
		return nil, types.ErrInvalidQuote.Wrapf("%s is not a %s denom", msg.CollateralDenom, msg.Quote)
	}
	id, err := keeperkit.NextID(ctx, s.k.QuoteSeq)
	if err != nil {
		return nil, err
	}
	q := types.Quote{
		Id: id, Maker: msg.Maker, Base: msg.Base, Quote: msg.Quote, Bid: msg.Bid, Ask: msg.Ask,
		MaxBase: msg.MaxBase, RemainingBase: msg.MaxBase, CollateralDenom: msg.CollateralDenom,
		ReservedCollateral: math.ZeroInt(), Expiry: msg.Expiry, Status: types.QUOTE_STATUS_ACTIVE,
	}
	rate, _ := minorRates(q, baseCur, quoteCur)
	q.FreeCollateral = rate.MulInt(msg.MaxBase).Ceil().TruncateInt()
	maker, _ := s.k.addressCodec.StringToBytes(msg.Maker)
	if err := s.k.bank.SendCoinsFromAccountToModule(ctx, maker, types.ModuleName, sdk.NewCoins(sdk.NewCoin(q.CollateralDenom, q.FreeCollateral))); err != nil {
		return nil, err
	}
	if err := s.k.Quotes.Set(ctx, id, q); err != nil {
		return nil, err
	}
	if err := s.k.QuotesByPair.Set(ctx, collections.Join(pairKey(q.Base, q.Quote), id)); err != nil {
		return nil, err
	}
	if err := s.k.QuoteExpiry.Set(ctx, collections.Join(q.Expiry, id)); err != nil {
		return nil, err
	}
	return &types.MsgPostQuoteResponse{QuoteId: id, Collateral: q.FreeCollateral}, keeperkit.Emit(ctx, &types.EventQuotePosted{Quote: q})
}
