package keeper

import (
	"context"
	"errors"

	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"

	"cosmossdk.io/collections"
	"github.com/corridor-chain/corridor/x/settlement/types"
)

// GetCurrency returns a currency.
func (k Keeper) GetCurrency(ctx context.Context, code string) (types.Currency, error) {
	c, err := k.Currencies.Get(ctx, code)
	if errors.Is(err, collections.ErrNotFound) {
		return c, types.ErrCurrencyNotFound.Wrap(code)
	}
	return c, err
}

// CurrencyOf returns the currency a denom counts as, if any.
func (k Keeper) CurrencyOf(ctx context.Context, denom string) (types.Currency, bool, error) {
	code, err := k.DenomCurrency.Get(ctx, denom)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Currency{}, false, nil
	} else if err != nil {
		return types.Currency{}, false, err
	}
	c, err := k.GetCurrency(ctx, code)
	return c, err == nil, err
}

// requireRole checks that addr is an active participant holding role anywhere.
func (k Keeper) requireRole(ctx context.Context, addr string, roles ...tokenizetypes.Role) (tokenizetypes.Participant, error) {
	p, err := k.tokenize.ActiveParticipant(ctx, addr)
	if err != nil {
		return p, err
	}
	for _, r := range roles {
		if p.HasAnyJurisdiction(r) {
			return p, nil
		}
	}
	return p, types.ErrRoleNotHeld.Wrapf("%s needs one of %v", addr, roles)
}

// setCurrency stores c and its denom index; old's denoms are unindexed first.
func (k Keeper) setCurrency(ctx context.Context, old *types.Currency, c types.Currency) error {
	if old != nil {
		for _, d := range old.Denoms {
			if err := k.DenomCurrency.Remove(ctx, d.Denom); err != nil {
				return err
			}
		}
	}
	for _, d := range c.Denoms {
		if code, err := k.DenomCurrency.Get(ctx, d.Denom); err == nil && code != c.Code {
			return types.ErrInvalidCurrency.Wrapf("denom %s already counts as %s", d.Denom, code)
		} else if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return err
		}
		if err := k.DenomCurrency.Set(ctx, d.Denom, c.Code); err != nil {
			return err
		}
	}
	return k.Currencies.Set(ctx, c.Code, c)
}
