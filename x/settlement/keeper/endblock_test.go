package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/chain/app/apptesting"
	"github.com/corridor-chain/corridor/x/settlement/keeper"
	"github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// swap is a self-funded PVP between the importer (CNY) and the maker (MNT),
// created and funded by one message, settling once lot's CUSTOMS_EXPORT
// is ACCEPTED: what an attacker could create by the hundred.
func (f *fixture) swap(lot uint64, deadline time.Time) uint64 {
	f.t.Helper()
	res := f.must(&types.MsgCreateInstruction{Creator: f.importer, CoSigners: []string{f.maker}, Fund: true,
		Type: types.INSTRUCTION_TYPE_PVP, Deadline: deadline,
		Legs: []types.LegInput{
			{From: f.importer, To: f.maker, Denom: cny, Amount: math.NewInt(1)},
			{From: f.maker, To: f.importer, Denom: mnt, Amount: math.NewInt(47)},
		},
		Conditions: []types.Condition{{LotId: lot, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT}}})
	return unpack(f.t, res, &types.MsgCreateInstructionResponse{}).InstructionId
}

func (f *fixture) setParams(edit func(*types.Params)) {
	f.t.Helper()
	p, err := f.k().GetParams(f.ctx())
	require.NoError(f.t, err)
	edit(&p)
	f.must(&types.MsgUpdateParams{Authority: f.gov, Params: p})
}

// endBlockGas runs EndBlock on a throwaway copy of the state and returns the
// gas its store reads and writes cost: the work it did.
func (f *fixture) endBlockGas() storetypes.Gas {
	f.t.Helper()
	ctx, _ := f.ctx().CacheContext()
	ctx = ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
	require.NoError(f.t, f.k().EndBlock(ctx))
	return ctx.GasMeter().GasConsumed()
}

// Defect 1: EndBlock retried only the first max_expiries_per_block waiting
// instructions, so the 1,001st never settled.
func TestWaitingOnLotSettlesInTheBlockItChanges(t *testing.T) {
	f := newFixture(t)
	never, cleared := f.lot(), f.lot()
	deadline := f.now().Add(time.Hour)
	for range 1000 {
		f.swap(never, deadline)
	}
	id := f.swap(cleared, deadline)
	require.Equal(t, types.INSTRUCTION_STATUS_OPEN, f.instruction(id).Status)
	f.nextBlocks(2, time.Second)
	gas1000 := f.endBlockGas()
	for range 1000 {
		f.swap(never, deadline)
	}
	gas2000 := f.endBlockGas()
	// bounded: twice the waiting instructions, the same work
	// (max_retries_per_block round-robin retries), not twice the work
	require.Less(t, float64(gas2000), 1.1*float64(gas1000), "EndBlock work grows with the waiting set: %d -> %d", gas1000, gas2000)

	f.attest(cleared, tk.ATTESTATION_KIND_CUSTOMS_EXPORT, f.customsMN)
	woken := f.endBlockGas()
	// and the one woken adds one retry and one settlement, not a scan
	require.Less(t, float64(woken), 1.2*float64(gas2000), "EndBlock work with one woken: %d -> %d", gas2000, woken)

	f.nextBlocks(1, time.Second) // the block in which the clearance landed
	require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, f.instruction(id).Status)
	require.Equal(t, types.INSTRUCTION_STATUS_OPEN, f.instruction(1).Status)
	f.requireInvariant()
}

