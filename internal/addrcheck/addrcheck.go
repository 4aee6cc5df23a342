// Package addrcheck holds the rule every address in a Corridor message
// follows: it is written in its one canonical form.
package addrcheck

import (
	"fmt"

	"cosmossdk.io/core/address"
)

// Canonical decodes s and fails unless s is its address's canonical
// encoding. Bech32 also reads the all-uppercase form of an address; a
// message naming one account by two strings would let a rule that compares
// addresses (a payer against its signers, a co-signer against the creator)
// count one account as two.
func Canonical(ac address.Codec, s string) error {
	bz, err := ac.StringToBytes(s)
	if err != nil {
		return err
	}
	c, err := ac.BytesToString(bz)
	if err != nil {
		return err
	}
	if c != s {
		return fmt.Errorf("write it as %s", c)
	}
	return nil
}
