package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/hashicorp/golang-lru/v2/expirable"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/gateway/chain"
	"github.com/corridor-chain/corridor/gateway/declaration"
	mw "github.com/corridor-chain/corridor/gateway/middleware"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/problem"
	"github.com/corridor-chain/corridor/gateway/store"
	financetypes "github.com/corridor-chain/corridor/x/finance/types"
)

// Finance is the /v1/financing resource: a bank's applications to answer
// and its loans, an exporter's own. What it signs, it signs as the
// subject's own corridor account (the API key's address): the gateway
// never answers for a bank that is not the one asking.
type Finance struct {
	// Decls reads the exporter's declarations and their financing view.
	Decls *Declarations
	Chain chain.Client
	Authz policy.Authorizer
	Log   *slog.Logger
	Now   func() time.Time

	// applications made under an Idempotency-Key, per subject, for a day
	// (in this process: a retry through another replica is not matched)
	once     sync.Once
	mu       sync.Mutex
	applied  *expirable.LRU[string, appliedEntry]
	inflight map[string]bool
}

type appliedEntry struct {
	request string // SHA-256 of the request as decoded
	resp    AnswerResponse
	// pending: the attempt's transaction was broadcast but not seen in a
	// block; a retry looks it up instead of sending another
	pending bool
	txHash  string
}

// Routes mounts the resource.
func (h *Finance) Routes(r chi.Router) {
	r.Get("/applications", h.applications)
	r.Post("/applications", h.apply)
	r.Get("/banks", h.banks)
	r.Post("/applications/{id}/approve", h.approve)
	r.Post("/applications/{id}/reject", h.reject)
	r.Get("/loans", h.loans)
}

// ApplicationView is a financing application as the API shows it.
type ApplicationView struct {
	ID               uint64 `json:"id"`
	DeclarationID    uint64 `json:"declaration_id"`
	Borrower         string `json:"borrower"`
	Bank             string `json:"bank"`
	Amount           string `json:"amount"`
	Currency         string `json:"currency"`
	CollateralDenom  string `json:"collateral_denom"`
	CollateralAmount string `json:"collateral_amount"`
	TenorDays        int64  `json:"tenor_days"`
	MaxRateBps       uint32 `json:"max_rate_bps"`
	Status           string `json:"status"`
	Note             string `json:"note"`
	LoanID           uint64 `json:"loan_id,omitempty"`
	Reason           string `json:"reason,omitempty"`
	// Declaration is the financing balance of the declaration applied
	// against, as the chain has it now (for whom may read it).
	Declaration *FinancingView `json:"declaration,omitempty"`
}

// ApplicationPage is GET /v1/financing/applications.
type ApplicationPage struct {
	Applications []ApplicationView `json:"applications"`
}

// LoanPage is GET /v1/financing/loans.
type LoanPage struct {
	Loans []LoanSummary `json:"loans"`
}

// ApproveRequest is POST …/approve: the bank lends exactly what was asked,
// at RateBps (at most the exporter's maximum), for the asked tenor; the
// maturity is now + tenor + 10 minutes (the block that carries it comes
// later than now), unless given.
type ApproveRequest struct {
	RateBps  uint32 `json:"rate_bps"`
	Denom    string `json:"denom"`
	Maturity string `json:"maturity,omitempty"` // YYYY-MM-DD, UTC end of day
}

// RejectRequest is POST …/reject.
type RejectRequest struct {
	Reason string `json:"reason"` // one of RejectReasons
	Note   string `json:"note"`
}

// ApplyRequest is POST /v1/financing/applications: the exporter asks one
// bank for Amount (minor units of Currency) against its cleared
// declaration (the gateway's id), pledging CollateralUnits of one of its lots.
type ApplyRequest struct {
	DeclarationID   string `json:"declaration_id"`
	Bank            string `json:"bank"`
	Amount          string `json:"amount"`
	Currency        string `json:"currency"`
	LotID           uint64 `json:"lot_id"`
	CollateralUnits string `json:"collateral_units"`
	TenorDays       int64  `json:"tenor_days"`
	MaxRateBps      uint32 `json:"max_rate_bps"`
	Note            string `json:"note,omitempty"`
}

// BankView is a bank a borrower may apply to.
type BankView struct {
	Address      string `json:"address"`
	Name         string `json:"name"`
	Country      string `json:"country"`
	Jurisdiction string `json:"jurisdiction"`
}

// BankPage is GET /v1/financing/banks.
type BankPage struct {
	Banks []BankView `json:"banks"`
}

