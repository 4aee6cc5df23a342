package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/corridor-chain/corridor/gateway/chain"
	"github.com/corridor-chain/corridor/gateway/declaration"
	mw "github.com/corridor-chain/corridor/gateway/middleware"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/problem"
	"github.com/corridor-chain/corridor/gateway/store"
	"github.com/corridor-chain/corridor/gateway/verify"
	financetypes "github.com/corridor-chain/corridor/x/finance/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// IdempotencyKeyHeader names a decision attempt; retries reuse it.
const IdempotencyKeyHeader = "Idempotency-Key"

var idemKeyRe = regexp.MustCompile(`^[A-Za-z0-9_.:-]{8,64}$`)

// DecisionRequest is the body of POST /v1/declarations/{id}/decision.
type DecisionRequest struct {
	Decision string `json:"decision"` // clear | reject
	Reason   string `json:"reason"`
}

// DecisionResponse is the recorded outcome, replayed to retries.
type DecisionResponse struct {
	DeclarationID  string    `json:"declaration_id"`
	Decision       string    `json:"decision"`
	Status         string    `json:"status"`
	Reason         string    `json:"reason"`
	DecidedBy      string    `json:"decided_by"`
	Authority      string    `json:"authority"`
	TxHash         string    `json:"tx_hash"`
	Height         int64     `json:"height"`
	AttestationIDs []uint64  `json:"attestation_ids"`
	DecidedAt      time.Time `json:"decided_at"`
	// RecordedOnChain is false for a rejection the gateway kept to itself:
	// the lots' owners never anchored the declaration, so nothing is
	// written on their lots (Report says what failed).
	RecordedOnChain bool           `json:"recorded_on_chain"`
	Report          *verify.Report `json:"report,omitempty"`
	// FinancingRecordID is the x/finance declaration the clearance recorded
	// (0: none; GET …/financing says why).
	FinancingRecordID uint64 `json:"financing_record_id,omitempty"`
}

