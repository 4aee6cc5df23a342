package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

func registerMsg(f *fixture, a string) *types.MsgRegisterParticipant {
	return &types.MsgRegisterParticipant{Authority: f.gov, Address: a, LegalName: "Sberbank", Country: "RU",
		RegistrationId: "7707083893", Roles: []types.RoleGrant{grant(types.ROLE_BANK, "RU")}}
}

func TestRegisterParticipant(t *testing.T) {
	runCases(t, []msgCase{
		{name: "success: admits with roles indexed", setup: func(f *fixture) sdk.Msg { return registerMsg(f, addr(f.outsider)) },
			check: func(t *testing.T, f *fixture, res *sdk.Result) {
				hasEvent(t, res, &types.EventParticipantRegistered{})
				ok, err := f.k().HasRole(f.ctx(), addr(f.outsider), types.ROLE_BANK, "RU")
				require.NoError(t, err)
				require.True(t, ok)
				out, err := f.q().Participants(f.ctx(), &types.QueryParticipantsRequest{Role: types.ROLE_BANK, Jurisdiction: "RU"})
				require.NoError(t, err)
				require.Len(t, out.Participants, 1)
			}},
		{name: "success: re-admits a revoked participant", setup: func(f *fixture) sdk.Msg {
			f.mustDeliver(&types.MsgRevokeParticipant{Authority: f.gov, Address: addr(f.bank), Reason: "licence withdrawn"})
			m := registerMsg(f, addr(f.bank))
			m.Country, m.RegistrationId, m.Roles = "MN", "2000003", []types.RoleGrant{grant(types.ROLE_BANK, "MN")}
			return m
		}, check: func(t *testing.T, f *fixture, _ *sdk.Result) {
			p, err := f.k().ActiveParticipant(f.ctx(), addr(f.bank))
			require.NoError(t, err)
			require.Empty(t, p.RevokeReason)
		}},
		{name: "failure: not governance", setup: func(f *fixture) sdk.Msg {
			m := registerMsg(f, addr(f.outsider))
			m.Authority = addr(f.exporter)
			return m
		}, err: sdkerrors.ErrUnauthorized},
		{name: "failure: already active", setup: func(f *fixture) sdk.Msg { return registerMsg(f, addr(f.exporter)) }, err: types.ErrParticipantExists},
		{name: "failure: bad INN check digit", setup: func(f *fixture) sdk.Msg {
			m := registerMsg(f, addr(f.outsider))
			m.RegistrationId = "7707083894"
			return m
		}, err: types.ErrInvalidParticipant},
		{name: "failure: unknown country", setup: func(f *fixture) sdk.Msg {
			m := registerMsg(f, addr(f.outsider))
			m.Roles = []types.RoleGrant{grant(types.ROLE_BANK, "XX")}
			return m
		}, err: types.ErrInvalidParticipant},
		{name: "failure: no roles", setup: func(f *fixture) sdk.Msg {
			m := registerMsg(f, addr(f.outsider))
			m.Roles = nil
			return m
		}, err: types.ErrInvalidParticipant},
		{name: "failure: bad address", setup: func(f *fixture) sdk.Msg { return registerMsg(f, "corridor1nope") }, err: types.ErrInvalidAddress},
	})
}

func TestUpdateParticipant(t *testing.T) {
	update := func(f *fixture, a string) *types.MsgUpdateParticipant {
		return &types.MsgUpdateParticipant{Authority: f.gov, Address: a, LegalName: "Tavan Tolgoi JSC", Country: "MN",
			RegistrationId: "5012345", Roles: []types.RoleGrant{grant(types.ROLE_EXPORTER, "MN"), grant(types.ROLE_IMPORTER, "MN")}}
	}
	runCases(t, []msgCase{
		{name: "success: roles replaced and reindexed", setup: func(f *fixture) sdk.Msg { return update(f, addr(f.exporter)) },
			check: func(t *testing.T, f *fixture, res *sdk.Result) {
				hasEvent(t, res, &types.EventParticipantUpdated{})
				p, err := f.k().GetParticipant(f.ctx(), addr(f.exporter))
				require.NoError(t, err)
				require.Equal(t, "Tavan Tolgoi JSC", p.LegalName)
				require.True(t, p.HasRole(types.ROLE_IMPORTER, "MN"))
			}},
		{name: "failure: not registered", setup: func(f *fixture) sdk.Msg { return update(f, addr(f.outsider)) }, err: types.ErrParticipantNotFound},
		{name: "failure: revoked", setup: func(f *fixture) sdk.Msg {
			f.mustDeliver(&types.MsgRevokeParticipant{Authority: f.gov, Address: addr(f.exporter), Reason: "fraud"})
			return update(f, addr(f.exporter))
		}, err: types.ErrParticipantInactive},
		{name: "failure: duplicate role", setup: func(f *fixture) sdk.Msg {
			m := update(f, addr(f.exporter))
			m.Roles = append(m.Roles, m.Roles[0])
			return m
		}, err: types.ErrInvalidParticipant},
	})
}

