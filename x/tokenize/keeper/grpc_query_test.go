package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/corridor-chain/corridor/x/tokenize/keeper"
	"github.com/corridor-chain/corridor/x/tokenize/types"
)

func requireCode(t *testing.T, err error, code codes.Code) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, code, status.Code(err), err.Error())
}

func TestQueries(t *testing.T) {
	f := newFixture(t)
	lot := f.registerLot(1_000_000)
	q, ctx := f.q(), f.ctx()

	p, err := q.Params(ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), p.Params)

	pt, err := q.Participant(ctx, &types.QueryParticipantRequest{Address: addr(f.exporter)})
	require.NoError(t, err)
	require.Equal(t, "MN", pt.Participant.Country)
	_, err = q.Participant(ctx, &types.QueryParticipantRequest{Address: addr(f.outsider)})
	requireCode(t, err, codes.NotFound)
	_, err = q.Participant(ctx, &types.QueryParticipantRequest{Address: "nobody"})
	requireCode(t, err, codes.InvalidArgument)
	ps, err := q.Participants(ctx, &types.QueryParticipantsRequest{Role: types.ROLE_CUSTOMS, Jurisdiction: "MN"})
	require.NoError(t, err)
	require.Len(t, ps.Participants, 1)
	ps, err = q.Participants(ctx, &types.QueryParticipantsRequest{Pagination: &query.PageRequest{Limit: 2}})
	require.NoError(t, err)
	require.Len(t, ps.Participants, 2)

	cl, err := q.Classes(ctx, &types.QueryClassesRequest{})
	require.NoError(t, err)
	require.NotEmpty(t, cl.Classes)

	for _, req := range []*types.QueryLotsRequest{
		{}, {ClassCode: "COAL"}, {Status: types.LOT_STATUS_REGISTERED}, {Issuer: addr(f.exporter)},
	} {
		ls, err := q.Lots(ctx, req)
		require.NoError(t, err)
		require.Len(t, ls.Lots, 1, "%+v", req)
		require.Equal(t, lot, ls.Lots[0].Id)
	}
	ls, err := q.Lots(ctx, &types.QueryLotsRequest{Status: types.LOT_STATUS_CLOSED})
	require.NoError(t, err)
	require.Empty(t, ls.Lots)
	_, err = q.Lots(ctx, &types.QueryLotsRequest{ClassCode: "COAL", Status: types.LOT_STATUS_REGISTERED})
	requireCode(t, err, codes.InvalidArgument)
	_, err = q.Lots(ctx, &types.QueryLotsRequest{Issuer: "nobody"})
	requireCode(t, err, codes.InvalidArgument)

	_, err = q.Package(ctx, &types.QueryPackageRequest{Id: 1})
	requireCode(t, err, codes.NotFound)
	pk, err := q.Packages(ctx, &types.QueryPackagesRequest{})
	require.NoError(t, err)
	require.Empty(t, pk.Packages)

	for _, nilReq := range []func() error{
		func() error { _, err := q.Params(ctx, nil); return err },
		func() error { _, err := q.Participant(ctx, nil); return err },
		func() error { _, err := q.Participants(ctx, nil); return err },
		func() error { _, err := q.Classes(ctx, nil); return err },
		func() error { _, err := q.Lots(ctx, nil); return err },
		func() error { _, err := q.Package(ctx, nil); return err },
		func() error { _, err := q.Packages(ctx, nil); return err },
	} {
		requireCode(t, nilReq(), codes.InvalidArgument)
	}
}

