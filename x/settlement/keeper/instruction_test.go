package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// storyInstruction is the corridor story's DVP: lot units to the mill, the
// mill pays 1,000,000.00 MNT to the exporter in CNY through the quote, once
// Mongolian customs has cleared the lot for export.
func (f *fixture) storyInstruction(lot, quote uint64) *types.MsgCreateInstruction {
	return &types.MsgCreateInstruction{
		Creator: f.exporter, Type: types.INSTRUCTION_TYPE_DVP, Deadline: f.now().Add(time.Hour),
		Legs: []types.LegInput{
			{From: f.exporter, To: f.importer, Denom: tk.LotDenom(lot), Amount: math.NewInt(5_000_000)},
			{From: f.importer, To: f.exporter, Denom: mnt, Amount: math.NewInt(100_000_000), FxQuoteId: quote, FxPayDenom: cny},
		},
		Conditions: []types.Condition{{LotId: lot, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT}},
	}
}

func TestCorridorStoryDVPWithFX(t *testing.T) {
	f := newFixture(t)
	lot, q := f.lot(), f.quote()
	f.attest(lot, tk.ATTESTATION_KIND_CUSTOMS_EXPORT, f.customsMN)
	res := f.must(f.storyInstruction(lot, q))
	id := unpack(t, res, &types.MsgCreateInstructionResponse{}).InstructionId
	in := f.instruction(id)
	fx := in.Legs[1].Fx
	// 100,000,000 MNT minor at 473.25: ceil(100000000/473.25) = 211,305 CNY minor,
	// paying 211,305 * 473.25 = 100,000,091.25: the exporter gets 100,000,091, the maker keeps 0.25
	require.Equal(t, int64(211_305), fx.PayAmount.Int64())
	require.Equal(t, int64(100_000_091), fx.Payout.Int64())
	require.Equal(t, "0.250000000000000000", fx.Remainder.String())
	require.Equal(t, "474.500000000000000000", fx.Mid.String())
	require.Equal(t, "264131.250000000000000000", fx.Spread.String()) // 211,305 * (474.5 - 473.25)
	require.Equal(t, int64(106), in.Legs[1].Fee.Int64())              // ceil(211,305 * 5 bps)
	f.requireInvariant()

	cnyBefore, mntBefore, makerCNY := f.bal(f.importer, cny), f.bal(f.exporter, mnt), f.bal(f.maker, cny)
	f.must(&types.MsgFundLeg{Payer: f.exporter, InstructionId: id, Leg: 0})
	require.True(t, f.bal(f.exporter, "lot/1").IsZero(), "lot units in escrow")
	f.requireInvariant()
	res = f.must(&types.MsgFundLeg{Payer: f.importer, InstructionId: id, Leg: 1})
	require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, unpack(t, res, &types.MsgFundLegResponse{}).Status)
	hasEvent(t, res, &types.EventInstructionSettled{})

	require.Equal(t, int64(5_000_000), f.bal(f.importer, "lot/1").Int64())
	require.Equal(t, cnyBefore.SubRaw(211_305+106), f.bal(f.importer, cny))
	require.Equal(t, mntBefore.AddRaw(100_000_091), f.bal(f.exporter, mnt))
	require.Equal(t, makerCNY.AddRaw(211_305), f.bal(f.maker, cny))
	require.Equal(t, int64(106), f.feeBal(cny).Int64())
	quote, err := f.k().GetQuote(f.ctx(), q)
	require.NoError(t, err)
	require.True(t, quote.ReservedCollateral.IsZero())
	require.Equal(t, int64(100_000_000-211_305), quote.RemainingBase.Int64())
	f.requireInvariant()
}

func TestConditionAfterFundingWaitsThenSettles(t *testing.T) {
	f := newFixture(t)
	lot, q := f.lot(), f.quote()
	id := unpack(t, f.must(f.storyInstruction(lot, q)), &types.MsgCreateInstructionResponse{}).InstructionId
	f.must(&types.MsgFundLeg{Payer: f.exporter, InstructionId: id, Leg: 0})
	res := f.must(&types.MsgFundLeg{Payer: f.importer, InstructionId: id, Leg: 1})
	hasEvent(t, res, &types.EventSettlementBlocked{})
	in := f.instruction(id)
	require.Equal(t, types.INSTRUCTION_STATUS_OPEN, in.Status)
	require.Contains(t, in.BlockedReason, "CUSTOMS_EXPORT")
	f.requireInvariant()

	f.attest(lot, tk.ATTESTATION_KIND_CUSTOMS_EXPORT, f.customsMN)
	f.nextBlocks(1, time.Second) // EndBlock retries pending settlements
	require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, f.instruction(id).Status)
	require.Equal(t, int64(5_000_000), f.bal(f.importer, "lot/1").Int64())
	f.requireInvariant()
}

