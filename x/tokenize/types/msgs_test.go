package types_test

import (
	"math/big"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/codec/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

var (
	ac    = address.NewBech32Codec("corridor")
	alice = sdk.MustBech32ifyAddressBytes("corridor", []byte("alice_______________"))
	bob   = sdk.MustBech32ifyAddressBytes("corridor", []byte("bob_________________"))
	hash  = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
)

func validLot() *types.MsgRegisterLot {
	return &types.MsgRegisterLot{
		Exporter: alice, ClassCode: "COAL", Quantity: math.NewInt(5_000_000),
		QualitySpecs: []types.QualitySpec{{Key: "ash", Value: "9.5%"}},
		Origin:       types.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN",
		Documents: []types.Document{{Kind: "warehouse_receipt", Sha256: hash}},
	}
}

func TestMsgValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func() error
		err  string
	}{
		{"lot ok", func() error { return validLot().Validate(ac) }, ""},
		{"lot bad exporter", func() error { m := validLot(); m.Exporter = "cosmos1xyz"; return m.Validate(ac) },
			"invalid exporter address: decoding bech32 failed: invalid separator index 6: invalid address"},
		{"lot class code", func() error { m := validLot(); m.ClassCode = "coal"; return m.Validate(ac) },
			`class code "coal": only A-Z, 0-9 and '_', starting with a letter: invalid lot`},
		{"lot negative", func() error { m := validLot(); m.Quantity = math.NewInt(-1); return m.Validate(ac) },
			"quantity must be positive: invalid amount"},
		{"lot huge", func() error {
			m := validLot()
			m.Quantity = math.NewIntFromBigInt(new(big.Int).Lsh(big.NewInt(1), 129))
			return m.Validate(ac)
		}, "quantity exceeds 2^128: invalid amount"},
		{"lot origin", func() error { m := validLot(); m.Origin.Country = "XX"; return m.Validate(ac) },
			`origin: country "XX" is not an ISO 3166-1 alpha-2 country: invalid lot`},
		{"lot domestic", func() error { m := validLot(); m.DestinationCountry = "MN"; return m.Validate(ac) },
			"destination must differ from origin: lots are cross-border shipments: invalid lot"},
		{"attest ok", func() error {
			return (&types.MsgAttest{Attester: alice, LotId: 1, Kind: types.ATTESTATION_KIND_INSPECTION,
				Result: types.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: hash, Reference: "SGS-1"}).Validate(ac)
		}, ""},
		{"attest no reference", func() error {
			return (&types.MsgAttest{Attester: alice, LotId: 1, Kind: types.ATTESTATION_KIND_INSPECTION,
				Result: types.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: hash}).Validate(ac)
		}, "reference must be 1 to 64 bytes, got 0: invalid attestation"},
		{"attest kind", func() error {
			return (&types.MsgAttest{Attester: alice, LotId: 1, Kind: 9, Result: types.ATTESTATION_RESULT_ACCEPTED,
				DocumentSha256: hash, Reference: "x"}).Validate(ac)
		}, "unknown kind 9: invalid attestation"},
		{"split one part", func() error {
			return (&types.MsgSplitLot{Holder: alice, LotId: 1, Quantities: []math.Int{math.NewInt(1)}}).Validate(ac)
		}, "a split makes 2 to 64 lots, got 1: invalid lot"},
		{"pledge to self", func() error {
			return (&types.MsgPledge{Holder: alice, Lender: alice, Amount: sdk.NewInt64Coin("lot/1", 1)}).Validate(ac)
		}, "holder and lender must differ: invalid pledge"},
		{"pledge denom", func() error {
			return (&types.MsgPledge{Holder: alice, Lender: bob, Amount: sdk.NewInt64Coin("ucgas", 1)}).Validate(ac)
		}, `only lot/{id} or pkg/{id} units can be pledged, got "ucgas": invalid pledge`},
		{"hold reason", func() error { return (&types.MsgPlaceHold{Officer: alice, LotId: 1, Reason: 7}).Validate(ac) },
			"unknown reason 7: invalid hold"},
		{"package twice", func() error {
			c := types.PackageComponent{LotId: 1, Amount: math.NewInt(1)}
			return (&types.MsgCreatePackage{Holder: alice, Components: []types.PackageComponent{c, c}, Shares: math.NewInt(1)}).Validate(ac)
		}, "lot 1 listed twice: invalid package"},
		{"merge twice", func() error { return (&types.MsgMergeLots{Holder: alice, LotIds: []uint64{1, 1}}).Validate(ac) },
			"lot 1 listed twice: invalid lot"},
		{"revoke reason", func() error { return (&types.MsgRevokeParticipant{Authority: alice, Address: bob}).Validate(ac) },
			"reason must be 1 to 512 bytes, got 0: invalid participant"},
		{"participant roles", func() error {
			return (&types.MsgRegisterParticipant{Authority: alice, Address: bob, LegalName: "X", Country: "MN",
				RegistrationId: "5012345", Roles: []types.RoleGrant{{Role: types.ROLE_BANK, Jurisdiction: "MN"}, {Role: types.ROLE_BANK, Jurisdiction: "MN"}}}).Validate(ac)
		}, "roles[1]: ROLE_BANK in MN listed twice: invalid participant"},
		{"redeem zero", func() error { return (&types.MsgRedeem{Holder: alice, LotId: 1, Amount: math.ZeroInt()}).Validate(ac) },
			"amount must be positive: invalid amount"},
		{"anchor document", func() error {
			return (&types.MsgAnchorDocument{Issuer: alice, LotId: 1, Document: types.Document{Kind: "customs_declaration", Sha256: hash}}).Validate(ac)
		}, ""},
		{"anchor document hash", func() error {
			return (&types.MsgAnchorDocument{Issuer: alice, LotId: 1, Document: types.Document{Kind: "customs_declaration", Sha256: "ab"}}).Validate(ac)
		}, "document customs_declaration: sha256 must be 64 hex characters, got 2: invalid lot"},
		{"anchor document lot", func() error {
			return (&types.MsgAnchorDocument{Issuer: alice, Document: types.Document{Kind: "customs_declaration", Sha256: hash}}).Validate(ac)
		}, "lot_id must be positive: invalid lot"},
	} {
		err := tc.run()
		if tc.err == "" {
			require.NoError(t, err, tc.name)
		} else {
			require.EqualError(t, err, tc.err, tc.name)
		}
	}
}

