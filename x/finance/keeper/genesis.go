package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/finance/types"
)

// InitGenesis stores the validated genesis and rebuilds the indexes.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, d := range gs.Declarations {
		if err := k.setNewDeclaration(ctx, d); err != nil {
			return err
		}
	}
	for _, a := range gs.Applications {
		if err := k.setNewApplication(ctx, a); err != nil {
			return err
		}
	}
	for _, l := range gs.Loans {
		if err := k.setNewLoan(ctx, l); err != nil {
			return err
		}
	}
	for _, s := range []struct {
		seq  collections.Sequence
		next uint64
	}{{k.DeclarationSeq, gs.NextDeclarationId}, {k.ApplicationSeq, gs.NextApplicationId}, {k.LoanSeq, gs.NextLoanId}} {
		if err := s.seq.Set(ctx, s.next); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis writes the state out.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.GetParams(ctx); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Declarations, &gs.Declarations); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Applications, &gs.Applications); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Loans, &gs.Loans); err != nil {
		return nil, err
	}
	for _, s := range []struct {
		seq collections.Sequence
		out *uint64
	}{{k.DeclarationSeq, &gs.NextDeclarationId}, {k.ApplicationSeq, &gs.NextApplicationId}, {k.LoanSeq, &gs.NextLoanId}} {
		n, err := s.seq.Peek(ctx)
		if err != nil {
			return nil, err
		}
		*s.out = max(n, 1)
	}
	return gs, nil
}
