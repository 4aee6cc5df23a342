package handlers

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/corridor-chain/corridor/gateway/chain"
	mw "github.com/corridor-chain/corridor/gateway/middleware"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/problem"
	"github.com/corridor-chain/corridor/gateway/store"
	financetypes "github.com/corridor-chain/corridor/x/finance/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// Lots is the /v1/lots resource: a lot with its customs clearance, for
// banks before they finance it and for customs and exporters.
type Lots struct {
	Store store.Store
	Chain chain.Client
	Authz policy.Authorizer
	Log   *slog.Logger
}

// Routes mounts the resource.
func (h *Lots) Routes(r chi.Router) {
	r.Get("/{id}", h.get)
	r.Get("/{id}/journey", h.journey)
}

// Clearance is the latest customs result of one kind.
type Clearance struct {
	Result        string `json:"result"`
	AttestationID uint64 `json:"attestation_id"`
	Jurisdiction  string `json:"jurisdiction"`
	Reference     string `json:"reference"`
	DocumentSHA   string `json:"document_sha256"`
	Height        int64  `json:"height"`
}

// LotSummary is the part of a lot the gateway shows.
type LotSummary struct {
	ID                 uint64 `json:"id"`
	Class              string `json:"class"`
	Issuer             string `json:"issuer"`
	Quantity           string `json:"quantity"`
	Status             string `json:"status"`
	OriginCountry      string `json:"origin_country"`
	DestinationCountry string `json:"destination_country"`
}

// DeclarationRef names a declaration linked to the lot.
type DeclarationRef struct {
	ID           string `json:"id"`
	Number       string `json:"number"`
	Jurisdiction string `json:"jurisdiction"`
	Status       string `json:"status"`
}

// LotReport is GET /v1/lots/{id}.
type LotReport struct {
	Lot           LotSummary       `json:"lot"`
	CustomsExport *Clearance       `json:"customs_export"`
	CustomsImport *Clearance       `json:"customs_import"`
	Cleared       bool             `json:"export_cleared"`
	ActiveHolds   int              `json:"active_holds"`
	Transferable  bool             `json:"transferable"`
	Reason        string           `json:"reason"`
	Declarations  []DeclarationRef `json:"declarations"`
}

func (h *Lots) get(w http.ResponseWriter, r *http.Request) {
	if err := h.lot(w, r); err != nil {
		fail(h.Log, w, r, err)
	}
}

