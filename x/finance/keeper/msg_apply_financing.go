package keeper

import (
	"context"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/finance/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// ApplyFinancing records an exporter's application to one bank.
func (s msgServer) ApplyFinancing(ctx context.Context, msg *types.MsgApplyFinancing) (*types.MsgApplyFinancingResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	params, err := s.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	d, err := s.k.GetDeclaration(ctx, msg.DeclarationId)
	if err != nil {
		return nil, err
	}
	if err := s.k.validateApply(ctx, msg, d, params); err != nil {
		return nil, err
	}
	id, err := keeperkit.NextID(ctx, s.k.ApplicationSeq)
	if err != nil {
		return nil, err
	}
	a := types.Application{
		Id: id, DeclarationId: d.Id, Borrower: msg.Borrower, Bank: msg.Bank, Amount: msg.Amount, Currency: msg.Currency,
		CollateralDenom: msg.CollateralDenom(), CollateralAmount: msg.Collateral.Units, Tenor: msg.Tenor,
		Status: types.APPLICATION_STATUS_PENDING, Note: msg.Note, CreatedHeight: blockHeight(ctx), MaxRateBps: msg.MaxRateBps,
	}
	if err := s.k.setNewApplication(ctx, a); err != nil {
		return nil, err
	}
	return &types.MsgApplyFinancingResponse{ApplicationId: id}, keeperkit.Emit(ctx, &types.EventFinancingApplied{Application: a})
}

// validateApply: the borrower is the declaration's active exporter, the bank
// an active BANK of any jurisdiction, the currency registered, the collateral
// units of a declared lot not yet sold, the tenor and note within the params,
// and the declaration has headroom left (in its own currency, for the
// amount asked).
func (k Keeper) validateApply(ctx context.Context, msg *types.MsgApplyFinancing, d types.Declaration, params types.Params) error {
	if msg.Borrower != d.Exporter {
		return types.ErrNotBorrower.Wrapf("declaration %d is %s's", d.Id, d.Exporter)
	}
	if _, err := k.tokenize.ActiveParticipant(ctx, msg.Borrower); err != nil {
		return err
	}
	if err := k.activeBank(ctx, msg.Bank); err != nil {
		return err
	}
	if _, err := k.settlement.GetCurrency(ctx, msg.Currency); err != nil {
		return err
	}
	h := d.Headroom(params.MaxAdvanceRateBps)
	if h.IsZero() || (msg.Currency == d.Currency && msg.Amount.GT(h)) {
		return balanceShort(d, h, msg.Amount)
	}
	i := d.Lot(msg.Collateral.LotId)
	if i < 0 {
		return types.ErrInvalidApplication.Wrapf("lot %d is not one of declaration %d's lots", msg.Collateral.LotId, d.Id)
	}
	if left := d.Lots[i].Units.Sub(d.Lots[i].Sold); msg.Collateral.Units.GT(left) {
		return types.ErrInvalidApplication.Wrapf("declaration %d covers %s unsold units of lot %d, the collateral offers %s", d.Id, left, msg.Collateral.LotId, msg.Collateral.Units)
	}
	if msg.Tenor > params.MaxTenor {
		return types.ErrInvalidApplication.Wrapf("tenor must be at most %s", params.MaxTenor)
	}
	if len(msg.Note) > int(params.MaxNoteLength) {
		return types.ErrInvalidApplication.Wrapf("note must be at most %d bytes", params.MaxNoteLength)
	}
	return nil
}

// activeBank checks that addr is an active participant holding BANK.
func (k Keeper) activeBank(ctx context.Context, addr string) error {
	p, err := k.tokenize.ActiveParticipant(ctx, addr)
	if err != nil {
		return err
	}
	if !p.HasAnyJurisdiction(tokenizetypes.ROLE_BANK) {
		return types.ErrRoleNotHeld.Wrapf("%s is not a BANK", addr)
	}
	return nil
}

// WithdrawApplication lets the exporter take back a pending application.
func (s msgServer) WithdrawApplication(ctx context.Context, msg *types.MsgWithdrawApplication) (*types.MsgWithdrawApplicationResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	a, err := s.k.GetApplication(ctx, msg.ApplicationId)
	if err != nil {
		return nil, err
	}
	if a.Borrower != msg.Borrower {
		return nil, types.ErrNotBorrower.Wrapf("application %d is %s's", a.Id, a.Borrower)
	}
	if a.Status != types.APPLICATION_STATUS_PENDING {
		return nil, types.ErrApplicationNotOpen.Wrapf("application %d is %s", a.Id, a.Status)
	}
	a.Status, a.ClosedHeight = types.APPLICATION_STATUS_WITHDRAWN, blockHeight(ctx)
	if err := s.k.Applications.Set(ctx, a.Id, a); err != nil {
		return nil, err
	}
	return &types.MsgWithdrawApplicationResponse{}, keeperkit.Emit(ctx, &types.EventApplicationWithdrawn{ApplicationId: a.Id, Borrower: a.Borrower})
}
