package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

func holdMsg(f *fixture, id uint64) *types.MsgPlaceHold {
	return &types.MsgPlaceHold{Officer: addr(f.customsMN), LotId: id, Reason: types.HOLD_REASON_DOCUMENTS_MISSING, Note: "certificate of origin missing"}
}

func TestHolds(t *testing.T) {
	runCases(t, []msgCase{
		{name: "success: hold stops every unit, release lets them move", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(1000)
			f.mustDeliver(holdMsg(f, id))
			require.ErrorIs(t, f.send(f.exporter, f.importer, sdk.NewInt64Coin("lot/1", 1)), types.ErrLotBlocked)
			lot, err := f.q().Lot(f.ctx(), &types.QueryLotRequest{Id: id})
			require.NoError(t, err)
			require.False(t, lot.Transferable)
			require.Len(t, lot.ActiveHolds, 1)
			return &types.MsgReleaseHold{Officer: addr(f.customsMN), HoldId: 1, Note: "certificate filed"}
		}, check: func(t *testing.T, f *fixture, res *sdk.Result) {
			hasEvent(t, res, &types.EventHoldReleased{})
			require.NoError(t, f.send(f.exporter, f.importer, sdk.NewInt64Coin("lot/1", 1)))
			h, err := f.q().LotHistory(f.ctx(), &types.QueryLotHistoryRequest{Id: 1})
			require.NoError(t, err)
			require.Len(t, h.Holds, 1)
			require.Equal(t, addr(f.customsMN), h.Holds[0].ReleasedBy)
			require.Equal(t, "certificate filed", h.Holds[0].ReleaseNote)
		}},
		{name: "success: destination customs may hold", setup: func(f *fixture) sdk.Msg {
			m := holdMsg(f, f.registerLot(10))
			m.Officer = addr(f.customsCN)
			return m
		}, check: func(t *testing.T, f *fixture, res *sdk.Result) {
			hasEvent(t, res, &types.EventHoldPlaced{})
			h, err := f.k().Holds.Get(f.ctx(), 1)
			require.NoError(t, err)
			require.Equal(t, "CN", h.Jurisdiction)
		}},
		{name: "success: two holds, one released, still blocked", setup: func(f *fixture) sdk.Msg {
			id := f.registerLot(10)
			f.mustDeliver(holdMsg(f, id))
			f.mustDeliver(holdMsg(f, id))
			return &types.MsgReleaseHold{Officer: addr(f.customsMN), HoldId: 1, Note: "ok"}
		}, check: func(t *testing.T, f *fixture, _ *sdk.Result) {
			require.ErrorIs(t, f.k().CheckLotMovable(f.ctx(), 1), types.ErrLotBlocked)
		}},
		{name: "failure: not customs", setup: func(f *fixture) sdk.Msg {
			m := holdMsg(f, f.registerLot(10))
			m.Officer = addr(f.inspector)
			return m
		}, err: types.ErrRoleNotHeld},
		{name: "failure: no reason", setup: func(f *fixture) sdk.Msg {
			m := holdMsg(f, f.registerLot(10))
			m.Reason = types.HOLD_REASON_UNSPECIFIED
			return m
		}, err: types.ErrInvalidHold},
		{name: "failure: release by the other jurisdiction", setup: func(f *fixture) sdk.Msg {
			f.mustDeliver(holdMsg(f, f.registerLot(10)))
			return &types.MsgReleaseHold{Officer: addr(f.customsCN), HoldId: 1, Note: "not ours"}
		}, err: types.ErrRoleNotHeld},
		{name: "failure: release twice", setup: func(f *fixture) sdk.Msg {
			f.mustDeliver(holdMsg(f, f.registerLot(10)))
			f.mustDeliver(&types.MsgReleaseHold{Officer: addr(f.customsMN), HoldId: 1, Note: "ok"})
			return &types.MsgReleaseHold{Officer: addr(f.customsMN), HoldId: 1, Note: "ok"}
		}, err: types.ErrHoldNotActive},
		{name: "failure: release needs a note", setup: func(f *fixture) sdk.Msg {
			f.mustDeliver(holdMsg(f, f.registerLot(10)))
			return &types.MsgReleaseHold{Officer: addr(f.customsMN), HoldId: 1}
		}, err: types.ErrInvalidHold},
		{name: "failure: unknown hold", setup: func(f *fixture) sdk.Msg {
			return &types.MsgReleaseHold{Officer: addr(f.customsMN), HoldId: 9, Note: "x"}
		}, err: types.ErrHoldNotFound},
	})
}

func pkgMsg(f *fixture, shares int64, comps ...types.PackageComponent) *types.MsgCreatePackage {
	return &types.MsgCreatePackage{Holder: addr(f.exporter), Components: comps, Shares: math.NewInt(shares)}
}

func comp(id uint64, amt int64) types.PackageComponent {
	return types.PackageComponent{LotId: id, Amount: math.NewInt(amt)}
}

