package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

const (
	inspection    = types.ATTESTATION_KIND_INSPECTION
	customsExport = types.ATTESTATION_KIND_CUSTOMS_EXPORT
	dispatch      = types.ATTESTATION_KIND_DISPATCH
	customsImport = types.ATTESTATION_KIND_CUSTOMS_IMPORT
	arrival       = types.ATTESTATION_KIND_ARRIVAL
	accepted      = types.ATTESTATION_RESULT_ACCEPTED
	rejected      = types.ATTESTATION_RESULT_REJECTED
)

func TestRegisterLot(t *testing.T) {
	runCases(t, []msgCase{
		{name: "success: units minted with metadata", setup: func(f *fixture) sdk.Msg { return lotMsg(f, 5_000_000) },
			check: func(t *testing.T, f *fixture, res *sdk.Result) {
				hasEvent(t, res, &types.EventLotRegistered{})
				hasEvent(t, res, &types.EventLotStatusChanged{})
				require.Equal(t, math.NewInt(5_000_000), f.balance(f.exporter, "lot/1"))
				l := f.lot(1)
				require.Equal(t, types.LOT_STATUS_REGISTERED, l.Status)
				md, ok := f.app.BankKeeper.GetDenomMetaData(f.ctx(), "lot/1")
				require.True(t, ok)
				require.NoError(t, md.Validate())
				require.Equal(t, "lot/1/t", md.Display)
			}},
		{name: "failure: not a participant", setup: func(f *fixture) sdk.Msg {
			m := lotMsg(f, 10)
			m.Exporter = addr(f.outsider)
			return m
		}, err: types.ErrParticipantNotFound},
		{name: "failure: importer is not an exporter", setup: func(f *fixture) sdk.Msg {
			m := lotMsg(f, 10)
			m.Exporter = addr(f.importer)
			return m
		}, err: types.ErrRoleNotHeld},
		{name: "failure: exporter from another origin", setup: func(f *fixture) sdk.Msg {
			m := lotMsg(f, 10)
			m.Origin.Country = "RU"
			return m
		}, err: types.ErrRoleNotHeld},
		{name: "failure: unknown class", setup: func(f *fixture) sdk.Msg {
			m := lotMsg(f, 10)
			m.ClassCode = "WHEAT"
			return m
		}, err: types.ErrClassNotFound},
		{name: "failure: zero quantity", setup: func(f *fixture) sdk.Msg {
			m := lotMsg(f, 10)
			m.Quantity = math.ZeroInt()
			return m
		}, err: types.ErrInvalidAmount},
		{name: "failure: domestic lot", setup: func(f *fixture) sdk.Msg {
			m := lotMsg(f, 10)
			m.DestinationCountry = "MN"
			return m
		}, err: types.ErrInvalidLot},
		{name: "failure: duplicate quality key", setup: func(f *fixture) sdk.Msg {
			m := lotMsg(f, 10)
			m.QualitySpecs = append(m.QualitySpecs, types.QualitySpec{Key: "ash", Value: "10%"})
			return m
		}, err: types.ErrInvalidQualitySpec},
		{name: "failure: bad document hash", setup: func(f *fixture) sdk.Msg {
			m := lotMsg(f, 10)
			m.Documents = []types.Document{{Kind: "smgs", Sha256: "ABCD"}}
			return m
		}, err: types.ErrInvalidLot},
		{name: "failure: more documents than params allow", setup: func(f *fixture) sdk.Msg {
			f.mustDeliver(&types.MsgUpdateParams{Authority: f.gov, Params: types.Params{MaxQualitySpecs: 8, MaxDocuments: 1, MaxParts: 4}})
			m := lotMsg(f, 10)
			m.Documents = append(m.Documents, types.Document{Kind: "smgs", Sha256: docHash("smgs")})
			return m
		}, err: types.ErrInvalidLot},
	})
}

func attestMsg(f *fixture, lot uint64, kind types.AttestationKind, result types.AttestationResult, by string, doc string) *types.MsgAttest {
	return &types.MsgAttest{Attester: by, LotId: lot, Kind: kind, Result: result, DocumentSha256: docHash(doc), Reference: "REF-1"}
}

