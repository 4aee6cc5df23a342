package handlers

import (
	"context"
	"net/http"

	"github.com/corridor-chain/corridor/gateway/declaration"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/problem"
	"github.com/corridor-chain/corridor/gateway/store"
	"github.com/corridor-chain/corridor/gateway/verify"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// VerifyResponse is the report of a verify call.
type VerifyResponse struct {
	DeclarationID string `json:"declaration_id"`
	SHA256        string `json:"sha256"`
	verify.Report
}

func (h *Declarations) verify(w http.ResponseWriter, r *http.Request) {
	d, err := h.loadFiled(r, policy.ActionVerify)
	if err != nil {
		fail(h.Log, w, r, err)
		return
	}
	rep, err := h.check(r.Context(), d)
	if err != nil {
		h.chainDown(err)
		fail(h.Log, w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, VerifyResponse{DeclarationID: d.ID, SHA256: d.SHA256, Report: rep})
}

func (h *Declarations) chainDown(err error) {
	if h.Metrics != nil && problem.Unavailable.Is(err) {
		h.Metrics.ChainErrors.Inc()
	}
}

// check reads the facts from the chain and runs every check.
func (h *Declarations) check(ctx context.Context, d store.Declaration) (verify.Report, error) {
	// The store holds only documents that passed Parse: read them with the
	// same reader (one reading); the integrity check re-hashes the bytes.
	decl, err := declaration.Decode(d.Document)
	if err != nil {
		// this one was altered in the store
		return verify.Report{Passed: false, Checks: []verify.Check{{Name: verify.CheckIntegrity,
			Reason: "the stored document no longer parses: " + err.Error()}}}, nil
	}
	facts, err := h.facts(ctx, decl)
	if err != nil {
		return verify.Report{}, chainProblem(err)
	}
	return verify.Run(verify.Stored{Declaration: decl, Canonical: d.Document, SHA256: d.SHA256, FiledAt: d.FiledAt},
		facts, h.Verify), nil
}

func (h *Declarations) facts(ctx context.Context, d declaration.Declaration) (verify.Facts, error) {
	_, trader := d.Trader()
	p, err := h.Chain.Participant(ctx, trader.Address)
	if err != nil {
		return verify.Facts{}, err
	}
	f := verify.Facts{Trader: p, Lots: map[uint64]verify.LotFacts{}}
	classes := map[string]*tokenizetypes.CommodityClass{}
	for _, id := range d.Lots {
		lv, err := h.Chain.Lot(ctx, id)
		if err != nil {
			return f, err
		}
		if lv == nil {
			f.Lots[id] = verify.LotFacts{}
			continue
		}
		lf := verify.LotFacts{Lot: &lv.Lot}
		class, ok := classes[lv.Lot.ClassCode]
		if !ok {
			if class, err = h.Chain.Class(ctx, lv.Lot.ClassCode); err != nil {
				return f, err
			}
			classes[lv.Lot.ClassCode] = class
		}
		lf.Class = class
		denom := tokenizetypes.LotDenom(id)
		held, err := h.Chain.Balance(ctx, trader.Address, denom)
		if err != nil {
			return f, err
		}
		lf.Held = held.BigInt()
		if lf.Pledges, err = h.Chain.ActivePledges(ctx, trader.Address, denom); err != nil {
			return f, err
		}
		f.Lots[id] = lf
	}
	return f, nil
}
