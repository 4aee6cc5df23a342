package types

import (
	"cosmossdk.io/core/address"
)

// MaxAdmitted bounds each admission list against abuse.
const MaxAdmitted = 200

// DefaultParams admits nobody: validators and relayers are named in genesis
// or by a governance proposal.
func DefaultParams() Params { return Params{} }

// Validate checks both lists: well-formed addresses, no duplicates, bounded.
func (p Params) Validate(ac address.Codec) error {
	if err := validateList("validator_operators", p.ValidatorOperators, ac); err != nil {
		return err
	}
	return validateList("relayers", p.Relayers, ac)
}

func validateList(field string, addrs []string, ac address.Codec) error {
	if len(addrs) > MaxAdmitted {
		return ErrInvalidParams.Wrapf("%s: %d entries exceeds the limit of %d", field, len(addrs), MaxAdmitted)
	}
	seen := make(map[string]struct{}, len(addrs))
	for _, a := range addrs {
		if _, err := ac.StringToBytes(a); err != nil {
			return ErrInvalidAddress.Wrapf("invalid %s address %q: %s", field, a, err)
		}
		if _, dup := seen[a]; dup {
			return ErrInvalidParams.Wrapf("%s: duplicate address %s", field, a)
		}
		seen[a] = struct{}{}
	}
	return nil
}

// IsValidatorOperator reports whether addr may create a validator.
func (p Params) IsValidatorOperator(addr string) bool { return contains(p.ValidatorOperators, addr) }

// IsRelayer reports whether addr may open IBC clients, connections and channels.
func (p Params) IsRelayer(addr string) bool { return contains(p.Relayers, addr) }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
