// Package simulation builds random x/settlement messages from the current
// state for the app's simulation test.
package simulation

import (
	"math/rand"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	tokenizesim "github.com/corridor-chain/corridor/x/tokenize/simulation"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"

	"github.com/corridor-chain/corridor/x/settlement/types"
)

// View is the state the operations read, in key order.
type View interface {
	tokenizesim.View
	Now() time.Time
	Currencies() []types.Currency
	Quotes() []types.Quote             // active ones
	Instructions() []types.Instruction // open ones
}

// Operations are x/settlement's weighted operations.
func Operations() []tokenizesim.Operation {
	wrap := func(f func(*rand.Rand, View) (sdk.Msg, bool)) func(*rand.Rand, tokenizesim.View) (sdk.Msg, bool) {
		return func(r *rand.Rand, v tokenizesim.View) (sdk.Msg, bool) { return f(r, v.(View)) }
	}
	return []tokenizesim.Operation{
		{Name: "issue", Weight: 6, Build: wrap(issue)},
		{Name: "post-quote", Weight: 4, Build: wrap(postQuote)},
		{Name: "cancel-quote", Weight: 1, Build: wrap(cancelQuote)},
		{Name: "create-dvp", Weight: 8, Build: wrap(createDVP)},
		{Name: "create-netting-pvp", Weight: 6, Build: wrap(createNettingPVP)},
		{Name: "fund-leg", Weight: 14, Build: wrap(fundLeg)},
		{Name: "affirm", Weight: 10, Build: wrap(affirm)},
		{Name: "cancel-instruction", Weight: 2, Build: wrap(cancelInstruction)},
	}
}

func issue(r *rand.Rand, v View) (sdk.Msg, bool) {
	c, ok := tokenizesim.Choose(r, v.Currencies())
	if !ok || c.IssueDenom == "" {
		return nil, false
	}
	to, ok := tokenizesim.Choose(r, v.Participants())
	if !ok {
		return nil, false
	}
	return &types.MsgIssue{Issuer: c.Issuer, Currency: c.Code, Amount: math.NewInt(1 + r.Int63n(10_000_000)), Recipient: to.Address}, true
}

func postQuote(r *rand.Rand, v View) (sdk.Msg, bool) {
	cs := v.Currencies()
	if len(cs) < 2 {
		return nil, false
	}
	maker, ok := tokenizesim.Choose(r, tokenizesim.WithRole(v, "", tk.ROLE_BANK, tk.ROLE_MARKET_MAKER))
	if !ok {
		return nil, false
	}
	i := r.Intn(len(cs))
	j := (i + 1 + r.Intn(len(cs)-1)) % len(cs)
	bid := math.LegacyNewDecWithPrec(1+r.Int63n(50_000), 2)
	return &types.MsgPostQuote{Maker: maker.Address, Base: cs[i].Code, Quote: cs[j].Code, Bid: bid,
		Ask: bid.Mul(math.LegacyMustNewDecFromStr("1.01")), MaxBase: math.NewInt(1 + r.Int63n(10_000)),
		CollateralDenom: cs[j].Denoms[0].Denom, Expiry: v.Now().Add(time.Duration(10+r.Intn(50)) * time.Minute)}, true
}

func cancelQuote(r *rand.Rand, v View) (sdk.Msg, bool) {
	q, ok := tokenizesim.Choose(r, v.Quotes())
	if !ok {
		return nil, false
	}
	return &types.MsgCancelQuote{Maker: q.Maker, QuoteId: q.Id}, true
}