func TestAttest(t *testing.T) {
	runCases(t, []msgCase{
		{name: "success: inspection moves the lot to INSPECTED", setup: func(f *fixture) sdk.Msg {
			return attestMsg(f, f.registerLot(100), inspection, accepted, addr(f.inspector), "cert")
		}, check: func(t *testing.T, f *fixture, res *sdk.Result) {
			hasEvent(t, res, &types.EventLotAttested{})
			hasEvent(t, res, &types.EventLotStatusChanged{})
			require.Equal(t, types.LOT_STATUS_INSPECTED, f.lot(1).Status)
		}},
		{name: "success: a re-inspection after a rejection clears REJECTED", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(100)
			require.NoError(t, f.attest(id, inspection, rejected, f.inspector))
			require.Equal(t, types.LOT_STATUS_REJECTED, f.lot(id).Status)
			return attestMsg(f, id, inspection, accepted, addr(f.inspector), "re-inspection")
		}, check: func(t *testing.T, f *fixture, _ *sdk.Result) {
			require.Equal(t, types.LOT_STATUS_INSPECTED, f.lot(1).Status)
			h, err := f.q().LotHistory(f.ctx(), &types.QueryLotHistoryRequest{Id: 1})
			require.NoError(t, err)
			require.Len(t, h.Attestations, 2)
			require.Len(t, h.StatusChanges, 3) // registered, rejected, inspected
		}},
		{name: "success: full route to ARRIVED", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(100)
			f.advance(id, fullRoute[:4]...)
			return attestMsg(f, id, arrival, accepted, addr(f.carrier), "arrival")
		}, check: func(t *testing.T, f *fixture, _ *sdk.Result) {
			require.Equal(t, types.LOT_STATUS_ARRIVED, f.lot(1).Status)
		}},
		{name: "failure: inspector cannot clear customs", setup: func(f *fixture) sdk.Msg {
			return attestMsg(f, f.registerLot(100), customsExport, accepted, addr(f.inspector), "x")
		}, err: types.ErrRoleNotHeld},
		{name: "failure: destination customs cannot clear export", setup: func(f *fixture) sdk.Msg {
			return attestMsg(f, f.registerLot(100), customsExport, accepted, addr(f.customsCN), "x")
		}, err: types.ErrRoleNotHeld},
		{name: "failure: origin customs cannot clear import", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(100)
			f.advance(id, inspection, customsExport, dispatch)
			return attestMsg(f, id, customsImport, accepted, addr(f.customsMN), "x")
		}, err: types.ErrRoleNotHeld},
		{name: "failure: dispatch before export clearance", setup: func(f *fixture) sdk.Msg {
			return attestMsg(f, f.registerLot(100), dispatch, accepted, addr(f.carrier), "smgs")
		}, err: types.ErrAttestationOutOfOrder},
		{name: "failure: arrival before dispatch", setup: func(f *fixture) sdk.Msg {
			return attestMsg(f, f.registerLot(100), arrival, accepted, addr(f.carrier), "arr")
		}, err: types.ErrAttestationOutOfOrder},
		{name: "failure: the same document twice", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(100)
			f.mustDeliver(attestMsg(f, id, inspection, rejected, addr(f.inspector), "cert"))
			return attestMsg(f, id, inspection, rejected, addr(f.inspector), "cert")
		}, err: types.ErrDuplicateAttestation},
		{name: "failure: accepted twice", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(100)
			f.mustDeliver(attestMsg(f, id, inspection, accepted, addr(f.inspector), "cert"))
			return attestMsg(f, id, inspection, accepted, addr(f.inspector), "cert-2")
		}, err: types.ErrDuplicateAttestation},
		{name: "failure: unknown lot", setup: func(f *fixture) sdk.Msg {
			return attestMsg(f, 42, inspection, accepted, addr(f.inspector), "x")
		}, err: types.ErrLotNotFound},
		{name: "failure: outsider", setup: func(f *fixture) sdk.Msg {
			return attestMsg(f, f.registerLot(100), inspection, accepted, addr(f.outsider), "x")
		}, err: types.ErrParticipantNotFound},
		{name: "failure: closed lot", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(100)
			f.advance(id, fullRoute...)
			f.mustDeliver(&types.MsgRedeem{Holder: addr(f.exporter), LotId: id, Amount: math.NewInt(100)})
			return attestMsg(f, id, inspection, rejected, addr(f.inspector), "late")
		}, err: types.ErrLotNotLive},
		{name: "failure: no result", setup: func(f *fixture) sdk.Msg {
			return attestMsg(f, f.registerLot(100), inspection, types.ATTESTATION_RESULT_UNSPECIFIED, addr(f.inspector), "x")
		}, err: types.ErrInvalidAttestation},
	})
}

