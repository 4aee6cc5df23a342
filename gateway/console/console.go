// Package console is the Corridor console: server-rendered pages for
// customs officers, exporters, banks and auditors, served by the gateway
// at /console/. It is another client of the gateway's API, not a second
// implementation of it: every read and action is a call to the same /v1
// handlers, in process, as the signed-in subject, so the same ladon
// policies, validation, idempotency, audit log and rate limits decide it.
//
// Sign-in takes an API key and opens a server-side session (kept in the
// gateway's store, only hashes of the session id and the key): the cookie
// is HttpOnly, SameSite=Strict, Secure over TLS; a session ends when idle,
// at an absolute limit, at sign-out, or when its key is revoked. Every
// form carries the session's CSRF token. Pages work without JavaScript.
package console

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/corridor-chain/corridor/gateway/handlers"
	mw "github.com/corridor-chain/corridor/gateway/middleware"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/problem"
	"github.com/corridor-chain/corridor/gateway/store"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Cookie names.
const (
	SessionCookie = "corridor_session"
	// preCookie carries the sign-in form's CSRF token before a session exists.
	preCookie = "corridor_signin"
)

// Deps is what the console needs.
type Deps struct {
	// API is the gateway's /v1 router that takes the principal from the
	// request context (mw.FromContext), mounted at /v1.
	API      http.Handler
	Sessions store.Sessions
	Keys     *mw.Keys
	// Audit records the console's own refusals, sign-ins and sign-outs,
	// aggregated and clipped as the API's.
	Audit *mw.Auditor
	Log   *slog.Logger
	Now   func() time.Time
	// IdleTimeout ends a session without activity; MaxAge ends any.
	IdleTimeout, MaxAge time.Duration
	// Limit is the per-client-IP rate limit of the console's routes.
	Limit func(http.Handler) http.Handler
	// CLI is how pages name the node command in the anchor hint.
	CLI string
	// SecureCookie marks cookies Secure over plain HTTP too (TLS ended by
	// a proxy); over TLS they always are.
	SecureCookie bool
	// MaxBodyBytes bounds a form post (an upload included).
	MaxBodyBytes int64
	// Denoms are the denoms a currency is accepted in on chain (for a
	// bank's approval form); nil: typed by hand.
	Denoms func(ctx context.Context, currency string) ([]string, error)
}

// Console serves the pages.
type Console struct {
	d Deps
	// pages are the templates by language and name, parsed once, each
	// language's with its own formatting functions
	pages map[string]map[string]*template.Template
	i18n  *Catalog
}

// New builds the console.
func New(d Deps) (*Console, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.IdleTimeout == 0 {
		d.IdleTimeout = 30 * time.Minute
	}
	if d.MaxAge == 0 {
		d.MaxAge = 12 * time.Hour
	}
	if d.CLI == "" {
		d.CLI = "corridord"
	}
	if d.MaxBodyBytes == 0 {
		d.MaxBodyBytes = 1 << 20
	}
	cat, err := NewCatalog()
	if err != nil {
		return nil, err
	}
	c := &Console{d: d, i18n: cat, pages: map[string]map[string]*template.Template{}}
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, lang := range Langs {
		c.pages[lang] = map[string]*template.Template{}
		for _, n := range names {
			base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
			if base == "layout" {
				continue
			}
			t, err := template.New("layout.html").Funcs(c.langFuncs(lang)).ParseFS(assets, "templates/layout.html", n)
			if err != nil {
				return nil, fmt.Errorf("console: %s: %w", n, err)
			}
			c.pages[lang][base] = t
		}
	}
	return c, nil
}

