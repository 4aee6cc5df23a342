package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec/address"

	"github.com/corridor-chain/corridor/x/settlement/types"
)

var ac = address.NewBech32Codec("corridor")

func TestParamsValidate(t *testing.T) {
	require.NoError(t, types.DefaultParams().Validate())
	require.ErrorIs(t, types.Params{}.Validate(), types.ErrInvalidParams)
	p := types.DefaultParams()
	p.Fees = append(p.Fees, types.FeeRate{Type: types.INSTRUCTION_TYPE_DVP, Bps: 1})
	require.ErrorContains(t, p.Validate(), "fees[3]: INSTRUCTION_TYPE_DVP listed twice")
	require.Equal(t, uint32(5), types.DefaultParams().FeeBps(types.INSTRUCTION_TYPE_DVP))
	gs := types.DefaultGenesisState()
	require.NoError(t, gs.Validate(ac))
}
