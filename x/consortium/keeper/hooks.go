package keeper

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// StakingHooks refuses validator creation by accounts governance has not
// admitted. It runs inside x/staking's CreateValidator handler, so the rule
// holds wherever MsgCreateValidator arrives from: a transaction, authz exec,
// an interchain account, a proposal or a genesis transaction.
type StakingHooks struct{ k Keeper }

var _ stakingtypes.StakingHooks = StakingHooks{}

// StakingHooks returns the admission hooks for x/staking.
func (k Keeper) StakingHooks() StakingHooks { return StakingHooks{k: k} }

// AfterValidatorCreated refuses an operator not on the validator list.
func (h StakingHooks) AfterValidatorCreated(ctx context.Context, valAddr sdk.ValAddress) error {
	return h.k.RequireValidatorOperator(ctx, sdk.AccAddress(valAddr))
}

func (StakingHooks) BeforeValidatorModified(context.Context, sdk.ValAddress) error { return nil }
func (StakingHooks) AfterValidatorRemoved(context.Context, sdk.ConsAddress, sdk.ValAddress) error {
	return nil
}
func (StakingHooks) AfterValidatorBonded(context.Context, sdk.ConsAddress, sdk.ValAddress) error {
	return nil
}
func (StakingHooks) AfterValidatorBeginUnbonding(context.Context, sdk.ConsAddress, sdk.ValAddress) error {
	return nil
}
func (StakingHooks) BeforeDelegationCreated(context.Context, sdk.AccAddress, sdk.ValAddress) error {
	return nil
}
func (StakingHooks) BeforeDelegationSharesModified(context.Context, sdk.AccAddress, sdk.ValAddress) error {
	return nil
}
func (StakingHooks) BeforeDelegationRemoved(context.Context, sdk.AccAddress, sdk.ValAddress) error {
	return nil
}
func (StakingHooks) AfterDelegationModified(context.Context, sdk.AccAddress, sdk.ValAddress) error {
	return nil
}
func (StakingHooks) BeforeValidatorSlashed(context.Context, sdk.ValAddress, math.LegacyDec) error {
	return nil
}
func (StakingHooks) AfterUnbondingInitiated(context.Context, uint64) error { return nil }
