package keeper

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/finance/types"
)

// Refinance is financing substitution: a second bank pays the old lender
// everything due (principal and interest) and takes the pledge over, in one
// transaction. The new loan's principal is that payoff — in the old loan's
// currency, or bought with the new bank's currency at a firm x/settlement
// quote — and it counts against the declaration exactly what the old loan
// counted: the declaration's financed amount does not change (no double
// count, no gap).
func (s msgServer) Refinance(ctx context.Context, msg *types.MsgRefinance) (*types.MsgRefinanceResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	params, err := s.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	old, err := s.k.liveLoan(ctx, msg.LoanId)
	if err != nil {
		return nil, err
	}
	newCcy, err := s.k.validateRefinance(ctx, msg, old, params)
	if err != nil {
		return nil, err
	}
	now := blockTime(ctx)
	counted := old.Counted
	_, payoff := old.Due(now)
	principal := payoff
	if newCcy == old.Currency {
		if err := s.k.bank.SendCoins(ctx, s.k.addr(msg.Bank), s.k.addr(old.Lender), sdk.NewCoins(sdk.NewCoin(msg.Denom, payoff))); err != nil {
			return nil, err
		}
	} else if principal, err = s.k.settlement.ExchangeAtQuote(ctx, msg.FxQuoteId, s.k.addr(msg.Bank), msg.Denom, s.k.addr(old.Lender), payoff); err != nil {
		return nil, err
	}
	id, err := keeperkit.NextID(ctx, s.k.LoanSeq)
	if err != nil {
		return nil, err
	}
	old.Pay(now, payoff)
	old.Counted, old.Status, old.RefinancedBy, old.ClosedHeight = math.ZeroInt(), types.LOAN_STATUS_REFINANCED, id, blockHeight(ctx)
	if err := s.k.Loans.Set(ctx, old.Id, old); err != nil {
		return nil, err
	}
	if err := s.k.tokenize.ReassignManagedPledge(ctx, types.ModuleName, old.PledgeId, msg.Bank); err != nil {
		return nil, err
	}
	l := types.Loan{
		Id: id, DeclarationId: old.DeclarationId, ApplicationId: old.ApplicationId, Borrower: old.Borrower, Lender: msg.Bank,
		Currency: newCcy, Denom: msg.Denom, Principal: principal, Outstanding: principal, Accrued: math.ZeroInt(), AccruedTo: now,
		RateBps: msg.RateBps, DisbursedAt: now, Maturity: msg.Maturity, Counted: counted, QuoteId: msg.FxQuoteId,
		PledgeId: old.PledgeId, CollateralDenom: old.CollateralDenom, CollateralAmount: old.CollateralAmount,
		Status: types.LOAN_STATUS_ACTIVE, Refinances: old.Id, RepaidPrincipal: math.ZeroInt(), RepaidInterest: math.ZeroInt(),
	}
	if err := s.k.setNewLoan(ctx, l); err != nil {
		return nil, err
	}
	return &types.MsgRefinanceResponse{LoanId: id},
		keeperkit.Emit(ctx, &types.EventLoanRefinanced{OldLoanId: old.Id, NewLoan: l, PayoffDenom: old.Denom, Payoff: payoff})
}

// validateRefinance: the new bank is an active BANK other than the lender,
// the terms are within the params, and the new denom is the old loan's
// currency or bought through a firm quote whose base is the new currency and
// whose quoted currency (and collateral denom) is the old loan's. It returns
// the new loan's currency.
func (k Keeper) validateRefinance(ctx context.Context, msg *types.MsgRefinance, old types.Loan, params types.Params) (string, error) {
	if msg.Borrower != old.Borrower {
		return "", types.ErrNotBorrower.Wrapf("loan %d is %s's: the borrower co-signs its refinancing", old.Id, old.Borrower)
	}
	if msg.Bank == old.Lender {
		return "", types.ErrInvalidTerms.Wrap("the lender cannot refinance its own loan: agree new terms off chain and repay")
	}
	if err := k.activeBank(ctx, msg.Bank); err != nil {
		return "", err
	}
	now := blockTime(ctx)
	switch {
	case msg.RateBps > params.MaxRateBps:
		return "", types.ErrInvalidTerms.Wrapf("rate_bps must be at most %d", params.MaxRateBps)
	case !msg.Maturity.After(now) || msg.Maturity.After(now.Add(params.MaxTenor)):
		return "", types.ErrInvalidTerms.Wrapf("maturity must lie after the block time and within max_tenor %s", params.MaxTenor)
	}
	c, ok, err := k.settlement.CurrencyOf(ctx, msg.Denom)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", types.ErrCurrencyMismatch.Wrapf("%s is not an accepted currency denom", msg.Denom)
	}
	if c.Code == old.Currency {
		if msg.FxQuoteId != 0 || msg.Denom != old.Denom {
			return "", types.ErrInvalidTerms.Wrapf("a refinancing in the loan's own currency pays it off in its denom %s, without a quote", old.Denom)
		}
		return c.Code, nil
	}
	if msg.FxQuoteId == 0 {
		return "", types.ErrCurrencyMismatch.Wrapf("refinancing a %s loan in %s needs a firm quote (fx_quote_id)", old.Currency, c.Code)
	}
	q, err := k.independentQuote(ctx, msg.FxQuoteId, old.Borrower, old.Lender, msg.Bank)
	if err != nil {
		return "", err
	}
	if q.Base != c.Code || q.Quote != old.Currency || q.CollateralDenom != old.Denom {
		return "", types.ErrCurrencyMismatch.Wrapf("quote %d pays %s in %s for %s; the payoff is %s in %s, bought with %s",
			q.Id, q.Quote, q.CollateralDenom, q.Base, old.Currency, old.Denom, c.Code)
	}
	return c.Code, nil
}
