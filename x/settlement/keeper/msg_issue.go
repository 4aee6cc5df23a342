package keeper

import (
	"context"

	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

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