// TestEveryMsgHasASignerAndIsRegistered: each message resolves its signer
// through its cosmos.msg.v1.signer option and is routable by type URL.
func TestEveryMsgHasASignerAndIsRegistered(t *testing.T) {
	ir := testutil.CodecOptions{AccAddressPrefix: "corridor", ValAddressPrefix: "corridorvaloper"}.NewInterfaceRegistry()
	types.RegisterInterfaces(ir)
	cdc := codec.NewProtoCodec(ir)
	require.Len(t, types.Msgs(), 18)
	for _, m := range types.Msgs() {
		url := sdk.MsgTypeURL(m)
		_, err := ir.Resolve(url)
		require.NoError(t, err, url)
		filled := fillSigner(t, m)
		signers, _, err := cdc.GetMsgV1Signers(filled)
		require.NoError(t, err, url)
		require.Len(t, signers, 1, url)
	}
}

// fillSigner returns a copy of m with its signer field set.
func fillSigner(t *testing.T, m sdk.Msg) sdk.Msg {
	t.Helper()
	v := reflect.New(reflect.TypeOf(m).Elem())
	for _, name := range []string{"Authority", "Exporter", "Attester", "Holder", "Lender", "Officer", "Issuer"} {
		if f := v.Elem().FieldByName(name); f.IsValid() {
			f.SetString(alice)
			return v.Interface().(sdk.Msg)
		}
	}
	t.Fatalf("%T has no known signer field", m)
	return nil
}