func TestDeadlineRefundsEvenUnderCustomsHold(t *testing.T) {
	f := newFixture(t)
	lot, q := f.lot(), f.quote()
	id := unpack(t, f.must(f.storyInstruction(lot, q)), &types.MsgCreateInstructionResponse{}).InstructionId
	cnyBefore := f.bal(f.importer, cny)
	f.must(&types.MsgFundLeg{Payer: f.exporter, InstructionId: id, Leg: 0})
	f.must(&types.MsgFundLeg{Payer: f.importer, InstructionId: id, Leg: 1})
	f.must(&tk.MsgPlaceHold{Officer: f.customsMN, LotId: lot, Reason: tk.HOLD_REASON_SEIZURE})

	f.nextBlocks(1, 2*time.Hour)
	in := f.instruction(id)
	require.Equal(t, types.INSTRUCTION_STATUS_EXPIRED, in.Status)
	require.Equal(t, int64(5_000_000), f.bal(f.exporter, "lot/1").Int64(), "lot units back with the exporter")
	require.Equal(t, cnyBefore, f.bal(f.importer, cny), "payment and fee refunded")
	quote, err := f.k().GetQuote(f.ctx(), q)
	require.NoError(t, err)
	require.Equal(t, types.QUOTE_STATUS_EXPIRED, quote.Status) // the quote expired in the same block
	require.True(t, quote.FreeCollateral.IsZero())
	require.True(t, quote.ReservedCollateral.IsZero())
	require.Equal(t, int64(1_000_000_000_000), f.bal(f.maker, mnt).Int64(), "all collateral back with the maker")
	f.requireInvariant()
}

func TestNettingCycleRemovesShortParticipant(t *testing.T) {
	f := newFixture(t)
	deadline := f.now().Add(time.Hour)
	pay := func(from, to string, amt int64) *types.MsgCreateInstruction {
		return &types.MsgCreateInstruction{Creator: from, Type: types.INSTRUCTION_TYPE_PVP, Deadline: deadline, Netting: true,
			Legs: []types.LegInput{{From: from, To: to, Denom: cny, Amount: math.NewInt(amt)}, {From: to, To: from, Denom: mnt, Amount: math.NewInt(amt * 47)}}}
	}
	// importer (has CNY) and maker (has MNT) swap both ways; exporter has neither and is short
	ids := []uint64{}
	for _, m := range []*types.MsgCreateInstruction{pay(f.importer, f.maker, 1000), pay(f.importer, f.maker, 500), pay(f.exporter, f.maker, 10)} {
		ids = append(ids, unpack(t, f.must(m), &types.MsgCreateInstructionResponse{}).InstructionId)
	}
	for _, id := range ids {
		in := f.instruction(id)
		for _, p := range []string{in.Legs[0].From, in.Legs[1].From} {
			f.must(&types.MsgAffirmInstruction{Party: p, InstructionId: id})
		}
	}
	_, err := f.deliver(&types.MsgFundLeg{Payer: f.importer, InstructionId: ids[0], Leg: 0})
	require.ErrorIs(t, err, types.ErrNettingInstruction)
	impCNY, makerMNT := f.bal(f.importer, cny), f.bal(f.maker, mnt)

	f.nextBlocks(10, time.Second) // a cycle closes every 10 blocks
	cycle, err := f.k().Cycles.Get(f.ctx(), 1)
	require.NoError(t, err)
	require.Equal(t, []uint64{ids[0], ids[1]}, cycle.Settled)
	require.Equal(t, []uint64{ids[2]}, cycle.Removed)
	require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, f.instruction(ids[0]).Status)
	require.Equal(t, types.INSTRUCTION_STATUS_OPEN, f.instruction(ids[2]).Status)
	// PVP fee 3 bps, ceiling: 1000 -> 1, 500 -> 1 CNY; 47000 -> 15, 23500 -> 8 MNT
	require.Equal(t, impCNY.SubRaw(1500+2), f.bal(f.importer, cny))
	require.Equal(t, makerMNT.SubRaw(70_500+23), f.bal(f.maker, mnt))
	require.Equal(t, int64(70_500), f.bal(f.importer, mnt).Int64())
	require.True(t, cycle.Efficiency.IsZero(), "one-way flows do not net: %s", cycle.Efficiency)
	f.requireInvariant()
}

