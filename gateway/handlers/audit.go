package handlers

import (
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

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
	f, err := AuditFilterOf(r.URL.Query())
	if err != nil {
		fail(h.Log, w, r, err)
		return
	}
	es, err := h.Store.ListAudit(r.Context(), f)
	if err != nil {
		fail(h.Log, w, r, storeProblem(err))
		return
	}
	if r.URL.Query().Get("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="corridor-audit.csv"`)
		w.Header().Set("Cache-Control", "no-store")
		_ = WriteAuditCSV(w, es)
		return
	}
	page := AuditPage{Entries: es, NextAfter: f.AfterSeq}
	if page.Entries == nil {
		page.Entries = []store.AuditEntry{}
	}
	if len(es) > 0 {
		page.NextAfter = es[len(es)-1].Seq
	}
	writeJSON(w, http.StatusOK, page)
}

// AuditFilterOf reads the filters of GET /v1/audit: after, limit (1 to
// 500, 100 by default; 10,000 for format=csv), subject, action (a prefix),
// outcome, from and to (RFC 3339 times or YYYY-MM-DD dates, UTC; to is
// exclusive, a date's whole day included).
func AuditFilterOf(q url.Values) (store.AuditFilter, error) {
	f := store.AuditFilter{Limit: 100, Subject: q.Get("subject"), ActionPrefix: q.Get("action"), Outcome: q.Get("outcome")}
	maxLimit := 500
	if q.Get("format") == "csv" {
		f.Limit, maxLimit = 10_000, 10_000
	}
	if s := q.Get("after"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return f, problem.BadRequest.New("after must be a non-negative integer")
		}
		f.AfterSeq = n
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			return f, problem.BadRequest.New(fmt.Sprintf("limit must be 1 to %d", maxLimit))
		}
		f.Limit = n
	}
	switch f.Outcome {
	case "", "allowed", "refused", "failed":
	default:
		return f, problem.BadRequest.New("outcome must be allowed, refused or failed")
	}
	var err error
	if f.From, err = auditTime(q.Get("from"), false); err != nil {
		return f, problem.BadRequest.New("from must be an RFC 3339 time or a date YYYY-MM-DD")
	}
	if f.To, err = auditTime(q.Get("to"), true); err != nil {
		return f, problem.BadRequest.New("to must be an RFC 3339 time or a date YYYY-MM-DD")
	}
	return f, nil
}

func auditTime(s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.Parse("2006-01-02", s); err == nil {
		if end {
			d = d.Add(24 * time.Hour)
		}
		return d, nil
	}
	return time.Parse(time.RFC3339, s)
}

// WriteAuditCSV writes entries as CSV (RFC 4180) with a header row. A cell
// a spreadsheet would run as a formula (= + - @ tab CR first) is prefixed
// with an apostrophe: subjects and paths come from clients.
func WriteAuditCSV(w io.Writer, es []store.AuditEntry) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"seq", "at", "request_id", "subject", "action", "resource", "outcome", "status", "detail"})
	for _, e := range es {
		_ = cw.Write([]string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), cell(e.RequestID), cell(e.Subject),
			cell(e.Action), cell(e.Resource), e.Outcome, strconv.Itoa(e.Status), cell(e.Detail)})
	}
	cw.Flush()
	return cw.Error()
}

func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