// AnswerResponse is the outcome of an application, approval or rejection
// on chain.
type AnswerResponse struct {
	ApplicationID uint64 `json:"application_id"`
	Status        string `json:"status"` // applied | approved | rejected
	LoanID        uint64 `json:"loan_id,omitempty"`
	TxHash        string `json:"tx_hash"`
	Height        int64  `json:"height"`
}

func applicationView(a financetypes.Application) ApplicationView {
	v := ApplicationView{ID: a.Id, DeclarationID: a.DeclarationId, Borrower: a.Borrower, Bank: a.Bank, Amount: a.Amount.String(),
		Currency: a.Currency, CollateralDenom: a.CollateralDenom, CollateralAmount: a.CollateralAmount.String(),
		TenorDays: int64(a.Tenor / (24 * time.Hour)), MaxRateBps: a.MaxRateBps, Status: a.Status.String(), Note: a.Note, LoanID: a.LoanId}
	if a.Reason != financetypes.REJECT_REASON_UNSPECIFIED {
		v.Reason = a.Reason.String()
	}
	return v
}

// party authorizes action on a party's financing book, as the subject:
// owner is the address the resource belongs to (the bank an application
// is made to, the exporter a declaration names); the policy's "party"
// pair holds it to the address on the subject's own key.
func (h *Finance) party(r *http.Request, action, owner string) (policy.Principal, error) {
	p, _ := mw.Principal(r.Context())
	if p.Address == "" {
		mw.Audit(r.Context()).Action = action
		return p, problem.Forbidden.New(fmt.Sprintf("%s has no corridor account on its API key", p.Subject))
	}
	return p, authorize(r, h.Authz, action, policy.FinancingResource(owner), map[string][][2]string{
		"party": {{p.Address, owner}},
	})
}

// ownAddress is the subject's own corridor address (its own book).
func ownAddress(r *http.Request) string {
	p, _ := mw.Principal(r.Context())
	return p.Address
}

// book splits the principal's address into the bank and borrower filters.
func book(p policy.Principal) (bank, borrower string) {
	if p.Role == "bank" {
		return p.Address, ""
	}
	return "", p.Address
}

func (h *Finance) applications(w http.ResponseWriter, r *http.Request) {
	p, err := h.party(r, policy.ActionFinancingList, ownAddress(r))
	if err != nil {
		fail(h.Log, w, r, err)
		return
	}
	status := financetypes.APPLICATION_STATUS_UNSPECIFIED
	if s := r.URL.Query().Get("status"); s != "" {
		v, ok := financetypes.ApplicationStatus_value["APPLICATION_STATUS_"+strings.ToUpper(s)]
		if !ok || v == 0 {
			fail(h.Log, w, r, problem.BadRequest.New("status must be pending, approved, rejected or withdrawn"))
			return
		}
		status = financetypes.ApplicationStatus(v)
	}
	bank, borrower := book(p)
	as, err := h.Chain.Applications(r.Context(), bank, borrower, status)
	if err != nil {
		fail(h.Log, w, r, chainProblem(err))
		return
	}
	page := ApplicationPage{Applications: []ApplicationView{}}
	balances := map[uint64]*FinancingView{}
	for _, a := range as {
		v := applicationView(a)
		b, ok := balances[a.DeclarationId]
		if !ok {
			f, err := h.Chain.FinancingByID(r.Context(), a.DeclarationId)
			if err != nil {
				fail(h.Log, w, r, chainProblem(err))
				return
			}
			if f != nil && mayReadFinancingOf(r, h.Decls.Store, h.Authz, f.Declaration.Jurisdiction, f.Declaration.Number) {
				fv := financingOf(FinancingView{Jurisdiction: f.Declaration.Jurisdiction, Number: f.Declaration.Number, Loans: []LoanSummary{}}, f)
				b = &fv
			}
			balances[a.DeclarationId] = b
		}
		v.Declaration = b
		page.Applications = append(page.Applications, v)
	}
	writeJSON(w, http.StatusOK, page)
}

func (h *Finance) loans(w http.ResponseWriter, r *http.Request) {
	p, err := h.party(r, policy.ActionFinancingList, ownAddress(r))
	if err != nil {
		fail(h.Log, w, r, err)
		return
	}
	lender, borrower := book(p)
	ls, err := h.Chain.Loans(r.Context(), lender, borrower)
	if err != nil {
		fail(h.Log, w, r, chainProblem(err))
		return
	}
	page := LoanPage{Loans: []LoanSummary{}}
	for _, l := range ls {
		page.Loans = append(page.Loans, loanSummary(l))
	}
	writeJSON(w, http.StatusOK, page)
}