func createDVP(r *rand.Rand, v View) (sdk.Msg, bool) {
	lot, ok := tokenizesim.Choose(r, v.Lots())
	if !ok {
		return nil, false
	}
	holders := v.Holders(tk.LotDenom(lot.Id))
	seller, ok := tokenizesim.Choose(r, holders)
	if !ok {
		return nil, false
	}
	buyer, ok := tokenizesim.Choose(r, v.Participants())
	if !ok || buyer.Address == seller.Address {
		return nil, false
	}
	c, ok := tokenizesim.Choose(r, v.Currencies())
	if !ok {
		return nil, false
	}
	pay := types.LegInput{From: buyer.Address, To: seller.Address, Denom: c.Denoms[0].Denom, Amount: math.NewInt(1 + r.Int63n(1_000_000))}
	if q, ok := tokenizesim.Choose(r, v.Quotes()); ok && r.Intn(2) == 0 {
		for _, bc := range v.Currencies() {
			if bc.Code == q.Base {
				pay.Denom, pay.FxQuoteId, pay.FxPayDenom = q.CollateralDenom, q.Id, bc.Denoms[0].Denom
				pay.Amount = math.NewInt(1 + r.Int63n(100_000))
			}
		}
	}
	var conds []types.Condition
	if r.Intn(2) == 0 {
		conds = []types.Condition{{LotId: lot.Id, Kind: tk.ATTESTATION_KIND_INSPECTION}}
	}
	return &types.MsgCreateInstruction{Creator: seller.Address, Type: types.INSTRUCTION_TYPE_DVP,
		Deadline: v.Now().Add(time.Duration(5+r.Intn(30)) * time.Minute), Conditions: conds,
		Legs: []types.LegInput{{From: seller.Address, To: buyer.Address, Denom: tk.LotDenom(lot.Id), Amount: tokenizesim.Part(r, seller.Amount)}, pay}}, true
}

func createNettingPVP(r *rand.Rand, v View) (sdk.Msg, bool) {
	ps, cs := v.Participants(), v.Currencies()
	if len(ps) < 2 || len(cs) < 2 {
		return nil, false
	}
	a, b := ps[r.Intn(len(ps))], ps[r.Intn(len(ps))]
	if a.Address == b.Address {
		return nil, false
	}
	i := r.Intn(len(cs))
	j := (i + 1) % len(cs)
	return &types.MsgCreateInstruction{Creator: a.Address, Type: types.INSTRUCTION_TYPE_PVP, Netting: true,
		Deadline: v.Now().Add(time.Duration(5+r.Intn(30)) * time.Minute),
		Legs: []types.LegInput{
			{From: a.Address, To: b.Address, Denom: cs[i].Denoms[0].Denom, Amount: math.NewInt(1 + r.Int63n(100_000))},
			{From: b.Address, To: a.Address, Denom: cs[j].Denoms[0].Denom, Amount: math.NewInt(1 + r.Int63n(100_000))},
		}}, true
}

func fundLeg(r *rand.Rand, v View) (sdk.Msg, bool) {
	var gross []types.Instruction
	for _, in := range v.Instructions() {
		if !in.Netting {
			gross = append(gross, in)
		}
	}
	in, ok := tokenizesim.Choose(r, gross)
	if !ok {
		return nil, false
	}
	for i, l := range in.Legs {
		if !l.Funded {
			return &types.MsgFundLeg{Payer: l.From, InstructionId: in.Id, Leg: uint32(i)}, true
		}
	}
	return nil, false
}

func affirm(r *rand.Rand, v View) (sdk.Msg, bool) {
	var netting []types.Instruction
	for _, in := range v.Instructions() {
		if in.Netting {
			netting = append(netting, in)
		}
	}
	in, ok := tokenizesim.Choose(r, netting)
	if !ok {
		return nil, false
	}
	for _, l := range in.Legs {
		if !l.Affirmed {
			return &types.MsgAffirmInstruction{Party: l.From, InstructionId: in.Id}, true
		}
	}
	return nil, false
}

func cancelInstruction(r *rand.Rand, v View) (sdk.Msg, bool) {
	in, ok := tokenizesim.Choose(r, v.Instructions())
	if !ok {
		return nil, false
	}
	return &types.MsgCancelInstruction{Signer: in.Creator, InstructionId: in.Id}, true
}
