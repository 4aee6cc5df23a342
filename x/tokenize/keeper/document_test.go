package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

func TestAnchorDocument(t *testing.T) {
	decl := types.Document{Kind: "customs_declaration", Sha256: docHash("declaration-1"), Uri: "http://127.0.0.1:8080/v1/declarations/d1"}
	anchor := func(f *fixture, id uint64, doc types.Document) *types.MsgAnchorDocument {
		return &types.MsgAnchorDocument{Issuer: addr(f.exporter), LotId: id, Document: doc}
	}
	runCases(t, []msgCase{
		{name: "success: the issuer anchors a declaration hash", setup: func(f *fixture) sdk.Msg {
			return anchor(f, f.registerLot(1000), decl)
		}, check: func(t *testing.T, f *fixture, res *sdk.Result) {
			hasEvent(t, res, &types.EventDocumentAnchored{})
			docs := f.lot(1).Documents
			require.Len(t, docs, 2)
			require.Equal(t, decl, docs[1])
		}},
		{name: "success: the issuer anchors after selling part of the lot", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(1000)
			f.advance(id, inspection, customsExport)
			require.NoError(t, f.send(f.exporter, f.importer, sdk.NewCoin(types.LotDenom(id), math.NewInt(10))))
			return anchor(f, id, decl)
		}},
		{name: "failure: not the issuer", setup: func(f *fixture) sdk.Msg {
			m := anchor(f, f.registerLot(1000), decl)
			m.Issuer = addr(f.importer)
			return m
		}, err: types.ErrNotIssuer},
		{name: "failure: not a participant", setup: func(f *fixture) sdk.Msg {
			m := anchor(f, f.registerLot(1000), decl)
			m.Issuer = addr(f.outsider)
			return m
		}, err: types.ErrParticipantNotFound},
		{name: "failure: the same hash twice", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(1000)
			f.mustDeliver(anchor(f, id, decl))
			again := decl
			again.Kind = "smgs"
			return anchor(f, id, again)
		}, err: types.ErrDuplicateDocument},
		{name: "failure: unknown lot", setup: func(f *fixture) sdk.Msg {
			return anchor(f, 9, decl)
		}, err: types.ErrLotNotFound},
		{name: "failure: closed lot", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(1000)
			f.advance(id, fullRoute...)
			f.mustDeliver(&types.MsgRedeem{Holder: addr(f.exporter), LotId: id, Amount: math.NewInt(1000)})
			return anchor(f, id, decl)
		}, err: types.ErrLotNotLive},
		{name: "failure: bad hash", setup: func(f *fixture) sdk.Msg {
			bad := decl
			bad.Sha256 = "abc"
			return anchor(f, f.registerLot(1000), bad)
		}, err: types.ErrInvalidLot},
		{name: "failure: over max_documents", setup: func(f *fixture) sdk.Msg {
			f.mustDeliver(&types.MsgUpdateParams{Authority: f.gov, Params: types.Params{MaxQualitySpecs: 8, MaxDocuments: 1, MaxParts: 4}})
			return anchor(f, f.registerLot(1000), decl)
		}, err: types.ErrInvalidLot},
	})
}
