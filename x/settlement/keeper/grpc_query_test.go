package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/corridor-chain/corridor/x/settlement/keeper"
	"github.com/corridor-chain/corridor/x/settlement/types"
)

func requireCode(t *testing.T, err error, code codes.Code) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, code, status.Code(err), err.Error())
}

func TestQueries(t *testing.T) {
	f := newFixture(t)
	q := keeper.NewQueryServerImpl(f.k())
	ctx := f.ctx()
	lot, quote := f.lot(), f.quote()
	id := unpack(t, f.must(f.storyInstruction(lot, quote)), &types.MsgCreateInstructionResponse{}).InstructionId
	f.must(&types.MsgFundLeg{Payer: f.exporter, InstructionId: id, Leg: 0})
	ctx = f.ctx()

	p, err := q.Params(ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams().MaxRetriesPerBlock, p.Params.MaxRetriesPerBlock)

	c, err := q.Currency(ctx, &types.QueryCurrencyRequest{Code: "CNY"})
	require.NoError(t, err)
	require.Equal(t, f.cnbank, c.Currency.Issuer)
	_, err = q.Currency(ctx, &types.QueryCurrencyRequest{Code: "RUB"})
	requireCode(t, err, codes.NotFound)
	cs, err := q.Currencies(ctx, &types.QueryCurrenciesRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	require.NoError(t, err)
	require.Len(t, cs.Currencies, 1)
	require.Equal(t, uint64(2), cs.Pagination.Total)

	qt, err := q.Quote(ctx, &types.QueryQuoteRequest{Id: quote})
	require.NoError(t, err)
	require.Equal(t, f.maker, qt.Quote.Maker)
	_, err = q.Quote(ctx, &types.QueryQuoteRequest{Id: 99})
	requireCode(t, err, codes.NotFound)
	qs, err := q.Quotes(ctx, &types.QueryQuotesRequest{Base: "CNY", Quote: "MNT"})
	require.NoError(t, err)
	require.Len(t, qs.Quotes, 1)
	qs, err = q.Quotes(ctx, &types.QueryQuotesRequest{})
	require.NoError(t, err)
	require.Len(t, qs.Quotes, 1)
	_, err = q.Quotes(ctx, &types.QueryQuotesRequest{Base: "CNY"})
	requireCode(t, err, codes.InvalidArgument)

	in, err := q.Instruction(ctx, &types.QueryInstructionRequest{Id: id})
	require.NoError(t, err)
	require.Equal(t, types.INSTRUCTION_STATUS_OPEN, in.Instruction.Status)
	_, err = q.Instruction(ctx, &types.QueryInstructionRequest{Id: 99})
	requireCode(t, err, codes.NotFound)
	for _, req := range []*types.QueryInstructionsRequest{
		{}, {Party: f.exporter}, {Status: types.INSTRUCTION_STATUS_OPEN}, {Party: f.importer, Status: types.INSTRUCTION_STATUS_OPEN},
	} {
		ins, err := q.Instructions(ctx, req)
		require.NoError(t, err)
		require.Len(t, ins.Instructions, 1, "%+v", req)
	}
	ins, err := q.Instructions(ctx, &types.QueryInstructionsRequest{Status: types.INSTRUCTION_STATUS_SETTLED})
	require.NoError(t, err)
	require.Empty(t, ins.Instructions)
	_, err = q.Instructions(ctx, &types.QueryInstructionsRequest{Party: "nobody"})
	requireCode(t, err, codes.InvalidArgument)

	esc, err := q.Escrow(ctx, &types.QueryEscrowRequest{InstructionId: id})
	require.NoError(t, err)
	require.Equal(t, []types.DenomAmount{{Denom: "lot/1", Amount: math.NewInt(5_000_000)}}, esc.Held)
	_, err = q.Escrow(ctx, &types.QueryEscrowRequest{InstructionId: 99})
	requireCode(t, err, codes.NotFound)

	_, err = q.Cycle(ctx, &types.QueryCycleRequest{Id: 1})
	requireCode(t, err, codes.NotFound)
	f.nettingSwap(f.importer, f.maker, 100, f.now().Add(time.Hour))
	f.nextCycle()
	cy, err := q.Cycle(f.ctx(), &types.QueryCycleRequest{Id: 1})
	require.NoError(t, err)
	require.Len(t, cy.Cycle.Settled, 1)

	for _, nilReq := range []func() error{
		func() error { _, err := q.Params(ctx, nil); return err },
		func() error { _, err := q.Currency(ctx, nil); return err },
		func() error { _, err := q.Currencies(ctx, nil); return err },
		func() error { _, err := q.Quote(ctx, nil); return err },
		func() error { _, err := q.Quotes(ctx, nil); return err },
		func() error { _, err := q.Instruction(ctx, nil); return err },
		func() error { _, err := q.Instructions(ctx, nil); return err },
		func() error { _, err := q.Cycle(ctx, nil); return err },
		func() error { _, err := q.Escrow(ctx, nil); return err },
	} {
		requireCode(t, nilReq(), codes.InvalidArgument)
	}
}

// The module's invariant is registered and holds; genesis exports and
// imports the waiting and netting state.
func TestGenesisRoundTripWithWaitingInstructions(t *testing.T) {
	f := newFixture(t)
	lot := f.lot()
	waiting := f.swap(lot, f.now().Add(time.Hour))
	netting := f.nettingSwap(f.importer, f.maker, 100, f.now().Add(time.Hour))
	gs, err := f.k().ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, gs.Validate(f.k().AddressCodec()))

	g := newFixture(t)
	ctx := g.ctx()
	// g has the same currencies and no instructions: the import adds them
	require.NoError(t, g.k().InitGenesis(ctx, gs))
	has, err := g.k().PendingSettlement.Has(ctx, waiting)
	require.NoError(t, err)
	require.True(t, has)
	has, err = g.k().WaitingByLot.Has(ctx, collectionsJoinLot(lot, waiting))
	require.NoError(t, err)
	require.True(t, has, "the lot index is rebuilt")
	has, err = g.k().NettingQueue.Has(ctx, netting)
	require.NoError(t, err)
	require.True(t, has)
	again, err := g.k().ExportGenesis(ctx)
	require.NoError(t, err)
	require.Equal(t, gs.Instructions, again.Instructions)
}