func TestPackages(t *testing.T) {
	runCases(t, []msgCase{
		{name: "success: units locked, shares minted", setup: func(f *fixture) sdk.Msg {
			f.registerLot(1000)
			f.registerLot(500)
			return pkgMsg(f, 100, comp(1, 1000), comp(2, 250))
		}, check: func(t *testing.T, f *fixture, res *sdk.Result) {
			hasEvent(t, res, &types.EventPackageCreated{})
			require.Equal(t, math.NewInt(100), f.balance(f.exporter, "pkg/1"))
			require.True(t, f.balance(f.exporter, "lot/1").IsZero())
			require.Equal(t, math.NewInt(250), f.balance(f.exporter, "lot/2"))
		}},
		{name: "success: pro rata redemption, last redeemer takes remainders", setup: func(f *fixture) sdk.Msg {
			f.registerLot(1000)
			f.registerLot(7)
			f.mustDeliver(pkgMsg(f, 3, comp(1, 1000), comp(2, 7)))
			require.NoError(t, f.send(f.exporter, f.importer, sdk.NewInt64Coin("pkg/1", 1)))
			res := f.mustDeliver(&types.MsgRedeemPackage{Holder: addr(f.importer), PackageId: 1, Shares: math.NewInt(1)})
			hasEvent(t, res, &types.EventPackageRedeemed{})
			require.Equal(t, math.NewInt(333), f.balance(f.importer, "lot/1")) // floor(1000/3)
			require.Equal(t, math.NewInt(2), f.balance(f.importer, "lot/2"))   // floor(7/3)
			return &types.MsgRedeemPackage{Holder: addr(f.exporter), PackageId: 1, Shares: math.NewInt(2)}
		}, check: func(t *testing.T, f *fixture, _ *sdk.Result) {
			require.Equal(t, math.NewInt(667), f.balance(f.exporter, "lot/1"))
			require.Equal(t, math.NewInt(5), f.balance(f.exporter, "lot/2"))
			p, err := f.k().GetPackage(f.ctx(), 1)
			require.NoError(t, err)
			require.True(t, p.Shares.IsZero())
		}},
		{name: "failure: shares that redeem nothing", setup: func(f *fixture) sdk.Msg {
			f.registerLot(1)
			f.mustDeliver(pkgMsg(f, 10, comp(1, 1)))
			return &types.MsgRedeemPackage{Holder: addr(f.exporter), PackageId: 1, Shares: math.NewInt(1)}
		}, err: types.ErrInvalidAmount},
		{name: "failure: more units than held", setup: func(f *fixture) sdk.Msg {
			f.registerLot(10)
			return pkgMsg(f, 10, comp(1, 11))
		}, err: types.ErrInvalidAmount},
		{name: "failure: held lot cannot be packaged", setup: func(f *fixture) sdk.Msg {
			f.mustDeliver(holdMsg(f, f.registerLot(10)))
			return pkgMsg(f, 10, comp(1, 10))
		}, err: types.ErrLotBlocked},
		{name: "failure: hold on a component blocks package shares", setup: func(f *fixture) sdk.Msg {
			f.registerLot(10)
			f.mustDeliver(pkgMsg(f, 10, comp(1, 10)))
			f.mustDeliver(holdMsg(f, 1))
			return banktypesSend(f, "pkg/1", 1)
		}, err: types.ErrLotBlocked},
		{name: "failure: unknown package", setup: func(f *fixture) sdk.Msg {
			return &types.MsgRedeemPackage{Holder: addr(f.exporter), PackageId: 7, Shares: math.NewInt(1)}
		}, err: types.ErrPackageNotFound},
		{name: "failure: lot listed twice", setup: func(f *fixture) sdk.Msg {
			f.registerLot(10)
			return pkgMsg(f, 10, comp(1, 5), comp(1, 5))
		}, err: types.ErrInvalidPackage},
	})
}

func pledgeMsg(f *fixture, amt sdk.Coin) *types.MsgPledge {
	return &types.MsgPledge{Holder: addr(f.exporter), Lender: addr(f.bank), Amount: amt, Reference: "LOAN-7"}
}

