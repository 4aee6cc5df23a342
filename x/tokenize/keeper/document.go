package keeper

import (
	"context"
	"slices"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// AnchorDocument adds a document hash to a live lot: the issuer anchors
// what it filed off chain (the customs declaration the gateway stores, a
// later certificate), so that anyone holding the document can prove it is
// the one the lot refers to.
func (s msgServer) AnchorDocument(ctx context.Context, msg *types.MsgAnchorDocument) (*types.MsgAnchorDocumentResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if _, err := s.k.ActiveParticipant(ctx, msg.Issuer); err != nil {
		return nil, err
	}
	lot, err := s.k.liveLot(ctx, msg.LotId)
	if err != nil {
		return nil, err
	}
	params, err := s.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	if err := validateAnchor(params, lot, msg); err != nil {
		return nil, err
	}
	lot.Documents = append(lot.Documents, msg.Document)
	if err := s.k.Lots.Set(ctx, lot.Id, lot); err != nil {
		return nil, err
	}
	return &types.MsgAnchorDocumentResponse{Documents: uint32(len(lot.Documents))}, keeperkit.Emit(ctx, &types.EventDocumentAnchored{
		LotId: lot.Id, Issuer: msg.Issuer, Document: msg.Document,
	})
}

// validateAnchor: the issuer only, a hash not yet on the lot, within the
// document bound.
func validateAnchor(p types.Params, lot types.Lot, msg *types.MsgAnchorDocument) error {
	if lot.Issuer != msg.Issuer {
		return types.ErrNotIssuer.Wrapf("lot %d was issued by %s", lot.Id, lot.Issuer)
	}
	if slices.ContainsFunc(lot.Documents, func(d types.Document) bool { return d.Sha256 == msg.Document.Sha256 }) {
		return types.ErrDuplicateDocument.Wrapf("lot %d already carries %s", lot.Id, msg.Document.Sha256)
	}
	if len(lot.Documents) >= int(p.MaxDocuments) {
		return types.ErrInvalidLot.Wrapf("lot %d already carries the maximum of %d documents", lot.Id, p.MaxDocuments)
	}
	return nil
}
