package keeper

import (
	"fmt"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/corridor-chain/corridor/x/settlement/types"
)

// RegisterInvariants registers the module's invariants.
func RegisterInvariants(ir sdk.InvariantRegistry, k Keeper) {
	ir.RegisterRoute(types.ModuleName, "escrow", EscrowInvariant(k))
}

// Expected is what the escrow must hold: every funded leg of open gross
// instructions, every quote's free and reserved collateral and every
// claimable payout.
func (k Keeper) Expected(ctx sdk.Context) (sdk.Coins, error) {
	want := sdk.NewCoins()
	open := collections.NewPrefixedPairRange[int32, uint64](int32(types.INSTRUCTION_STATUS_OPEN))
	err := k.Instructions.Indexes.Status.Walk(ctx, open, func(_ int32, id uint64) (bool, error) {
		in, err := k.Instructions.Get(ctx, id)
		for _, c := range escrowOf(in) {
			want = want.Add(c)
		}
		return false, err
	})
	if err != nil {
		return nil, err
	}
	err = k.Quotes.Walk(ctx, nil, func(_ uint64, q types.Quote) (bool, error) {
		want = want.Add(sdk.NewCoin(q.CollateralDenom, q.FreeCollateral.Add(q.ReservedCollateral)))
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	err = k.Payouts.Walk(ctx, nil, func(_ uint64, p types.Payout) (bool, error) {
		if p.Status == types.PAYOUT_STATUS_CLAIMABLE {
			want = want.Add(sdk.NewCoin(p.Denom, p.Amount))
		}
		return false, nil
	})
	return want, err
}

// EscrowInvariant: the escrow account holds exactly the funded open legs, the
// quotes' collateral and the claimable payouts, denom by denom.
func EscrowInvariant(k Keeper) sdk.Invariant {
	return func(ctx sdk.Context) (string, bool) {
		want, err := k.Expected(ctx)
		if err != nil {
			return sdk.FormatInvariant(types.ModuleName, "escrow", err.Error()), true
		}
		held := k.bank.GetAllBalances(ctx, authtypes.NewModuleAddress(types.ModuleName))
		var broken []string
		if !held.Equal(want) {
			broken = append(broken, fmt.Sprintf("escrow holds %s, owes %s", held, want))
		}
		return sdk.FormatInvariant(types.ModuleName, "escrow", fmt.Sprint(broken)), len(broken) > 0
	}
}
