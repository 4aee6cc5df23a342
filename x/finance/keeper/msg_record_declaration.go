package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/internal/declno"
	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/finance/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// RecordDeclaration records a cleared export declaration with the value
// customs verified: the chain learns the value from customs, never from the
// exporter.
func (s msgServer) RecordDeclaration(ctx context.Context, msg *types.MsgRecordDeclaration) (*types.MsgRecordDeclarationResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	params, err := s.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.k.validateRecord(ctx, msg, params); err != nil {
		return nil, err
	}
	id, err := keeperkit.NextID(ctx, s.k.DeclarationSeq)
	if err != nil {
		return nil, err
	}
	d := types.Declaration{
		Id: id, Jurisdiction: msg.Jurisdiction, Number: msg.Number, CustomsOffice: msg.CustomsOffice, Sha256: msg.Sha256,
		Exporter: msg.Exporter, Customs: msg.Customs, Value: msg.Value, Currency: msg.Currency,
		Financed: math.ZeroInt(), Closed: math.ZeroInt(), RecordedHeight: blockHeight(ctx), RecordedAt: blockTime(ctx),
	}
	for _, l := range msg.Lots {
		d.Lots = append(d.Lots, types.DeclaredLot{LotId: l.LotId, Units: l.Units, Sold: math.ZeroInt()})
	}
	if err := s.k.setNewDeclaration(ctx, d); err != nil {
		return nil, err
	}
	return &types.MsgRecordDeclarationResponse{DeclarationId: id}, keeperkit.Emit(ctx, &types.EventDeclarationRecorded{Declaration: d})
}

// validateRecord: the signer is the active CUSTOMS of the jurisdiction, the
// number is that jurisdiction's format at the block time and not recorded
// yet, the exporter is an active EXPORTER there and issued every declared
// lot, each lot is live with at least the declared units, and the currency
// is registered.
func (k Keeper) validateRecord(ctx context.Context, msg *types.MsgRecordDeclaration, params types.Params) error {
	customs, err := k.tokenize.ActiveParticipant(ctx, msg.Customs)
	if err != nil {
		return err
	}
	if !customs.HasRole(tokenizetypes.ROLE_CUSTOMS, msg.Jurisdiction) {
		return types.ErrNotCustoms.Wrapf("%s is not CUSTOMS of %s", msg.Customs, msg.Jurisdiction)
	}
	if err := declno.Check(declno.Number{Jurisdiction: msg.Jurisdiction, Number: msg.Number, Office: msg.CustomsOffice}, blockTime(ctx)); err != nil {
		return types.ErrInvalidDeclaration.Wrap(err.Error())
	}
	if ok, err := k.DeclarationByNumber.Has(ctx, types.NumberKey(msg.Jurisdiction, msg.Number)); err != nil {
		return err
	} else if ok {
		return types.ErrDeclarationExists.Wrapf("%s declaration %s", msg.Jurisdiction, msg.Number)
	}
	exporter, err := k.tokenize.ActiveParticipant(ctx, msg.Exporter)
	if err != nil {
		return err
	}
	if !exporter.HasRole(tokenizetypes.ROLE_EXPORTER, msg.Jurisdiction) {
		return types.ErrRoleNotHeld.Wrapf("exporter %s is not an EXPORTER of %s", msg.Exporter, msg.Jurisdiction)
	}
	if len(msg.Lots) > int(params.MaxLots) {
		return types.ErrInvalidDeclaration.Wrapf("a declaration links at most %d lots", params.MaxLots)
	}
	for _, l := range msg.Lots {
		lot, err := k.tokenize.GetLot(ctx, l.LotId)
		if err != nil {
			return err
		}
		if other, ok, err := k.declarationOf(ctx, l.LotId); err != nil {
			return err
		} else if ok {
			return types.ErrDeclarationExists.Wrapf("lot %d is declared by declaration %d already: one export declaration finances a lot", l.LotId, other)
		}
		switch {
		case !lot.IsLive():
			return types.ErrInvalidDeclaration.Wrapf("lot %d is %s", lot.Id, lot.Status)
		case lot.Issuer != msg.Exporter:
			return types.ErrInvalidDeclaration.Wrapf("lot %d was not issued by the exporter", lot.Id)
		case l.Units.GT(lot.Quantity):
			return types.ErrInvalidDeclaration.Wrapf("lot %d has %s units, the declaration lists %s", lot.Id, lot.Quantity, l.Units)
		}
	}
	_, err = k.settlement.GetCurrency(ctx, msg.Currency)
	return err
}

// declarationOf is the declaration that declares a lot, if any.
func (k Keeper) declarationOf(ctx context.Context, lot uint64) (uint64, bool, error) {
	id, ok := uint64(0), false
	err := k.DeclarationsByLot.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint64](lot), func(key collections.Pair[uint64, uint64]) (bool, error) {
		id, ok = key.K2(), true
		return true, nil
	})
	return id, ok, err
}
