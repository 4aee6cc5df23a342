package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/x/finance/types"
	settlementtypes "github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

func TestRecordDeclaration(t *testing.T) {
	f := newFixture(t)
	lot := f.lot()
	other := unpack(t, f.must(&tk.MsgRegisterLot{Exporter: f.importer, ClassCode: "COAL", Quantity: math.NewInt(10),
		Origin: tk.Place{Country: "CN", Place: "Baotou"}, DestinationCountry: "MN"}), &tk.MsgRegisterLotResponse{}).LotId
	for _, tc := range []struct {
		name   string
		mutate func(m *types.MsgRecordDeclaration)
		expErr error
	}{
		{"failure: the exporter records its own declaration", func(m *types.MsgRecordDeclaration) { m.Customs = f.exporter }, types.ErrNotCustoms},
		{"failure: CN customs records an MN declaration", func(m *types.MsgRecordDeclaration) { m.Customs = f.customsCN }, types.ErrNotCustoms},
		{"failure: number not in the EAEU/MN layout", func(m *types.MsgRecordDeclaration) { m.Number = "10010000-241119-0000123" }, types.ErrInvalidDeclaration},
		{"failure: number of another customs office", func(m *types.MsgRecordDeclaration) { m.CustomsOffice = "10020000" }, types.ErrInvalidDeclaration},
		{"failure: number dated after the block", func(m *types.MsgRecordDeclaration) { m.Number = "10010000/241199/0000123" }, types.ErrInvalidDeclaration},
		{"failure: a lot the exporter did not issue", func(m *types.MsgRecordDeclaration) { m.Lots[0].LotId = other }, types.ErrInvalidDeclaration},
		{"failure: more units than the lot has", func(m *types.MsgRecordDeclaration) { m.Lots[0].Units = math.NewInt(5_000_001) }, types.ErrInvalidDeclaration},
		{"failure: the same lot twice", func(m *types.MsgRecordDeclaration) { m.Lots = append(m.Lots, m.Lots[0]) }, types.ErrInvalidDeclaration},
		{"failure: unregistered currency", func(m *types.MsgRecordDeclaration) { m.Currency = "USD" }, settlementtypes.ErrCurrencyNotFound},
		{"failure: zero value", func(m *types.MsgRecordDeclaration) { m.Value = math.ZeroInt() }, types.ErrInvalidAmount},
		{"failure: the exporter is no EXPORTER", func(m *types.MsgRecordDeclaration) { m.Exporter = f.importer }, types.ErrRoleNotHeld},
		{"failure: hash not hex", func(m *types.MsgRecordDeclaration) { m.Sha256 = "XYZ" }, types.ErrInvalidDeclaration},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := f.recordMsg(lot, number)
			tc.mutate(m)
			_, err := f.deliver(m)
			require.ErrorIs(t, err, tc.expErr)
		})
	}
	res := f.must(f.recordMsg(lot, number))
	require.Equal(t, 1, count(res, &types.EventDeclarationRecorded{}))
	id := unpack(t, res, &types.MsgRecordDeclarationResponse{}).DeclarationId
	d := f.getDecl(id)
	require.Equal(t, declValue, d.Value)
	require.True(t, d.Financed.IsZero())
	require.Equal(t, declValue, d.Remaining())
	_, err := f.deliver(f.recordMsg(lot, number))
	require.ErrorIs(t, err, types.ErrDeclarationExists)

	q := f.queryDecl(0, "MN", number)
	require.Equal(t, id, q.Declaration.Id)
	require.False(t, q.Cleared, "no CUSTOMS_EXPORT yet")
	f.clear(lot, hash(number))
	require.True(t, f.queryDecl(id, "", "").Cleared)
}
