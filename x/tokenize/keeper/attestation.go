package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// Attest records an attestation and moves the lot's status accordingly.
func (s msgServer) Attest(ctx context.Context, msg *types.MsgAttest) (*types.MsgAttestResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	p, err := s.k.ActiveParticipant(ctx, msg.Attester)
	if err != nil {
		return nil, err
	}
	lot, err := s.k.GetLot(ctx, msg.LotId)
	if err != nil {
		return nil, err
	}
	digest := collections.Join3(msg.LotId, int32(msg.Kind), msg.DocumentSha256)
	seen, err := s.k.AttestationDigests.Has(ctx, digest)
	if err != nil {
		return nil, err
	}
	if err := validateAttest(p, lot, msg, seen); err != nil {
		return nil, err
	}
	id, err := keeperkit.NextID(ctx, s.k.AttestationSeq)
	if err != nil {
		return nil, err
	}
	a := types.Attestation{
		Id: id, LotId: lot.Id, Kind: msg.Kind, Result: msg.Result, Attester: msg.Attester,
		Jurisdiction: types.AttestationRules[msg.Kind].Jurisdiction(lot), DocumentSha256: msg.DocumentSha256,
		Reference: msg.Reference, Note: msg.Note, Height: height(ctx),
	}
	if err := s.k.Attestations.Set(ctx, collections.Join(lot.Id, id), a); err != nil {
		return nil, err
	}
	if err := s.k.AttestationDigests.Set(ctx, digest); err != nil {
		return nil, err
	}
	if err := keeperkit.Emit(ctx, &types.EventLotAttested{Attestation: a}); err != nil {
		return nil, err
	}
	lot.Results = types.SetResult(lot.Results, types.KindResult{Kind: a.Kind, Result: a.Result, AttestationId: id})
	status := types.DeriveStatus(lot.Results)
	if err := s.k.saveLot(ctx, lot, status, types.AttestationRef(id)); err != nil {
		return nil, err
	}
	if err := s.k.refreshBlock(ctx, lot); err != nil {
		return nil, err
	}
	return &types.MsgAttestResponse{AttestationId: id, Status: status}, nil
}

// LatestAttestation returns a lot's latest attestation of kind, if any.
func (k Keeper) LatestAttestation(ctx context.Context, lotID uint64, kind types.AttestationKind) (types.Attestation, bool, error) {
	lot, err := k.GetLot(ctx, lotID)
	if err != nil {
		return types.Attestation{}, false, err
	}
	for _, r := range lot.Results {
		if r.Kind == kind {
			// a split or merged lot keeps its parents' results, recorded
			// under the parent's id: none of its own
			a, err := k.Attestations.Get(ctx, collections.Join(lotID, r.AttestationId))
			if errors.Is(err, collections.ErrNotFound) {
				return a, false, nil
			}
			return a, err == nil, err
		}
	}
	return types.Attestation{}, false, nil
}