// Holdings answers one verify's reads in one query: the holder's record
// and, in the order asked, each lot with its class, the holder's balance
// and its active pledges (a released pledge and another lot's are left
// out); an unknown lot is named with nothing else.
func TestHoldings(t *testing.T) {
	f := newFixture(t)
	one, two := f.registerLot(1_000), f.registerLot(2_000)
	f.mustDeliver(pledgeMsg(f, sdk.NewInt64Coin(types.LotDenom(one), 100)))
	f.mustDeliver(&types.MsgReleasePledge{Lender: addr(f.bank), PledgeId: 1})
	f.mustDeliver(pledgeMsg(f, sdk.NewInt64Coin(types.LotDenom(one), 300)))
	f.mustDeliver(pledgeMsg(f, sdk.NewInt64Coin(types.LotDenom(two), 50)))
	q, ctx := f.q(), f.ctx()

	r, err := q.Holdings(ctx, &types.QueryHoldingsRequest{Holder: addr(f.exporter), LotIds: []uint64{two, 999, one}})
	require.NoError(t, err)
	require.NotNil(t, r.Participant)
	require.Equal(t, addr(f.exporter), r.Participant.Address)
	require.Len(t, r.Holdings, 3)
	h2, none, h1 := r.Holdings[0], r.Holdings[1], r.Holdings[2]
	require.Equal(t, []uint64{two, 999, one}, []uint64{h2.LotId, none.LotId, h1.LotId})
	require.Nil(t, none.Lot)
	require.Nil(t, none.Class)
	require.True(t, none.Balance.IsZero())
	require.Empty(t, none.ActivePledges)
	require.Equal(t, one, h1.Lot.Id)
	require.Equal(t, "COAL", h1.Class.Code)
	require.Equal(t, math.NewInt(700), h1.Balance)
	require.Len(t, h1.ActivePledges, 1)
	require.Equal(t, uint64(2), h1.ActivePledges[0].Id)
	require.Equal(t, math.NewInt(1_950), h2.Balance)
	require.Len(t, h2.ActivePledges, 1)
	require.Equal(t, uint64(3), h2.ActivePledges[0].Id)

	// a holder that is no participant: no record, its (zero) balances
	r, err = q.Holdings(ctx, &types.QueryHoldingsRequest{Holder: addr(f.outsider), LotIds: []uint64{one}})
	require.NoError(t, err)
	require.Nil(t, r.Participant)
	require.True(t, r.Holdings[0].Balance.IsZero())
	require.Empty(t, r.Holdings[0].ActivePledges)

	many := make([]uint64, types.MaxHoldingsLots+1)
	for i := range many {
		many[i] = uint64(i + 1)
	}
	for _, req := range []*types.QueryHoldingsRequest{
		{Holder: addr(f.exporter)},                                  // no lots
		{Holder: addr(f.exporter), LotIds: many},                    // too many
		{Holder: addr(f.exporter), LotIds: []uint64{one, two, one}}, // a lot twice
		{Holder: "nobody", LotIds: []uint64{one}},                   // a bad address
		{LotIds: []uint64{one}},                                     // no holder
	} {
		_, err := q.Holdings(ctx, req)
		requireCode(t, err, codes.InvalidArgument)
	}
	_, err = q.Holdings(ctx, nil)
	requireCode(t, err, codes.InvalidArgument)
}

// Holdings walks at most MaxHoldingsPledgeScan of a holder's pledges: one
// with more on record is refused, not read at any cost.
func TestHoldingsPledgeScanBound(t *testing.T) {
	f := newFixture(t)
	lot := f.registerLot(1_000)
	ctx, k := f.ctx(), f.k()
	put := func(id uint64) {
		require.NoError(t, k.Pledges.Set(ctx, id, types.Pledge{Id: id, Holder: addr(f.exporter), Lender: addr(f.bank),
			Denom: types.LotDenom(lot), Amount: math.OneInt(), Status: types.PLEDGE_STATUS_RELEASED}))
	}
	for id := uint64(1); id <= keeper.MaxHoldingsPledgeScan; id++ {
		put(id)
	}
	req := &types.QueryHoldingsRequest{Holder: addr(f.exporter), LotIds: []uint64{lot}}
	r, err := f.q().Holdings(ctx, req)
	require.NoError(t, err)
	require.Empty(t, r.Holdings[0].ActivePledges)
	put(keeper.MaxHoldingsPledgeScan + 1)
	_, err = f.q().Holdings(ctx, req)
	requireCode(t, err, codes.FailedPrecondition)
}
