package handlers

import (
	"context"
	"net/http"

	"golang.org/x/sync/errgroup"

	"github.com/corridor-chain/corridor/gateway/chain"
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

// facts reads what the checks need, the queries at once: the trader, and
// for each lot the lot, its class, the trader's balance and active pledges
// of it. All of them describe one block: if one was committed while they
// ran (the node answered at different heights), they are read again at the
// newest of those heights.
func (h *Declarations) facts(ctx context.Context, d declaration.Declaration) (verify.Facts, error) {
	rctx, reads := chain.Recording(ctx)
	f, err := h.read(rctx, d)
	if err != nil {
		return f, err
	}
	if at, same := reads.Height(); !same {
		return h.read(chain.AtHeight(ctx, at), d)
	}
	return f, nil
}

// maxReads is how many of one verify's queries are in flight at once.
const maxReads = 16

func (h *Declarations) read(ctx context.Context, d declaration.Declaration) (verify.Facts, error) {
	_, trader := d.Trader()
	var f verify.Facts
	lots := make([]verify.LotFacts, len(d.Lots))
	found := make([]bool, len(d.Lots))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(maxReads) // a declaration of many lots does not open hundreds of streams at once
	g.Go(func() (err error) {
		f.Trader, err = h.Chain.Participant(ctx, trader.Address)
		return err
	})
	for i, id := range d.Lots {
		denom := tokenizetypes.LotDenom(id)
		g.Go(func() error {
			lv, err := h.Chain.Lot(ctx, id)
			if err != nil || lv == nil {
				return err
			}
			found[i], lots[i].Lot = true, &lv.Lot
			lots[i].Class, err = h.Chain.Class(ctx, lv.Lot.ClassCode)
			return err
		})
		g.Go(func() error {
			held, err := h.Chain.Balance(ctx, trader.Address, denom)
			if err == nil {
				lots[i].Held = held.BigInt()
			}
			return err
		})
		g.Go(func() (err error) {
			lots[i].Pledges, err = h.Chain.ActivePledges(ctx, trader.Address, denom)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return verify.Facts{}, err
	}
	f.Lots = make(map[uint64]verify.LotFacts, len(d.Lots))
	for i, id := range d.Lots {
		if !found[i] {
			f.Lots[id] = verify.LotFacts{} // no such lot
			continue
		}
		f.Lots[id] = lots[i]
	}
	return f, nil
}
