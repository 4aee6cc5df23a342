package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec/address"

	"github.com/corridor-chain/corridor/x/consortium/types"
)

func TestParamsValidate(t *testing.T) {
	ac := address.NewBech32Codec("corridor")
	a, err := ac.BytesToString([]byte("operator-address-001"))
	require.NoError(t, err)
	b, err := ac.BytesToString([]byte("relayer-address-0001"))
	require.NoError(t, err)
	many := make([]string, types.MaxAdmitted+1)
	for i := range many {
		many[i] = a
	}

	tests := []struct {
		name   string
		params types.Params
		expErr string
	}{
		{"success: empty lists", types.DefaultParams(), ""},
		{"success: both lists", types.Params{ValidatorOperators: []string{a, b}, Relayers: []string{b}}, ""},
		{"failure: bad address", types.Params{Relayers: []string{"cosmos1xyz"}}, "invalid relayers address"},
		{"failure: duplicate", types.Params{ValidatorOperators: []string{a, a}}, "validator_operators: duplicate address"},
		{"failure: too many", types.Params{Relayers: many}, "exceeds the limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.params.Validate(ac)
			if tc.expErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.expErr)
		})
	}
	p := types.Params{ValidatorOperators: []string{a}, Relayers: []string{b}}
	require.True(t, p.IsValidatorOperator(a))
	require.False(t, p.IsValidatorOperator(b))
	require.True(t, p.IsRelayer(b))
}
