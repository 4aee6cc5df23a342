package keeper

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// GetLot returns a lot.
func (k Keeper) GetLot(ctx context.Context, id uint64) (types.Lot, error) {
	l, err := k.Lots.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return l, types.ErrLotNotFound.Wrapf("lot %d", id)
	}
	return l, err
}

func (k Keeper) liveLot(ctx context.Context, id uint64) (types.Lot, error) {
	l, err := k.GetLot(ctx, id)
	if err == nil && !l.IsLive() {
		err = types.ErrLotNotLive.Wrapf("lot %d is %s", id, l.Status)
	}
	return l, err
}

// saveLot stores the lot with status `to`, recording and announcing a change.
func (k Keeper) saveLot(ctx context.Context, lot types.Lot, to types.LotStatus, cause string) error {
	from := lot.Status
	lot.Status = to
	if err := k.Lots.Set(ctx, lot.Id, lot); err != nil {
		return err
	}
	if from == to {
		return nil
	}
	id, err := keeperkit.NextID(ctx, k.StatusChangeSeq)
	if err != nil {
		return err
	}
	ch := types.StatusChange{Id: id, LotId: lot.Id, From: from, To: to, Cause: cause, Height: height(ctx)}
	if err := k.StatusChanges.Set(ctx, collections.Join(lot.Id, id), ch); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventLotStatusChanged{Change: ch})
}

// lotMetadata is the bank metadata of lot/{id}: base unit and display unit.
func lotMetadata(lot types.Lot, class types.CommodityClass) banktypes.Metadata {
	base := types.LotDenom(lot.Id)
	md := banktypes.Metadata{
		Description: fmt.Sprintf("%s lot %d from %s, %s", class.Code, lot.Id, lot.Origin.Country, lot.Origin.Place),
		DenomUnits:  []*banktypes.DenomUnit{{Denom: base, Exponent: 0, Aliases: []string{class.BaseUnit}}},
		Base:        base, Display: base,
		Name:   fmt.Sprintf("%s lot %d", class.Code, lot.Id),
		Symbol: fmt.Sprintf("%s-%d", class.Code, lot.Id),
	}
	if class.DisplayExponent > 0 {
		md.Display = base + "/" + class.DisplayUnit
		md.DenomUnits = append(md.DenomUnits, &banktypes.DenomUnit{Denom: md.Display, Exponent: class.DisplayExponent})
	}
	return md
}

// mintLot creates a lot's units for holder and registers their metadata.
func (k Keeper) mintLot(ctx context.Context, lot types.Lot, holder sdk.AccAddress) error {
	class, err := k.GetClass(ctx, lot.ClassCode)
	if err != nil {
		return err
	}
	coins := sdk.NewCoins(sdk.NewCoin(types.LotDenom(lot.Id), lot.Quantity))
	if err := k.bank.MintCoins(ctx, types.ModuleName, coins); err != nil {
		return err
	}
	k.bank.SetDenomMetaData(ctx, lotMetadata(lot, class))
	return k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, holder, coins)
}

// burn takes coins from holder and destroys them.
func (k Keeper) burn(ctx context.Context, holder sdk.AccAddress, coins sdk.Coins) error {
	if err := k.bank.SendCoinsFromAccountToModule(ctx, holder, types.ModuleName, coins); err != nil {
		return err
	}
	return k.bank.BurnCoins(ctx, types.ModuleName, coins)
}

