package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"
	"github.com/cosmos/cosmos-sdk/store/v2/prefix"

	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/x/finance/keeper"
	"github.com/corridor-chain/corridor/x/finance/types"
)

// loanIDs lists the loans the Loans query returns for a status.
func (f *fixture) loanIDs(s types.LoanStatus) []uint64 {
	f.t.Helper()
	res, err := f.app.FinanceKeeper.Loans.Indexes.Status.MatchExact(f.ctx(), int32(s))
	require.NoError(f.t, err)
	defer res.Close()
	ids, err := res.PrimaryKeys()
	require.NoError(f.t, err)
	return ids
}

// TestUpgradeV2IndexesLoansByStatus runs the app's v2 upgrade handler over
// a store as x/finance version 1 left it (loans without the status index):
// the migration indexes every loan under its status, the module's version
// becomes 2, the loans themselves are unchanged, and the status query reads
// the index.
func TestUpgradeV2IndexesLoansByStatus(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	repaid := f.loan(decl, lot, 100_000_000, 4_000_000)
	f.must(&types.MsgRepayFinancing{Payer: f.exporter, LoanId: repaid, Amount: math.NewInt(1_000_000_000)})
	active := f.loan(decl, lot, 20_000_000, 1_000_000)
	require.Equal(t, []uint64{active}, f.loanIDs(types.LOAN_STATUS_ACTIVE), "a version 2 store indexes as it writes")
	before := []types.Loan{f.getLoan(repaid), f.getLoan(active)}

	// the store as version 1 left it: no loans_by_status entries, version 1
	ctx := f.ctx()
	idx := prefix.NewStore(ctx.KVStore(f.app.GetKey(types.StoreKey)), types.LoansByStatusKey)
	it := idx.Iterator(nil, nil)
	var keys [][]byte
	for ; it.Valid(); it.Next() {
		keys = append(keys, it.Key())
	}
	require.NoError(t, it.Close())
	require.Len(t, keys, 2)
	for _, k := range keys {
		idx.Delete(k)
	}
	vm, err := f.app.UpgradeKeeper.GetModuleVersionMap(ctx)
	require.NoError(t, err)
	vm[types.ModuleName] = 1
	require.NoError(t, f.app.UpgradeKeeper.SetModuleVersionMap(ctx, vm))
	q := func(s types.LoanStatus) []types.Loan {
		res, err := keeper.NewQueryServerImpl(f.k()).Loans(ctx, &types.QueryLoansRequest{Status: s})
		require.NoError(t, err)
		return res.Loans
	}
	require.Empty(t, q(types.LOAN_STATUS_ACTIVE), "a version 1 store has no index to read")
	broken, err := f.k().Broken(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"the status index holds 0 entries for 2 loans"}, broken, "the invariant sees the missing index")

	require.NoError(t, f.app.UpgradeKeeper.ApplyUpgrade(ctx, upgradetypes.Plan{Name: app.UpgradeV2, Height: ctx.BlockHeight()}))
	vm, err = f.app.UpgradeKeeper.GetModuleVersionMap(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(2), vm[types.ModuleName])
	require.Equal(t, []uint64{active}, f.loanIDs(types.LOAN_STATUS_ACTIVE))
	require.Equal(t, []uint64{repaid}, f.loanIDs(types.LOAN_STATUS_REPAID))
	require.Equal(t, []types.Loan{before[1]}, q(types.LOAN_STATUS_ACTIVE))
	require.Equal(t, []types.Loan{before[0]}, q(types.LOAN_STATUS_REPAID))
	require.Equal(t, before, []types.Loan{f.getLoan(repaid), f.getLoan(active)})
	require.Empty(t, q(types.LOAN_STATUS_DEFAULTED))
	f.requireInvariants()

	// the index follows later writes: the active loan repaid moves
	f.must(&types.MsgRepayFinancing{Payer: f.exporter, LoanId: active, Amount: math.NewInt(1_000_000_000)})
	require.Empty(t, f.loanIDs(types.LOAN_STATUS_ACTIVE))
	require.Equal(t, []uint64{repaid, active}, f.loanIDs(types.LOAN_STATUS_REPAID))
	f.requireInvariants()
}