func (h *Finance) banks(w http.ResponseWriter, r *http.Request) {
	if _, err := h.party(r, policy.ActionFinancingApply, ownAddress(r)); err != nil {
		fail(h.Log, w, r, err)
		return
	}
	bs, err := h.Chain.Banks(r.Context())
	if err != nil {
		fail(h.Log, w, r, chainProblem(err))
		return
	}
	page := BankPage{Banks: []BankView{}}
	for _, b := range bs {
		j := b.Country
		for _, g := range b.Roles {
			if g.Role.String() == "ROLE_BANK" {
				j = g.Jurisdiction
			}
		}
		page.Banks = append(page.Banks, BankView{Address: b.Address, Name: b.LegalName, Country: b.Country, Jurisdiction: j})
	}
	writeJSON(w, http.StatusOK, page)
}

// apply signs the exporter's MsgApplyFinancing as its own account, against
// a declaration it filed that customs cleared and recorded on chain.
func (h *Finance) apply(w http.ResponseWriter, r *http.Request) {
	if err := h.applyFinancing(w, r); err != nil {
		mw.Audit(r.Context()).Detail = err.Error()
		fail(h.Log, w, r, err)
	}
}

func (h *Finance) applyFinancing(w http.ResponseWriter, r *http.Request) error {
	raw, err := readBody(r)
	if err != nil {
		return err
	}
	var req ApplyRequest
	if err := decodeStrict(raw, &req); err != nil {
		return err
	}
	p, _ := mw.Principal(r.Context())
	d, err := h.Decls.Store.GetDeclaration(r.Context(), req.DeclarationID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return storeProblem(err)
	}
	if err != nil || d.Owner != p.Subject {
		// another's declaration is as absent as a missing one
		mw.Audit(r.Context()).Action = policy.ActionFinancingApply
		return problem.NotFound.New("no declaration " + req.DeclarationID + " filed by " + p.Subject)
	}
	if d.TraderAddress == "" {
		return problem.Conflict.New("declaration " + d.ID + " names no corridor account for its trader")
	}
	if _, err := h.party(r, policy.ActionFinancingApply, d.TraderAddress); err != nil {
		return err
	}
	mw.Audit(r.Context()).Always = true
	f, err := h.Decls.financingView(r.Context(), d)
	if err != nil {
		return err
	}
	if !f.Recorded || !f.Cleared {
		return problem.Conflict.New("declaration " + d.ID + " is not financeable yet: " + f.Reason)
	}
	var errs []string
	amount, ok := decimalInt(req.Amount)
	if !ok {
		errs = append(errs, "amount: a positive whole number of minor units, in decimal digits")
	}
	units, ok := decimalInt(req.CollateralUnits)
	if !ok {
		errs = append(errs, "collateral_units: a positive whole number of the lot's base units, in decimal digits")
	}
	if req.TenorDays < 1 || req.TenorDays > 3650 {
		errs = append(errs, "tenor_days: 1 to 3650")
	}
	if req.MaxRateBps < 1 || req.MaxRateBps > 100_000 {
		errs = append(errs, "max_rate_bps: 1 to 100000")
	}
	if len(req.Note) > 256 {
		errs = append(errs, "note: at most 256 characters")
	}
	if len(errs) > 0 {
		pr := problem.Unprocessable.New("the application has " + strconv.Itoa(len(errs)) + " problem(s)")
		pr.Errors = errs
		return pr
	}
	msg := &financetypes.MsgApplyFinancing{Borrower: p.Address, DeclarationId: f.OnChainID, Bank: req.Bank, Amount: amount,
		Currency: strings.TrimSpace(req.Currency), Collateral: financetypes.LotUnits{LotId: req.LotID, Units: units},
		Tenor: time.Duration(req.TenorDays) * 24 * time.Hour, Note: req.Note, MaxRateBps: req.MaxRateBps}
	mw.Audit(r.Context()).Resource = policy.FinancingResource(p.Address) + ":declaration:" + d.ID
	// an Idempotency-Key makes a double submit or a retry one application
	key := r.Header.Get(IdempotencyKeyHeader)
	if key != "" && !idemKeyRe.MatchString(key) {
		return problem.BadRequest.New("an Idempotency-Key is 8 to 64 characters from A-Z a-z 0-9 _ . : -")
	}
	slot, request := p.Subject+"|"+key, declaration.Hash(mustJSON(req))
	if key != "" {
		if resp, replay, err := h.claim(r.Context(), slot, request); err != nil {
			return err
		} else if replay {
			w.Header().Set("Idempotent-Replayed", "true")
			mw.Audit(r.Context()).Detail = "replayed"
			writeJSON(w, http.StatusCreated, resp)
			return nil
		}
		defer h.release(slot)
	}
	res, err := h.Chain.Send(r.Context(), p.Address, msg)
	if err != nil {
		if key != "" && res.TxHash != "" && errors.Is(err, chain.ErrUnavailable) {
			h.applied.Add(slot, appliedEntry{request: request, pending: true, txHash: res.TxHash})
		}
		return sendProblem(res, err, "retry with the same Idempotency-Key: the gateway looks the earlier transaction up instead of sending another")
	}
	out := AnswerResponse{ApplicationID: res.ApplicationID, Status: "applied", TxHash: res.TxHash, Height: res.Height}
	if key != "" {
		h.applied.Add(slot, appliedEntry{request: request, resp: out})
	}
	mw.Audit(r.Context()).Detail = fmt.Sprintf("application %d in tx %s", res.ApplicationID, res.TxHash)
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// claim takes slot for one attempt (the caller releases it), or says what
// an earlier one answered. An earlier attempt whose transaction was
// broadcast but not seen is looked up: included, its answer is replayed;
// refused, this attempt goes ahead; still pending, 409.
func (h *Finance) claim(ctx context.Context, slot, request string) (AnswerResponse, bool, error) {
	h.once.Do(func() {
		h.applied = expirable.NewLRU[string, appliedEntry](65_536, nil, 24*time.Hour)
		h.inflight = map[string]bool{}
	})
	h.mu.Lock()
	e, ok := h.applied.Get(slot)
	switch {
	case ok && e.request != request:
		h.mu.Unlock()
		return AnswerResponse{}, false, problem.IdempotencyReused.New("this Idempotency-Key was used for a different application")
	case ok && !e.pending:
		h.mu.Unlock()
		return e.resp, true, nil
	case h.inflight[slot]:
		h.mu.Unlock()
		return AnswerResponse{}, false, problem.InProgress.New("an application with this Idempotency-Key is in progress; retry with the same key in a moment")
	}
	h.inflight[slot] = true
	h.mu.Unlock()
	if !ok {
		return AnswerResponse{}, false, nil
	}
	res, err := h.Chain.FindTx(ctx, e.txHash)
	switch {
	case err == nil && res != nil:
		out := AnswerResponse{ApplicationID: res.ApplicationID, Status: "applied", TxHash: res.TxHash, Height: res.Height}
		h.applied.Add(slot, appliedEntry{request: request, resp: out})
		h.release(slot)
		return out, true, nil
	case err == nil:
		h.release(slot)
		return AnswerResponse{}, false, problem.InProgress.New(fmt.Sprintf("the earlier attempt's transaction %s is not in a block yet; retry with the same key "+
			"in a moment (if it never lands, the application list says so: apply again with a new key)", e.txHash))
	case errors.Is(err, chain.ErrUnavailable):
		h.release(slot)
		return AnswerResponse{}, false, chainProblem(err)
	}
	h.applied.Remove(slot) // the earlier transaction failed on chain: this attempt is the one
	return AnswerResponse{}, false, nil
}

func (h *Finance) release(slot string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.inflight, slot)
}

