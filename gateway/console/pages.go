package console

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"math/big"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/corridor-chain/corridor/gateway/apikey"
	"github.com/corridor-chain/corridor/gateway/declaration"
	"github.com/corridor-chain/corridor/gateway/handlers"
	mw "github.com/corridor-chain/corridor/gateway/middleware"
	"github.com/corridor-chain/corridor/gateway/problem"
	"github.com/corridor-chain/corridor/gateway/store"
	"github.com/corridor-chain/corridor/gateway/verify"
)

// page is what every template gets.
type page struct {
	Lang   string
	Langs  []string
	S      *sess
	CSRF   string
	Nav    string
	Flash  string
	Status int
	Data   any
}

func (c *Console) langFuncs(lang string) template.FuncMap {
	return template.FuncMap{
		"t": func(id string, kv ...any) string {
			data := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				data[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return c.i18n.T(lang, id, data)
		},
		// reason is a verify check's reason in lang, from its code and args
		"reason": func(ch verify.Check) string {
			if ch.Code == "" {
				return ch.Reason
			}
			data := map[string]any{}
			for i, a := range ch.Args {
				data[fmt.Sprintf("A%d", i)] = a
			}
			id := "check." + ch.Code
			if !c.i18n.Has("en", id) {
				return ch.Reason
			}
			return c.i18n.T(lang, id, data)
		},
		"amount": func(minor, currency string) string {
			return c.i18n.Amount(lang, minor, exponent(currency)) + " " + currency
		},
		"int": func(v any) string {
			n, ok := new(big.Int).SetString(fmt.Sprint(v), 10)
			if !ok {
				return fmt.Sprint(v)
			}
			return c.i18n.Int(lang, n)
		},
		"list":     func(s ...string) []string { return s },
		"date":     func(t time.Time) string { return c.i18n.Date(lang, t) },
		"datestr":  func(s string) string { t, _ := time.Parse(time.RFC3339, s); return c.i18n.Date(lang, t) },
		"langname": func(l string) string { return LangName[l] },
		"enum": func(prefix, v string) string {
			return c.i18n.T(lang, prefix+"."+strings.ToLower(strings.TrimPrefix(v, strings.ToUpper(prefix)+"_")), nil)
		},
		"pct": func(bps uint32) string { return c.i18n.Amount(lang, strconv.FormatUint(uint64(bps), 10), 2) + " %" },
		"timeline": func(j handlers.Journey) template.HTML {
			return timelineSVG(j, func(id string) string { return c.i18n.T(lang, id, nil) })
		},
		"settled": func(d *handlers.DailySettled) template.HTML {
			if d == nil {
				return template.HTML(`<p id="settled-unavailable">` + template.HTMLEscapeString(c.i18n.T(lang, "settled.unavailable", nil)) + `</p>`) //nolint:gosec // escaped
			}
			return settledChart(*d, func(id string) string { return c.i18n.T(lang, id, nil) }, func(minor, currency string, e uint32) string {
				return c.i18n.Amount(lang, minor, int(e)) + " " + currency
			})
		},
		"bar": func(v handlers.FinancingView) template.HTML {
			return balanceBar(v, func(id string, data map[string]any) string { return c.i18n.T(lang, id, data) },
				func(minor string) string { return c.i18n.Amount(lang, minor, exponent(v.Currency)) + " " + v.Currency })
		},
		"query": func(kv ...string) template.URL {
			q := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] != "" {
					q.Set(kv[i], kv[i+1])
				}
			}
			return template.URL(q.Encode())
		},
		"json": func(raw json.RawMessage) string {
			var b bytes.Buffer
			if json.Indent(&b, raw, "", "  ") != nil {
				return string(raw)
			}
			return b.String()
		},
	}
}

// exponent is a currency's minor-unit exponent: the corridor's currencies
// (CNY, MNT, RUB, USD) all have two.
func exponent(currency string) int {
	switch currency {
	case "JPY", "KRW":
		return 0
	}
	return 2
}

// lang is the request's language: the session's, else Pick's.
func (c *Console) lang(r *http.Request) string {
	if s := current(r); s != nil && s.Lang != "" {
		return s.Lang
	}
	return Pick(r)
}

