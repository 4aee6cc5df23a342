package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
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

func (s msgServer) registerCurrency(ctx context.Context, authority string, c types.Currency, update bool) error {
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), s.k.authority, authority); err != nil {
		return err
	}
	if _, err := s.k.requireRole(ctx, c.Issuer, tokenizetypes.ROLE_BANK); err != nil {
		return err
	}
	old, err := s.k.Currencies.Get(ctx, c.Code)
	switch {
	case err == nil && !update:
		return types.ErrCurrencyExists.Wrap(c.Code)
	case errors.Is(err, collections.ErrNotFound) && update:
		return types.ErrCurrencyNotFound.Wrap(c.Code)
	case err != nil && !errors.Is(err, collections.ErrNotFound):
		return err
	}
	var prev *types.Currency
	if update {
		if old.Exponent != c.Exponent {
			return types.ErrInvalidCurrency.Wrapf("the exponent of %s never changes", c.Code)
		}
		prev = &old
	}
	if err := s.k.setCurrency(ctx, prev, c); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventCurrencyRegistered{Currency: c})
}

// RegisterCurrency admits a currency.
func (s msgServer) RegisterCurrency(ctx context.Context, msg *types.MsgRegisterCurrency) (*types.MsgRegisterCurrencyResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	return &types.MsgRegisterCurrencyResponse{}, s.registerCurrency(ctx, msg.Authority, msg.Currency, false)
}

// UpdateCurrency replaces a currency's issuer and denoms.
func (s msgServer) UpdateCurrency(ctx context.Context, msg *types.MsgUpdateCurrency) (*types.MsgUpdateCurrencyResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	return &types.MsgUpdateCurrencyResponse{}, s.registerCurrency(ctx, msg.Authority, msg.Currency, true)
}

// issuable returns the currency if signer is its active issuing bank and it
// is issued on this chain.
func (k Keeper) issuable(ctx context.Context, signer, code string) (types.Currency, error) {
	c, err := k.GetCurrency(ctx, code)
	if err != nil {
		return c, err
	}
	if c.Issuer != signer {
		return c, types.ErrNotIssuer.Wrapf("%s is issued by %s", code, c.Issuer)
	}
	if _, err := k.requireRole(ctx, signer, tokenizetypes.ROLE_BANK); err != nil {
		return c, err
	}
	if c.IssueDenom == "" {
		return c, types.ErrNotIssuable.Wrap(code)
	}
	return c, nil
}

// Issue mints deposit tokens to the recipient.
func (s msgServer) Issue(ctx context.Context, msg *types.MsgIssue) (*types.MsgIssueResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	c, err := s.k.issuable(ctx, msg.Issuer, msg.Currency)
	if err != nil {
		return nil, err
	}
	coins := sdk.NewCoins(sdk.NewCoin(c.IssueDenom, msg.Amount))
	if err := s.k.bank.MintCoins(ctx, types.ModuleName, coins); err != nil {
		return nil, err
	}
	to, _ := s.k.addressCodec.StringToBytes(msg.Recipient)
	if err := s.k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, to, coins); err != nil {
		return nil, err
	}
	return &types.MsgIssueResponse{}, keeperkit.Emit(ctx, &types.EventIssued{Currency: c.Code, Denom: c.IssueDenom, Amount: msg.Amount, Recipient: msg.Recipient})
}

// Burn destroys deposit tokens the issuer holds.
func (s msgServer) Burn(ctx context.Context, msg *types.MsgBurn) (*types.MsgBurnResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	c, err := s.k.issuable(ctx, msg.Issuer, msg.Currency)
	if err != nil {
		return nil, err
	}
	from, _ := s.k.addressCodec.StringToBytes(msg.Issuer)
	if bal := s.k.bank.GetBalance(ctx, from, c.IssueDenom); bal.Amount.LT(msg.Amount) {
		return nil, types.ErrInvalidAmount.Wrapf("issuer holds %s, asked to burn %s", bal, msg.Amount)
	}
	coins := sdk.NewCoins(sdk.NewCoin(c.IssueDenom, msg.Amount))
	if err := s.k.bank.SendCoinsFromAccountToModule(ctx, from, types.ModuleName, coins); err != nil {
		return nil, err
	}
	if err := s.k.bank.BurnCoins(ctx, types.ModuleName, coins); err != nil {
		return nil, err
	}
	return &types.MsgBurnResponse{}, keeperkit.Emit(ctx, &types.EventBurned{Currency: c.Code, Denom: c.IssueDenom, Amount: msg.Amount})
}