func TestSplitLot(t *testing.T) {
	split := func(f *fixture, id uint64, q ...int64) *types.MsgSplitLot {
		m := &types.MsgSplitLot{Holder: addr(f.exporter), LotId: id}
		for _, v := range q {
			m.Quantities = append(m.Quantities, math.NewInt(v))
		}
		return m
	}
	runCases(t, []msgCase{
		{name: "success: conserved, lineage and results inherited", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(1000)
			f.advance(id, inspection)
			return split(f, id, 600, 400)
		}, check: func(t *testing.T, f *fixture, res *sdk.Result) {
			hasEvent(t, res, &types.EventLotSplit{})
			parent := f.lot(1)
			require.Equal(t, types.LOT_STATUS_SUPERSEDED, parent.Status)
			require.Equal(t, []uint64{2, 3}, parent.Children)
			require.True(t, parent.Quantity.IsZero())
			for id, q := range map[uint64]int64{2: 600, 3: 400} {
				c := f.lot(id)
				require.Equal(t, []uint64{1}, c.Parents)
				require.Equal(t, types.LOT_STATUS_INSPECTED, c.Status)
				require.Equal(t, uint64(1), c.Results[0].InheritedFrom)
				require.Equal(t, math.NewInt(q), f.balance(f.exporter, types.LotDenom(id)))
			}
			require.True(t, f.balance(f.exporter, "lot/1").IsZero())
		}},
		{name: "failure: quantities do not sum", setup: func(f *fixture) sdk.Msg { return split(f, f.registerLot(1000), 600, 300) }, err: types.ErrInvalidAmount},
		{name: "failure: not the sole holder", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(1000)
			require.NoError(t, f.send(f.exporter, f.importer, sdk.NewInt64Coin(types.LotDenom(id), 1)))
			return split(f, id, 600, 400)
		}, err: types.ErrNotSoleHolder},
		{name: "failure: under customs hold", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(1000)
			f.mustDeliver(&types.MsgPlaceHold{Officer: addr(f.customsMN), LotId: id, Reason: types.HOLD_REASON_INSPECTION})
			return split(f, id, 600, 400)
		}, err: types.ErrLotBlocked},
		{name: "failure: more parts than params allow", setup: func(f *fixture) sdk.Msg {
			f.mustDeliver(&types.MsgUpdateParams{Authority: f.gov, Params: types.Params{MaxQualitySpecs: 8, MaxDocuments: 8, MaxParts: 2}})
			return split(f, f.registerLot(1000), 500, 250, 250)
		}, err: types.ErrInvalidLot},
		{name: "failure: one part", setup: func(f *fixture) sdk.Msg { return split(f, f.registerLot(1000), 1000) }, err: types.ErrInvalidLot},
		{name: "failure: superseded lot", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(1000)
			f.mustDeliver(split(f, id, 500, 500))
			return split(f, id, 500, 500)
		}, err: types.ErrLotNotLive},
	})
}

