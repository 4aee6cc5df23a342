package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/x/finance/types"
)

func TestGenesisRoundTrip(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	f.loan(decl, lot, 100_000_000, 4_000_000)
	f.apply(decl, lot, f.cnbank, 1000, 10)
	gs, err := f.k().ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, gs.Validate(f.k().AddressCodec()))
	require.Len(t, gs.Declarations, 1)
	require.Len(t, gs.Loans, 1)
	require.Len(t, gs.Applications, 2)
	require.Equal(t, uint64(2), gs.NextLoanId)

	g := newFixture(t)
	ctx, _ := g.ctx().CacheContext() // g's committed state stays empty for its own invariant check
	require.NoError(t, g.k().InitGenesis(ctx, gs))
	again, err := g.k().ExportGenesis(ctx)
	require.NoError(t, err)
	require.Equal(t, gs, again)
	id, err := g.k().DeclarationByNumber.Get(ctx, types.NumberKey("MN", number))
	require.NoError(t, err)
	require.Equal(t, decl, id, "indexes rebuilt")

	bad := *gs
	bad.Declarations = append([]types.Declaration(nil), gs.Declarations...)
	bad.Declarations[0].Financed = bad.Declarations[0].Financed.AddRaw(1)
	require.ErrorIs(t, bad.Validate(f.k().AddressCodec()), types.ErrInvalidGenesis)
}