// Handler is the console mounted at /console.
func (c *Console) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(securityHeaders, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Body = http.MaxBytesReader(w, r.Body, c.d.MaxBodyBytes)
			next.ServeHTTP(w, r)
		})
	})
	if c.d.Limit != nil {
		r.Use(c.d.Limit)
	}
	static, _ := fs.Sub(assets, "static")
	r.Handle("/static/*", http.StripPrefix("/console/static/", http.FileServer(http.FS(static))))
	r.Get("/signin", c.signinPage)
	r.Post("/signin", c.signin)
	r.Group(func(r chi.Router) {
		r.Use(c.session)
		r.Get("/", c.home)
		r.Post("/signout", c.signout)
		r.Post("/lang", c.setLang)
		r.Get("/declarations", c.queue)
		r.Get("/declarations/new", c.fileForm)
		r.Post("/declarations", c.file)
		r.Get("/declarations/{id}", c.declaration)
		r.Get("/declarations/{id}/decision", c.decisionPage)
		r.Post("/declarations/{id}/decision", c.decide)
		r.Get("/lots/{id}", c.lot)
		r.Get("/financing", c.financing)
		r.Post("/financing/apply", c.apply)
		r.Post("/financing/applications/{id}/{answer}", c.answer)
		r.Get("/audit", c.audit)
		r.Get("/audit.csv", c.auditCSV)
	})
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		c.errorPage(w, r, problem.NotFound.New("no page "+r.URL.Path))
	})
	return r
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if !strings.HasPrefix(r.URL.Path, "/console/static/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// sess is the signed-in request's session and principal.
type sess struct {
	store.Session
	P policy.Principal
}

type sessKey struct{}

func current(r *http.Request) *sess {
	s, _ := r.Context().Value(sessKey{}).(*sess)
	return s
}

func hashHex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// session resolves the cookie to a live session and its key's principal;
// without one, a page redirects to sign-in and a form post is refused.
// Every post must carry the session's CSRF token.
func (c *Console) session(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := c.resolve(r)
		if err != nil {
			if errors.Is(err, errNoSession) {
				if r.Method == http.MethodGet {
					http.Redirect(w, r, "/console/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				c.errorPage(w, r, problem.Unauthorized.New("sign in first"))
				return
			}
			c.errorPage(w, r, err)
			return
		}
		if r.Method == http.MethodPost {
			if err := r.ParseMultipartForm(2 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
				c.errorPage(w, r, problem.BadRequest.New("the form could not be read"))
				return
			}
			if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(s.CSRF)) != 1 || !sameOrigin(r) {
				mw.SetSubject(r.Context(), s.P.Subject)
				c.refuse(r, "csrf", http.StatusForbidden, "the form's CSRF token is missing or wrong, or it came from another origin")
				c.errorPage(w, r, problem.Forbidden.New("this form is stale or was not sent from the console; reload the page and try again"))
				return
			}
		}
		mw.SetSubject(r.Context(), s.P.Subject)
		ctx := context.WithValue(mw.WithPrincipal(r.Context(), s.P), sessKey{}, s)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

var errNoSession = errors.New("no session")

func (c *Console) resolve(r *http.Request) (*sess, error) {
	ck, err := r.Cookie(SessionCookie)
	if err != nil || ck.Value == "" {
		return nil, errNoSession
	}
	idHash := hashHex(ck.Value)
	x, err := c.d.Sessions.GetSession(r.Context(), idHash)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, problem.Unavailable.New("the session store is not answering; retry later")
	}
	now := c.d.Now()
	if !now.Before(x.ExpiresAt) || now.Sub(x.LastSeen) >= c.d.IdleTimeout {
		_ = c.d.Sessions.DeleteSession(r.Context(), idHash)
		return nil, errNoSession
	}
	p, err := c.d.Keys.Hash(r.Context(), x.KeyHash)
	if problem.Unauthorized.Is(err) { // the key was revoked: so is the session
		_ = c.d.Sessions.DeleteSession(r.Context(), idHash)
		return nil, errNoSession
	}
	if err != nil {
		return nil, err
	}
	if now.Sub(x.LastSeen) >= time.Minute { // one write a minute at most
		_ = c.d.Sessions.TouchSession(r.Context(), idHash, now)
	}
	return &sess{Session: x, P: p}, nil
}

// sameOrigin refuses a post whose Origin (or, without one, Referer) names
// another site, or is "null" (a sandboxed or privacy-redirected form);
// browsers send one of them on every form post.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "null" {
		return false
	}
	if o == "" {
		o = r.Header.Get("Referer")
	}
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

// refuse audits a refusal the console itself makes.
func (c *Console) refuse(r *http.Request, action string, status int, detail string) {
	c.d.Audit.Refused(r, "console:"+action, r.URL.Path, status, detail)
}

// Sweep deletes ended sessions every interval until ctx ends.
func (c *Console) Sweep(ctx context.Context, interval time.Duration) {
	handlers.Every(ctx, interval, func(ctx context.Context) {
		now := c.d.Now()
		if n, err := c.d.Sessions.DeleteExpiredSessions(ctx, now, now.Add(-c.d.IdleTimeout)); err != nil {
			c.d.Log.Warn("console: sweeping sessions failed", "error", err)
		} else if n > 0 {
			c.d.Log.Info("console: ended sessions removed", "count", n)
		}
	})
}

func (c *Console) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/console", HttpOnly: true, Secure: r.TLS != nil || c.d.SecureCookie,
		SameSite: http.SameSiteStrictMode, MaxAge: maxAge})
}

// APIError is a problem the API answered.
type APIError struct {
	Status int      `json:"status"`
	Title  string   `json:"title"`
	Detail string   `json:"detail"`
	Errors []string `json:"errors"`
}

func (e *APIError) Error() string { return e.Title + ": " + e.Detail }

// call runs one API request in process as the session's subject and
// decodes its JSON answer into out (nil: ignored).
func (c *Console) call(r *http.Request, method, path string, body any, header http.Header, out any) (http.Header, error) {
	var rd io.Reader = http.NoBody
	if raw, ok := body.([]byte); ok {
		rd = bytes.NewReader(raw)
	} else if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	// a fresh routing context: the console's own would route the API
	// request by the console's path
	ctx := context.WithValue(r.Context(), chi.RouteCtxKey, chi.NewRouteContext())
	req, err := http.NewRequestWithContext(ctx, method, path, rd)
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.RemoteAddr = r.RemoteAddr
	rec := httptest.NewRecorder()
	c.d.API.ServeHTTP(rec, req)
	res := rec.Result()
	if res.StatusCode >= 400 {
		e := &APIError{Status: res.StatusCode}
		if json.Unmarshal(rec.Body.Bytes(), e) != nil || e.Title == "" {
			e.Title = http.StatusText(res.StatusCode)
		}
		return res.Header, e
	}
	if out != nil {
		if raw, ok := out.(*[]byte); ok {
			*raw = rec.Body.Bytes()
			return res.Header, nil
		}
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			return nil, fmt.Errorf("console: %s %s: %w", method, path, err)
		}
	}
	return res.Header, nil
}