func TestMergeLots(t *testing.T) {
	runCases(t, []msgCase{
		{name: "success: merged with intersected results", setup: func(f *fixture) sdk.Msg {
			a, b := f.registerLot(300), f.registerLot(700)
			f.advance(a, inspection, customsExport)
			f.advance(b, inspection)
			return &types.MsgMergeLots{Holder: addr(f.exporter), LotIds: []uint64{a, b}}
		}, check: func(t *testing.T, f *fixture, res *sdk.Result) {
			hasEvent(t, res, &types.EventLotsMerged{})
			m := f.lot(3)
			require.Equal(t, math.NewInt(1000), m.Quantity)
			require.Equal(t, []uint64{1, 2}, m.Parents)
			require.Equal(t, types.LOT_STATUS_INSPECTED, m.Status)
			require.Len(t, m.Results, 1)
			require.Equal(t, math.NewInt(1000), f.balance(f.exporter, "lot/3"))
			require.Equal(t, []uint64{3}, f.lot(1).Children)
		}},
		{name: "failure: differing quality without new specs", setup: func(f *fixture) sdk.Msg {
			a := f.registerLot(300)
			m := lotMsg(f, 700)
			m.QualitySpecs = []types.QualitySpec{{Key: "ash", Value: "11%"}}
			f.mustDeliver(m)
			return &types.MsgMergeLots{Holder: addr(f.exporter), LotIds: []uint64{a, 2}}
		}, err: types.ErrIncompatibleLots},
		{name: "success: differing quality with new specs", setup: func(f *fixture) sdk.Msg {
			a := f.registerLot(300)
			m := lotMsg(f, 700)
			m.QualitySpecs = []types.QualitySpec{{Key: "ash", Value: "11%"}}
			f.mustDeliver(m)
			return &types.MsgMergeLots{Holder: addr(f.exporter), LotIds: []uint64{a, 2}, QualitySpecs: []types.QualitySpec{{Key: "ash", Value: "10.4%"}}}
		}, check: func(t *testing.T, f *fixture, _ *sdk.Result) {
			require.Equal(t, "ash=10.4%", types.FormatQualitySpecs(f.lot(3).QualitySpecs))
		}},
		{name: "failure: a lot listed twice", setup: func(f *fixture) sdk.Msg {
			return &types.MsgMergeLots{Holder: addr(f.exporter), LotIds: []uint64{f.registerLot(1), 1}}
		}, err: types.ErrInvalidLot},
		{name: "failure: importer does not hold them", setup: func(f *fixture) sdk.Msg {
			f.registerLot(1)
			f.registerLot(2)
			return &types.MsgMergeLots{Holder: addr(f.importer), LotIds: []uint64{1, 2}}
		}, err: types.ErrNotSoleHolder},
	})
}

func TestRedeem(t *testing.T) {
	redeem := func(f *fixture, id uint64, amt int64) *types.MsgRedeem {
		return &types.MsgRedeem{Holder: addr(f.exporter), LotId: id, Amount: math.NewInt(amt)}
	}
	runCases(t, []msgCase{
		{name: "success: partial then full closes the lot", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(1000)
			f.advance(id, fullRoute...)
			f.mustDeliver(redeem(f, id, 400))
			require.Equal(t, math.NewInt(600), f.lot(id).Quantity)
			return redeem(f, id, 600)
		}, check: func(t *testing.T, f *fixture, res *sdk.Result) {
			hasEvent(t, res, &types.EventLotRedeemed{})
			require.Equal(t, types.LOT_STATUS_CLOSED, f.lot(1).Status)
			require.True(t, f.app.BankKeeper.GetSupply(f.ctx(), "lot/1").Amount.IsZero())
		}},
		{name: "failure: before arrival", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(1000)
			f.advance(id, inspection, customsExport, dispatch)
			return redeem(f, id, 1)
		}, err: types.ErrNotArrived},
		{name: "failure: more than held", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(1000)
			f.advance(id, fullRoute...)
			return redeem(f, id, 1001)
		}, err: types.ErrInvalidAmount},
		{name: "failure: customs import rejected", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(1000)
			f.advance(id, inspection, customsExport, dispatch, arrival)
			require.NoError(t, f.attest(id, customsImport, rejected, f.customsCN))
			return redeem(f, id, 1)
		}, err: types.ErrLotBlocked},
	})
}