// render writes a page in the request's language.
func (c *Console) render(w http.ResponseWriter, r *http.Request, name string, status int, nav string, data any) {
	s := current(r)
	p := page{Lang: c.lang(r), Langs: Langs, S: s, Nav: nav, Status: status, Data: data, Flash: r.URL.Query().Get("done")}
	if s != nil {
		p.CSRF = s.CSRF
	}
	if p.Flash != "" {
		p.Flash = c.i18n.T(p.Lang, "flash."+p.Flash, nil)
	}
	t, ok := c.pages[p.Lang][name]
	if !ok {
		t = c.pages["en"][name]
	}
	var b bytes.Buffer
	err := t.Execute(&b, p)
	if err == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Language", p.Lang)
		w.WriteHeader(status)
		_, _ = b.WriteTo(w)
		return
	}
	c.d.Log.Error("console: render", "page", name, "request_id", mw.RequestID(r.Context()), "error", err)
	http.Error(w, "the page could not be drawn; the request id is in the gateway's log", http.StatusInternalServerError)
}

// errorPage shows an error as a page with its status: the API's problem
// (what to fix), never an internal error's text.
func (c *Console) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	e := &APIError{Status: http.StatusInternalServerError, Title: "Internal error", Detail: "the console failed; the request id is in the gateway's log"}
	var ae *APIError
	var pr *problem.Problem
	switch {
	case errors.As(err, &ae):
		e = ae
	case errors.As(err, &pr):
		e = &APIError{Status: pr.Status, Title: pr.Title, Detail: pr.Detail, Errors: pr.Errors}
	default:
		c.d.Log.Error("console: request failed", "request_id", mw.RequestID(r.Context()), "error", err)
	}
	c.render(w, r, "error", e.Status, "", struct {
		E         *APIError
		RequestID string
	}{e, mw.RequestID(r.Context())})
}

// ---- sign-in ----

func (c *Console) signinPage(w http.ResponseWriter, r *http.Request) {
	tok := randomToken()
	c.setCookie(w, r, preCookie, tok, 600)
	c.render(w, r, "signin", http.StatusOK, "", map[string]string{"Token": tok, "Next": safeNext(r.URL.Query().Get("next")), "Error": ""})
}

// safeNext keeps a post-sign-in redirect inside the console.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.ContainsAny(next, "\\\r\n") {
		return "/console/"
	}
	if p := path.Clean(u.Path); (p == "/console" || strings.HasPrefix(p, "/console/")) && strings.HasPrefix(next, "/console/") {
		return next
	}
	return "/console/"
}

func (c *Console) signin(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil { // a url-encoded form: no multipart (no upload) before sign-in
		c.errorPage(w, r, problem.BadRequest.New("the form could not be read"))
		return
	}
	ck, err := r.Cookie(preCookie)
	if err != nil || ck.Value == "" || subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(ck.Value)) != 1 || !sameOrigin(r) {
		c.refuse(r, "signin", http.StatusForbidden, "the sign-in form's CSRF token is missing or wrong, or it came from another origin")
		c.errorPage(w, r, problem.Forbidden.New("this form is stale or was not sent from the console; reload the page and try again"))
		return
	}
	lang := r.PostFormValue("lang")
	if LangName[lang] == "" {
		lang = Pick(r)
	}
	key := strings.TrimSpace(r.PostFormValue("key"))
	p, err := c.d.Keys.Key(r.Context(), key)
	if err != nil && !problem.Unauthorized.Is(err) { // the key store is down: not the user's key
		c.errorPage(w, r, err)
		return
	}
	if err != nil {
		c.refuse(r, "signin", http.StatusUnauthorized, "sign-in refused: "+err.Error())
		tok := randomToken()
		c.setCookie(w, r, preCookie, tok, 600)
		q := r.URL.Query()
		q.Set("lang", lang)
		r.URL.RawQuery = q.Encode()
		c.render(w, r, "signin", http.StatusUnauthorized, "", map[string]string{"Token": tok, "Next": safeNext(r.PostFormValue("next")), "Error": "signin.refused"})
		return
	}
	id, now := randomToken(), c.d.Now()
	if err := c.d.Sessions.CreateSession(r.Context(), store.Session{IDHash: hashHex(id), KeyHash: apikey.Hash(key), CSRF: randomToken(), Lang: lang,
		CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(c.d.MaxAge)}); err != nil {
		c.errorPage(w, r, problem.Unavailable.New("the session store is not answering; retry later"))
		return
	}
	mw.SetSubject(r.Context(), p.Subject)
	c.d.Audit.Allowed(r, "console:signin", "/console/", "signed in")
	c.setCookie(w, r, preCookie, "", -1)
	c.setCookie(w, r, SessionCookie, id, int(c.d.MaxAge/time.Second))
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (c *Console) signout(w http.ResponseWriter, r *http.Request) {
	_ = c.d.Sessions.DeleteSession(r.Context(), current(r).IDHash)
	c.d.Audit.Allowed(r, "console:signout", "/console/", "signed out")
	c.setCookie(w, r, SessionCookie, "", -1)
	http.Redirect(w, r, "/console/signin?lang="+current(r).Lang, http.StatusSeeOther)
}

