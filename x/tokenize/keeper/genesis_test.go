package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	ibctesting "github.com/cosmos/ibc-go/v11/testing"

	"github.com/corridor-chain/corridor/chain/app/apptesting"
	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// populate drives every aggregate into state: lots in every status, a
// split, a merge, holds, packages and pledges.
func populate(t *testing.T, f *fixture) {
	t.Helper()
	a, b, c := f.registerLot(1000), f.registerLot(500), f.registerLot(300)
	f.advance(a, fullRoute...)
	f.advance(b, inspection)
	f.mustDeliver(&types.MsgSplitLot{Holder: addr(f.exporter), LotId: c, Quantities: []math.Int{math.NewInt(100), math.NewInt(200)}})
	f.mustDeliver(&types.MsgMergeLots{Holder: addr(f.exporter), LotIds: []uint64{4, 5}})
	f.mustDeliver(holdMsg(f, b))
	f.mustDeliver(pkgMsg(f, 10, comp(a, 100)))
	f.mustDeliver(pledgeMsg(f, sdk.NewInt64Coin(types.LotDenom(a), 50)))
	f.mustDeliver(&types.MsgRedeem{Holder: addr(f.exporter), LotId: a, Amount: math.NewInt(10)})
	f.mustDeliver(&types.MsgRevokeParticipant{Authority: f.gov, Address: addr(f.carrier), Reason: "contract ended"})
	f.requireInvariants()
}

func TestGenesisRoundTrip(t *testing.T) {
	f := newFixture(t)
	populate(t, f)
	gs, err := f.k().ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, gs.Validate(f.k().AddressCodec()))
	require.Len(t, gs.Lots, 6)
	require.Equal(t, uint64(7), gs.NextLotId)

	// Import into a fresh chain's keeper and export again.
	coord := apptesting.NewCoordinator(t, 1)
	g := &fixture{t: t, chain: coord.GetChain(ibctesting.GetChainID(1)), coord: coord}
	g.app = apptesting.App(t, g.chain)
	require.NoError(t, g.k().InitGenesis(g.ctx(), gs))
	again, err := g.k().ExportGenesis(g.ctx())
	require.NoError(t, err)
	require.Equal(t, gs, again)

	// derived state is rebuilt: the held lot is blocked, the revoked carrier inactive
	require.ErrorIs(t, g.k().CheckLotMovable(g.ctx(), 2), types.ErrLotBlocked)
	ok, err := g.k().HasRole(g.ctx(), addr(f.carrier), types.ROLE_CARRIER, "MN")
	require.NoError(t, err)
	require.False(t, ok)
	// ids continue where they left off
	id, err := g.k().LotSeq.Peek(g.ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(7), id)
}

func TestGenesisValidateRefusesBrokenState(t *testing.T) {
	f := newFixture(t)
	populate(t, f)
	ac := f.k().AddressCodec()
	for name, mutate := range map[string]func(gs *types.GenesisState){
		"duplicate participant": func(gs *types.GenesisState) { gs.Participants = append(gs.Participants, gs.Participants[0]) },
		"lot id not below next": func(gs *types.GenesisState) { gs.NextLotId = 3 },
		"lot of unknown class":  func(gs *types.GenesisState) { gs.Lots[0].ClassCode = "GOLD" },
		"status not derived":    func(gs *types.GenesisState) { gs.Lots[1].Status = types.LOT_STATUS_ARRIVED },
		"attestation of unknown lot": func(gs *types.GenesisState) {
			gs.Attestations[0].LotId = 99
		},
		"hold id out of range": func(gs *types.GenesisState) { gs.NextHoldId = 1 },
		"duplicate pledge":     func(gs *types.GenesisState) { gs.Pledges = append(gs.Pledges, gs.Pledges[0]) },
		"bad params":           func(gs *types.GenesisState) { gs.Params.MaxParts = 0 },
	} {
		t.Run(name, func(t *testing.T) {
			gs, err := f.k().ExportGenesis(f.ctx())
			require.NoError(t, err)
			mutate(gs)
			require.Error(t, gs.Validate(ac))
		})
	}
}

func TestInvariantsDetectBreaks(t *testing.T) {
	t.Run("lot supply", func(t *testing.T) {
		f := newFixture(t)
		f.registerLot(100)
		lot := f.lot(1)
		lot.Quantity = math.NewInt(99)
		require.NoError(t, f.k().Lots.Set(f.ctx(), 1, lot))
		msg, broken := keeperAll(f)
		require.True(t, broken)
		require.Contains(t, msg, "lot 1: supply 100, quantity 99")
	})
	t.Run("escrow", func(t *testing.T) {
		f := newFixture(t)
		f.registerLot(100)
		f.mustDeliver(pledgeMsg(f, sdk.NewInt64Coin("lot/1", 40)))
		p, err := f.k().GetPledge(f.ctx(), 1)
		require.NoError(t, err)
		p.Amount = math.NewInt(30)
		require.NoError(t, f.k().Pledges.Set(f.ctx(), 1, p))
		msg, broken := keeperAll(f)
		require.True(t, broken)
		require.Contains(t, msg, "lot/1: escrow holds 40, locked 30")
	})
}
