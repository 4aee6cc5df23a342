package handlers

import (
	"log/slog"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/problem"
	"github.com/corridor-chain/corridor/gateway/store"
)

// Audit is the /v1/audit resource: every decision and refused request.
type Audit struct {
	Store store.Store
	Authz policy.Authorizer
	Log   *slog.Logger
}

// Routes mounts the resource.
func (h *Audit) Routes(r chi.Router) {
	r.Get("/", h.list)
}

// AuditPage is a page of the audit log; after=next_after gives the next.
type AuditPage struct {
	Entries   []store.AuditEntry `json:"entries"`
	NextAfter int64              `json:"next_after"`
}

func (h *Audit) list(w http.ResponseWriter, r *http.Request) {
	if err := authorize(r, h.Authz, policy.ActionAudit, policy.AuditResource, nil); err != nil {
		fail(h.Log, w, r, err)
		return
	}
	after, limit := int64(0), 100
	q := r.URL.Query()
	if s := q.Get("after"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			fail(h.Log, w, r, problem.BadRequest.New("after must be a non-negative integer"))
			return
		}
		after = n
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 500 {
			fail(h.Log, w, r, problem.BadRequest.New("limit must be 1 to 500"))
			return
		}
		limit = n
	}
	es, err := h.Store.ListAudit(r.Context(), after, limit)
	if err != nil {
		fail(h.Log, w, r, storeProblem(err))
		return
	}
	page := AuditPage{Entries: es, NextAfter: after}
	if page.Entries == nil {
		page.Entries = []store.AuditEntry{}
	}
	if len(es) > 0 {
		page.NextAfter = es[len(es)-1].Seq
	}
	writeJSON(w, http.StatusOK, page)
}
