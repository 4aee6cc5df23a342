package types

import (
	"cosmossdk.io/core/address"
)

// Validate performs the stateless checks of MsgUpdateParams.
func (m *MsgUpdateParams) Validate(ac address.Codec) error {
	if _, err := ac.StringToBytes(m.Authority); err != nil {
		return ErrInvalidAddress.Wrapf("invalid authority address: %s", err)
	}
	return m.Params.Validate()
}