// readable is the lot of the URL, once the subject may read it.
func (h *Lots) readable(r *http.Request) (uint64, *chain.LotView, error) {
	id, err := strconv.ParseUint(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id == 0 {
		return 0, nil, problem.BadRequest.New("the lot id must be a positive integer")
	}
	if err := authorize(r, h.Authz, policy.ActionLotRead, policy.LotResource(id), nil); err != nil {
		return 0, nil, err
	}
	lv, err := h.Chain.Lot(r.Context(), id)
	if err != nil {
		return 0, nil, chainProblem(err)
	}
	if lv == nil {
		return 0, nil, problem.NotFound.New(fmt.Sprintf("no lot %d on chain", id))
	}
	return id, lv, nil
}

func (h *Lots) lot(w http.ResponseWriter, r *http.Request) error {
	id, lv, err := h.readable(r)
	if err != nil {
		return err
	}
	atts, err := h.Chain.Attestations(r.Context(), id)
	if err != nil {
		return chainProblem(err)
	}
	l := lv.Lot
	out := LotReport{
		Lot: LotSummary{ID: l.Id, Class: l.ClassCode, Issuer: l.Issuer, Quantity: l.Quantity.String(), Status: l.Status.String(),
			OriginCountry: l.Origin.Country, DestinationCountry: l.DestinationCountry},
		CustomsExport: latest(atts, l, tokenizetypes.ATTESTATION_KIND_CUSTOMS_EXPORT),
		CustomsImport: latest(atts, l, tokenizetypes.ATTESTATION_KIND_CUSTOMS_IMPORT),
		Cleared:       l.Accepted(tokenizetypes.ATTESTATION_KIND_CUSTOMS_EXPORT),
		ActiveHolds:   len(lv.ActiveHolds), Transferable: lv.Transferable, Reason: lv.Reason,
		Declarations: []DeclarationRef{},
	}
	ds, err := h.Store.ListDeclarations(r.Context(), store.Filter{LotID: id, Limit: 100})
	if err != nil {
		return storeProblem(err)
	}
	p, _ := mw.Principal(r.Context())
	for _, d := range ds {
		if mayRead(r.Context(), h.Authz, p, d) { // least privilege: as the list does
			out.Declarations = append(out.Declarations, DeclarationRef{ID: d.ID, Number: d.Number, Jurisdiction: d.Jurisdiction, Status: d.Status})
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// latest is the attestation that set the lot's current result of kind.
func latest(atts []tokenizetypes.Attestation, l tokenizetypes.Lot, kind tokenizetypes.AttestationKind) *Clearance {
	for _, kr := range l.Results {
		if kr.Kind != kind {
			continue
		}
		c := &Clearance{Result: kr.Result.String(), AttestationID: kr.AttestationId}
		for _, a := range atts {
			if a.Id == kr.AttestationId {
				c.Jurisdiction, c.Reference, c.DocumentSHA, c.Height = a.Jurisdiction, a.Reference, a.DocumentSha256, a.Height
			}
		}
		return c
	}
	return nil
}

// Journey stages, in the order a lot meets them.
var JourneyStages = []string{"registered", "inspected", "holds", "export_cleared", "dispatched", "financed", "settled",
	"import_cleared", "arrived", "redeemed"}

// JourneyStep is one stage of a lot's journey: reached or not, with the
// height and what the chain recorded.
type JourneyStep struct {
	Stage  string `json:"stage"`
	Done   bool   `json:"done"`
	Failed bool   `json:"failed"` // a rejection, or a hold still active
	Height int64  `json:"height,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// Journey is GET /v1/lots/{id}/journey: every stage in order (financed
// and settled only for whom may read the lot's financing balance).
type Journey struct {
	LotID  uint64        `json:"lot_id"`
	Class  string        `json:"class"`
	Status string        `json:"status"`
	Steps  []JourneyStep `json:"steps"`
}

var stageOfKind = map[tokenizetypes.AttestationKind]string{
	tokenizetypes.ATTESTATION_KIND_INSPECTION:     "inspected",
	tokenizetypes.ATTESTATION_KIND_CUSTOMS_EXPORT: "export_cleared",
	tokenizetypes.ATTESTATION_KIND_DISPATCH:       "dispatched",
	tokenizetypes.ATTESTATION_KIND_CUSTOMS_IMPORT: "import_cleared",
	tokenizetypes.ATTESTATION_KIND_ARRIVAL:        "arrived",
}

func (h *Lots) journey(w http.ResponseWriter, r *http.Request) {
	if err := h.lotJourney(w, r); err != nil {
		fail(h.Log, w, r, err)
	}
}

func (h *Lots) lotJourney(w http.ResponseWriter, r *http.Request) error {
	id, lv, err := h.readable(r)
	if err != nil {
		return err
	}
	hist, err := h.Chain.LotHistory(r.Context(), id)
	if err != nil {
		return chainProblem(err)
	}
	if hist == nil {
		hist = &tokenizetypes.QueryLotHistoryResponse{}
	}
	rec, err := h.Chain.DeclarationOfLot(r.Context(), id)
	if err != nil {
		return chainProblem(err)
	}
	// financed and settled come from the declaration's financing balance:
	// shown only to whom may read it (banks, its customs, its exporter)
	mayFinance := rec != nil && h.mayReadFinancing(r, rec)
	if !mayFinance {
		rec = nil
	}
	var loans []financetypes.Loan
	if rec != nil {
		f, err := h.Chain.Financing(r.Context(), rec.Jurisdiction, rec.Number)
		if err != nil {
			return chainProblem(err)
		}
		if f != nil {
			loans = f.Loans
		}
	}
	j := journeyOf(lv.Lot, hist, rec, loans)
	if !mayFinance {
		j.Steps = slices.DeleteFunc(j.Steps, func(s JourneyStep) bool { return s.Stage == "financed" || s.Stage == "settled" })
	}
	writeJSON(w, http.StatusOK, j)
	return nil
}

// mayReadFinancing asks the financing-read policy about the gateway's
// declaration behind an x/finance record (none: no).
func (h *Lots) mayReadFinancing(r *http.Request, rec *financetypes.Declaration) bool {
	return mayReadFinancingOf(r, h.Store, h.Authz, rec.Jurisdiction, rec.Number)
}

// journeyOf lays the chain's records out by stage; a later record of a
// stage (a re-attestation) replaces an earlier one.
func journeyOf(l tokenizetypes.Lot, hist *tokenizetypes.QueryLotHistoryResponse, rec *financetypes.Declaration, loans []financetypes.Loan) Journey {
	steps := map[string]*JourneyStep{}
	for _, st := range JourneyStages {
		steps[st] = &JourneyStep{Stage: st}
	}
	steps["registered"].Done = true
	for _, c := range hist.StatusChanges {
		switch c.Cause {
		case "register":
			steps["registered"].Height = c.Height
		case "redeem":
			*steps["redeemed"] = JourneyStep{Stage: "redeemed", Done: true, Height: c.Height, Detail: strings.ToLower(strings.TrimPrefix(c.To.String(), "LOT_STATUS_"))}
		}
	}
	for _, a := range hist.Attestations {
		st, ok := stageOfKind[a.Kind]
		if !ok {
			continue
		}
		rejected := a.Result == tokenizetypes.ATTESTATION_RESULT_REJECTED
		*steps[st] = JourneyStep{Stage: st, Done: true, Failed: rejected, Height: a.Height, Detail: strings.TrimSpace(a.Jurisdiction + " " + a.Reference)}
	}
	active, placed := 0, 0
	for _, hd := range hist.Holds {
		placed++
		if hd.Active {
			active++
		}
		steps["holds"].Height = max(steps["holds"].Height, hd.PlacedHeight, hd.ReleasedHeight)
	}
	if placed > 0 {
		*steps["holds"] = JourneyStep{Stage: "holds", Done: true, Failed: active > 0, Height: steps["holds"].Height,
			Detail: fmt.Sprintf("%d placed, %d active", placed, active)}
	}
	if len(loans) > 0 {
		*steps["financed"] = JourneyStep{Stage: "financed", Done: true, Detail: fmt.Sprintf("%d loan(s)", len(loans))}
	}
	if rec != nil {
		if i := rec.Lot(l.Id); i >= 0 && rec.Lots[i].Sold.IsPositive() {
			*steps["settled"] = JourneyStep{Stage: "settled", Done: true, Detail: rec.Lots[i].Sold.String() + " units sold"}
		}
	}
	out := Journey{LotID: l.Id, Class: l.ClassCode, Status: l.Status.String()}
	for _, st := range JourneyStages {
		out.Steps = append(out.Steps, *steps[st])
	}
	return out
}
