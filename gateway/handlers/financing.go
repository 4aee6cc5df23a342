package handlers

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"slices"

	"cosmossdk.io/math"

	"github.com/corridor-chain/corridor/gateway/chain"
	"github.com/corridor-chain/corridor/gateway/declaration"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/store"
	"github.com/corridor-chain/corridor/gateway/verify"
	financetypes "github.com/corridor-chain/corridor/x/finance/types"
)

// financeRecord is the x/finance record a clearance of an export declaration
// carries, so that the chain learns the declared value from customs: the
// goods lines' values added up when they share one currency registered on
// chain, and each lot's declared quantity in its class's base units. It is
// nil, with the reason, when the declaration cannot be financed on chain:
// several currencies, a currency the chain does not settle, or a lot that
// another recorded declaration already covers.
func (h *Declarations) financeRecord(ctx context.Context, d store.Declaration, customs string) (*financetypes.MsgRecordDeclaration, string, error) {
	decl, err := declaration.Decode(d.Document)
	if err != nil {
		return nil, "the stored document no longer parses", nil
	}
	value, units := new(big.Int), map[uint64]*big.Int{}
	currency := ""
	for _, g := range decl.Goods {
		if currency != "" && g.Currency != currency {
			return nil, "its goods lines are valued in more than one currency", nil
		}
		currency = g.Currency
		if !slices.Contains(d.Lots, g.LotID) {
			return nil, fmt.Sprintf("goods line %d is of lot %d, which the declaration does not list", g.Line, g.LotID), nil
		}
		v, err := declaration.Amount("value", g.Value)
		if err != nil {
			return nil, err.Error(), nil
		}
		value.Add(value, v)
		lv, err := h.Chain.Lot(ctx, g.LotID)
		if err != nil {
			return nil, "", err
		}
		if lv == nil || lv.Lot.Issuer != d.TraderAddress {
			return nil, fmt.Sprintf("lot %d is not on chain as the exporter's", g.LotID), nil
		}
		class, err := h.Chain.Class(ctx, lv.Lot.ClassCode)
		if err != nil || class == nil {
			return nil, fmt.Sprintf("class %s of lot %d is not on chain", lv.Lot.ClassCode, g.LotID), err
		}
		q, err := verify.BaseUnits(g, class)
		if err != nil {
			return nil, err.Error(), nil
		}
		if units[g.LotID] == nil {
			units[g.LotID] = new(big.Int)
		}
		if units[g.LotID].Add(units[g.LotID], q).Cmp(lv.Lot.Quantity.BigInt()) > 0 {
			return nil, fmt.Sprintf("the goods lines declare more of lot %d than it holds", g.LotID), nil
		}
	}
	if value.Sign() <= 0 {
		return nil, "its goods lines declare no value", nil
	}
	if c, err := h.Chain.Currency(ctx, currency); err != nil {
		return nil, "", err
	} else if c == nil {
		return nil, fmt.Sprintf("%s is not a currency the corridor chain settles", currency), nil
	}
	rec := &financetypes.MsgRecordDeclaration{Customs: customs, Jurisdiction: d.Jurisdiction, Number: d.Number,
		CustomsOffice: decl.CustomsOffice, Sha256: d.SHA256, Exporter: d.TraderAddress,
		Value: math.NewIntFromBigInt(value), Currency: currency}
	for _, id := range d.Lots {
		if other, err := h.Chain.DeclarationOfLot(ctx, id); err != nil {
			return nil, "", err
		} else if other != nil {
			return nil, fmt.Sprintf("lot %d is covered by %s declaration %s on chain already", id, other.Jurisdiction, other.Number), nil
		}
		u := units[id]
		if u == nil || u.Sign() <= 0 {
			return nil, fmt.Sprintf("no goods line declares lot %d", id), nil
		}
		rec.Lots = append(rec.Lots, financetypes.LotUnits{LotId: id, Units: math.NewIntFromBigInt(u)})
	}
	return rec, "", nil
}

// FinancingView is a declaration's financing balance as banks read it.
type FinancingView struct {
	DeclarationID string `json:"declaration_id"`
	Jurisdiction  string `json:"jurisdiction"`
	Number        string `json:"number"`
	// Recorded: customs recorded it on chain with its value (on clearance).
	Recorded bool `json:"recorded"`
	// Reason says why a cleared declaration has no record.
	Reason string `json:"reason,omitempty"`
	// OnChainID is the x/finance declaration id.
	OnChainID uint64 `json:"on_chain_id,omitempty"`
	// Cleared: every lot's latest CUSTOMS_EXPORT on chain is ACCEPTED on this document.
	Cleared   bool          `json:"cleared"`
	Currency  string        `json:"currency,omitempty"`
	Value     string        `json:"value,omitempty"`
	Financed  string        `json:"financed,omitempty"`
	Closed    string        `json:"closed,omitempty"`
	Remaining string        `json:"remaining,omitempty"`
	Loans     []LoanSummary `json:"loans"`
}

// LoanSummary is one loan against the declaration.
type LoanSummary struct {
	ID          uint64 `json:"id"`
	Lender      string `json:"lender"`
	Currency    string `json:"currency"`
	Principal   string `json:"principal"`
	Outstanding string `json:"outstanding"`
	Counted     string `json:"counted"`
	RateBps     uint32 `json:"rate_bps"`
	Maturity    string `json:"maturity"`
	Status      string `json:"status"`
}

// financing answers GET /v1/declarations/{id}/financing from the chain.
func (h *Declarations) financing(w http.ResponseWriter, r *http.Request) {
	d, err := h.loadFiled(r, policy.ActionFinancingRead)
	if err != nil {
		fail(h.Log, w, r, err)
		return
	}
	v, err := h.financingView(r.Context(), d)
	if err != nil {
		fail(h.Log, w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// financingView reads the chain only: the gateway's own status (which may
// hold a rejection kept off chain) is not a bank's business.
func (h *Declarations) financingView(ctx context.Context, d store.Declaration) (FinancingView, error) {
	v := FinancingView{DeclarationID: d.ID, Jurisdiction: d.Jurisdiction, Number: d.Number, Loans: []LoanSummary{}}
	if d.Direction != string(declaration.Export) {
		v.Reason = "only export declarations are financed"
		return v, nil
	}
	f, err := h.Chain.Financing(ctx, d.Jurisdiction, d.Number)
	if err != nil {
		return v, chainProblem(err)
	}
	switch {
	case f == nil:
		v.Reason = "not recorded on chain: customs records an export declaration when it clears it"
		if _, why, err := h.financeRecord(ctx, d, ""); err == nil && why != "" {
			v.Reason = "not financeable on chain: " + why
		}
		return v, nil
	case f.Declaration.Sha256 != d.SHA256:
		v.Reason = "the number is recorded on chain for another document"
		return v, nil
	}
	return financingOf(v, f), nil
}

func financingOf(v FinancingView, f *chain.Financing) FinancingView {
	rec := f.Declaration
	v.Recorded, v.OnChainID, v.Cleared = true, rec.Id, f.Cleared
	v.Currency, v.Value, v.Financed, v.Closed, v.Remaining = rec.Currency, rec.Value.String(), rec.Financed.String(), rec.Closed.String(), f.Remaining
	for _, l := range f.Loans {
		v.Loans = append(v.Loans, loanSummary(l))
	}
	return v
}
