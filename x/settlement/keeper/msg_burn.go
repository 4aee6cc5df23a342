package keeper

import (
	"context"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

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