// Waits on anything but a lot (here a revoked party) are retried round
// robin: all settle within ceil(waiting / max_retries_per_block) blocks,
// even behind 300 that never will.
func TestRoundRobinRetriesEveryWaitingInstruction(t *testing.T) {
	f := newFixture(t)
	f.setParams(func(p *types.Params) { p.MaxRetriesPerBlock = 100 })
	never, cleared := f.lot(), f.lot()
	deadline := f.now().Add(time.Hour)
	for range 300 {
		f.swap(never, deadline)
	}
	var ids []uint64
	for range 250 {
		ids = append(ids, f.swap(cleared, deadline))
	}
	maker, err := f.app.TokenizeKeeper.ActiveParticipant(f.ctx(), f.maker)
	require.NoError(t, err)
	f.must(&tk.MsgRevokeParticipant{Authority: f.gov, Address: f.maker, Reason: "licence suspended"})
	f.attest(cleared, tk.ATTESTATION_KIND_CUSTOMS_EXPORT, f.customsMN)
	f.nextBlocks(6, time.Second) // all woken, all blocked by the revoked maker
	for _, id := range ids {
		require.Equal(t, types.INSTRUCTION_STATUS_OPEN, f.instruction(id).Status)
	}

	f.must(&tk.MsgRegisterParticipant{Authority: f.gov, Address: f.maker, LegalName: maker.LegalName, Country: maker.Country,
		RegistrationId: maker.RegistrationId, Roles: maker.Roles})
	f.nextBlocks((550+99)/100, time.Second)
	for _, id := range ids {
		require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, f.instruction(id).Status, "instruction %d", id)
	}
	f.requireInvariant()
}

// Defect 3: every EndBlock event appeared twice in FinalizeBlock's results.
func TestEndBlockEventsExactlyOnce(t *testing.T) {
	f := newFixture(t)
	blocks := apptesting.RecordBlocks(t, f.app)
	settlementAddr := f.app.AccountKeeper.GetModuleAddress(types.ModuleName).String()
	endBlock := func(name string, attrs ...string) int {
		return apptesting.CountEvents(blocks.Last(), name, append([]string{"mode", "EndBlock"}, attrs...)...)
	}

	// an EndBlock settlement: the condition lands, both legs pay out
	lot := f.lot()
	f.swap(lot, f.now().Add(time.Hour))
	f.attest(lot, tk.ATTESTATION_KIND_CUSTOMS_EXPORT, f.customsMN)
	f.nextBlocks(1, time.Second)
	require.Equal(t, 1, endBlock(apptesting.TypedName(&types.EventInstructionSettled{})))
	require.Equal(t, 3, endBlock("transfer", "sender", settlementAddr), "one transfer per leg paid out, one of the fees")

	// an expiry: the funded legs are refunded
	f.swap(f.lot(), f.now().Add(time.Minute))
	f.nextBlocks(1, 2*time.Minute)
	require.Equal(t, 1, endBlock(apptesting.TypedName(&types.EventInstructionClosed{})))
	require.Equal(t, 2, endBlock("transfer", "sender", settlementAddr), "one refund per funded leg")

	// a cycle close
	id := unpack(t, f.must(&types.MsgCreateInstruction{Creator: f.importer, Type: types.INSTRUCTION_TYPE_PVP, Deadline: f.now().Add(time.Hour), Netting: true,
		Legs: []types.LegInput{{From: f.importer, To: f.maker, Denom: cny, Amount: math.NewInt(1000)}, {From: f.maker, To: f.importer, Denom: mnt, Amount: math.NewInt(47_000)}}}),
		&types.MsgCreateInstructionResponse{}).InstructionId
	f.must(&types.MsgAffirmInstruction{Party: f.importer, InstructionId: id})
	f.must(&types.MsgAffirmInstruction{Party: f.maker, InstructionId: id})
	for f.instruction(id).Status == types.INSTRUCTION_STATUS_OPEN {
		f.nextBlocks(1, time.Second)
	}
	require.Equal(t, 1, endBlock(apptesting.TypedName(&types.EventCycleClosed{})))
	require.Equal(t, 1, endBlock(apptesting.TypedName(&types.EventInstructionSettled{})))
	// credits out: the importer's MNT, the maker's CNY, the fees in CNY and in MNT
	require.Equal(t, 4, endBlock("transfer", "sender", settlementAddr))
	require.Equal(t, 2, endBlock("transfer", "recipient", settlementAddr), "debits in: the importer's CNY, the maker's MNT")
	f.requireInvariant()
}

