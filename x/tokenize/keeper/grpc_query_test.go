package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

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
