package keeper

import (
	"context"
	"fmt"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/finance/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// ApproveFinancing, in one transaction: pledges the collateral to the bank,
// reserves the declaration's balance and pays the principal to the exporter.
func (s msgServer) ApproveFinancing(ctx context.Context, msg *types.MsgApproveFinancing) (*types.MsgApproveFinancingResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	params, err := s.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	a, err := s.k.pendingApplication(ctx, msg.ApplicationId, msg.Bank)
	if err != nil {
		return nil, err
	}
	d, err := s.k.GetDeclaration(ctx, a.DeclarationId)
	if err != nil {
		return nil, err
	}
	counted, err := s.k.validateApprove(ctx, msg, a, d, params)
	if err != nil {
		return nil, err
	}
	id, err := keeperkit.NextID(ctx, s.k.LoanSeq)
	if err != nil {
		return nil, err
	}
	pledge, err := s.k.tokenize.OpenManagedPledge(ctx, types.ModuleName, a.Borrower, a.Bank,
		sdk.NewCoin(a.CollateralDenom, a.CollateralAmount), fmt.Sprintf("finance loan %d", id))
	if err != nil {
		return nil, types.ErrCollateralUnavailable.Wrap(err.Error())
	}
	if err := s.k.bank.SendCoins(ctx, s.k.addr(a.Bank), s.k.addr(a.Borrower), sdk.NewCoins(sdk.NewCoin(msg.Denom, msg.Principal))); err != nil {
		return nil, err
	}
	now := blockTime(ctx)
	l := types.Loan{
		Id: id, DeclarationId: d.Id, ApplicationId: a.Id, Borrower: a.Borrower, Lender: a.Bank, Currency: a.Currency,
		Denom: msg.Denom, Principal: msg.Principal, Outstanding: msg.Principal, Accrued: math.ZeroInt(), AccruedTo: now,
		RateBps: msg.RateBps, DisbursedAt: now, Maturity: msg.Maturity, Counted: counted, QuoteId: msg.FxQuoteId,
		PledgeId: pledge, CollateralDenom: a.CollateralDenom, CollateralAmount: a.CollateralAmount,
		Status: types.LOAN_STATUS_ACTIVE, RepaidPrincipal: math.ZeroInt(), RepaidInterest: math.ZeroInt(),
	}
	if err := s.k.setNewLoan(ctx, l); err != nil {
		return nil, err
	}
	d.Financed = d.Financed.Add(counted)
	if err := s.k.Declarations.Set(ctx, d.Id, d); err != nil {
		return nil, err
	}
	a.Status, a.LoanId, a.ClosedHeight = types.APPLICATION_STATUS_APPROVED, id, blockHeight(ctx)
	if err := s.k.Applications.Set(ctx, a.Id, a); err != nil {
		return nil, err
	}
	return &types.MsgApproveFinancingResponse{LoanId: id},
		keeperkit.Emit(ctx, &types.EventFinancingApproved{ApplicationId: a.Id, Loan: l, Remaining: d.Remaining()})
}

// pendingApplication loads a pending application addressed to bank, an
// active BANK.
func (k Keeper) pendingApplication(ctx context.Context, id uint64, bank string) (types.Application, error) {
	a, err := k.GetApplication(ctx, id)
	if err != nil {
		return a, err
	}
	if a.Bank != bank {
		return a, types.ErrNotBank.Wrapf("application %d is addressed to %s", id, a.Bank)
	}
	if a.Status != types.APPLICATION_STATUS_PENDING {
		return a, types.ErrApplicationNotOpen.Wrapf("application %d is %s", id, a.Status)
	}
	return a, k.activeBank(ctx, bank)
}

// validateApprove checks the terms and the state the loan rests on, and
// returns what the loan counts against the declaration: the declaration is
// cleared on chain with its hash, the principal (counted in its currency)
// fits its headroom, the collateral units are the borrower's to pledge and
// not held, and the bank can pay the principal out.
func (k Keeper) validateApprove(ctx context.Context, msg *types.MsgApproveFinancing, a types.Application, d types.Declaration, params types.Params) (math.Int, error) {
	// the bank approves what was asked, on terms no worse for the exporter:
	// the principal asked (all the collateral backs it), at most the rate it
	// accepts, for at least the tenor it asked
	now := blockTime(ctx)
	earliest, latest := now.Add(a.Tenor), now.Add(params.MaxTenor)
	switch {
	case !msg.Principal.Equal(a.Amount):
		return math.Int{}, types.ErrInvalidTerms.Wrapf("principal %s is not the %s asked: reject, and the exporter may apply again", msg.Principal, a.Amount)
	case msg.RateBps > params.MaxRateBps || msg.RateBps > a.MaxRateBps:
		return math.Int{}, types.ErrInvalidTerms.Wrapf("rate_bps must be at most %d (the exporter's limit, within max_rate_bps %d)", a.MaxRateBps, params.MaxRateBps)
	case msg.Maturity.Before(earliest) || msg.Maturity.After(latest):
		return math.Int{}, types.ErrInvalidTerms.Wrapf("maturity must lie between %s (the tenor asked) and %s (max_tenor)",
			earliest.UTC().Format(time.RFC3339), latest.UTC().Format(time.RFC3339))
	}
	c, err := k.settlement.GetCurrency(ctx, a.Currency)
	if err != nil {
		return math.Int{}, err
	}
	if !c.Accepts(msg.Denom) {
		return math.Int{}, types.ErrCurrencyMismatch.Wrapf("%s is not a %s denom", msg.Denom, a.Currency)
	}
	if ok, why, err := k.Cleared(ctx, d); err != nil {
		return math.Int{}, err
	} else if !ok {
		return math.Int{}, types.ErrNotCleared.Wrapf("declaration %d: %s", d.Id, why)
	}
	counted, err := k.count(ctx, msg.FxQuoteId, a.Currency, d.Currency, msg.Principal, a.Borrower, a.Bank)
	if err != nil {
		return math.Int{}, err
	}
	if h := d.Headroom(params.MaxAdvanceRateBps); counted.GT(h) {
		return math.Int{}, balanceShort(d, h, counted)
	}
	lot, _ := tokenizetypes.ParseLotDenom(a.CollateralDenom)
	if most := d.CollateralCap(lot, a.CollateralAmount, params.MaxAdvanceRateBps); counted.GT(most) {
		return math.Int{}, types.ErrCollateralUnavailable.Wrapf("%s units of lot %d are worth %s %s of the declaration at the advance rate; the loan counts %s: pledge more units",
			a.CollateralAmount, lot, most, d.Currency, counted)
	}
	if err := k.tokenize.CheckLotMovable(ctx, lot); err != nil {
		return math.Int{}, types.ErrCollateralUnavailable.Wrap(err.Error())
	}
	if held := k.bank.SpendableCoin(ctx, k.addr(a.Borrower), a.CollateralDenom); held.Amount.LT(a.CollateralAmount) {
		return math.Int{}, types.ErrCollateralUnavailable.Wrapf("the borrower holds %s free units of %s (pledged or escrowed units do not count), the collateral is %s", held.Amount, a.CollateralDenom, a.CollateralAmount)
	}
	if cash := k.bank.SpendableCoin(ctx, k.addr(a.Bank), msg.Denom); cash.Amount.LT(msg.Principal) {
		return math.Int{}, types.ErrInvalidTerms.Wrapf("the bank holds %s %s, the principal is %s", cash.Amount, msg.Denom, msg.Principal)
	}
	return counted, nil
}
