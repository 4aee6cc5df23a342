package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/consortium/types"
)

// BondDenomRestriction is a bank send restriction: the bond denom moves only
// between the module accounts in allowed (the staking pools), so its holders
// can delegate and undelegate it but never send it, over IBC included.
func BondDenomRestriction(bondDenom string, allowed ...sdk.AccAddress) func(context.Context, sdk.AccAddress, sdk.AccAddress, sdk.Coins) (sdk.AccAddress, error) {
	isAllowed := func(a sdk.AccAddress) bool {
		for _, m := range allowed {
			if m.Equals(a) {
				return true
			}
		}
		return false
	}
	return func(_ context.Context, from, to sdk.AccAddress, amt sdk.Coins) (sdk.AccAddress, error) {
		if amt.AmountOf(bondDenom).IsZero() {
			return to, nil
		}
		if isAllowed(from) && isAllowed(to) {
			return to, nil
		}
		return to, types.ErrBondDenomSend.Wrapf("%s can only be delegated by its holder, not sent", bondDenom)
	}
}