func TestCreateInstructionRefusals(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(f *fixture, m *types.MsgCreateInstruction)
		err    error
	}{
		{"unknown denom", func(f *fixture, m *types.MsgCreateInstruction) {
			m.Legs[1].Denom = "uatom"
			m.Legs[1].FxQuoteId, m.Legs[1].FxPayDenom = 0, ""
		}, types.ErrInvalidInstruction},
		{"outsider leg", func(f *fixture, m *types.MsgCreateInstruction) { m.Legs[0].To = f.outsider }, tk.ErrParticipantNotFound},
		{"creator not a party", func(f *fixture, m *types.MsgCreateInstruction) { m.Creator = f.cnbank }, types.ErrNotParty},
		{"deadline too far", func(f *fixture, m *types.MsgCreateInstruction) { m.Deadline = f.now().Add(30 * 24 * time.Hour) }, types.ErrInvalidInstruction},
		{"deadline passed", func(f *fixture, m *types.MsgCreateInstruction) { m.Deadline = f.now().Add(-time.Second) }, types.ErrInvalidInstruction},
		{"barter with money", func(f *fixture, m *types.MsgCreateInstruction) { m.Type = types.INSTRUCTION_TYPE_BARTER }, types.ErrInvalidInstruction},
		{"unknown quote", func(f *fixture, m *types.MsgCreateInstruction) { m.Legs[1].FxQuoteId = 9 }, types.ErrQuoteNotFound},
		{"cancelled quote", func(f *fixture, m *types.MsgCreateInstruction) {
			f.must(&types.MsgCancelQuote{Maker: f.maker, QuoteId: 1})
		}, types.ErrQuoteUnavailable},
		{"exhausted quote", func(f *fixture, m *types.MsgCreateInstruction) { m.Legs[1].Amount = math.NewInt(1_000_000_000_000) }, types.ErrQuoteUnavailable},
		{"pay denom of the wrong currency", func(f *fixture, m *types.MsgCreateInstruction) { m.Legs[1].FxPayDenom = mnt }, types.ErrInvalidInstruction},
		{"FX in netting", func(f *fixture, m *types.MsgCreateInstruction) { m.Netting = true }, types.ErrInvalidInstruction},
		{"condition on unknown lot", func(f *fixture, m *types.MsgCreateInstruction) { m.Conditions[0].LotId = 99 }, tk.ErrLotNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			m := f.storyInstruction(f.lot(), f.quote())
			tc.mutate(f, m)
			_, err := f.deliver(m)
			require.ErrorIs(t, err, tc.err)
			f.requireInvariant()
		})
	}
}

