package keeper

import (
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// RegisterInvariants registers the module's invariants.
func RegisterInvariants(ir sdk.InvariantRegistry, k Keeper) {
	ir.RegisterRoute(types.ModuleName, "lot-supply", LotSupplyInvariant(k))
	ir.RegisterRoute(types.ModuleName, "escrow", EscrowInvariant(k))
}

// AllInvariants runs every invariant.
func AllInvariants(k Keeper) sdk.Invariant {
	return func(ctx sdk.Context) (string, bool) {
		for _, inv := range []sdk.Invariant{LotSupplyInvariant(k), EscrowInvariant(k)} {
			if msg, broken := inv(ctx); broken {
				return msg, true
			}
		}
		return "", false
	}
}

// LotSupplyInvariant: the bank supply of lot/{id} equals the lot's live quantity.
func LotSupplyInvariant(k Keeper) sdk.Invariant {
	return func(ctx sdk.Context) (string, bool) {
		var broken []string
		err := k.Lots.Walk(ctx, nil, func(id uint64, l types.Lot) (bool, error) {
			if s := k.bank.GetSupply(ctx, types.LotDenom(id)).Amount; !s.Equal(l.Quantity) {
				broken = append(broken, fmt.Sprintf("lot %d: supply %s, quantity %s", id, s, l.Quantity))
			}
			return false, nil
		})
		if err != nil {
			broken = append(broken, err.Error())
		}
		return sdk.FormatInvariant(types.ModuleName, "lot-supply", fmt.Sprint(broken)), len(broken) > 0
	}
}

// EscrowInvariant: the module account holds exactly the units locked in
// packages and active pledges, and each package's share supply equals its
// outstanding shares.
func EscrowInvariant(k Keeper) sdk.Invariant {
	return func(ctx sdk.Context) (string, bool) {
		var broken []string
		expected := sdk.NewCoins()
		err := k.Packages.Walk(ctx, nil, func(id uint64, p types.Package) (bool, error) {
			if s := k.bank.GetSupply(ctx, types.PackageDenom(id)).Amount; !s.Equal(p.Shares) {
				broken = append(broken, fmt.Sprintf("package %d: supply %s, shares %s", id, s, p.Shares))
			}
			for _, c := range p.Components {
				expected = expected.Add(sdk.NewCoin(types.LotDenom(c.LotId), c.Amount))
			}
			return false, nil
		})
		if err == nil {
			err = k.Pledges.Walk(ctx, nil, func(_ uint64, p types.Pledge) (bool, error) {
				if p.Status == types.PLEDGE_STATUS_ACTIVE {
					expected = expected.Add(sdk.NewCoin(p.Denom, p.Amount))
				}
				return false, nil
			})
		}
		if err != nil {
			broken = append(broken, err.Error())
		}
		// Compare over the union of expected denoms and every lot/package denom.
		check := func(denom string) {
			held := k.bank.GetBalance(ctx, k.moduleAddr, denom).Amount
			want := expected.AmountOf(denom)
			if !held.Equal(want) {
				broken = append(broken, fmt.Sprintf("%s: escrow holds %s, locked %s", denom, held, want))
			}
		}
		_ = k.Lots.Walk(ctx, nil, func(id uint64, _ types.Lot) (bool, error) { check(types.LotDenom(id)); return false, nil })
		_ = k.Packages.Walk(ctx, nil, func(id uint64, _ types.Package) (bool, error) { check(types.PackageDenom(id)); return false, nil })
		return sdk.FormatInvariant(types.ModuleName, "escrow", fmt.Sprint(broken)), len(broken) > 0
	}
}
