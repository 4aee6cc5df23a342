package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

func kr(k types.AttestationKind, r types.AttestationResult) types.KindResult {
	return types.KindResult{Kind: k, Result: r}
}

func TestDeriveStatus(t *testing.T) {
	acc, rej := types.ATTESTATION_RESULT_ACCEPTED, types.ATTESTATION_RESULT_REJECTED
	for _, tc := range []struct {
		results []types.KindResult
		want    types.LotStatus
	}{
		{nil, types.LOT_STATUS_REGISTERED},
		{[]types.KindResult{kr(types.ATTESTATION_KIND_INSPECTION, acc)}, types.LOT_STATUS_INSPECTED},
		{[]types.KindResult{kr(types.ATTESTATION_KIND_INSPECTION, acc), kr(types.ATTESTATION_KIND_CUSTOMS_EXPORT, acc)}, types.LOT_STATUS_EXPORT_CLEARED},
		{[]types.KindResult{kr(types.ATTESTATION_KIND_INSPECTION, acc), kr(types.ATTESTATION_KIND_CUSTOMS_EXPORT, rej)}, types.LOT_STATUS_REJECTED},
		{[]types.KindResult{kr(types.ATTESTATION_KIND_DISPATCH, acc), kr(types.ATTESTATION_KIND_ARRIVAL, acc)}, types.LOT_STATUS_ARRIVED},
		{[]types.KindResult{kr(types.ATTESTATION_KIND_DISPATCH, acc), kr(types.ATTESTATION_KIND_CUSTOMS_IMPORT, acc)}, types.LOT_STATUS_IMPORT_CLEARED},
	} {
		require.Equal(t, tc.want, types.DeriveStatus(tc.results), "%v", tc.results)
	}
}

func TestSetResultKeepsOneResultPerKindInOrder(t *testing.T) {
	acc, rej := types.ATTESTATION_RESULT_ACCEPTED, types.ATTESTATION_RESULT_REJECTED
	var rs []types.KindResult
	rs = types.SetResult(rs, kr(types.ATTESTATION_KIND_DISPATCH, acc))
	rs = types.SetResult(rs, kr(types.ATTESTATION_KIND_INSPECTION, rej))
	rs = types.SetResult(rs, kr(types.ATTESTATION_KIND_ARRIVAL, acc))
	rs = types.SetResult(rs, kr(types.ATTESTATION_KIND_INSPECTION, acc))
	require.Equal(t, []types.KindResult{
		kr(types.ATTESTATION_KIND_INSPECTION, acc), kr(types.ATTESTATION_KIND_DISPATCH, acc), kr(types.ATTESTATION_KIND_ARRIVAL, acc),
	}, rs)
}

func TestParseQualitySpecs(t *testing.T) {
	specs, err := types.ParseQualitySpecs(" ash = 9.5% ; moisture=8%;grade=K7;cv=6200 kcal/kg")
	require.NoError(t, err)
	require.Equal(t, "ash=9.5%;moisture=8%;grade=K7;cv=6200 kcal/kg", types.FormatQualitySpecs(specs))
	d, unit, ok := specs[0].Numeric()
	require.True(t, ok)
	require.Equal(t, math.LegacyMustNewDecFromStr("9.5"), d)
	require.Equal(t, "%", unit)
	_, unit, ok = specs[3].Numeric()
	require.True(t, ok)
	require.Equal(t, "kcal/kg", unit)
	_, _, ok = specs[2].Numeric()
	require.False(t, ok)

	for in, want := range map[string]string{
		"ash":            `"ash" is not key=value: invalid quality spec`,
		"Ash=1":          `key "Ash": 1 to 32 lower-case letters, digits and '_', starting with a letter: invalid quality spec`,
		"ash=1;ash=2":    `key "ash" listed twice: invalid quality spec`,
		"ash=":           "ash: value must be 1 to 64 characters, got 0: invalid quality spec",
		"ash=1\x01":      `ash: value holds '\x01': invalid quality spec`,
		"ash=1;;moist=2": `"" is not key=value: invalid quality spec`,
	} {
		_, err := types.ParseQualitySpecs(in)
		require.EqualError(t, err, want, in)
	}
	none, err := types.ParseQualitySpecs("  ")
	require.NoError(t, err)
	require.Empty(t, none)
}

func TestDenoms(t *testing.T) {
	id, ok := types.ParseLotDenom("lot/42")
	require.True(t, ok)
	require.Equal(t, uint64(42), id)
	for _, bad := range []string{"lot/", "lot/0", "lot/042", "lot/x", "pkg/1", "lot/18446744073709551616"} {
		_, ok := types.ParseLotDenom(bad)
		require.False(t, ok, bad)
	}
	require.Equal(t, "pkg/7", types.PackageDenom(7))
	require.True(t, types.IsModuleDenom("pkg/7"))
	require.False(t, types.IsModuleDenom("ucgas"))
}
