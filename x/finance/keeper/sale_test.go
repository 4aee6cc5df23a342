package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/x/finance/types"
	st "github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// sale is a DVP selling units of lot to the importer for price MNT, its lot
// leg funded from loan's pledge.
func (f *fixture) sale(lot, loan uint64, units, price int64) *st.MsgCreateInstruction {
	return &st.MsgCreateInstruction{Creator: f.exporter, Type: st.INSTRUCTION_TYPE_DVP, Deadline: f.now().Add(time.Hour),
		Legs: []st.LegInput{
			{From: f.exporter, To: f.importer, Denom: tk.LotDenom(lot), Amount: math.NewInt(units), LoanId: loan},
			{From: f.importer, To: f.exporter, Denom: mnt, Amount: math.NewInt(price)},
		}}
}

func TestFinancedSale(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	id := f.loan(decl, lot, 100_000_000, 4_000_000)

	_, err := f.deliver(f.sale(lot, id, 4_000_000, 100_000_000))
	require.ErrorIs(t, err, types.ErrProceedsShort, "the price does not cover principal and interest")
	m := f.sale(lot, id, 4_000_001, 200_000_000)
	_, err = f.deliver(m)
	require.ErrorIs(t, err, types.ErrInvalidSale, "more units than pledged")
	m = f.sale(lot, id, 4_000_000, 200_000_000)
	m.Legs[0].From, m.Legs[1].To = f.importer, f.importer
	_, err = f.deliver(m)
	require.Error(t, err, "only the borrower sells the pledged units")

	in := unpack(t, f.must(f.sale(lot, id, 4_000_000, 200_000_000)), &st.MsgCreateInstructionResponse{}).InstructionId
	res := f.must(&st.MsgFundLeg{Payer: f.exporter, InstructionId: in, Leg: 0})
	require.Equal(t, 1, count(res, &st.EventLegFunded{}))
	require.Equal(t, in, f.getLoan(id).SaleInstructionId)
	// while the sale is open the loan is committed to it
	_, err = f.deliver(&types.MsgRepayFinancing{Payer: f.exporter, LoanId: id, Amount: math.NewInt(1)})
	require.ErrorIs(t, err, types.ErrSalePending)
	_, err = f.deliver(&types.MsgRefinance{Bank: f.cnbank, Borrower: f.exporter, LoanId: id, RateBps: 900, Maturity: f.now().Add(24 * time.Hour), Denom: mnt})
	require.ErrorIs(t, err, types.ErrSalePending)
	f.requireInvariants()

	f.advance(10 * time.Minute)
	_, due := f.getLoan(id).Due(f.now())
	exporterMNT, bankMNT, importerMNT := f.bal(f.exporter, mnt), f.bal(f.mnbank, mnt), f.bal(f.importer, mnt)
	res = f.must(&st.MsgFundLeg{Payer: f.importer, InstructionId: in, Leg: 1})
	require.Equal(t, 1, count(res, &st.EventInstructionSettled{}))
	require.Equal(t, 1, count(res, &types.EventLoanRepaidFromProceeds{}))
	require.Equal(t, 1, count(res, &tk.EventPledgeSold{}))
	require.Equal(t, 1, count(res, &types.EventDeclarationClosed{}))

	fee := f.instructionFee(in, 1)
	require.Equal(t, importerMNT.SubRaw(200_000_000).Sub(fee), f.bal(f.importer, mnt))
	require.Equal(t, bankMNT.Add(due), f.bal(f.mnbank, mnt), "the lender is paid first")
	require.Equal(t, exporterMNT.AddRaw(200_000_000).Sub(due), f.bal(f.exporter, mnt), "the exporter receives the rest")
	require.Equal(t, math.NewInt(4_000_000), f.bal(f.importer, tk.LotDenom(lot)))
	l := f.getLoan(id)
	require.Equal(t, types.LOAN_STATUS_REPAID_FROM_PROCEEDS, l.Status)
	require.Equal(t, tk.PLEDGE_STATUS_SOLD, f.pledge(l.PledgeId).Status)
	d := f.getDecl(decl)
	require.True(t, d.Financed.IsZero())
	require.Equal(t, math.NewInt(120_000_000), d.Closed, "the sold share is closed to financing")
	require.Equal(t, math.NewInt(30_000_000), d.Remaining())

	// the remaining units sell in a plain DVP: the declaration is closed
	f.must(&st.MsgCreateInstruction{Creator: f.exporter, Type: st.INSTRUCTION_TYPE_DVP, Deadline: f.now().Add(time.Hour), Fund: true,
		CoSigners: []string{f.importer}, Legs: []st.LegInput{
			{From: f.exporter, To: f.importer, Denom: tk.LotDenom(lot), Amount: math.NewInt(1_000_000)},
			{From: f.importer, To: f.exporter, Denom: mnt, Amount: math.NewInt(30_000_000)},
		}})
	require.True(t, f.getDecl(decl).Remaining().IsZero())
	_, err = f.deliver(f.applyMsg(decl, lot, f.cnbank, 1, 1))
	require.ErrorIs(t, err, types.ErrBalanceShort, "a paid receivable cannot be financed again")
}

func (f *fixture) instructionFee(id uint64, leg int) math.Int {
	in, err := f.app.SettlementKeeper.GetInstruction(f.ctx(), id)
	require.NoError(f.t, err)
	return in.Legs[leg].Fee
}

func TestFinancedSaleExpires(t *testing.T) {
	f := newFixture(t)
	lot, decl := f.declaration()
	id := f.loan(decl, lot, 100_000_000, 4_000_000)
	in := unpack(t, f.must(f.sale(lot, id, 4_000_000, 200_000_000)), &st.MsgCreateInstructionResponse{}).InstructionId
	f.must(&st.MsgFundLeg{Payer: f.exporter, InstructionId: in, Leg: 0})
	_, err := f.deliver(f.sale(lot, id, 4_000_000, 200_000_000))
	require.ErrorIs(t, err, types.ErrSalePending, "one sale at a time")
	f.advance(2 * time.Hour) // past the deadline: EndBlock expires the instruction
	got, err := f.app.SettlementKeeper.GetInstruction(f.ctx(), in)
	require.NoError(t, err)
	require.Equal(t, st.INSTRUCTION_STATUS_EXPIRED, got.Status)
	l := f.getLoan(id)
	require.Zero(t, l.SaleInstructionId, "the pledge is free again")
	require.Equal(t, tk.PLEDGE_STATUS_ACTIVE, f.pledge(l.PledgeId).Status)
	f.must(&types.MsgRepayFinancing{Payer: f.exporter, LoanId: id, Amount: math.NewInt(1_000_000_000)})
	require.Equal(t, types.LOAN_STATUS_REPAID, f.getLoan(id).Status)
}