// Defect 4: a panic in one EndBlock item halted the chain, and an item that
// failed every time stayed at the head of its queue.
func TestPanickingItemDoesNotStopTheBlock(t *testing.T) {
	f := newFixture(t)
	blocks := apptesting.RecordBlocks(t, f.app)
	deadline := f.now().Add(time.Minute)
	a, b, c := f.swap(f.lot(), deadline), f.swap(f.lot(), deadline), f.swap(f.lot(), deadline)
	f.setParams(func(p *types.Params) { p.MaxExpiriesPerBlock = 2 }) // a panicking head must not hold back b
	keeper.SetFailpoint(f.k(), func(step string, id uint64) {
		if step == keeper.StepExpireInstruction && id == a {
			panic("injected")
		}
	})
	t.Cleanup(func() { keeper.SetFailpoint(f.k(), nil) })

	f.nextBlocks(1, 2*time.Minute)
	require.Equal(t, types.INSTRUCTION_STATUS_OPEN, f.instruction(a).Status, "the panicking item changed nothing")
	require.Equal(t, types.INSTRUCTION_STATUS_EXPIRED, f.instruction(b).Status)
	require.Equal(t, 1, apptesting.CountEvents(blocks.Last(), apptesting.TypedName(&types.EventEndBlockItemFailed{}), "step", `"expire instruction"`))
	f.nextBlocks(1, time.Second)
	require.Equal(t, types.INSTRUCTION_STATUS_EXPIRED, f.instruction(c).Status, "the failed item went behind c")
	require.Equal(t, types.INSTRUCTION_STATUS_OPEN, f.instruction(a).Status)
	f.requireInvariant() // a's escrow is intact

	keeper.SetFailpoint(f.k(), nil)
	f.nextBlocks(1, keeper.ExpiryRetryDelay)
	require.Equal(t, types.INSTRUCTION_STATUS_EXPIRED, f.instruction(a).Status, "retried once it no longer fails")
	due, err := f.k().DeadlineQueue.Has(f.ctx(), collectionsJoin(deadline, a))
	require.NoError(t, err)
	require.False(t, due)
	f.requireInvariant()
}

// A retry never settles an instruction whose deadline has passed, even when
// more deadlines fall due than one block expires: the deadline queue
// refunds it.
func TestRetryNeverSettlesAfterTheDeadline(t *testing.T) {
	f := newFixture(t)
	f.setParams(func(p *types.Params) { p.MaxExpiriesPerBlock = 1 })
	lot := f.lot()
	deadline := f.now().Add(time.Minute)
	a, b := f.swap(lot, deadline), f.swap(lot, deadline)
	f.attest(lot, tk.ATTESTATION_KIND_CUSTOMS_EXPORT, f.customsMN) // wakes both in the block that is past their deadline
	f.nextBlocks(1, 2*time.Minute)
	require.Equal(t, types.INSTRUCTION_STATUS_EXPIRED, f.instruction(a).Status)
	require.Equal(t, types.INSTRUCTION_STATUS_OPEN, f.instruction(b).Status, "not settled late")
	f.nextBlocks(1, time.Second)
	require.Equal(t, types.INSTRUCTION_STATUS_EXPIRED, f.instruction(b).Status)
	f.requireInvariant()
}

// A panicking retry or netting cycle is contained the same way.
func TestPanickingRetryAndCycleAreContained(t *testing.T) {
	f := newFixture(t)
	lot := f.lot()
	id := f.swap(lot, f.now().Add(time.Hour))
	f.attest(lot, tk.ATTESTATION_KIND_CUSTOMS_EXPORT, f.customsMN)
	keeper.SetFailpoint(f.k(), func(step string, _ uint64) {
		if step == keeper.StepRetrySettlement || step == keeper.StepNettingCycle {
			panic("injected")
		}
	})
	f.nextBlocks(10, time.Second)
	require.Equal(t, types.INSTRUCTION_STATUS_OPEN, f.instruction(id).Status)
	keeper.SetFailpoint(f.k(), nil)
	f.nextBlocks(1, time.Second) // the round robin comes back to it
	require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, f.instruction(id).Status)
	f.requireInvariant()
}

