package handlers

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/corridor-chain/corridor/gateway/chain"
	"github.com/corridor-chain/corridor/gateway/declaration"
	mw "github.com/corridor-chain/corridor/gateway/middleware"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/problem"
	"github.com/corridor-chain/corridor/gateway/store"
	"github.com/corridor-chain/corridor/gateway/verify"
)

// Declarations is the /v1/declarations resource: file, read, list, verify,
// decide.
type Declarations struct {
	Store  store.Store
	Chain  chain.Client
	Authz  policy.Authorizer
	Log    *slog.Logger
	Now    func() time.Time
	Verify verify.Options
	// Authorities maps a jurisdiction to the customs authority's corridor
	// address; its key in the gateway's keyring signs the decisions.
	Authorities map[string]string
	// Lease is how long a decision claim excludes other attempts.
	Lease   time.Duration
	Metrics *mw.Metrics
	// Filed caches what never changes after filing (document, hash,
	// jurisdiction, owner, lots) for verify; nil: no cache.
	Filed *expirable.LRU[string, store.Declaration]
}

// Routes mounts the resource.
func (h *Declarations) Routes(r chi.Router) {
	r.Post("/", h.file)
	r.Get("/", h.list)
	r.Get("/{id}", h.get)
	r.Post("/{id}/verify", h.verify)
	r.Post("/{id}/decision", h.decide)
	r.Get("/{id}/financing", h.financing)
}

// DeclarationView is a declaration as the API shows it.
type DeclarationView struct {
	ID           string          `json:"id"`
	Number       string          `json:"number"`
	Jurisdiction string          `json:"jurisdiction"`
	Direction    string          `json:"direction"`
	Status       string          `json:"status"`
	Owner        string          `json:"owner"`
	SHA256       string          `json:"sha256"`
	FiledAt      time.Time       `json:"filed_at"`
	Lots         []uint64        `json:"lots"`
	Anchor       Anchor          `json:"anchor"`
	Document     json.RawMessage `json:"document"`
	Decision     json.RawMessage `json:"decision,omitempty"`
}

// Anchor is the lot document that anchors the declaration on chain: the
// exporter adds it to every linked lot with MsgAnchorDocument.
type Anchor struct {
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"`
	URI    string `json:"uri"`
}

func view(d store.Declaration) DeclarationView {
	v := DeclarationView{ID: d.ID, Number: d.Number, Jurisdiction: d.Jurisdiction, Direction: d.Direction, Status: d.Status,
		Owner: d.Owner, SHA256: d.SHA256, FiledAt: d.FiledAt, Lots: d.Lots, Document: json.RawMessage(d.Document),
		Anchor: Anchor{Kind: verify.AnchorKind, SHA256: d.SHA256, URI: "/v1/declarations/" + d.ID}}
	if v.Lots == nil {
		v.Lots = []uint64{}
	}
	if d.Decision.State == store.DecisionDone {
		v.Decision = json.RawMessage(d.Decision.Response)
	}
	return v
}

func newID() string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (h *Declarations) file(w http.ResponseWriter, r *http.Request) {
	if err := h.fileDeclaration(w, r); err != nil {
		fail(h.Log, w, r, err)
	}
}

func (h *Declarations) fileDeclaration(w http.ResponseWriter, r *http.Request) error {
	mw.Audit(r.Context()).Action = policy.ActionFile
	body, err := readBody(r)
	if err != nil {
		return err
	}
	parsed, err := declaration.Parse(body)
	switch {
	case errors.Is(err, declaration.ErrMalformed):
		return problem.BadRequest.New(err.Error())
	case errors.Is(err, declaration.ErrInvalid):
		return problem.Unprocessable.New(err.Error())
	}
	d := parsed.Declaration
	p, _ := mw.Principal(r.Context())
	_, trader := d.Trader()
	// an exporter files export declarations, an importer import ones, each
	// in its own jurisdiction and naming itself as the trader
	if err := authorize(r, h.Authz, policy.ActionFile, policy.DeclarationResource(d.Jurisdiction, "new"), map[string][][2]string{
		"jurisdiction":   {{p.Jurisdiction, d.Jurisdiction}},
		"trader_address": {{p.Address, trader.Address}},
		"direction":      {{policy.FilingDirection(p.Role), string(d.Direction)}},
	}); err != nil {
		return err
	}
	mw.Audit(r.Context()).Always = true // authorized: the filing is on the record
	rec := store.Declaration{ID: newID(), Jurisdiction: d.Jurisdiction, Number: d.Number, Direction: string(d.Direction),
		Owner: p.Subject, TraderAddress: trader.Address, SHA256: parsed.SHA256, Document: parsed.Canonical,
		Status: store.StatusFiled, FiledAt: h.Now().UTC(), Lots: d.Lots}
	switch err := h.Store.CreateDeclaration(r.Context(), rec); {
	case errors.Is(err, store.ErrConflict):
		return problem.Conflict.New(fmt.Sprintf("%s declaration %s is already filed", d.Jurisdiction, d.Number))
	case err != nil:
		return storeProblem(err)
	}
	a := mw.Audit(r.Context())
	a.Resource, a.Detail = policy.DeclarationResource(d.Jurisdiction, rec.ID), "sha256 "+rec.SHA256
	w.Header().Set("Location", "/v1/declarations/"+rec.ID)
	writeJSON(w, http.StatusCreated, view(rec))
	return nil
}

