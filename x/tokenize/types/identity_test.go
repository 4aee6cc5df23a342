package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

func TestValidateRegistrationID(t *testing.T) {
	for _, tc := range []struct {
		country, id string
		err         string
	}{
		{"CN", "91110000100000000R", ""},
		{"CN", "91110000100000000S", `CN unified social credit code "91110000100000000S" fails its check character`},
		{"CN", "9111000010000000", "CN unified social credit code must be 18 characters, got 16"},
		{"CN", "9111000010000000IR", `CN unified social credit code: character 'I' is not in the USCC alphabet`},
		{"MN", "5012345", ""},
		{"MN", "501234", `MN state registration number must be 7 digits, got "501234"`},
		{"RU", "7707083893", ""}, // INN of a company
		{"RU", "7707083894", `RU registration id "7707083894" fails its check digit`},
		{"RU", "1027700132195", ""}, // OGRN
		{"RU", "1027700132196", `RU registration id "1027700132196" fails its check digit`},
		{"RU", "500100732259", ""}, // INN of an individual
		{"RU", "12345", "RU registration id must be an INN (10/12 digits), OGRN (13) or OGRNIP (15), got 5 digits"},
		{"RU", "77070838a3", `RU registration id must be digits, got "77070838a3"`},
		{"KZ", "KZ-123456", ""},
		{"KZ", "kz1", "registration id must be 4 to 32 characters, got 3"},
	} {
		err := types.ValidateRegistrationID(tc.country, tc.id)
		if tc.err == "" {
			require.NoError(t, err, "%s %s", tc.country, tc.id)
		} else {
			require.EqualError(t, err, tc.err)
		}
	}
}

func TestValidateCountry(t *testing.T) {
	for _, ok := range []string{"MN", "CN", "RU", "KZ", "DE"} {
		require.NoError(t, types.ValidateCountry(ok))
	}
	for _, bad := range []string{"", "mn", "XX", "EU", "MNG", "150", "ZZ"} {
		require.Error(t, types.ValidateCountry(bad), bad)
	}
}

func TestCoversHS(t *testing.T) {
	c := types.CommodityClass{HsPrefixes: []string{"2701.12", "2603"}}
	require.True(t, c.CoversHS("270112"))
	require.True(t, c.CoversHS("2701.12.10"))
	require.True(t, c.CoversHS("2603.00"))
	require.False(t, c.CoversHS("2701.11"))
	require.False(t, c.CoversHS("27"))
}