// ring affirms a netting PVP ring instruction by both payers.
func (f *fixture) nettingSwap(from, to string, cnyAmt int64, deadline time.Time) uint64 {
	f.t.Helper()
	id := unpack(f.t, f.must(&types.MsgCreateInstruction{Creator: from, Type: types.INSTRUCTION_TYPE_PVP, Deadline: deadline, Netting: true,
		Legs: []types.LegInput{{From: from, To: to, Denom: cny, Amount: math.NewInt(cnyAmt)}, {From: to, To: from, Denom: mnt, Amount: math.NewInt(cnyAmt * 47)}}}),
		&types.MsgCreateInstructionResponse{}).InstructionId
	f.must(&types.MsgAffirmInstruction{Party: from, InstructionId: id})
	f.must(&types.MsgAffirmInstruction{Party: to, InstructionId: id})
	return id
}

func (f *fixture) nextCycle() types.Cycle {
	f.t.Helper()
	before, err := f.k().CycleSeq.Peek(f.ctx())
	require.NoError(f.t, err)
	for range 20 {
		f.nextBlocks(1, time.Second)
		if n, _ := f.k().CycleSeq.Peek(f.ctx()); n > before {
			c, err := f.k().Cycles.Get(f.ctx(), before)
			require.NoError(f.t, err)
			return c
		}
	}
	f.t.Fatal("no cycle closed")
	return types.Cycle{}
}

// Defect 5: a participant short by one unit kept its instruction queued,
// which removed its later, covered instructions cycle after cycle; the
// cycle report did not say who was short, in what, by how much.
func TestNettingShortfallDoesNotPoisonLaterRing(t *testing.T) {
	f := newFixture(t)
	deadline := f.now().Add(time.Hour)
	// the importer sends away all its CNY but 999, then owes 1000 (+1 fee)
	bal := f.bal(f.importer, cny)
	f.must(banktypesSend(f.importer, f.cnbank, cny, bal.Int64()-999))
	short := f.nettingSwap(f.importer, f.maker, 1000, deadline)
	c1 := f.nextCycle()
	require.Equal(t, []uint64{short}, c1.Removed)
	require.Equal(t, []types.NettingRemoval{{InstructionId: short, Cause: types.REMOVAL_CAUSE_SHORTFALL, Party: f.importer,
		Denom: cny, Shortfall: math.NewInt(2), Dequeued: true}}, c1.Removals) // 1000 + 1 fee - 999
	in := f.instruction(short)
	require.Equal(t, types.INSTRUCTION_STATUS_OPEN, in.Status)
	require.False(t, in.Legs[0].Affirmed, "the short payer's affirmation is withdrawn")
	require.True(t, in.Legs[1].Affirmed)
	queued, err := f.k().NettingQueue.Has(f.ctx(), short)
	require.NoError(t, err)
	require.False(t, queued)

	// a later ring the importer can cover: 500 CNY out, 500 CNY back through the exporter
	f.must(banktypesSend(f.cnbank, f.exporter, cny, 1000))
	f.must(banktypesSend(f.maker, f.importer, mnt, 100)) // for its MNT fee
	r1 := f.nettingSwap(f.importer, f.maker, 500, deadline)
	r2 := f.nettingSwap(f.exporter, f.importer, 500, deadline)
	c2 := f.nextCycle()
	require.Equal(t, []uint64{r1, r2}, c2.Settled)
	require.Empty(t, c2.Removed)
	require.Equal(t, types.INSTRUCTION_STATUS_OPEN, f.instruction(short).Status)

	// topped up and affirmed again, the first one settles too
	f.must(banktypesSend(f.cnbank, f.importer, cny, 10))
	f.must(&types.MsgAffirmInstruction{Party: f.importer, InstructionId: short})
	c3 := f.nextCycle()
	require.Equal(t, []uint64{short}, c3.Settled)
	f.requireInvariant()
}