// RegisterLot tokenizes a shipment.
func (s msgServer) RegisterLot(ctx context.Context, msg *types.MsgRegisterLot) (*types.MsgRegisterLotResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	params, err := s.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	if err := validateLotBounds(params, msg.QualitySpecs, msg.Documents); err != nil {
		return nil, err
	}
	p, err := s.k.ActiveParticipant(ctx, msg.Exporter)
	if err != nil {
		return nil, err
	}
	if !p.HasRole(types.ROLE_EXPORTER, msg.Origin.Country) {
		return nil, types.ErrRoleNotHeld.Wrapf("registering a lot from %s needs EXPORTER in %s", msg.Origin.Country, msg.Origin.Country)
	}
	if _, err := s.k.GetClass(ctx, msg.ClassCode); err != nil {
		return nil, err
	}
	id, err := keeperkit.NextID(ctx, s.k.LotSeq)
	if err != nil {
		return nil, err
	}
	lot := types.Lot{
		Id: id, ClassCode: msg.ClassCode, Issuer: msg.Exporter, Quantity: msg.Quantity, RegisteredQuantity: msg.Quantity,
		QualitySpecs: msg.QualitySpecs, Origin: msg.Origin, DestinationCountry: msg.DestinationCountry,
		Location: msg.Location, Documents: msg.Documents, CreatedHeight: height(ctx),
	}
	if err := s.k.saveLot(ctx, lot, types.LOT_STATUS_REGISTERED, "register"); err != nil {
		return nil, err
	}
	exporter, _ := s.k.addressCodec.StringToBytes(msg.Exporter)
	if err := s.k.mintLot(ctx, lot, exporter); err != nil {
		return nil, err
	}
	denom := types.LotDenom(id)
	return &types.MsgRegisterLotResponse{LotId: id, Denom: denom}, keeperkit.Emit(ctx, &types.EventLotRegistered{
		LotId: id, Denom: denom, ClassCode: lot.ClassCode, Issuer: lot.Issuer, Quantity: lot.Quantity,
	})
}

// soleHolder checks that holder may act on the lot as a whole.
func (k Keeper) soleHolder(ctx context.Context, lot types.Lot, holder sdk.AccAddress) error {
	if err := k.CheckLotMovable(ctx, lot.Id); err != nil {
		return err
	}
	return validateSoleHolder(lot, k.bank.GetBalance(ctx, holder, types.LotDenom(lot.Id)).Amount)
}

// supersede burns a lot's units and links it to its successors.
func (k Keeper) supersede(ctx context.Context, lot types.Lot, holder sdk.AccAddress, children []uint64, cause string) error {
	if err := k.burn(ctx, holder, sdk.NewCoins(sdk.NewCoin(types.LotDenom(lot.Id), lot.Quantity))); err != nil {
		return err
	}
	lot.Quantity = math.ZeroInt()
	lot.Children = children
	return k.saveLot(ctx, lot, types.LOT_STATUS_SUPERSEDED, cause)
}

// createChild stores and mints a lot made from parents.
func (k Keeper) createChild(ctx context.Context, lot types.Lot, holder sdk.AccAddress, cause string) error {
	lot.Status = types.LOT_STATUS_UNSPECIFIED
	if err := k.saveLot(ctx, lot, types.DeriveStatus(lot.Results), cause); err != nil {
		return err
	}
	return k.mintLot(ctx, lot, holder)
}

// SplitLot splits a lot into children with conserved quantity.
func (s msgServer) SplitLot(ctx context.Context, msg *types.MsgSplitLot) (*types.MsgSplitLotResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if _, err := s.k.ActiveParticipant(ctx, msg.Holder); err != nil {
		return nil, err
	}
	params, err := s.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	lot, err := s.k.liveLot(ctx, msg.LotId)
	if err != nil {
		return nil, err
	}
	holder, _ := s.k.addressCodec.StringToBytes(msg.Holder)
	if err := validateSplit(params, lot, msg.Quantities); err != nil {
		return nil, err
	}
	if err := s.k.soleHolder(ctx, lot, holder); err != nil {
		return nil, err
	}
	ids := make([]uint64, len(msg.Quantities))
	for i := range ids {
		if ids[i], err = keeperkit.NextID(ctx, s.k.LotSeq); err != nil {
			return nil, err
		}
	}
	if err := s.k.supersede(ctx, lot, holder, ids, "split"); err != nil {
		return nil, err
	}
	for i, q := range msg.Quantities {
		child := lot
		child.Id, child.Quantity, child.RegisteredQuantity = ids[i], q, q
		child.Parents, child.Children, child.CreatedHeight = []uint64{lot.Id}, nil, height(ctx)
		child.Results = make([]types.KindResult, len(lot.Results))
		for j, r := range lot.Results {
			r.InheritedFrom = lot.Id
			child.Results[j] = r
		}
		if err := s.k.createChild(ctx, child, holder, fmt.Sprintf("split/%d", lot.Id)); err != nil {
			return nil, err
		}
	}
	return &types.MsgSplitLotResponse{LotIds: ids}, keeperkit.Emit(ctx, &types.EventLotSplit{LotId: lot.Id, Children: ids, Holder: msg.Holder})
}

