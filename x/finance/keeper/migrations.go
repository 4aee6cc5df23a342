package keeper

import (
	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/finance/types"
)

// Migrator runs x/finance's store migrations (module.Configurator).
type Migrator struct{ k Keeper }

// NewMigrator returns the migrator of a keeper.
func NewMigrator(k Keeper) Migrator { return Migrator{k: k} }

// Migrate1to2 builds the loans-by-status index (consensus version 2) for
// every loan a version 1 store holds: the loans are read first, then each is
// referenced under its status, so the store is not written while iterated.
// The loans themselves are not rewritten.
func (m Migrator) Migrate1to2(ctx sdk.Context) error {
	var loans []types.Loan
	if err := m.k.Loans.Walk(ctx, nil, func(_ uint64, l types.Loan) (bool, error) {
		loans = append(loans, l)
		return false, nil
	}); err != nil {
		return err
	}
	// a version 1 store has no index entry to remove first
	none := func() (types.Loan, error) { return types.Loan{}, collections.ErrNotFound }
	for _, l := range loans {
		if err := m.k.Loans.Indexes.Status.Reference(ctx, l.Id, l, none); err != nil {
			return err
		}
	}
	return nil
}