func TestFundAndCancelRefusals(t *testing.T) {
	f := newFixture(t)
	lot, q := f.lot(), f.quote()
	id := unpack(t, f.must(f.storyInstruction(lot, q)), &types.MsgCreateInstructionResponse{}).InstructionId
	_, err := f.deliver(&types.MsgFundLeg{Payer: f.importer, InstructionId: id, Leg: 0})
	require.ErrorIs(t, err, types.ErrNotPayer)
	_, err = f.deliver(&types.MsgFundLeg{Payer: f.importer, InstructionId: id, Leg: 5})
	require.ErrorIs(t, err, types.ErrInvalidInstruction)
	_, err = f.deliver(&types.MsgFundLeg{Payer: f.importer, InstructionId: 77, Leg: 0})
	require.ErrorIs(t, err, types.ErrInstructionNotFound)
	f.must(&types.MsgFundLeg{Payer: f.exporter, InstructionId: id, Leg: 0})
	_, err = f.deliver(&types.MsgFundLeg{Payer: f.exporter, InstructionId: id, Leg: 0})
	require.ErrorIs(t, err, types.ErrAlreadyFunded)
	// funded: the creator may no longer cancel before the deadline
	_, err = f.deliver(&types.MsgCancelInstruction{Signer: f.exporter, InstructionId: id})
	require.ErrorIs(t, err, types.ErrCancelNotAllowed)
	f.requireInvariant()

	// an untouched instruction: the creator cancels, the reservation returns to the quote
	id2 := unpack(t, f.must(f.storyInstruction(lot, q)), &types.MsgCreateInstructionResponse{}).InstructionId
	_, err = f.deliver(&types.MsgCancelInstruction{Signer: f.importer, InstructionId: id2})
	require.ErrorIs(t, err, types.ErrCancelNotAllowed)
	res := f.must(&types.MsgCancelInstruction{Signer: f.exporter, InstructionId: id2})
	hasEvent(t, res, &types.EventInstructionClosed{})
	quote, err := f.k().GetQuote(f.ctx(), q)
	require.NoError(t, err)
	require.Equal(t, int64(100_000_000-211_305), quote.RemainingBase.Int64(), "only the first instruction's reservation remains")
	_, err = f.deliver(&types.MsgCancelInstruction{Signer: f.exporter, InstructionId: id2})
	require.ErrorIs(t, err, types.ErrInstructionNotOpen)
	f.requireInvariant()
}

func TestGrossBarterAndPVP(t *testing.T) {
	f := newFixture(t)
	a, b := f.lot(), f.lot()
	f.must(banktypesSend(f.exporter, f.importer, tk.LotDenom(b), 1_000_000))
	deadline := f.now().Add(time.Hour)
	barter := f.must(&types.MsgCreateInstruction{Creator: f.importer, Type: types.INSTRUCTION_TYPE_BARTER, Deadline: deadline,
		Legs: []types.LegInput{
			{From: f.exporter, To: f.importer, Denom: tk.LotDenom(a), Amount: math.NewInt(300)},
			{From: f.importer, To: f.exporter, Denom: tk.LotDenom(b), Amount: math.NewInt(700)},
		}})
	id := unpack(t, barter, &types.MsgCreateInstructionResponse{}).InstructionId
	require.True(t, f.instruction(id).Legs[0].Fee.IsZero(), "lot legs pay no fee")
	f.must(&types.MsgFundLeg{Payer: f.importer, InstructionId: id, Leg: 1})
	f.must(&types.MsgFundLeg{Payer: f.exporter, InstructionId: id, Leg: 0})
	require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, f.instruction(id).Status)
	require.Equal(t, int64(300), f.bal(f.importer, tk.LotDenom(a)).Int64())
	require.Equal(t, int64(4_000_000+700), f.bal(f.exporter, tk.LotDenom(b)).Int64())

	pvp := f.must(&types.MsgCreateInstruction{Creator: f.importer, Type: types.INSTRUCTION_TYPE_PVP, Deadline: deadline,
		Legs: []types.LegInput{
			{From: f.importer, To: f.maker, Denom: cny, Amount: math.NewInt(10_000)},
			{From: f.maker, To: f.importer, Denom: mnt, Amount: math.NewInt(4_732_500)},
		}})
	id = unpack(t, pvp, &types.MsgCreateInstructionResponse{}).InstructionId
	cnyBefore := f.bal(f.importer, cny)
	f.must(&types.MsgFundLeg{Payer: f.importer, InstructionId: id, Leg: 0})
	f.must(&types.MsgFundLeg{Payer: f.maker, InstructionId: id, Leg: 1})
	require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, f.instruction(id).Status)
	require.Equal(t, cnyBefore.SubRaw(10_000+3), f.bal(f.importer, cny)) // PVP 3 bps, rounded up
	require.Equal(t, int64(4_732_500), f.bal(f.importer, mnt).Int64())
	require.Equal(t, int64(1_420), f.feeBal(mnt).Int64()) // ceil(4,732,500 * 3 bps)
	f.requireInvariant()
}