// A blocked netting instruction is removed at most max_netting_removals
// times, then leaves the queue until affirmed again.
func TestNettingBlockedInstructionLeavesQueueAfterRemovals(t *testing.T) {
	f := newFixture(t)
	f.setParams(func(p *types.Params) { p.MaxNettingRemovals = 2 })
	lot := f.lot()
	id := unpack(t, f.must(&types.MsgCreateInstruction{Creator: f.importer, Type: types.INSTRUCTION_TYPE_PVP, Deadline: f.now().Add(time.Hour), Netting: true,
		Legs:       []types.LegInput{{From: f.importer, To: f.maker, Denom: cny, Amount: math.NewInt(1000)}, {From: f.maker, To: f.importer, Denom: mnt, Amount: math.NewInt(47_000)}},
		Conditions: []types.Condition{{LotId: lot, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT}}}),
		&types.MsgCreateInstructionResponse{}).InstructionId
	f.must(&types.MsgAffirmInstruction{Party: f.importer, InstructionId: id})
	f.must(&types.MsgAffirmInstruction{Party: f.maker, InstructionId: id})
	c1 := f.nextCycle()
	require.Equal(t, types.REMOVAL_CAUSE_BLOCKED, c1.Removals[0].Cause)
	require.Contains(t, c1.Removals[0].Reason, "CUSTOMS_EXPORT")
	require.False(t, c1.Removals[0].Dequeued)
	c2 := f.nextCycle()
	require.True(t, c2.Removals[0].Dequeued)
	in := f.instruction(id)
	require.False(t, in.Legs[0].Affirmed || in.Legs[1].Affirmed)
	f.attest(lot, tk.ATTESTATION_KIND_CUSTOMS_EXPORT, f.customsMN)
	f.nextBlocks(10, time.Second)
	n, err := f.k().CycleSeq.Peek(f.ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(3), n, "no cycle re-lists a dequeued instruction")
	f.must(&types.MsgAffirmInstruction{Party: f.importer, InstructionId: id})
	f.must(&types.MsgAffirmInstruction{Party: f.maker, InstructionId: id})
	require.Equal(t, []uint64{id}, f.nextCycle().Settled)
	f.requireInvariant()
}

// seedNetting writes n affirmed netting instructions straight into the
// store (creating 50,000 through messages would take minutes); every one
// but each tenth is paid by a party with no funds.
func seedNetting(t testing.TB, k keeper.Keeper, ctx sdk.Context, n int, payer, payee, broke string) {
	deadline := ctx.BlockTime().Add(time.Hour)
	for i := range n {
		from := broke
		if i%10 == 0 {
			from = payer
		}
		id, err := k.InstructionSeq.Next(ctx)
		require.NoError(t, err)
		in := types.Instruction{Id: id, Type: types.INSTRUCTION_TYPE_PVP, Creator: from, Netting: true, Deadline: deadline,
			Status: types.INSTRUCTION_STATUS_OPEN, Legs: []types.Leg{
				{From: from, To: payee, Denom: cny, Amount: math.NewInt(10), Fee: math.ZeroInt(), Currency: "CNY", Affirmed: true},
				{From: payee, To: from, Denom: mnt, Amount: math.NewInt(470), Fee: math.ZeroInt(), Currency: "MNT", Affirmed: true},
			}}
		require.NoError(t, k.Instructions.Set(ctx, id, in))
		require.NoError(t, k.DeadlineQueue.Set(ctx, collectionsJoin(deadline, id)))
		require.NoError(t, k.NettingQueue.Set(ctx, id))
	}
}

// Defect 2: a cycle loaded the whole netting queue and re-listed every
// short instruction in every cycle.
func TestNettingCycleIsBounded(t *testing.T) {
	f := newFixture(t)
	params, err := f.k().GetParams(f.ctx())
	require.NoError(t, err)
	bound := int(params.MaxNettingPerCycle)
	seedNetting(t, f.k(), f.ctx(), 50_000, f.importer, f.maker, f.exporter)
	c1 := f.nextCycle()
	require.Len(t, c1.Settled, bound/10)
	require.Len(t, c1.Removed, bound-bound/10)
	require.Len(t, c1.Removals, len(c1.Removed))
	c2 := f.nextCycle()
	require.LessOrEqual(t, len(c2.Settled)+len(c2.Removed), bound)
	for _, id := range c2.Removed {
		require.NotContains(t, c1.Removed, id)
	}
	require.Greater(t, c2.Removed[0], c1.Removed[len(c1.Removed)-1], "the next cycle takes the next oldest")
	f.requireInvariant()
}