// MergeLots merges lots of one class and route into one lot.
func (s msgServer) MergeLots(ctx context.Context, msg *types.MsgMergeLots) (*types.MsgMergeLotsResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if _, err := s.k.ActiveParticipant(ctx, msg.Holder); err != nil {
		return nil, err
	}
	params, err := s.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	holder, _ := s.k.addressCodec.StringToBytes(msg.Holder)
	lots := make([]types.Lot, len(msg.LotIds))
	total := math.ZeroInt()
	for i, id := range msg.LotIds {
		if lots[i], err = s.k.liveLot(ctx, id); err != nil {
			return nil, err
		}
		if err := s.k.soleHolder(ctx, lots[i], holder); err != nil {
			return nil, err
		}
		total = total.Add(lots[i].Quantity)
	}
	if err := validateMerge(params, lots, msg.QualitySpecs); err != nil {
		return nil, err
	}
	id, err := keeperkit.NextID(ctx, s.k.LotSeq)
	if err != nil {
		return nil, err
	}
	merged := types.Lot{
		Id: id, ClassCode: lots[0].ClassCode, Issuer: lots[0].Issuer, Quantity: total, RegisteredQuantity: total,
		QualitySpecs: msg.QualitySpecs, Origin: lots[0].Origin, DestinationCountry: lots[0].DestinationCountry,
		Location: msg.Location, Documents: mergedDocuments(lots), Parents: msg.LotIds,
		Results: mergedResults(lots), CreatedHeight: height(ctx),
	}
	if len(merged.QualitySpecs) == 0 {
		merged.QualitySpecs = lots[0].QualitySpecs
	}
	if merged.Location == "" {
		merged.Location = lots[0].Location
	}
	for _, l := range lots[1:] {
		if l.Issuer != merged.Issuer {
			merged.Issuer = msg.Holder
		}
	}
	for _, l := range lots {
		if err := s.k.supersede(ctx, l, holder, []uint64{id}, "merge"); err != nil {
			return nil, err
		}
	}
	ref := make([]string, len(msg.LotIds))
	for i, p := range msg.LotIds {
		ref[i] = fmt.Sprint(p)
	}
	if err := s.k.createChild(ctx, merged, holder, "merge/"+strings.Join(ref, ",")); err != nil {
		return nil, err
	}
	return &types.MsgMergeLotsResponse{LotId: id}, keeperkit.Emit(ctx, &types.EventLotsMerged{Parents: msg.LotIds, LotId: id, Holder: msg.Holder})
}

// Redeem burns units on physical delivery; a lot with no units left is closed.
func (s msgServer) Redeem(ctx context.Context, msg *types.MsgRedeem) (*types.MsgRedeemResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if _, err := s.k.ActiveParticipant(ctx, msg.Holder); err != nil {
		return nil, err
	}
	lot, err := s.k.liveLot(ctx, msg.LotId)
	if err != nil {
		return nil, err
	}
	if !lot.Accepted(types.ATTESTATION_KIND_ARRIVAL) {
		return nil, types.ErrNotArrived.Wrapf("lot %d is %s", lot.Id, lot.Status)
	}
	if err := s.k.CheckLotMovable(ctx, lot.Id); err != nil {
		return nil, err
	}
	holder, _ := s.k.addressCodec.StringToBytes(msg.Holder)
	denom := types.LotDenom(lot.Id)
	if bal := s.k.bank.GetBalance(ctx, holder, denom); bal.Amount.LT(msg.Amount) {
		return nil, types.ErrInvalidAmount.Wrapf("holder has %s, asked to redeem %s", bal.Amount, msg.Amount)
	}
	if err := s.k.burn(ctx, holder, sdk.NewCoins(sdk.NewCoin(denom, msg.Amount))); err != nil {
		return nil, err
	}
	lot.Quantity = lot.Quantity.Sub(msg.Amount)
	to := lot.Status
	if lot.Quantity.IsZero() {
		to = types.LOT_STATUS_CLOSED
	}
	if err := s.k.saveLot(ctx, lot, to, "redeem"); err != nil {
		return nil, err
	}
	return &types.MsgRedeemResponse{Remaining: lot.Quantity}, keeperkit.Emit(ctx, &types.EventLotRedeemed{
		LotId: lot.Id, Holder: msg.Holder, Amount: msg.Amount, Remaining: lot.Quantity,
	})
}
