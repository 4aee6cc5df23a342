package keeper

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/settlement/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// A financed sale is a DVP whose lot leg sells units pledged to an x/finance
// loan (leg.loan_id): the leg is funded from the pledge (the units stay in
// x/tokenize's pledge escrow, never in ours), and at settlement the leg
// paying the seller pays the lender first what repays the loan.

// proceedsLeg is the index of the currency leg that pays the lot leg's
// seller, the one a financed sale repays the loan from; -1 if none.
func proceedsLeg(in types.Instruction, lot types.Leg) int {
	for i, l := range in.Legs {
		if l.Currency != "" && l.To == lot.From {
			return i
		}
	}
	return -1
}

// received is what a leg's payee receives: the FX payout or the amount.
func received(l types.Leg) sdk.Coin {
	if l.Fx != nil {
		return sdk.NewCoin(l.Denom, l.Fx.Payout)
	}
	return sdk.NewCoin(l.Denom, l.Amount)
}

// financedLeg is the index of the instruction's financed lot leg, or -1.
func financedLeg(in types.Instruction) int {
	for i, l := range in.Legs {
		if l.LoanId != 0 {
			return i
		}
	}
	return -1
}

// checkFinanced checks a new instruction's financed lot leg: one at most, a
// gross DVP, a leg paying the seller, and proceeds that cover the loan.
func (k Keeper) checkFinanced(ctx context.Context, in types.Instruction) error {
	fi := financedLeg(in)
	if fi < 0 {
		return nil
	}
	lot := in.Legs[fi]
	switch {
	case k.finance.k == nil:
		return types.ErrInvalidInstruction.Wrap("this chain has no financing: a lot leg cannot name a loan")
	case in.Type != types.INSTRUCTION_TYPE_DVP || in.Netting:
		return types.ErrInvalidInstruction.Wrap("only a gross DVP can sell financed units (loan_id)")
	}
	for i, l := range in.Legs {
		if i != fi && l.LoanId != 0 {
			return types.ErrInvalidInstruction.Wrap("one instruction sells the units of one loan")
		}
	}
	pi := proceedsLeg(in, lot)
	if pi < 0 {
		return types.ErrInvalidInstruction.Wrap("a financed sale needs a currency leg paying the seller: the loan is repaid from it")
	}
	return k.finance.k.CheckSale(ctx, lot.LoanId, lot, received(in.Legs[pi]), in.Deadline)
}

// lotsSold tells x/finance which lot units a settled instruction moved away
// from their sellers.
func (k Keeper) lotsSold(ctx context.Context, in types.Instruction) error {
	if k.finance.k == nil {
		return nil
	}
	for _, l := range in.Legs {
		if id, ok := tokenizetypes.ParseLotDenom(l.Denom); ok {
			if err := k.finance.k.LotSold(ctx, id, l.From, l.Amount); err != nil {
				return err
			}
		}
	}
	return nil
}

// settleFinanced delivers a financed lot leg from its pledge and returns, by
// leg index, what the lender takes from the leg paying the seller.
func (k Keeper) settleFinanced(ctx context.Context, in types.Instruction) (int, sdk.AccAddress, math.Int, error) {
	fi := financedLeg(in)
	if fi < 0 {
		return -1, nil, math.ZeroInt(), nil
	}
	lot := in.Legs[fi]
	pi := proceedsLeg(in, lot)
	if pi < 0 {
		return -1, nil, math.ZeroInt(), types.ErrInvalidInstruction.Wrapf("instruction %d: no leg pays the seller", in.Id)
	}
	lender, due, err := k.finance.k.SettleSale(ctx, lot.LoanId, in.Id, lot.To, lot.Amount, received(in.Legs[pi]))
	return pi, lender, due, err
}
