package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/tokenize/types"
)

func roleKey(g types.RoleGrant) string { return g.Role.String() + "@" + g.Jurisdiction }

// RoleKey is the RoleIndex key of role in jurisdiction.
func RoleKey(role types.Role, jurisdiction string) string {
	return roleKey(types.RoleGrant{Role: role, Jurisdiction: jurisdiction})
}

// setParticipant stores p and keeps the active set and role index in step.
func (k Keeper) setParticipant(ctx context.Context, addr sdk.AccAddress, old *types.Participant, p types.Participant) error {
	if old != nil {
		for _, g := range old.Roles {
			if err := k.RoleIndex.Remove(ctx, collections.Join(roleKey(g), addr)); err != nil {
				return err
			}
		}
	}
	for _, g := range p.Roles {
		if err := k.RoleIndex.Set(ctx, collections.Join(roleKey(g), addr)); err != nil {
			return err
		}
	}
	if p.IsActive() {
		if err := k.ActiveParticipants.Set(ctx, addr); err != nil {
			return err
		}
	} else if err := k.ActiveParticipants.Remove(ctx, addr); err != nil {
		return err
	}
	return k.Participants.Set(ctx, addr, p)
}

// GetParticipant returns the participant at a bech32 address.
func (k Keeper) GetParticipant(ctx context.Context, addr string) (types.Participant, error) {
	bz, err := k.addressCodec.StringToBytes(addr)
	if err != nil {
		return types.Participant{}, types.ErrInvalidAddress.Wrapf("invalid participant address: %s", err)
	}
	p, err := k.Participants.Get(ctx, bz)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Participant{}, types.ErrParticipantNotFound.Wrap(addr)
	}
	return p, err
}

// ActiveParticipant returns the participant at addr if it may act.
func (k Keeper) ActiveParticipant(ctx context.Context, addr string) (types.Participant, error) {
	p, err := k.GetParticipant(ctx, addr)
	if err != nil {
		return p, err
	}
	if !p.IsActive() {
		return p, types.ErrParticipantInactive.Wrap(addr)
	}
	return p, nil
}

// HasRole reports whether addr is an active participant holding role in
// jurisdiction; x/settlement reads roles through it.
func (k Keeper) HasRole(ctx context.Context, addr string, role types.Role, jurisdiction string) (bool, error) {
	p, err := k.ActiveParticipant(ctx, addr)
	if err != nil {
		if errors.Is(err, types.ErrParticipantNotFound) || errors.Is(err, types.ErrParticipantInactive) {
			return false, nil
		}
		return false, err
	}
	return p.HasRole(role, jurisdiction), nil
}

// RegisterParticipant admits a participant, or re-admits a revoked one.
func (s msgServer) RegisterParticipant(ctx context.Context, msg *types.MsgRegisterParticipant) (*types.MsgRegisterParticipantResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), s.k.authority, msg.Authority); err != nil {
		return nil, err
	}
	addr, _ := s.k.addressCodec.StringToBytes(msg.Address)
	var old *types.Participant
	switch p, err := s.k.Participants.Get(ctx, addr); {
	case err == nil && p.IsActive():
		return nil, types.ErrParticipantExists.Wrap(msg.Address)
	case err == nil:
		old = &p
	case !errors.Is(err, collections.ErrNotFound):
		return nil, err
	}
	p := types.Participant{
		Address: msg.Address, LegalName: msg.LegalName, Country: msg.Country, RegistrationId: msg.RegistrationId,
		Roles: msg.Roles, Status: types.PARTICIPANT_STATUS_ACTIVE, RegisteredHeight: height(ctx),
	}
	if err := s.k.setParticipant(ctx, addr, old, p); err != nil {
		return nil, err
	}
	return &types.MsgRegisterParticipantResponse{}, keeperkit.Emit(ctx, &types.EventParticipantRegistered{Participant: p})
}

// UpdateParticipant replaces an active participant's details and roles.
func (s msgServer) UpdateParticipant(ctx context.Context, msg *types.MsgUpdateParticipant) (*types.MsgUpdateParticipantResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), s.k.authority, msg.Authority); err != nil {
		return nil, err
	}
	old, err := s.k.ActiveParticipant(ctx, msg.Address)
	if err != nil {
		return nil, err
	}
	p := old
	p.LegalName, p.Country, p.RegistrationId, p.Roles = msg.LegalName, msg.Country, msg.RegistrationId, msg.Roles
	addr, _ := s.k.addressCodec.StringToBytes(msg.Address)
	if err := s.k.setParticipant(ctx, addr, &old, p); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParticipantResponse{}, keeperkit.Emit(ctx, &types.EventParticipantUpdated{Participant: p})
}

// RevokeParticipant stops a participant from acting; its records remain.
func (s msgServer) RevokeParticipant(ctx context.Context, msg *types.MsgRevokeParticipant) (*types.MsgRevokeParticipantResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), s.k.authority, msg.Authority); err != nil {
		return nil, err
	}
	old, err := s.k.ActiveParticipant(ctx, msg.Address)
	if err != nil {
		return nil, err
	}
	p := old
	p.Status, p.RevokedHeight, p.RevokeReason = types.PARTICIPANT_STATUS_REVOKED, height(ctx), msg.Reason
	addr, _ := s.k.addressCodec.StringToBytes(msg.Address)
	if err := s.k.setParticipant(ctx, addr, &old, p); err != nil {
		return nil, err
	}
	return &types.MsgRevokeParticipantResponse{}, keeperkit.Emit(ctx, &types.EventParticipantRevoked{Address: msg.Address, Reason: msg.Reason})
}
