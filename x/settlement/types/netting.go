package types

import (
	"sort"

	"cosmossdk.io/math"
)

// NetLeg is a leg as the netting algorithm sees it; the fee is debited to
// the payer on top of the amount and credited to FeeParty.
type NetLeg struct {
	From, To, Denom string
	Amount, Fee     math.Int
}

// NetInstruction is an affirmed netting instruction.
type NetInstruction struct {
	ID   uint64
	Legs []NetLeg
}

// FeeParty names the fee collector among net positions.
const FeeParty = "fees"

// Position is a party's net position in one denom: positive receives,
// negative pays.
type Position struct {
	Party, Denom string
	Net          math.Int
}

// Shortfall is why Net removed an instruction: Party, which pays Denom in
// it, could not cover its net debit in Denom by Amount. Knock is set when the
// party was short only after earlier removals took credits it counted on: a
// knock-on shortfall, not the party's own.
type Shortfall struct {
	ID           uint64
	Party, Denom string
	Amount       math.Int
	Knock        bool
}

// NetResult is a netting cycle's outcome.
type NetResult struct {
	Settled, Removed []uint64
	// Shortfalls has one entry per Removed id, in the same order.
	Shortfalls []Shortfall
	Positions  []Position // sorted by party, then denom; zero positions omitted; fees included
	// Gross and Net are on principal (fees excluded), Fees the fees per denom.
	Gross, Net, Fees map[string]math.Int
	// Efficiency = 1 - sum(Net) / sum(Gross): a balanced ring nets to 1.
	Efficiency math.LegacyDec
}

// Net computes multilateral net positions over instrs (in the given order).
// Where a party cannot cover its net debit in a denom (balance reports what
// it can spend), every instruction in which it pays that denom is removed,
// and the rest is re-netted until every remaining debit is covered.
// Deterministic: parties and denoms are visited in sorted order.
func Net(instrs []NetInstruction, balance func(party, denom string) math.Int) NetResult {
	live := append([]NetInstruction(nil), instrs...)
	var shortfalls []Shortfall
	for round := 0; ; round++ {
		pos := positions(live, true)
		short := map[[2]string]Shortfall{} // lookups only
		for _, p := range pos {
			if p.Party == FeeParty || !p.Net.IsNegative() {
				continue
			}
			if bal := balance(p.Party, p.Denom); bal.LT(p.Net.Neg()) {
				short[[2]string{p.Party, p.Denom}] = Shortfall{Party: p.Party, Denom: p.Denom, Amount: p.Net.Neg().Sub(bal), Knock: round > 0}
			}
		}
		if len(short) == 0 {
			return result(live, shortfalls, pos)
		}
		kept := live[:0:0]
		for _, in := range live {
			var cause *Shortfall
			for _, l := range in.Legs {
				if s, ok := short[[2]string{l.From, l.Denom}]; ok {
					cause = &s
					break
				}
			}
			if cause != nil {
				cause.ID = in.ID
				shortfalls = append(shortfalls, *cause)
			} else {
				kept = append(kept, in)
			}
		}
		live = kept
	}
}

// positions nets instrs per party and denom, with fees (what moves) or
// without (principal only).
func positions(instrs []NetInstruction, withFees bool) []Position {
	net := map[[2]string]math.Int{}
	add := func(party, denom string, amt math.Int) {
		k := [2]string{party, denom}
		if cur, ok := net[k]; ok {
			net[k] = cur.Add(amt)
		} else {
			net[k] = amt
		}
	}
	for _, in := range instrs {
		for _, l := range in.Legs {
			add(l.To, l.Denom, l.Amount)
			if !withFees || !l.Fee.IsPositive() {
				add(l.From, l.Denom, l.Amount.Neg())
				continue
			}
			add(l.From, l.Denom, l.Amount.Add(l.Fee).Neg())
			add(FeeParty, l.Denom, l.Fee)
		}
	}
	keys := make([][2]string, 0, len(net))
	for k := range net {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	out := make([]Position, 0, len(keys))
	for _, k := range keys {
		if !net[k].IsZero() {
			out = append(out, Position{Party: k[0], Denom: k[1], Net: net[k]})
		}
	}
	return out
}

func result(live []NetInstruction, shortfalls []Shortfall, pos []Position) NetResult {
	r := NetResult{Shortfalls: shortfalls, Positions: pos,
		Gross: map[string]math.Int{}, Net: map[string]math.Int{}, Fees: map[string]math.Int{}}
	for _, s := range shortfalls {
		r.Removed = append(r.Removed, s.ID)
	}
	grossAll, netAll := math.ZeroInt(), math.ZeroInt()
	for _, in := range live {
		r.Settled = append(r.Settled, in.ID)
		for _, l := range in.Legs {
			r.Gross[l.Denom] = addOr(r.Gross[l.Denom], l.Amount)
			grossAll = grossAll.Add(l.Amount)
			if l.Fee.IsPositive() {
				r.Fees[l.Denom] = addOr(r.Fees[l.Denom], l.Fee)
			}
		}
	}
	for _, p := range positions(live, false) {
		if p.Net.IsNegative() {
			r.Net[p.Denom] = addOr(r.Net[p.Denom], p.Net.Neg())
			netAll = netAll.Add(p.Net.Neg())
		}
	}
	r.Efficiency = math.LegacyZeroDec()
	if grossAll.IsPositive() {
		r.Efficiency = math.LegacyOneDec().Sub(math.LegacyNewDecFromInt(netAll).Quo(math.LegacyNewDecFromInt(grossAll)))
	}
	return r
}

func addOr(a, b math.Int) math.Int {
	if a.IsNil() {
		return b
	}
	return a.Add(b)
}

// SortedDenoms returns a map's keys in order.
func SortedDenoms(m map[string]math.Int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