// sendProblem is chainProblem for a send: a chain that stopped answering
// after the broadcast (res.TxHash set) may still include the transaction,
// so the client is told so and what to do (hint); before it, nothing was
// sent.
func sendProblem(res chain.Result, err error, hint string) error {
	if res.TxHash != "" && errors.Is(err, chain.ErrUnavailable) {
		return problem.Unavailable.New(fmt.Sprintf("the corridor chain did not confirm transaction %s in time; it may still be included: %s", res.TxHash, hint))
	}
	return chainProblem(err)
}

// open reads the application of the URL, answerable by the asking bank.
func (h *Finance) open(r *http.Request) (policy.Principal, *financetypes.Application, error) {
	p, _ := mw.Principal(r.Context())
	mw.Audit(r.Context()).Action = policy.ActionFinancingAnswer
	id, err := strconv.ParseUint(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id == 0 {
		return p, nil, problem.BadRequest.New("the application id must be a positive integer")
	}
	a, err := h.Chain.Application(r.Context(), id)
	switch {
	case err != nil:
		return p, nil, chainProblem(err)
	case a == nil || p.Address == "" || a.Bank != p.Address:
		// another bank's application is as absent as a missing one
		return p, nil, problem.NotFound.New(fmt.Sprintf("no application %d to %s", id, p.Subject))
	}
	if _, err := h.party(r, policy.ActionFinancingAnswer, a.Bank); err != nil {
		return p, nil, err
	}
	mw.Audit(r.Context()).Always = true
	mw.Audit(r.Context()).Resource = fmt.Sprintf("%s:application:%d", policy.FinancingResource(p.Address), id)
	return p, a, nil
}

func (h *Finance) approve(w http.ResponseWriter, r *http.Request) {
	if err := h.answer(w, r, true); err != nil {
		mw.Audit(r.Context()).Detail = err.Error()
		fail(h.Log, w, r, err)
	}
}

func (h *Finance) reject(w http.ResponseWriter, r *http.Request) {
	if err := h.answer(w, r, false); err != nil {
		mw.Audit(r.Context()).Detail = err.Error()
		fail(h.Log, w, r, err)
	}
}

// RejectReasons are the reasons a bank may give, by their API name, in
// the chain's order.
var RejectReasons = []string{"credit_limit", "collateral_insufficient", "documents_incomplete", "sanctions_screening", "terms_declined", "other"}

func rejectReason(name string) (financetypes.RejectReason, bool) {
	v, ok := financetypes.RejectReason_value["REJECT_REASON_"+strings.ToUpper(name)]
	return financetypes.RejectReason(v), ok && v != 0 && name == strings.ToLower(name)
}

func (h *Finance) answer(w http.ResponseWriter, r *http.Request, approve bool) error {
	raw, err := readBody(r)
	if err != nil {
		return err
	}
	var approveReq ApproveRequest
	var rejectReq RejectRequest
	if approve {
		err = decodeStrict(raw, &approveReq)
	} else {
		err = decodeStrict(raw, &rejectReq)
	}
	if err != nil {
		return err
	}
	p, a, err := h.open(r)
	if err != nil {
		return err
	}
	var msg sdk.Msg
	if approve {
		if msg, err = approveMsg(p.Address, *a, approveReq, h.Now()); err != nil {
			return err
		}
	} else {
		reason, ok := rejectReason(rejectReq.Reason)
		if !ok {
			return problem.Unprocessable.New("reason must be one of " + strings.Join(RejectReasons, ", "))
		}
		if len(rejectReq.Note) > 256 {
			return problem.Unprocessable.New("note must be at most 256 characters")
		}
		msg = &financetypes.MsgRejectFinancing{Bank: p.Address, ApplicationId: a.Id, Reason: reason, Note: rejectReq.Note}
	}
	res, err := h.Chain.Send(r.Context(), p.Address, msg)
	if err != nil {
		return sendProblem(res, err, "look at the application's status before you retry: the chain answers an application once")
	}
	out := AnswerResponse{ApplicationID: a.Id, Status: "rejected", LoanID: res.LoanID, TxHash: res.TxHash, Height: res.Height}
	if approve {
		out.Status = "approved"
	}
	mw.Audit(r.Context()).Detail = fmt.Sprintf("%s in tx %s", out.Status, res.TxHash)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// approveMsg is the approval of exactly what a asks.
func approveMsg(bank string, a financetypes.Application, req ApproveRequest, now time.Time) (*financetypes.MsgApproveFinancing, error) {
	if a.Status != financetypes.APPLICATION_STATUS_PENDING {
		return nil, problem.Conflict.New(fmt.Sprintf("application %d is already %s", a.Id,
			strings.ToLower(strings.TrimPrefix(a.Status.String(), "APPLICATION_STATUS_"))))
	}
	if req.RateBps == 0 || req.RateBps > a.MaxRateBps {
		return nil, problem.Unprocessable.New(fmt.Sprintf("rate_bps must be 1 to %d (the exporter's maximum)", a.MaxRateBps))
	}
	if req.Denom == "" {
		return nil, problem.Unprocessable.New("denom must name the " + a.Currency + " denom the bank pays in")
	}
	// the block that carries the approval comes seconds after now: ten
	// minutes of margin keep the maturity at or after block time + tenor,
	// and within the chain's longest tenor for any tenor short of it
	maturity := now.UTC().Add(a.Tenor + 10*time.Minute).Truncate(time.Minute)
	if req.Maturity != "" {
		day, err := time.Parse("2006-01-02", req.Maturity)
		if err != nil {
			return nil, problem.Unprocessable.New("maturity must be a date YYYY-MM-DD")
		}
		maturity = day.Add(24*time.Hour - time.Second)
	}
	return &financetypes.MsgApproveFinancing{Bank: bank, ApplicationId: a.Id, Principal: a.Amount, RateBps: req.RateBps,
		Maturity: maturity, Denom: req.Denom}, nil
}

func loanSummary(l financetypes.Loan) LoanSummary {
	return LoanSummary{ID: l.Id, Lender: l.Lender, Currency: l.Currency, Principal: intStr(l.Principal),
		Outstanding: intStr(l.Outstanding), Counted: intStr(l.Counted), RateBps: l.RateBps,
		Maturity: l.Maturity.UTC().Format("2006-01-02T15:04:05Z"), Status: l.Status.String()}
}

var decimalRe = regexp.MustCompile(`^[1-9][0-9]{0,76}$`)

// decimalInt reads a positive integer written in decimal digits only: no
// sign, no leading zero, no 0x or underscores (math.Int's own parser reads
// "0100" as octal 64).
func decimalInt(s string) (math.Int, bool) {
	if !decimalRe.MatchString(s) {
		return math.Int{}, false
	}
	return math.NewIntFromString(s)
}

func intStr(i math.Int) string {
	if i.IsNil() {
		return "0"
	}
	return i.String()
}

// Settlement is the /v1/settlement resource: what the chain settled.
type Settlement struct {
	Chain chain.Client
	Authz policy.Authorizer
	Log   *slog.Logger
	Now   func() time.Time
}

// Routes mounts the resource.
func (h *Settlement) Routes(r chi.Router) {
	r.Get("/daily", h.daily)
}

// DailySettled is GET /v1/settlement/daily: the value settled per currency
// on each of the last days (UTC), in minor units, from the money legs of
// every settled instruction.
type DailySettled struct {
	Days       []string         `json:"days"`
	Currencies []CurrencySeries `json:"currencies"`
}

// CurrencySeries is one currency's daily totals, aligned with Days.
type CurrencySeries struct {
	Currency string   `json:"currency"`
	Exponent uint32   `json:"exponent"`
	Totals   []string `json:"totals"`
}

func (h *Settlement) daily(w http.ResponseWriter, r *http.Request) {
	if err := authorize(r, h.Authz, policy.ActionSettlementRead, policy.SettlementResource, nil); err != nil {
		fail(h.Log, w, r, err)
		return
	}
	days := 7
	if s := r.URL.Query().Get("days"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 31 {
			fail(h.Log, w, r, problem.BadRequest.New("days must be 1 to 31"))
			return
		}
		days = n
	}
	today := h.Now().UTC().Truncate(24 * time.Hour)
	since := today.Add(-time.Duration(days-1) * 24 * time.Hour)
	settled, err := h.Chain.Settled(r.Context(), since)
	if err != nil {
		fail(h.Log, w, r, chainProblem(err))
		return
	}
	out := DailySettled{Days: []string{}, Currencies: []CurrencySeries{}}
	for i := 0; i < days; i++ {
		out.Days = append(out.Days, since.Add(time.Duration(i)*24*time.Hour).Format("2006-01-02"))
	}
	totals := map[string][]*big.Int{}
	var codes []string
	for _, s := range settled {
		day := int(s.At.UTC().Truncate(24*time.Hour).Sub(since) / (24 * time.Hour))
		if day < 0 || day >= days {
			continue
		}
		for _, l := range s.Instruction.Legs {
			if l.Currency == "" || l.Amount.IsNil() {
				continue // a lot leg
			}
			if _, ok := totals[l.Currency]; !ok {
				codes = append(codes, l.Currency)
				totals[l.Currency] = make([]*big.Int, days)
				for i := range totals[l.Currency] {
					totals[l.Currency][i] = new(big.Int)
				}
			}
			totals[l.Currency][day].Add(totals[l.Currency][day], l.Amount.BigInt())
		}
	}
	slices.Sort(codes)
	for _, c := range codes {
		cs := CurrencySeries{Currency: c, Exponent: 2}
		if cur, err := h.Chain.Currency(r.Context(), c); err == nil && cur != nil {
			cs.Exponent = cur.Exponent
		}
		for _, t := range totals[c] {
			cs.Totals = append(cs.Totals, t.String())
		}
		out.Currencies = append(out.Currencies, cs)
	}
	writeJSON(w, http.StatusOK, out)
}
