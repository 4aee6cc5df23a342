package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/consortium/types"
)

// RequireValidatorOperator refuses an operator not on the governance list.
func (k Keeper) RequireValidatorOperator(ctx context.Context, operator sdk.AccAddress) error {
	p, err := k.GetParams(ctx)
	if err != nil {
		return err
	}
	addr, err := k.addressCodec.BytesToString(operator)
	if err != nil {
		return types.ErrInvalidAddress.Wrapf("invalid operator address: %s", err)
	}
	if !p.IsValidatorOperator(addr) {
		return types.ErrNotAdmitted.Wrapf("%s may not create a validator: not on the consortium validator list", addr)
	}
	return nil
}

// RequireRelayer refuses a signer not on the governance relayer list.
func (k Keeper) RequireRelayer(ctx context.Context, signer, msgName string) error {
	p, err := k.GetParams(ctx)
	if err != nil {
		return err
	}
	if !p.IsRelayer(signer) {
		return types.ErrNotAdmitted.Wrapf("%s may not send %s: not on the consortium relayer list", signer, msgName)
	}
	return nil
}