func (c *Console) setLang(w http.ResponseWriter, r *http.Request) {
	lang := r.PostFormValue("lang")
	if LangName[lang] == "" {
		c.errorPage(w, r, problem.BadRequest.New("lang must be one of en, zh, mn, ru"))
		return
	}
	if err := c.d.Sessions.SetSessionLang(r.Context(), current(r).IDHash, lang); err != nil {
		c.errorPage(w, r, problem.Unavailable.New("the session store is not answering; retry later"))
		return
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (c *Console) home(w http.ResponseWriter, r *http.Request) {
	switch current(r).P.Role {
	case "bank":
		http.Redirect(w, r, "/console/financing", http.StatusSeeOther)
	case "auditor":
		http.Redirect(w, r, "/console/audit", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/console/declarations", http.StatusSeeOther)
	}
}

// ---- declarations ----

func (c *Console) queue(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status, number, jur := q.Get("status"), strings.TrimSpace(q.Get("number")), q.Get("jurisdiction")
	var pg handlers.DeclarationPage
	_, err := c.call(r, http.MethodGet, "/v1/declarations?"+url.Values{"status": {status}, "number": {number}, "jurisdiction": {jur},
		"page_size": {"100"}, "page_token": {q.Get("page")}}.Encode(), nil, nil, &pg)
	if err != nil {
		c.errorPage(w, r, err)
		return
	}
	c.render(w, r, "queue", http.StatusOK, "declarations", map[string]any{"Page": pg, "Status": status, "Number": number, "Jurisdiction": jur})
}

// declView is a declaration with its parsed document for the pages.
type declView struct {
	handlers.DeclarationView
	Doc       declaration.Declaration
	Decision  *handlers.DecisionResponse
	Financing *handlers.FinancingView
}

func (c *Console) loadDecl(r *http.Request) (*declView, error) {
	id := chi.URLParam(r, "id")
	var v declView
	if _, err := c.call(r, http.MethodGet, "/v1/declarations/"+url.PathEscape(id), nil, nil, &v.DeclarationView); err != nil {
		return nil, err
	}
	_ = json.Unmarshal(v.Document, &v.Doc)
	if len(v.DeclarationView.Decision) > 0 {
		v.Decision = &handlers.DecisionResponse{}
		_ = json.Unmarshal(v.DeclarationView.Decision, v.Decision)
	}
	return &v, nil
}

func (c *Console) declaration(w http.ResponseWriter, r *http.Request) {
	v, err := c.loadDecl(r)
	if err != nil {
		c.errorPage(w, r, err)
		return
	}
	var f handlers.FinancingView
	if _, err := c.call(r, http.MethodGet, "/v1/declarations/"+url.PathEscape(v.ID)+"/financing", nil, nil, &f); err == nil {
		v.Financing = &f
	}
	var banks handlers.BankPage
	if current(r).P.Role == "exporter" && v.Financing != nil && v.Financing.Recorded && v.Financing.Cleared {
		_, _ = c.call(r, http.MethodGet, "/v1/financing/banks", nil, nil, &banks)
	}
	c.render(w, r, "declaration", http.StatusOK, "declarations", map[string]any{"D": v, "Banks": banks.Banks, "Key": "apply-" + randomToken()[:32]})
}

func (c *Console) decisionPage(w http.ResponseWriter, r *http.Request) {
	v, err := c.loadDecl(r)
	if err != nil {
		c.errorPage(w, r, err)
		return
	}
	var rep verify.Report
	if _, err := c.call(r, http.MethodPost, "/v1/declarations/"+url.PathEscape(v.ID)+"/verify", struct{}{}, nil, &rep); err != nil {
		c.errorPage(w, r, err)
		return
	}
	// the form's Idempotency-Key: a double submit of this form is one decision
	c.render(w, r, "decision", http.StatusOK, "declarations", map[string]any{"D": v, "Report": rep, "Key": "console-" + randomToken()[:32]})
}

func (c *Console) decide(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	req := handlers.DecisionRequest{Decision: r.PostFormValue("decision"), Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	var out handlers.DecisionResponse
	h, err := c.call(r, http.MethodPost, "/v1/declarations/"+url.PathEscape(id)+"/decision", req,
		http.Header{handlers.IdempotencyKeyHeader: {r.PostFormValue("key")}}, &out)
	if err != nil {
		c.errorPage(w, r, err)
		return
	}
	done := out.Status
	if h.Get("Idempotent-Replayed") == "true" {
		done = "replayed"
	}
	http.Redirect(w, r, "/console/declarations/"+url.PathEscape(id)+"?done="+url.QueryEscape(done), http.StatusSeeOther)
}

func (c *Console) fileForm(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, "file", http.StatusOK, "file", map[string]any{"Document": "", "Error": nil})
}

func (c *Console) file(w http.ResponseWriter, r *http.Request) {
	doc := r.PostFormValue("document")
	if f, _, err := r.FormFile("upload"); err == nil {
		b := new(bytes.Buffer)
		_, _ = b.ReadFrom(http.MaxBytesReader(w, f, 1<<20))
		_ = f.Close()
		if b.Len() > 0 {
			doc = b.String()
		}
	}
	var v handlers.DeclarationView
	_, err := c.call(r, http.MethodPost, "/v1/declarations", []byte(doc), nil, &v)
	var ae *APIError
	if errors.As(err, &ae) && (ae.Status == http.StatusBadRequest || ae.Status == http.StatusUnprocessableEntity || ae.Status == http.StatusConflict) {
		c.render(w, r, "file", ae.Status, "file", map[string]any{"Document": doc, "Error": ae, "Fields": fieldErrors(ae)})
		return
	}
	if err != nil {
		c.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/declarations/"+url.PathEscape(v.ID)+"?done=filed", http.StatusSeeOther)
}

var fieldRe = regexp.MustCompile(`^([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*):? (.+)$`)

// fieldErrors pairs each error with the JSON field it names: the
// declaration's rules say "customs_office must be …", "goods[0].hs_code: …".
func fieldErrors(e *APIError) []map[string]string {
	msgs := e.Errors
	if len(msgs) == 0 {
		msgs = []string{e.Detail}
	}
	var out []map[string]string
	for _, m := range msgs {
		m = strings.TrimPrefix(strings.TrimPrefix(m, declaration.ErrInvalid.Error()+": "), declaration.ErrMalformed.Error()+": ")
		field, msg := "", m
		if g := fieldRe.FindStringSubmatch(m); g != nil && strings.ContainsAny(g[1], "_.[") || g != nil && declarationField[g[1]] {
			field, msg = g[1], g[2]
		}
		out = append(out, map[string]string{"Field": field, "Message": msg})
	}
	return out
}

// declarationField are the top-level fields a one-word error may name.
var declarationField = map[string]bool{"number": true, "jurisdiction": true, "direction": true, "lots": true, "goods": true,
	"declarant": true, "exporter": true, "consignee": true, "transport": true}

// ---- lots ----

func (c *Console) lot(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	var rep handlers.LotReport
	if _, err := c.call(r, http.MethodGet, "/v1/lots/"+url.PathEscape(id), nil, nil, &rep); err != nil {
		c.errorPage(w, r, err)
		return
	}
	var j handlers.Journey
	if _, err := c.call(r, http.MethodGet, "/v1/lots/"+url.PathEscape(id)+"/journey", nil, nil, &j); err != nil {
		c.errorPage(w, r, err)
		return
	}
	c.render(w, r, "lot", http.StatusOK, "", map[string]any{"Lot": rep, "Journey": j})
}

// ---- financing ----

func (c *Console) financing(w http.ResponseWriter, r *http.Request) {
	var apps handlers.ApplicationPage
	if _, err := c.call(r, http.MethodGet, "/v1/financing/applications", nil, nil, &apps); err != nil {
		c.errorPage(w, r, err)
		return
	}
	var loans handlers.LoanPage
	if _, err := c.call(r, http.MethodGet, "/v1/financing/loans", nil, nil, &loans); err != nil {
		c.errorPage(w, r, err)
		return
	}
	denoms := map[string][]string{}
	for _, a := range apps.Applications {
		if _, ok := denoms[a.Currency]; !ok && c.d.Denoms != nil {
			denoms[a.Currency], _ = c.d.Denoms(r.Context(), a.Currency)
		}
	}
	c.render(w, r, "financing", http.StatusOK, "financing", map[string]any{"Apps": apps.Applications, "Loans": loans.Loans,
		"Reasons": handlers.RejectReasons, "Denoms": denoms})
}

// minorUnits reads an amount typed in major units as minor units of a
// currency with exponent e, exactly, in the reader's own notation: the
// decimal separator is lang's ("1500,50" is 1,500.50 in Russian, and 150,050
// nowhere); the only grouping accepted is spaces (ordinary or no-break),
// which no language reads as a decimal point. Anything else is "".
func (c *Console) minorUnits(lang, s string, e int) string {
	sep := c.i18n.decimal[lang]
	if sep == "" {
		sep = "."
	}
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(strings.TrimSpace(s))
	whole, frac, _ := strings.Cut(s, sep)
	if whole == "" || len(frac) > e || strings.Trim(whole+frac, "0123456789") != "" {
		return ""
	}
	out := strings.TrimLeft(whole+frac+strings.Repeat("0", e-len(frac)), "0")
	if out == "" {
		return "0"
	}
	return out
}

func (c *Console) apply(w http.ResponseWriter, r *http.Request) {
	lot, _ := strconv.ParseUint(r.PostFormValue("lot_id"), 10, 64)
	tenor, _ := strconv.ParseInt(r.PostFormValue("tenor_days"), 10, 64)
	bps, _ := strconv.ParseUint(r.PostFormValue("max_rate_bps"), 10, 32)
	currency := r.PostFormValue("currency")
	lang := c.lang(r)
	amount := c.minorUnits(lang, r.PostFormValue("amount"), exponent(currency))
	if amount == "" || amount == "0" {
		example := "1500000"
		if e := exponent(currency); e > 0 {
			example += c.i18n.decimal[lang] + strings.Repeat("0", e)
		}
		c.errorPage(w, r, problem.Unprocessable.New(c.i18n.T(lang, "apply.amount_invalid", map[string]any{"Example": example})))
		return
	}
	req := handlers.ApplyRequest{DeclarationID: r.PostFormValue("declaration_id"), Bank: r.PostFormValue("bank"),
		Amount: amount, Currency: currency, LotID: lot,
		CollateralUnits: strings.TrimSpace(r.PostFormValue("collateral_units")), TenorDays: tenor, MaxRateBps: uint32(bps),
		Note: r.PostFormValue("note")}
	var out handlers.AnswerResponse
	if _, err := c.call(r, http.MethodPost, "/v1/financing/applications", req,
		http.Header{handlers.IdempotencyKeyHeader: {r.PostFormValue("key")}}, &out); err != nil {
		c.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/financing?done=applied", http.StatusSeeOther)
}

func (c *Console) answer(w http.ResponseWriter, r *http.Request) {
	id, answer := chi.URLParam(r, "id"), chi.URLParam(r, "answer")
	var body any
	switch answer {
	case "approve":
		bps, _ := strconv.ParseUint(r.PostFormValue("rate_bps"), 10, 32)
		body = handlers.ApproveRequest{RateBps: uint32(bps), Denom: r.PostFormValue("denom"), Maturity: r.PostFormValue("maturity")}
	case "reject":
		body = handlers.RejectRequest{Reason: r.PostFormValue("reason"), Note: r.PostFormValue("note")}
	default:
		c.errorPage(w, r, problem.NotFound.New("no page "+r.URL.Path))
		return
	}
	var out handlers.AnswerResponse
	if _, err := c.call(r, http.MethodPost, "/v1/financing/applications/"+url.PathEscape(id)+"/"+answer, body, nil, &out); err != nil {
		c.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/financing?done="+out.Status, http.StatusSeeOther)
}

// ---- audit ----

func (c *Console) auditQuery(r *http.Request) url.Values {
	q := url.Values{}
	for _, k := range []string{"subject", "action", "outcome", "from", "to", "after"} {
		if v := strings.TrimSpace(r.URL.Query().Get(k)); v != "" {
			q.Set(k, v)
		}
	}
	return q
}

func (c *Console) audit(w http.ResponseWriter, r *http.Request) {
	q := c.auditQuery(r)
	var pg handlers.AuditPage
	if _, err := c.call(r, http.MethodGet, "/v1/audit?"+q.Encode(), nil, nil, &pg); err != nil {
		c.errorPage(w, r, err)
		return
	}
	// the chart comes from the chain: without it, the log (the gateway's own) still shows
	var daily *handlers.DailySettled
	var d handlers.DailySettled
	if _, err := c.call(r, http.MethodGet, "/v1/settlement/daily?days=7", nil, nil, &d); err == nil {
		daily = &d
	}
	c.render(w, r, "audit", http.StatusOK, "audit", map[string]any{"Page": pg, "Q": q, "CSV": "/console/audit.csv?" + q.Encode(), "Daily": daily})
}

func (c *Console) auditCSV(w http.ResponseWriter, r *http.Request) {
	q := c.auditQuery(r)
	q.Set("format", "csv")
	var raw []byte
	if _, err := c.call(r, http.MethodGet, "/v1/audit?"+q.Encode(), nil, nil, &raw); err != nil {
		c.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="corridor-audit.csv"`)
	_, _ = w.Write(raw)
}