func (h *Declarations) decide(w http.ResponseWriter, r *http.Request) {
	a := mw.Audit(r.Context())
	a.Action = policy.ActionDecide
	replayed, status, body, err := h.decideOnce(r)
	if err != nil {
		h.chainDown(err)
		a.Detail = err.Error()
		fail(h.Log, w, r, err)
		return
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
		a.Detail = "replayed"
	} else {
		a.Detail = status
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

func (h *Declarations) decideOnce(r *http.Request) (replayed bool, status string, body []byte, err error) {
	raw, err := readBody(r)
	if err != nil {
		return false, "", nil, err
	}
	var req DecisionRequest
	if err := decodeStrict(raw, &req); err != nil {
		return false, "", nil, err
	}
	if err := req.validate(); err != nil {
		return false, "", nil, err
	}
	d, err := h.load(r, policy.ActionDecide)
	if err != nil {
		return false, "", nil, err
	}
	// checked once the caller is known to be allowed to decide: a stranger
	// learns nothing about the header's rules
	key := r.Header.Get(IdempotencyKeyHeader)
	if !idemKeyRe.MatchString(key) {
		return false, "", nil, problem.BadRequest.New("an Idempotency-Key header of 8 to 64 characters from A-Z a-z 0-9 _ . : - is required; reuse it to retry the same decision")
	}
	// the request is what was read, not the bytes: the hash and the stored
	// body are of the decoded request, re-encoded
	reqBody := mustJSON(req)
	canon, err := declaration.Canonical(reqBody)
	if err != nil {
		return false, "", nil, problem.BadRequest.New("malformed JSON")
	}
	p, _ := mw.Principal(r.Context())
	mw.Audit(r.Context()).Always = true // authorized: every attempt is on the record
	now, request := h.Now(), declaration.Hash(canon)
	d, claimed, err := h.Store.ClaimDecision(r.Context(), d.ID, store.Claim{Key: key, Request: request,
		Subject: p.Subject, Body: reqBody, Now: now, LeaseUntil: now.Add(h.Lease)})
	if err != nil {
		return false, "", nil, storeProblem(err)
	}
	if !claimed && d.Decision.State == store.DecisionPending && d.Decision.Key != key && d.Decision.LeaseUntil.Before(now) {
		// an abandoned claim that signed its transaction: complete it first
		if d, err = h.Complete(r.Context(), d.ID); err != nil {
			return false, "", nil, err
		}
	}
	if !claimed {
		return h.notClaimed(d, key, request)
	}
	resp, err := h.record(r.Context(), d, key, req, p)
	if err != nil {
		return false, "", nil, err
	}
	return false, resp.Status, mustJSON(resp), nil
}

func (req DecisionRequest) validate() error {
	switch req.Decision {
	case "clear":
	case "reject":
		if strings.TrimSpace(req.Reason) == "" {
			return problem.Unprocessable.New("a rejection needs a reason")
		}
	default:
		return problem.Unprocessable.New(`decision must be "clear" or "reject"`)
	}
	if len(req.Reason) > 256 {
		return problem.Unprocessable.New("reason must be at most 256 characters")
	}
	return nil
}

// Complete finishes a claim whose lease ran out, for whoever calls: one
// that never signed is released; one that signed has its transaction looked
// up on chain and its outcome recorded, or the transaction re-sent (or, if
// it can no longer land, the decision signed afresh), as the claim's own
// retry would. It returns the declaration as it then is.
func (h *Declarations) Complete(ctx context.Context, id string) (store.Declaration, error) {
	// done within half the new lease, so that no one else takes it over meanwhile
	ctx, cancel := context.WithTimeout(ctx, max(h.Lease/2, time.Second))
	defer cancel()
	now := h.Now()
	d, taken, err := h.Store.TakeOverDecision(ctx, id, now, now.Add(h.Lease))
	if err != nil {
		return d, storeProblem(err)
	}
	if !taken {
		if d.Decision.State == store.DecisionPending && d.Decision.TxHash == "" && d.Decision.LeaseUntil.Before(now) {
			if err := h.Store.ReleaseDecision(ctx, d.ID, d.Decision.Key); err != nil && !errors.Is(err, store.ErrConflict) {
				return d, storeProblem(err)
			}
			d, err = h.Store.GetDeclaration(ctx, id)
			return d, storeProblem(err)
		}
		return d, nil
	}
	var req DecisionRequest
	if err := json.Unmarshal(d.Decision.Body, &req); err != nil {
		return d, storeProblem(fmt.Errorf("declaration %s: the stored decision request does not decode: %w", d.ID, err))
	}
	if _, err := h.record(ctx, d, d.Decision.Key, req, policy.Principal{Subject: d.Decision.Subject}); err != nil {
		return d, err
	}
	d, err = h.Store.GetDeclaration(ctx, id)
	return d, storeProblem(err)
}

// notClaimed answers when another attempt holds or made the decision.
func (h *Declarations) notClaimed(d store.Declaration, key, request string) (bool, string, []byte, error) {
	dec := d.Decision
	switch {
	case dec.Key == key && dec.Request != request:
		return false, "", nil, problem.IdempotencyReused.New("this Idempotency-Key was used for a different decision request")
	case dec.Key == key && dec.State == store.DecisionDone:
		return true, d.Status, dec.Response, nil
	case dec.State == store.DecisionDone:
		return false, "", nil, problem.Conflict.New(fmt.Sprintf("declaration %s is already %s", d.ID, d.Status))
	}
	return false, "", nil, problem.InProgress.New(fmt.Sprintf("a decision on declaration %s is in progress; retry with the same Idempotency-Key after %s",
		d.ID, dec.LeaseUntil.Format(time.RFC3339)))
}

// record signs and broadcasts the attestations of a claimed decision and
// records the outcome. A transaction that may have reached the chain is
// kept with the claim, so the retry finds or resends it instead of
// signing a second one.
func (h *Declarations) record(ctx context.Context, d store.Declaration, key string, req DecisionRequest, p policy.Principal) (DecisionResponse, error) {
	release := func(err error) (DecisionResponse, error) {
		if rerr := h.Store.ReleaseDecision(context.WithoutCancel(ctx), d.ID, key); rerr != nil {
			h.Log.Error("releasing a decision claim", "declaration", d.ID, "error", rerr)
		}
		return DecisionResponse{}, err
	}
	keep := func(err error) (DecisionResponse, error) {
		if lerr := h.Store.EndLease(context.WithoutCancel(ctx), d.ID, key); lerr != nil {
			h.Log.Error("ending a decision lease", "declaration", d.ID, "error", lerr)
		}
		if errors.Is(err, chain.ErrUnavailable) {
			return DecisionResponse{}, problem.Unavailable.New("the corridor chain did not confirm the decision; nothing is lost: retry with the same Idempotency-Key")
		}
		return DecisionResponse{}, err
	}
	var res chain.Result
	resumed := false
	if d.Decision.TxHash != "" {
		// an earlier attempt signed (and maybe broadcast) this decision
		found, err := h.Chain.FindTx(ctx, d.Decision.TxHash)
		switch {
		case errors.Is(err, chain.ErrRejected):
			return release(chainProblem(err))
		case err != nil:
			return keep(err)
		case found != nil:
			res, resumed = *found, true
		default:
			res, err = h.Chain.Broadcast(ctx, d.Decision.Tx, d.Decision.TxHash)
			switch {
			case err == nil:
				resumed = true
			case errors.Is(err, chain.ErrUnavailable):
				return keep(err)
			}
			// rejected: the stored tx can no longer land (its sequence is
			// spent); sign afresh below, the chain refuses a duplicate
		}
	}
	if !resumed {
		// a decision writes on lots only when they are the filer's: a clear
		// needs every check, a reject integrity and lot consistency
		// (onTheirLots); any other reject is recorded here and nowhere else
		rep, err := h.check(ctx, d)
		if err != nil {
			return release(err)
		}
		switch {
		case req.Decision == "clear" && !rep.Passed:
			pr := problem.VerifyFailed.New("the declaration fails verification; it cannot be cleared")
			pr.Extra = map[string]any{"report": rep}
			return release(pr)
		case req.Decision == "reject" && !onTheirLots(rep):
			return h.finish(ctx, d, key, req, p, chain.Result{}, &rep, keep)
		}
		dec, err := h.decisionMsgs(ctx, d, req, p)
		if err != nil {
			return release(err)
		}
		stored := false
		keepTx := func(txBytes []byte, txHash string) error {
			if err := h.Store.RecordDecisionTx(ctx, d.ID, key, txHash, txBytes); err != nil {
				return storeProblem(err)
			}
			stored = true
			return nil
		}
		res, err = h.Chain.Submit(ctx, dec, keepTx)
		var ref *chain.Refusal
		if errors.As(err, &ref) && ref.Codespace == financetypes.ModuleName && dec.Record != nil {
			// the chain will not take the financing record (a rule the gateway
			// does not check): the clearance itself must not wait on it, so
			// it is signed again without the record
			h.Log.Warn("clearance without its financing record", "declaration", d.ID, "refusal", ref.Reason)
			dec.Record = nil
			res, err = h.Chain.Submit(ctx, dec, keepTx)
		}
		if errors.As(err, &ref) && ref.Codespace == tokenizetypes.ModuleName && ref.Code == tokenizetypes.ErrDuplicateAttestation.ABCICode() {
			// an earlier transaction of this decision landed after all (a
			// lookup missed it): record what the chain holds
			if found, ferr := h.onChain(ctx, d, dec.Attests); ferr == nil && found != nil {
				res, err = *found, nil
			}
		}
		switch {
		case err == nil:
		case !stored, errors.Is(err, chain.ErrRejected):
			return release(chainProblem(err)) // nothing was sent, or the chain refused it
		default:
			return keep(err)
		}
	}
	return h.finish(ctx, d, key, req, p, res, nil, keep)
}

// onChain finds this decision's attestations on chain, one per message
// (same lot, kind, result, document and attester); nil if any is missing.
func (h *Declarations) onChain(ctx context.Context, d store.Declaration, msgs []*tokenizetypes.MsgAttest) (*chain.Result, error) {
	out := &chain.Result{}
	for _, m := range msgs {
		atts, err := h.Chain.Attestations(ctx, m.LotId)
		if err != nil {
			return nil, err
		}
		var found *tokenizetypes.Attestation
		for i := range atts {
			a := &atts[i]
			if a.Kind == m.Kind && a.Result == m.Result && a.DocumentSha256 == d.SHA256 && a.Attester == m.Attester {
				found = a
			}
		}
		if found == nil {
			return nil, nil
		}
		out.AttestationIDs = append(out.AttestationIDs, found.Id)
		out.Height = max(out.Height, found.Height)
	}
	return out, nil
}

// onTheirLots says whether a rejection may be written on the declaration's
// lots: their issuer anchored exactly this declaration (integrity), and the
// filer holds the lots' declared units (lot consistency) — an issuer who
// sold a lot cannot have a rejection written on the buyer's units.
func onTheirLots(rep verify.Report) bool {
	if !rep.Check(verify.CheckIntegrity).Passed {
		return false
	}
	for _, c := range rep.Checks {
		if c.Name == verify.CheckLotConsistency && !c.Passed {
			return false
		}
	}
	return true
}

// finish records the outcome of a decision: on chain (res) or, with the
// failed report, in the gateway only.
func (h *Declarations) finish(ctx context.Context, d store.Declaration, key string, req DecisionRequest, p policy.Principal,
	res chain.Result, gatewayOnly *verify.Report, keep func(error) (DecisionResponse, error),
) (DecisionResponse, error) {
	status := store.StatusCleared
	if req.Decision == "reject" {
		status = store.StatusRejected
	}
	resp := DecisionResponse{DeclarationID: d.ID, Decision: req.Decision, Status: status, Reason: req.Reason, DecidedBy: p.Subject,
		Authority: h.Authorities[d.Jurisdiction], TxHash: res.TxHash, Height: res.Height, AttestationIDs: res.AttestationIDs,
		DecidedAt: h.Now().UTC(), RecordedOnChain: gatewayOnly == nil, Report: gatewayOnly, FinancingRecordID: res.DeclarationID}
	if err := h.Store.FinishDecision(context.WithoutCancel(ctx), d.ID, key, status, mustJSON(resp), resp.DecidedAt); err != nil {
		// recorded on chain; the retry finds the tx and records it then
		return keep(storeProblem(err))
	}
	if h.Metrics != nil {
		h.Metrics.Decisions.WithLabelValues(req.Decision).Inc()
	}
	return resp, nil
}

// decisionMsgs are one MsgAttest per linked lot, signed by the authority,
// and for a clearance of an export declaration its x/finance record.
func (h *Declarations) decisionMsgs(ctx context.Context, d store.Declaration, req DecisionRequest, p policy.Principal) (chain.Decision, error) {
	authority, ok := h.Authorities[d.Jurisdiction]
	if !ok {
		return chain.Decision{}, problem.Unavailable.New(fmt.Sprintf("this gateway holds no customs authority key for %s", d.Jurisdiction))
	}
	kind := tokenizetypes.ATTESTATION_KIND_CUSTOMS_EXPORT
	if d.Direction == string(declaration.Import) {
		kind = tokenizetypes.ATTESTATION_KIND_CUSTOMS_IMPORT
	}
	result := tokenizetypes.ATTESTATION_RESULT_ACCEPTED
	if req.Decision == "reject" {
		result = tokenizetypes.ATTESTATION_RESULT_REJECTED
	}
	note := fmt.Sprintf("gateway declaration %s, %s by %s", d.ID, req.Decision, p.Subject)
	if req.Reason != "" {
		note += ": " + req.Reason
	}
	dec := chain.Decision{Attests: make([]*tokenizetypes.MsgAttest, len(d.Lots))}
	for i, lot := range d.Lots {
		dec.Attests[i] = &tokenizetypes.MsgAttest{Attester: authority, LotId: lot, Kind: kind, Result: result,
			DocumentSha256: d.SHA256, Reference: d.Number, Note: note}
	}
	if req.Decision == "clear" && kind == tokenizetypes.ATTESTATION_KIND_CUSTOMS_EXPORT {
		rec, _, err := h.financeRecord(ctx, d, authority)
		if err != nil {
			return dec, chainProblem(err)
		}
		dec.Record = rec
	}
	return dec, nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain structs are marshalled here
	}
	return b
}