func TestCreateAndFundInOneMessage(t *testing.T) {
	f := newFixture(t)
	lot, q := f.lot(), f.quote()
	f.attest(lot, tk.ATTESTATION_KIND_CUSTOMS_EXPORT, f.customsMN)
	m := f.storyInstruction(lot, q)
	m.Fund = true
	id := unpack(t, f.must(m), &types.MsgCreateInstructionResponse{}).InstructionId
	in := f.instruction(id)
	require.True(t, in.Legs[0].Funded)
	require.False(t, in.Legs[1].Funded)
	require.True(t, f.bal(f.exporter, tk.LotDenom(lot)).IsZero())
	f.requireInvariant()
	f.must(&types.MsgFundLeg{Payer: f.importer, InstructionId: id, Leg: 1})
	require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, f.instruction(id).Status)

	m = f.storyInstruction(lot, q)
	m.Fund, m.Creator = true, f.importer
	m.Legs[1].Amount = math.NewInt(1_000_000_000_000) // more CNY than the mill holds: nothing is created
	_, err := f.deliver(m)
	require.Error(t, err)
	m.Netting, m.Legs[1].FxQuoteId, m.Legs[1].FxPayDenom = true, 0, ""
	_, err = f.deliver(m)
	require.ErrorIs(t, err, types.ErrInvalidInstruction)
	f.requireInvariant()
}

// A DVP both sides signed: created, both legs funded and settled by one
// message.
func TestCoSignedDVPSettlesInOneMessage(t *testing.T) {
	f := newFixture(t)
	lot, q := f.lot(), f.quote()
	f.attest(lot, tk.ATTESTATION_KIND_CUSTOMS_EXPORT, f.customsMN)
	cnyBefore, makerCNY, feesBefore, mntBefore := f.bal(f.importer, cny), f.bal(f.maker, cny), f.feeBal(cny), f.bal(f.exporter, "dep/MNT")
	m := f.storyInstruction(lot, q)
	m.Fund, m.CoSigners = true, []string{f.importer}
	res := f.must(m)
	hasEvent(t, res, &types.EventInstructionSettled{})
	in := f.instruction(unpack(t, res, &types.MsgCreateInstructionResponse{}).InstructionId)
	require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, in.Status)
	require.Equal(t, int64(5_000_000), f.bal(f.importer, tk.LotDenom(lot)).Int64())
	require.Equal(t, cnyBefore.Sub(in.Legs[1].Fx.PayAmount).Sub(in.Legs[1].Fee), f.bal(f.importer, cny))
	require.Equal(t, makerCNY.Add(in.Legs[1].Fx.PayAmount), f.bal(f.maker, cny))
	require.Equal(t, feesBefore.Add(in.Legs[1].Fee), f.feeBal(cny))
	require.Equal(t, mntBefore.Add(in.Legs[1].Fx.Payout), f.bal(f.exporter, "dep/MNT"))
	// settled in place: each payer paid directly (lot to the buyer, CNY to
	// the maker and the fee collector) and only the maker's MNT left
	// escrow, to the seller: four transfers, none into escrow
	escrow := authtypes.NewModuleAddress(types.ModuleName).String()
	transfers := 0
	for _, e := range res.Events {
		if e.Type != "transfer" {
			continue
		}
		transfers++
		for _, a := range e.Attributes {
			require.False(t, a.Key == "recipient" && a.Value == escrow, "a transfer into escrow: %v", e)
		}
	}
	require.Equal(t, 4, transfers)
	f.requireInvariant()

	// without export clearance it waits, fully funded, like any gross DVP
	lot2 := f.lot()
	m = f.storyInstruction(lot2, q)
	m.Fund, m.CoSigners = true, []string{f.importer}
	in = f.instruction(unpack(t, f.must(m), &types.MsgCreateInstructionResponse{}).InstructionId)
	require.Equal(t, types.INSTRUCTION_STATUS_OPEN, in.Status)
	require.True(t, in.Legs[0].Funded && in.Legs[1].Funded)
	require.Contains(t, in.BlockedReason, "CUSTOMS_EXPORT")
	// its legs wait in escrow
	require.Equal(t, int64(5_000_000), f.app.BankKeeper.GetBalance(f.ctx(), authtypes.NewModuleAddress(types.ModuleName), tk.LotDenom(lot2)).Amount.Int64())
	f.requireInvariant()
}

