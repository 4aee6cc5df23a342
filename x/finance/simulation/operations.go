// Package simulation builds random x/finance messages from the current
// state for the app's simulation test.
package simulation

import (
	"encoding/hex"
	"fmt"
	"math/rand"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/finance/types"
	settlementsim "github.com/corridor-chain/corridor/x/settlement/simulation"
	st "github.com/corridor-chain/corridor/x/settlement/types"
	tokenizesim "github.com/corridor-chain/corridor/x/tokenize/simulation"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// View is the state the operations read, in key order.
type View interface {
	settlementsim.View
	Declarations() []types.Declaration
	Applications() []types.Application // pending ones
	Loans() []types.Loan               // active ones
}

// Operations are x/finance's weighted operations. A refinancing needs the
// borrower's co-signature, which the one-signer simulation does not give:
// the keeper tests and the property test cover it.
func Operations() []tokenizesim.Operation {
	wrap := func(f func(*rand.Rand, View) (sdk.Msg, bool)) func(*rand.Rand, tokenizesim.View) (sdk.Msg, bool) {
		return func(r *rand.Rand, v tokenizesim.View) (sdk.Msg, bool) { return f(r, v.(View)) }
	}
	return []tokenizesim.Operation{
		{Name: "fund-lender", Weight: 3, Build: wrap(fundLender)},
		{Name: "record-declaration", Weight: 4, Build: wrap(recordDeclaration)},
		{Name: "clear-declared-lot", Weight: 4, Build: wrap(clearDeclared)},
		{Name: "apply-financing", Weight: 6, Build: wrap(apply)},
		{Name: "approve-financing", Weight: 6, Build: wrap(approve)},
		{Name: "reject-financing", Weight: 1, Build: wrap(reject)},
		{Name: "withdraw-application", Weight: 1, Build: wrap(withdraw)},
		{Name: "repay-financing", Weight: 4, Build: wrap(repay)},
		{Name: "sell-financed", Weight: 3, Build: wrap(sellFinanced)},
		{Name: "claim-collateral", Weight: 1, Build: wrap(claim)},
	}
}

func hash(r *rand.Rand) string {
	b := make([]byte, 32)
	r.Read(b) //nolint:errcheck // math/rand does not fail
	return hex.EncodeToString(b)
}

// number is a declaration number of jurisdiction j, dated the day before now.
func number(j string, now time.Time, serial uint64) (number, office string) {
	day := now.Add(-24 * time.Hour)
	if j == "CN" {
		return fmt.Sprintf("0201%04d0%09d", day.Year(), serial), "0201"
	}
	return fmt.Sprintf("10010000/%s/%07d", day.Format("020106"), serial%10_000_000), "10010000"
}

// unclearedLots are the live lots with no CUSTOMS_EXPORT result yet.
func unclearedLots(v View) []tk.Lot {
	var out []tk.Lot
	for _, l := range v.Lots() {
		if l.Result(tk.ATTESTATION_KIND_CUSTOMS_EXPORT) == tk.ATTESTATION_RESULT_UNSPECIFIED {
			out = append(out, l)
		}
	}
	return out
}

// fundLender has a currency's issuer issue deposit tokens to a bank, which
// lends them.
func fundLender(r *rand.Rand, v View) (sdk.Msg, bool) {
	c, ok := tokenizesim.Choose(r, v.Currencies())
	if !ok || c.IssueDenom == "" {
		return nil, false
	}
	bank, ok := tokenizesim.Choose(r, tokenizesim.WithRole(v, "", tk.ROLE_BANK))
	if !ok {
		return nil, false
	}
	return &st.MsgIssue{Issuer: c.Issuer, Currency: c.Code, Amount: math.NewInt(1 + r.Int63n(10_000_000)), Recipient: bank.Address}, true
}

func recordDeclaration(r *rand.Rand, v View) (sdk.Msg, bool) {
	lot, ok := tokenizesim.Choose(r, unclearedLots(v))
	if !ok {
		return nil, false
	}
	j := lot.Origin.Country
	customs, ok := tokenizesim.Choose(r, tokenizesim.WithRole(v, j, tk.ROLE_CUSTOMS))
	if !ok {
		return nil, false
	}
	cs := v.Currencies()
	c, ok := tokenizesim.Choose(r, cs)
	if !ok {
		return nil, false
	}
	num, office := number(j, v.Now(), uint64(r.Int63n(1_000_000))+1)
	return &types.MsgRecordDeclaration{Customs: customs.Address, Jurisdiction: j, Number: num, CustomsOffice: office, Sha256: hash(r),
		Exporter: lot.Issuer, Lots: []types.LotUnits{{LotId: lot.Id, Units: lot.Quantity}},
		Value: math.NewInt(1 + r.Int63n(20_000_000)), Currency: c.Code}, true
}

// clearDeclared has customs clear a declared lot on its declaration's document.
func clearDeclared(r *rand.Rand, v View) (sdk.Msg, bool) {
	uncleared := map[uint64]bool{}
	for _, l := range unclearedLots(v) {
		uncleared[l.Id] = true
	}
	var ds []types.Declaration
	for _, d := range v.Declarations() {
		if uncleared[d.Lots[0].LotId] {
			ds = append(ds, d)
		}
	}
	d, ok := tokenizesim.Choose(r, ds)
	if !ok {
		return nil, false
	}
	return &tk.MsgAttest{Attester: d.Customs, LotId: d.Lots[0].LotId, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT,
		Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: d.Sha256, Reference: d.Number}, true
}

func apply(r *rand.Rand, v View) (sdk.Msg, bool) {
	d, ok := tokenizesim.Choose(r, v.Declarations())
	if !ok {
		return nil, false
	}
	bank, ok := tokenizesim.Choose(r, tokenizesim.WithRole(v, "", tk.ROLE_BANK))
	if !ok {
		return nil, false
	}
	l := d.Lots[0]
	return &types.MsgApplyFinancing{Borrower: d.Exporter, DeclarationId: d.Id, Bank: bank.Address,
		Amount: math.NewInt(1 + r.Int63n(d.Value.Int64()/10+1)), Currency: d.Currency,
		Collateral: types.LotUnits{LotId: l.LotId, Units: math.NewInt(1 + r.Int63n(l.Units.Int64()))},
		Tenor:      time.Duration(1+r.Intn(60)) * time.Hour, MaxRateBps: uint32(1 + r.Intn(3000))}, true
}

func currencyDenom(v View, code string) string {
	for _, c := range v.Currencies() {
		if c.Code == code {
			return c.Denoms[0].Denom
		}
	}
	return ""
}

func approve(r *rand.Rand, v View) (sdk.Msg, bool) {
	a, ok := tokenizesim.Choose(r, v.Applications())
	if !ok {
		return nil, false
	}
	return &types.MsgApproveFinancing{Bank: a.Bank, ApplicationId: a.Id, Principal: a.Amount, RateBps: uint32(r.Intn(int(a.MaxRateBps) + 1)),
		Maturity: v.Now().Add(a.Tenor + time.Duration(r.Intn(3600))*time.Second), Denom: currencyDenom(v, a.Currency)}, true
}

func reject(r *rand.Rand, v View) (sdk.Msg, bool) {
	a, ok := tokenizesim.Choose(r, v.Applications())
	if !ok {
		return nil, false
	}
	return &types.MsgRejectFinancing{Bank: a.Bank, ApplicationId: a.Id, Reason: types.RejectReason(1 + r.Intn(6))}, true
}

func withdraw(r *rand.Rand, v View) (sdk.Msg, bool) {
	a, ok := tokenizesim.Choose(r, v.Applications())
	if !ok {
		return nil, false
	}
	return &types.MsgWithdrawApplication{Borrower: a.Borrower, ApplicationId: a.Id}, true
}

func repay(r *rand.Rand, v View) (sdk.Msg, bool) {
	l, ok := tokenizesim.Choose(r, v.Loans())
	if !ok {
		return nil, false
	}
	return &types.MsgRepayFinancing{Payer: l.Borrower, LoanId: l.Id, Amount: math.NewInt(1 + r.Int63n(l.Outstanding.Int64()*2))}, true
}

// sellFinanced has the borrower offer the pledged units in a DVP whose price
// covers the loan; the settlement operations fund its legs.
func sellFinanced(r *rand.Rand, v View) (sdk.Msg, bool) {
	l, ok := tokenizesim.Choose(r, v.Loans())
	if !ok {
		return nil, false
	}
	buyer, ok := tokenizesim.Choose(r, tokenizesim.WithRole(v, "", tk.ROLE_IMPORTER))
	if !ok {
		return nil, false
	}
	_, due := l.Due(v.Now().Add(time.Hour))
	deadline := v.Now().Add(time.Duration(5+r.Intn(50)) * time.Minute)
	return &st.MsgCreateInstruction{Creator: l.Borrower, Type: st.INSTRUCTION_TYPE_DVP, Deadline: deadline, Legs: []st.LegInput{
		{From: l.Borrower, To: buyer.Address, Denom: l.CollateralDenom, Amount: l.CollateralAmount, LoanId: l.Id},
		{From: buyer.Address, To: l.Borrower, Denom: l.Denom, Amount: due.Add(math.NewInt(r.Int63n(1_000_000)))},
	}}, true
}

func claim(r *rand.Rand, v View) (sdk.Msg, bool) {
	l, ok := tokenizesim.Choose(r, v.Loans())
	if !ok {
		return nil, false
	}
	return &types.MsgClaimCollateral{Lender: l.Lender, LoanId: l.Id}, true
}