// load reads a declaration and checks action on it.
func (h *Declarations) load(r *http.Request, action string) (store.Declaration, error) {
	return h.loadFrom(r, action, false)
}

// loadFiled is load for what needs only the parts fixed at filing: they
// may come from the cache.
func (h *Declarations) loadFiled(r *http.Request, action string) (store.Declaration, error) {
	return h.loadFrom(r, action, true)
}

func (h *Declarations) loadFrom(r *http.Request, action string, cached bool) (store.Declaration, error) {
	id := chi.URLParam(r, "id")
	var d store.Declaration
	var err error
	hit := false
	if cached && h.Filed != nil {
		d, hit = h.Filed.Get(id)
	}
	if !hit {
		d, err = h.Store.GetDeclaration(r.Context(), id)
		if err == nil && h.Filed != nil {
			filed := d
			filed.Status, filed.Decision = "", store.Decision{} // not fixed: never served from the cache
			h.Filed.Add(id, filed)
		}
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		mw.Audit(r.Context()).Action = action
		return d, problem.NotFound.New("no declaration " + id)
	case err != nil:
		return d, storeProblem(err)
	}
	p, _ := mw.Principal(r.Context())
	return d, authorize(r, h.Authz, action, policy.DeclarationResource(d.Jurisdiction, d.ID), declarationPairs(p, d))
}

func (h *Declarations) get(w http.ResponseWriter, r *http.Request) {
	d, err := h.load(r, policy.ActionRead)
	if err != nil {
		fail(h.Log, w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, view(d))
}

// narrow turns what the read policy lets p read into the store's filter,
// asking the policy (the one source of truth) rather than a role switch:
// every declaration of a jurisdiction (customs), or the subject's own
// (traders); each item is authorized again.
func (h *Declarations) narrow(r *http.Request, p policy.Principal, f *store.Filter) error {
	j := f.Jurisdiction
	if j == "" {
		j = p.Jurisdiction
	}
	ask := func(owner string) bool {
		// a declaration of j owned by owner ("" : by someone else); "any"
		// stands for its id, which the policies match as [a-z0-9]+
		return mayRead(r.Context(), h.Authz, p, store.Declaration{ID: "any", Jurisdiction: j, Owner: owner})
	}
	switch {
	case ask(""): // anyone's declarations of j
		f.Jurisdiction = j
	case ask(p.Subject): // one's own only
		f.Owner = p.Subject
	default:
		mw.Audit(r.Context()).Action = policy.ActionRead
		if f.Jurisdiction != "" {
			return problem.Forbidden.New(fmt.Sprintf("%s may not read %s declarations", p.Subject, f.Jurisdiction))
		}
		return problem.Forbidden.New(fmt.Sprintf("%s (%s) may not list declarations", p.Subject, p.Role))
	}
	return nil
}

// DeclarationPage is a page of the list.
type DeclarationPage struct {
	Declarations  []DeclarationView `json:"declarations"`
	NextPageToken string            `json:"next_page_token"`
}

// list pages the declarations the subject may read: customs see their
// jurisdiction's, traders their own; every item is authorized again.
func (h *Declarations) list(w http.ResponseWriter, r *http.Request) {
	if err := h.listDeclarations(w, r); err != nil {
		fail(h.Log, w, r, err)
	}
}

func (h *Declarations) listDeclarations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.Filter{Jurisdiction: q.Get("jurisdiction"), Status: q.Get("status"), Number: strings.TrimSpace(q.Get("number")), Limit: 20}
	if s := q.Get("page_size"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return problem.BadRequest.New("page_size must be 1 to 100")
		}
		f.Limit = n
	}
	if s := q.Get("lot_id"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || n == 0 {
			return problem.BadRequest.New("lot_id must be a positive integer")
		}
		f.LotID = n
	}
	if f.Status != "" && f.Status != store.StatusFiled && f.Status != store.StatusCleared && f.Status != store.StatusRejected {
		return problem.BadRequest.New("status must be filed, cleared or rejected")
	}
	if s := q.Get("page_token"); s != "" {
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || len(b) != 8 {
			return problem.BadRequest.New("page_token is not a token this gateway issued")
		}
		f.AfterSeq = int64(binary.BigEndian.Uint64(b))
	}
	p, _ := mw.Principal(r.Context())
	if err := h.narrow(r, p, &f); err != nil {
		return err
	}
	ds, err := h.Store.ListDeclarations(r.Context(), f)
	if err != nil {
		return storeProblem(err)
	}
	page := DeclarationPage{Declarations: []DeclarationView{}}
	for _, d := range ds {
		if mayRead(r.Context(), h.Authz, p, d) {
			page.Declarations = append(page.Declarations, view(d))
		}
	}
	if len(ds) == f.Limit {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], uint64(ds[len(ds)-1].Seq))
		page.NextPageToken = base64.RawURLEncoding.EncodeToString(b[:])
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}
