package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// InitGenesis stores the validated genesis and rebuilds derived state (the
// active set, role index, attestation digests, hold indexes, transfer blocks).
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, p := range gs.Participants {
		addr, _ := k.addressCodec.StringToBytes(p.Address)
		if err := k.setParticipant(ctx, addr, nil, p); err != nil {
			return err
		}
	}
	for _, c := range gs.Classes {
		if err := k.Classes.Set(ctx, c.Code, c); err != nil {
			return err
		}
	}
	for _, l := range gs.Lots {
		if err := k.Lots.Set(ctx, l.Id, l); err != nil {
			return err
		}
	}
	for _, a := range gs.Attestations {
		if err := k.Attestations.Set(ctx, collections.Join(a.LotId, a.Id), a); err != nil {
			return err
		}
		if err := k.AttestationDigests.Set(ctx, collections.Join3(a.LotId, int32(a.Kind), a.DocumentSha256)); err != nil {
			return err
		}
	}
	nextChange := gs.NextStatusChangeId
	for _, s := range gs.StatusChanges {
		if err := k.StatusChanges.Set(ctx, collections.Join(s.LotId, s.Id), s); err != nil {
			return err
		}
		if s.Id >= nextChange {
			nextChange = s.Id + 1
		}
	}
	for _, h := range gs.Holds {
		if err := k.setHold(ctx, h); err != nil {
			return err
		}
	}
	for _, p := range gs.Packages {
		if err := k.Packages.Set(ctx, p.Id, p); err != nil {
			return err
		}
	}
	for _, p := range gs.Pledges {
		if err := k.Pledges.Set(ctx, p.Id, p); err != nil {
			return err
		}
	}
	for _, l := range gs.Lots {
		if err := k.refreshBlock(ctx, l); err != nil {
			return err
		}
	}
	for _, s := range []struct {
		seq  collections.Sequence
		next uint64
	}{
		{k.LotSeq, gs.NextLotId}, {k.AttestationSeq, gs.NextAttestationId}, {k.HoldSeq, gs.NextHoldId},
		{k.PackageSeq, gs.NextPackageId}, {k.PledgeSeq, gs.NextPledgeId}, {k.StatusChangeSeq, nextChange},
	} {
		next := max(s.next, 1) // ids start at 1
		if err := s.seq.Set(ctx, next); err != nil {
			return err
		}
	}
	return nil
}

func peekNext(ctx context.Context, seq collections.Sequence) (uint64, error) {
	n, err := seq.Peek(ctx)
	if n == 0 {
		n = 1
	}
	return n, err
}

// ExportGenesis returns the module's state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.GetParams(ctx); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Participants, &gs.Participants); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Classes, &gs.Classes); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Lots, &gs.Lots); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Attestations, &gs.Attestations); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.StatusChanges, &gs.StatusChanges); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Holds, &gs.Holds); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Packages, &gs.Packages); err != nil {
		return nil, err
	}
	if err := keeperkit.Collect(ctx, k.Pledges, &gs.Pledges); err != nil {
		return nil, err
	}
	for _, s := range []struct {
		seq collections.Sequence
		out *uint64
	}{
		{k.LotSeq, &gs.NextLotId}, {k.AttestationSeq, &gs.NextAttestationId}, {k.HoldSeq, &gs.NextHoldId},
		{k.PackageSeq, &gs.NextPackageId}, {k.PledgeSeq, &gs.NextPledgeId}, {k.StatusChangeSeq, &gs.NextStatusChangeId},
	} {
		if *s.out, err = peekNext(ctx, s.seq); err != nil {
			return nil, err
		}
	}
	return gs, nil
}
