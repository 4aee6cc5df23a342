package handlers

import (
	"context"
	"net/http"

	"github.com/corridor-chain/corridor/gateway/declaration"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/problem"
	"github.com/corridor-chain/corridor/gateway/store"
	"github.com/corridor-chain/corridor/gateway/verify"
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
		// the client sees a problem; the log keeps what the node answered
		h.Log.WarnContext(ctx, "verify: reading the chain failed", "declaration", d.ID, "err", err)
		return verify.Report{}, chainProblem(err)
	}
	return verify.Run(verify.Stored{Declaration: decl, Canonical: d.Document, SHA256: d.SHA256, FiledAt: d.FiledAt},
		facts, h.Verify), nil
}

// facts reads what the checks need in one query, so of one block: the
// trader and, for each lot, the lot, its class, the trader's balance and
// active pledges of it.
func (h *Declarations) facts(ctx context.Context, d declaration.Declaration) (verify.Facts, error) {
	_, trader := d.Trader()
	hs, err := h.Chain.Holdings(ctx, trader.Address, d.Lots)
	if err != nil {
		return verify.Facts{}, err
	}
	f := verify.Facts{Trader: hs.Participant, Lots: make(map[uint64]verify.LotFacts, len(hs.Holdings))}
	for _, x := range hs.Holdings {
		if x.Lot == nil {
			f.Lots[x.LotId] = verify.LotFacts{} // no such lot
			continue
		}
		f.Lots[x.LotId] = verify.LotFacts{Lot: x.Lot, Class: x.Class, Held: x.Balance.BigInt(), Pledges: x.ActivePledges}
	}
	return f, nil
}
