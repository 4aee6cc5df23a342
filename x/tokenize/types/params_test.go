package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec/address"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

func TestParamsValidate(t *testing.T) {
	require.NoError(t, types.DefaultParams().Validate())
	require.ErrorIs(t, types.Params{}.Validate(), types.ErrInvalidParams)
	gs := types.DefaultGenesisState()
	require.NoError(t, gs.Validate(address.NewBech32Codec("corridor")))
}