func TestRevokeParticipant(t *testing.T) {
	runCases(t, []msgCase{
		{name: "success: revoked participant can no longer act, history remains", setup: func(f *fixture) sdk.Msg {
			f.registerLot(1000)
			return &types.MsgRevokeParticipant{Authority: f.gov, Address: addr(f.exporter), Reason: "licence withdrawn"}
		}, check: func(t *testing.T, f *fixture, res *sdk.Result) {
			hasEvent(t, res, &types.EventParticipantRevoked{})
			_, err := f.deliver(lotMsg(f, 10))
			require.ErrorIs(t, err, types.ErrParticipantInactive)
			require.ErrorIs(t, f.send(f.exporter, f.importer, sdk.NewInt64Coin(types.LotDenom(1), 1)), types.ErrTransferNotAllowed)
			p, err := f.k().GetParticipant(f.ctx(), addr(f.exporter))
			require.NoError(t, err)
			require.Equal(t, types.PARTICIPANT_STATUS_REVOKED, p.Status)
			require.Equal(t, addr(f.exporter), f.lot(1).Issuer)
		}},
		{name: "failure: reason required", setup: func(f *fixture) sdk.Msg {
			return &types.MsgRevokeParticipant{Authority: f.gov, Address: addr(f.exporter)}
		}, err: types.ErrInvalidParticipant},
		{name: "failure: unknown", setup: func(f *fixture) sdk.Msg {
			return &types.MsgRevokeParticipant{Authority: f.gov, Address: addr(f.outsider), Reason: "x"}
		}, err: types.ErrParticipantNotFound},
		{name: "failure: twice", setup: func(f *fixture) sdk.Msg {
			f.mustDeliver(&types.MsgRevokeParticipant{Authority: f.gov, Address: addr(f.bank), Reason: "x"})
			return &types.MsgRevokeParticipant{Authority: f.gov, Address: addr(f.bank), Reason: "x"}
		}, err: types.ErrParticipantInactive},
	})
}

func TestRegisterClassAndParams(t *testing.T) {
	copper := types.CommodityClass{Code: "COPPER", HsPrefixes: []string{"2603"}, BaseUnit: "kg", DisplayUnit: "t", DisplayExponent: 3}
	runCases(t, []msgCase{
		{name: "success: class", setup: func(f *fixture) sdk.Msg { return &types.MsgRegisterClass{Authority: f.gov, Class: copper} },
			check: func(t *testing.T, f *fixture, res *sdk.Result) {
				hasEvent(t, res, &types.EventClassRegistered{})
				c, err := f.q().Class(f.ctx(), &types.QueryClassRequest{Code: "COPPER"})
				require.NoError(t, err)
				require.True(t, c.Class.CoversHS("2603.00.00"))
			}},
		{name: "failure: class exists", setup: func(f *fixture) sdk.Msg { return &types.MsgRegisterClass{Authority: f.gov, Class: coalClass()} }, err: types.ErrClassExists},
		{name: "failure: class bad HS", setup: func(f *fixture) sdk.Msg {
			c := copper
			c.HsPrefixes = []string{"26a3"}
			return &types.MsgRegisterClass{Authority: f.gov, Class: c}
		}, err: types.ErrInvalidClass},
		{name: "failure: class not governance", setup: func(f *fixture) sdk.Msg {
			return &types.MsgRegisterClass{Authority: addr(f.exporter), Class: copper}
		}, err: sdkerrors.ErrUnauthorized},
		{name: "success: params", setup: func(f *fixture) sdk.Msg {
			return &types.MsgUpdateParams{Authority: f.gov, Params: types.Params{MaxQualitySpecs: 1, MaxDocuments: 1, MaxParts: 2}}
		}, check: func(t *testing.T, f *fixture, res *sdk.Result) {
			hasEvent(t, res, &types.EventParamsUpdated{})
			_, err := f.deliver(lotMsg(f, 10)) // two quality specs now exceed the bound
			require.ErrorIs(t, err, types.ErrInvalidQualitySpec)
		}},
		{name: "failure: params out of bounds", setup: func(f *fixture) sdk.Msg {
			return &types.MsgUpdateParams{Authority: f.gov, Params: types.Params{MaxQualitySpecs: 1, MaxDocuments: 1, MaxParts: 1}}
		}, err: types.ErrInvalidParams},
	})
}