// A payer cannot pay with what an earlier leg of the same instruction pays
// it: every leg's funding is the payer's own before anything moves, in
// place as through escrow, whatever the order of the legs.
func TestCoSignedLegsPayFromOwnFunds(t *testing.T) {
	f := newFixture(t)
	a := f.lot()
	f.attest(a, tk.ATTESTATION_KIND_CUSTOMS_EXPORT, f.customsMN)
	require.True(t, f.bal(f.importer, tk.LotDenom(a)).IsZero())
	exporterBefore := f.bal(f.exporter, tk.LotDenom(a))
	// the importer would pass on the 300 units leg 0 gives it
	_, err := f.deliver(&types.MsgCreateInstruction{Creator: f.exporter, CoSigners: []string{f.importer}, Fund: true,
		Type: types.INSTRUCTION_TYPE_BARTER, Deadline: f.now().Add(time.Hour),
		Legs: []types.LegInput{
			{From: f.exporter, To: f.importer, Denom: tk.LotDenom(a), Amount: math.NewInt(300)},
			{From: f.importer, To: f.exporter, Denom: tk.LotDenom(a), Amount: math.NewInt(300)},
		}})
	require.ErrorContains(t, err, "insufficient funds")
	require.Equal(t, exporterBefore, f.bal(f.exporter, tk.LotDenom(a)))
	require.True(t, f.bal(f.importer, tk.LotDenom(a)).IsZero())
	f.requireInvariant()
}

func TestCoSignerRefusals(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(f *fixture, m *types.MsgCreateInstruction)
		err    error
	}{
		{"co-signers without fund", func(f *fixture, m *types.MsgCreateInstruction) { m.Fund = false }, types.ErrInvalidInstruction},
		{"creator co-signs", func(f *fixture, m *types.MsgCreateInstruction) { m.CoSigners = []string{f.exporter} }, types.ErrInvalidInstruction},
		{"co-signer twice", func(f *fixture, m *types.MsgCreateInstruction) {
			m.Legs = append(m.Legs, types.LegInput{From: f.cnbank, To: f.exporter, Denom: cny, Amount: math.NewInt(1)})
			m.CoSigners = []string{f.importer, f.importer}
		}, types.ErrInvalidInstruction},
		{"more co-signers than legs allow", func(f *fixture, m *types.MsgCreateInstruction) {
			m.CoSigners = []string{f.importer, f.cnbank}
		}, types.ErrInvalidInstruction},
		{"creator co-signs as its upper-case address", func(f *fixture, m *types.MsgCreateInstruction) {
			// bech32 reads both spellings: one account would count as two payers
			upper := strings.ToUpper(f.exporter)
			m.Legs = append(m.Legs, types.LegInput{From: upper, To: f.importer, Denom: tk.LotDenom(1), Amount: math.NewInt(1)})
			m.CoSigners = []string{f.importer, upper}
		}, types.ErrInvalidAddress},
		{"payer in upper case", func(f *fixture, m *types.MsgCreateInstruction) {
			m.Legs[0].From = strings.ToUpper(m.Legs[0].From)
		}, types.ErrInvalidAddress},
		{"co-signer pays no leg", func(f *fixture, m *types.MsgCreateInstruction) {
			m.Legs = append(m.Legs, types.LegInput{From: f.exporter, To: f.cnbank, Denom: tk.LotDenom(1), Amount: math.NewInt(1)})
			m.CoSigners = []string{f.cnbank}
		}, types.ErrNotPayer},
		{"co-signer cannot pay", func(f *fixture, m *types.MsgCreateInstruction) {
			all := sdk.NewCoins(sdk.NewCoin(cny, f.bal(f.importer, cny)))
			f.must(banktypes.NewMsgSend(sdk.MustAccAddressFromBech32(f.importer), sdk.MustAccAddressFromBech32(f.cnbank), all))
		}, sdkerrors.ErrInsufficientFunds},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			lot, q := f.lot(), f.quote()
			f.attest(lot, tk.ATTESTATION_KIND_CUSTOMS_EXPORT, f.customsMN)
			m := f.storyInstruction(lot, q)
			m.Fund, m.CoSigners = true, []string{f.importer}
			tc.mutate(f, m)
			lotBefore := f.bal(f.exporter, tk.LotDenom(lot))
			_, err := f.deliver(m)
			require.ErrorIs(t, err, tc.err)
			require.Equal(t, lotBefore, f.bal(f.exporter, tk.LotDenom(lot)), "nothing moved")
			_, err = f.k().GetInstruction(f.ctx(), 1)
			require.Error(t, err, "nothing created")
			f.requireInvariant()
		})
	}
}