func TestPledges(t *testing.T) {
	runCases(t, []msgCase{
		{name: "success: pledged units leave the holder", setup: func(f *fixture) sdk.Msg {
			f.registerLot(1000)
			return pledgeMsg(f, sdk.NewInt64Coin("lot/1", 600))
		}, check: func(t *testing.T, f *fixture, res *sdk.Result) {
			hasEvent(t, res, &types.EventPledged{})
			require.Equal(t, math.NewInt(400), f.balance(f.exporter, "lot/1"))
			require.ErrorIs(t, f.send(f.exporter, f.importer, sdk.NewInt64Coin("lot/1", 401)), sdkInsufficient)
			out, err := f.q().Pledges(f.ctx(), &types.QueryPledgesRequest{Lender: addr(f.bank)})
			require.NoError(t, err)
			require.Len(t, out.Pledges, 1)
			out, err = f.q().Pledges(f.ctx(), &types.QueryPledgesRequest{Holder: addr(f.exporter)})
			require.NoError(t, err)
			require.Len(t, out.Pledges, 1)
		}},
		{name: "success: release returns the units", setup: func(f *fixture) sdk.Msg {
			f.registerLot(1000)
			f.mustDeliver(pledgeMsg(f, sdk.NewInt64Coin("lot/1", 600)))
			return &types.MsgReleasePledge{Lender: addr(f.bank), PledgeId: 1}
		}, check: func(t *testing.T, f *fixture, res *sdk.Result) {
			hasEvent(t, res, &types.EventPledgeReleased{})
			require.Equal(t, math.NewInt(1000), f.balance(f.exporter, "lot/1"))
		}},
		{name: "success: claim gives the lender the units", setup: func(f *fixture) sdk.Msg {
			f.registerLot(1000)
			f.mustDeliver(pledgeMsg(f, sdk.NewInt64Coin("lot/1", 600)))
			return &types.MsgClaimPledge{Lender: addr(f.bank), PledgeId: 1}
		}, check: func(t *testing.T, f *fixture, res *sdk.Result) {
			hasEvent(t, res, &types.EventPledgeClaimed{})
			require.Equal(t, math.NewInt(600), f.balance(f.bank, "lot/1"))
			p, err := f.k().GetPledge(f.ctx(), 1)
			require.NoError(t, err)
			require.Equal(t, types.PLEDGE_STATUS_CLAIMED, p.Status)
		}},
		{name: "success: package shares can be pledged", setup: func(f *fixture) sdk.Msg {
			f.registerLot(10)
			f.mustDeliver(pkgMsg(f, 10, comp(1, 10)))
			return pledgeMsg(f, sdk.NewInt64Coin("pkg/1", 4))
		}},
		{name: "failure: lender is not a bank", setup: func(f *fixture) sdk.Msg {
			f.registerLot(10)
			m := pledgeMsg(f, sdk.NewInt64Coin("lot/1", 1))
			m.Lender = addr(f.importer)
			return m
		}, err: types.ErrRoleNotHeld},
		{name: "failure: not a lot denom", setup: func(f *fixture) sdk.Msg { return pledgeMsg(f, sdk.NewInt64Coin("ucgas", 1)) }, err: types.ErrInvalidPledge},
		{name: "failure: more than held", setup: func(f *fixture) sdk.Msg {
			f.registerLot(10)
			return pledgeMsg(f, sdk.NewInt64Coin("lot/1", 11))
		}, err: types.ErrInvalidAmount},
		{name: "failure: release by another", setup: func(f *fixture) sdk.Msg {
			f.registerLot(10)
			f.mustDeliver(pledgeMsg(f, sdk.NewInt64Coin("lot/1", 1)))
			return &types.MsgReleasePledge{Lender: addr(f.exporter), PledgeId: 1}
		}, err: types.ErrNotLender},
		{name: "failure: claim after release", setup: func(f *fixture) sdk.Msg {
			f.registerLot(10)
			f.mustDeliver(pledgeMsg(f, sdk.NewInt64Coin("lot/1", 1)))
			f.mustDeliver(&types.MsgReleasePledge{Lender: addr(f.bank), PledgeId: 1})
			return &types.MsgClaimPledge{Lender: addr(f.bank), PledgeId: 1}
		}, err: types.ErrPledgeNotActive},
		{name: "failure: claim while the lot is held", setup: func(f *fixture) sdk.Msg {
			f.registerLot(10)
			f.mustDeliver(pledgeMsg(f, sdk.NewInt64Coin("lot/1", 1)))
			f.mustDeliver(holdMsg(f, 1))
			return &types.MsgClaimPledge{Lender: addr(f.bank), PledgeId: 1}
		}, err: types.ErrLotBlocked},
		{name: "failure: unknown pledge", setup: func(f *fixture) sdk.Msg {
			return &types.MsgClaimPledge{Lender: addr(f.bank), PledgeId: 3}
		}, err: types.ErrPledgeNotFound},
	})
}

func TestCheckSettleable(t *testing.T) {
	f := newFixture(t)
	id := f.registerLot(100)
	require.ErrorIs(t, f.k().CheckSettleable(f.ctx(), id), types.ErrNotSettleable)
	f.advance(id, inspection)
	require.ErrorIs(t, f.k().CheckSettleable(f.ctx(), id), types.ErrNotSettleable) // COAL also needs CUSTOMS_EXPORT
	f.advance(id, customsExport)
	require.NoError(t, f.k().CheckSettleable(f.ctx(), id))
	f.mustDeliver(holdMsg(f, id))
	require.ErrorIs(t, f.k().CheckSettleable(f.ctx(), id), types.ErrLotBlocked)
	require.ErrorIs(t, f.k().CheckSettleable(f.ctx(), 99), types.ErrLotNotFound)
}
