package types

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

type escrowReturnKey struct{}

// WithEscrowReturn marks ctx for a trusted escrow paying coins back to the
// account that deposited them (a refund). That is no change of owner, so the
// transfer rules let it through even while a lot is held or its depositor
// revoked: an escrow always has a path out.
func WithEscrowReturn(ctx sdk.Context) sdk.Context { return ctx.WithValue(escrowReturnKey{}, true) }

// IsEscrowReturn reports whether ctx was marked by WithEscrowReturn.
func IsEscrowReturn(ctx context.Context) bool {
	v, _ := sdk.UnwrapSDKContext(ctx).Value(escrowReturnKey{}).(bool)
	return v
}
