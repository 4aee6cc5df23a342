package addrcheck_test

import (
	"strings"
	"testing"

	"github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/internal/addrcheck"
)

func TestCanonical(t *testing.T) {
	ac := address.NewBech32Codec("corridor")
	s, err := ac.BytesToString(make([]byte, 20))
	require.NoError(t, err)
	require.NoError(t, addrcheck.Canonical(ac, s))
	err = addrcheck.Canonical(ac, strings.ToUpper(s))
	require.EqualError(t, err, "write it as "+s)
	require.Error(t, addrcheck.Canonical(ac, ""))
	require.Error(t, addrcheck.Canonical(ac, "cosmos1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnrql8a"))
}
