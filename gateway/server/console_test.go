package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cosmossdk.io/math"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/chain"
	"github.com/corridor-chain/corridor/gateway/store"
	financetypes "github.com/corridor-chain/corridor/x/finance/types"
	settlementtypes "github.com/corridor-chain/corridor/x/settlement/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// The console's tests drive Debian's headless Chromium (make tools
// installs it) against a real gateway on a real store and the in-memory
// chain. A missing browser fails the test: it is never skipped.

// browser is one Chromium profile (its own user data dir: its own cookies).
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	require.NoError(t, err, "the console tests need Debian's chromium: run make tools")
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		// the walkthrough's devnet gateway listens on 10080, a port Chromium refuses by default
		chromedp.Flag("explicitly-allowed-ports", "10080"))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	require.NoError(t, chromedp.Do(ctx)) // starts the browser: no timeout on this first run, it would stop the browser
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

type css = chromedp.CSS

// do runs browser steps (15 s at most); a failure shows the page.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	step, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(step, steps...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		t.Fatalf("browser: %v\nat %s:\n%s", err, loc, page)
	}
}

// run runs one browser action and returns its value.
func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	require.NoError(t, err)
	return v
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return strings.TrimSpace(run(t, ctx, chromedp.Text(css(sel))))
}

// signIn signs in as who on a fresh sign-in page in lang.
func (e *env) signIn(ctx context.Context, who, lang string) {
	e.t.Helper()
	do(e.t, ctx,
		chromedp.Navigate(e.srv.URL+"/console/signin?lang="+lang),
		chromedp.WaitVisible(css("#key")),
		chromedp.SendKeys(css("#key"), e.keys[who]),
		chromedp.Click(css("#signin")),
		chromedp.WaitVisible(css("#signout")),
	)
}

// postForm posts fields to path from the page (fetch, same origin, with
// the browser's cookies) and returns the status after redirects.
func postForm(t *testing.T, ctx context.Context, path string, fields map[string]string) int {
	t.Helper()
	var parts []string
	for k, v := range fields {
		parts = append(parts, fmt.Sprintf("[%q, %q]", k, v))
	}
	js := fmt.Sprintf(`fetch(%q, {method: "POST", body: new URLSearchParams([%s])}).then(r => r.status)`, path, strings.Join(parts, ", "))
	return run(t, ctx, chromedp.Evaluate[int](js, chromedp.EvalAwaitPromise))
}

func (e *env) auditCount(parts ...string) int {
	e.t.Helper()
	n := 0
	for _, row := range e.auditRows() {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(row, p)
		}
		if all {
			n++
		}
	}
	return n
}

func TestConsoleOfficerVerifiesAndClearsOnce(t *testing.T) {
	e := newEnv(t, opts{})
	id, _ := e.filedAndAnchored()
	ctx := browser(t)
	e.signIn(ctx, "officer-mn", "en")

	// the queue of MN declarations, filtered to the filed ones, searched by number
	do(t, ctx, chromedp.Navigate(e.srv.URL+"/console/declarations?status=filed&number=10719010%2F011226%2F0001234"),
		chromedp.WaitVisible(css("#queue")))
	require.Contains(t, text(t, ctx, "#queue tbody"), "10719010/011226/0001234")
	do(t, ctx, chromedp.Click(css("#queue tbody a")), chromedp.WaitVisible(css("#decl-status")))
	require.Equal(t, "filed", text(t, ctx, "#decl-status"))
	require.Contains(t, text(t, ctx, "main"), "Tavan Tolgoi Coal LLC") // the names as filed

	// the decision page: every check with its result and reason
	do(t, ctx, chromedp.Click(css("#open-decision")), chromedp.WaitVisible(css("#checks")))
	rows := run(t, ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#checks tbody tr')].map(r => r.dataset.check + ' ' + r.className + ' ' + r.innerText.replace(/\s+/g, ' '))`))
	require.Len(t, rows, 4, "%v", rows)
	for i, name := range []string{"integrity", "number_format", "issuer_identity", "lot_consistency"} {
		require.True(t, strings.HasPrefix(rows[i], name+" pass "), rows[i])
	}
	require.Contains(t, rows[0], "anchored on every linked lot")
	require.Equal(t, "Every check passed.", text(t, ctx, "#verdict"))

	// the form submitted once, then its button clicked: one Idempotency-Key,
	// one decision on chain; the page says the second did nothing more
	csrf := run(t, ctx, chromedp.Value(css(`#decide-form input[name=csrf]`)))
	key := run(t, ctx, chromedp.Value(css(`#decide-form input[name=key]`)))
	require.Equal(t, http.StatusOK, postForm(t, ctx, "/console/declarations/"+id+"/decision", map[string]string{"csrf": csrf, "key": key, "decision": "clear"}))
	do(t, ctx, chromedp.Click(css("#clear")), chromedp.WaitVisible(css("#flash")))
	require.Equal(t, "This decision was already recorded; nothing more was done.", text(t, ctx, "#flash"))
	require.Equal(t, "cleared", text(t, ctx, "#decl-status"))
	require.Equal(t, 1, e.chain.Broadcasts)
	require.Equal(t, 2, e.auditCount("officer-mn|declaration:decide|200|"), "both attempts are on the record: %v", e.auditRows())
	d, err := e.store.GetDeclaration(context.Background(), id)
	require.NoError(t, err)
	require.Equal(t, store.StatusCleared, d.Status)

	// the lot's journey shows the clearance
	do(t, ctx, chromedp.Navigate(e.srv.URL+"/console/lots/1"), chromedp.WaitVisible(css("svg.timeline")))
	require.Equal(t, "true", run(t, ctx, chromedp.AttributeValue(css(`g.stage-export_cleared`), "data-done")).Value)
	require.Equal(t, "false", run(t, ctx, chromedp.AttributeValue(css(`g.stage-arrived`), "data-done")).Value)
	require.Equal(t, "yes", text(t, ctx, "#export-cleared"))
}

func TestConsoleRefusals(t *testing.T) {
	e := newEnv(t, opts{})
	id, _ := e.filedAndAnchored()

	// an exporter cannot open the officer's decision page: a 403 page, audited
	exporter := browser(t)
	e.signIn(exporter, "exporter-mn", "en")
	resp, err := chromedp.RunResponse(exporter, chromedp.Navigate(e.srv.URL+"/console/declarations/"+id+"/decision"))
	require.NoError(t, err)
	require.EqualValues(t, http.StatusForbidden, resp.Status)
	require.Equal(t, "Access denied", text(t, exporter, "#error-title"))
	require.Equal(t, 1, e.auditCount("exporter-mn|declaration:verify|403|"), "%v", e.auditRows())

	// an officer's form posted without its CSRF token, or with a forged one, is refused
	officer := browser(t)
	e.signIn(officer, "officer-mn", "en")
	do(t, officer, chromedp.Navigate(e.srv.URL+"/console/declarations/"+id+"/decision"), chromedp.WaitVisible(css("#decide-form")))
	key := run(t, officer, chromedp.Value(css(`#decide-form input[name=key]`)))
	path := "/console/declarations/" + id + "/decision"
	require.Equal(t, http.StatusForbidden, postForm(t, officer, path, map[string]string{"key": key, "decision": "clear"}))
	require.Equal(t, http.StatusForbidden, postForm(t, officer, path, map[string]string{"csrf": "forged", "key": key, "decision": "clear"}))

	// the officer's session cookie, stolen into another browser profile,
	// cannot decide without the token either
	jar, err := chromedp.Call(officer, network.GetCookies, network.GetCookiesParams{URLs: []string{e.srv.URL + "/console/"}})
	require.NoError(t, err)
	stolen := ""
	for _, c := range jar.Cookies {
		if c.Name == "corridor_session" {
			stolen = c.Value
			require.True(t, c.HTTPOnly)
			require.EqualValues(t, "Strict", c.SameSite)
		}
	}
	require.NotEmpty(t, stolen)
	thief := browser(t)
	do(t, thief, chromedp.Navigate(e.srv.URL+"/console/static/console.css"))
	httpOnly := true
	_, err = chromedp.Call(thief, network.SetCookie, network.SetCookieParams{Name: "corridor_session", Value: stolen, URL: e.srv.URL + "/console/", HTTPOnly: &httpOnly})
	require.NoError(t, err)
	require.Equal(t, http.StatusForbidden, postForm(t, thief, path, map[string]string{"key": key, "decision": "clear"}))

	require.Equal(t, 0, e.chain.Broadcasts, "nothing was decided")
	d, err := e.store.GetDeclaration(context.Background(), id)
	require.NoError(t, err)
	require.Equal(t, store.StatusFiled, d.Status)
	// on the record as the API's refusals are: the first of a minute per
	// client, subject and status, the rest counted into the next record
	require.Equal(t, 1, e.auditCount("officer-mn|console:csrf|403|"), "%v", e.auditRows())
	require.Equal(t, 1, e.auditCount("officer-mn|console:signin|200|"), "%v", e.auditRows())

	// signed out, the cookie opens nothing
	do(t, officer, chromedp.Navigate(e.srv.URL+"/console/declarations"), chromedp.Click(css("#signout")), chromedp.WaitVisible(css("#key")))
	do(t, thief, chromedp.Navigate(e.srv.URL+"/console/declarations"), chromedp.WaitVisible(css("#key")))
}

func TestConsoleFourLanguages(t *testing.T) {
	e := newEnv(t, opts{})
	id, _ := e.filedAndAnchored()
	want := map[string][3]string{ // the queue's heading, a check's name, a reason's words
		"en": {"Declarations", "Document integrity", "anchored on every linked lot"},
		"zh": {"报关单", "文件完整性", "已锚定在所有关联批次上"},
		"mn": {"Мэдүүлгүүд", "Баримтын бүрэн бүтэн байдал", "холбогдсон бүх багцад бэхлэгдсэн"},
		"ru": {"Декларации", "Целостность документа", "привязан ко всем связанным партиям"},
	}
	ctx := browser(t)
	e.signIn(ctx, "officer-mn", "en")
	for _, lang := range []string{"zh", "mn", "ru", "en"} {
		// the switch keeps the language in the session
		do(t, ctx, chromedp.Navigate(e.srv.URL+"/console/declarations"), chromedp.WaitVisible(css("#lang-select")),
			chromedp.SetValue(css("#lang-select"), lang), chromedp.Submit(css("#lang-select")),
			chromedp.WaitVisible(css(`html[lang="`+lang+`"] #queue`)))
		require.Equal(t, want[lang][0], text(t, ctx, "h1"), lang)
		do(t, ctx, chromedp.Navigate(e.srv.URL+"/console/declarations/"+id+"/decision"), chromedp.WaitVisible(css("#checks")))
		report := text(t, ctx, "#checks")
		require.Contains(t, report, want[lang][1], lang)
		require.Contains(t, report, want[lang][2], lang)
	}
	// before sign-in, Accept-Language picks the language
	hr, err := http.NewRequest(http.MethodGet, e.srv.URL+"/console/signin", nil)
	require.NoError(t, err)
	hr.Header.Set("Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5")
	res, err := http.DefaultClient.Do(hr)
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, "ru", res.Header.Get("Content-Language"))
	require.Contains(t, string(body), "<h1>Вход в консоль Corridor</h1>")
}

// settledTrades puts three settled DVPs on the chain: two today, one
// three days ago, and one older than the chart's week.
func (e *env) settledTrades() {
	now := e.clock()
	for i, tr := range []struct {
		ago    time.Duration
		amount int64
	}{{0, 40_000_000_000}, {time.Hour, 2_500_000_000}, {72 * time.Hour, 1_000_000_000}, {10 * 24 * time.Hour, 7}} {
		e.chain.Trades = append(e.chain.Trades, chain.Settled{At: now.Add(-tr.ago), Instruction: settlementtypes.Instruction{Id: uint64(i + 1),
			Status: settlementtypes.INSTRUCTION_STATUS_SETTLED, Legs: []settlementtypes.Leg{
				{Denom: "lot/1", Amount: math.NewInt(1000)},
				{Denom: "umnt", Currency: "MNT", Amount: math.NewInt(tr.amount)}}}})
	}
}

// pendingApplication puts the exporter's application to bank-cn on the chain.
func (e *env) pendingApplication() {
	e.chain.Apps = append(e.chain.Apps, financetypes.Application{Id: uint64(len(e.chain.Apps) + 1), DeclarationId: 1, Borrower: exporterAddr,
		Bank: "corridor1bank", Amount: math.NewInt(50_000_000), Currency: "MNT", CollateralDenom: "lot/1", CollateralAmount: math.NewInt(5_000_000),
		Tenor: 90 * 24 * time.Hour, Status: financetypes.APPLICATION_STATUS_PENDING, MaxRateBps: 1200})
}

// filedInMNT files the sample valued in tögrög (a currency the chain
// settles, so its clearance records it for financing) and anchors it.
func (e *env) filedInMNT() string {
	e.chain.Currencies["MNT"] = &settlementtypes.Currency{Code: "MNT", Exponent: 2, Denoms: []settlementtypes.AcceptedDenom{{Denom: "umnt"}}}
	v := e.file(replace(sampleDoc(e.t), `"currency": "USD"`, `"currency": "MNT"`))
	e.anchor(1, v["sha256"].(string))
	return v["id"].(string)
}

func TestConsoleBankApprovesAndAuditorExports(t *testing.T) {
	e := newEnv(t, opts{})
	id := e.filedInMNT()
	e.do(req{method: "POST", path: "/v1/declarations/" + id + "/decision", as: "officer-mn", body: []byte(`{"decision":"clear"}`),
		header: map[string]string{"Idempotency-Key": "clear-" + id}})
	e.chain.Participants["corridor1bank"] = &tokenizetypes.Participant{Address: "corridor1bank", LegalName: "Khan Bank", Country: "MN",
		Roles: []tokenizetypes.RoleGrant{{Role: tokenizetypes.ROLE_BANK, Jurisdiction: "MN"}}, Status: tokenizetypes.PARTICIPANT_STATUS_ACTIVE}

	// the exporter applies on its cleared declaration's page
	exporter := browser(t)
	e.signIn(exporter, "exporter-mn", "en")
	do(t, exporter, chromedp.Navigate(e.srv.URL+"/console/declarations/"+id), chromedp.WaitVisible(css("#apply-form")),
		chromedp.SendKeys(css("#apply-amount"), "500000.00"), chromedp.SendKeys(css("#apply-units"), "5000000"),
		chromedp.Click(css("#apply-submit")), chromedp.WaitVisible(css("#flash")))
	require.Equal(t, "Applied: the bank sees your application now.", text(t, exporter, "#flash"))
	require.Len(t, e.chain.Apps, 1)
	a := e.chain.Apps[0]
	require.Equal(t, exporterAddr, a.Borrower)
	require.Equal(t, "corridor1bank", a.Bank)
	require.Equal(t, "50000000", a.Amount.String())
	require.Equal(t, 90*24*time.Hour, a.Tenor)

	bank := browser(t)
	e.signIn(bank, "bank-cn", "en")
	do(t, bank, chromedp.WaitVisible(css("#applications")))
	require.Contains(t, text(t, bank, "#app-1"), "500,000.00 MNT")
	require.Contains(t, text(t, bank, "#app-1"), "MN 10719010/011226/0001234") // the declaration applied against, with its balance
	require.Equal(t, 1, run(t, bank, chromedp.Evaluate[int](`document.querySelectorAll('#app-1 svg.bar').length`)))
	do(t, bank, chromedp.SetValue(css("#rate-1"), "1100"),
		chromedp.Click(css("#approve-btn-1")), chromedp.WaitVisible(css("#flash")))
	require.Equal(t, "Approved: the loan is disbursed on chain.", text(t, bank, "#flash"))
	require.Len(t, e.chain.LoanBook, 1)
	l := e.chain.LoanBook[0]
	require.Equal(t, "corridor1bank", l.Lender)
	require.EqualValues(t, 1100, l.RateBps)
	require.Equal(t, "50000000", l.Principal.String())
	require.Contains(t, text(t, bank, "#loans"), "11.00 %")

	// the auditor sees what settled per day, filters the log and exports it
	e.settledTrades()
	auditor := browser(t)
	e.signIn(auditor, "auditor", "en")
	do(t, auditor, chromedp.WaitVisible(css("svg.settled")))
	days := run(t, auditor, chromedp.Evaluate[[]string](`[...document.querySelectorAll('svg.settled g.day')].map(g => g.dataset.currency + ' ' + g.dataset.total)`))
	require.Equal(t, []string{"MNT 0", "MNT 0", "MNT 0", "MNT 1000000000", "MNT 0", "MNT 0", "MNT 42500000000"}, days)
	require.Contains(t, text(t, auditor, "#settled"), "425,000,000.00 MNT")
	do(t, auditor, chromedp.Navigate(e.srv.URL+"/console/audit?subject=bank-cn&outcome=allowed"), chromedp.WaitVisible(css("#audit")))
	rows := text(t, auditor, "#audit tbody")
	require.Contains(t, rows, "financing:answer")
	require.NotContains(t, rows, "officer-mn")
	csv := run(t, auditor, chromedp.Evaluate[string](`fetch(document.getElementById('csv').href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	require.Equal(t, "seq,at,request_id,subject,action,resource,outcome,status,detail", lines[0])
	require.Len(t, lines, 3, csv) // the bank's sign-in and its answer
	require.Contains(t, lines[1], "bank-cn,console:signin")
	require.Contains(t, lines[2], "bank-cn,financing:answer")
}

// TestConsoleScreenshots draws the main pages of every role; make
// screenshots keeps them in docs/console (CONSOLE_SCREENSHOTS names the
// folder), make test in a temporary one.
func TestConsoleScreenshots(t *testing.T) {
	dir := os.Getenv("CONSOLE_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	e := newEnv(t, opts{})
	id := e.filedInMNT()
	shot := func(ctx context.Context, name, path, wait string) {
		t.Helper()
		do(t, ctx, chromedp.Navigate(e.srv.URL+path), chromedp.WaitVisible(css(wait)))
		png := run(t, ctx, chromedp.FullScreenshot(100))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
	}
	officer := browser(t)
	shot(officer, "signin", "/console/signin?lang=en", "#key")
	e.signIn(officer, "officer-mn", "en")
	shot(officer, "officer-queue", "/console/declarations", "#queue")
	shot(officer, "officer-decision", "/console/declarations/"+id+"/decision", "#checks")
	do(t, officer, chromedp.Click(css("#clear")), chromedp.WaitVisible(css("#flash")))
	shot(officer, "officer-declaration-cleared", "/console/declarations/"+id, "#decl-status")
	shot(officer, "lot-journey", "/console/lots/1", "svg.timeline")
	zh := browser(t)
	e.signIn(zh, "officer-mn", "zh")
	shot(zh, "officer-decision-zh", "/console/declarations/"+id+"/decision", "#checks")

	e.chain.Participants["corridor1bank"] = &tokenizetypes.Participant{Address: "corridor1bank", LegalName: "Khan Bank", Country: "MN",
		Roles: []tokenizetypes.RoleGrant{{Role: tokenizetypes.ROLE_BANK, Jurisdiction: "MN"}}, Status: tokenizetypes.PARTICIPANT_STATUS_ACTIVE}
	exporterEN := browser(t)
	e.signIn(exporterEN, "exporter-mn", "en")
	shot(exporterEN, "exporter-declaration-apply", "/console/declarations/"+id, "#apply-form")
	e.pendingApplication()
	bank := browser(t)
	e.signIn(bank, "bank-cn", "ru")
	shot(bank, "bank-financing-ru", "/console/financing", "#applications")
	exporter := browser(t)
	e.signIn(exporter, "exporter-mn", "mn")
	shot(exporter, "exporter-file-mn", "/console/declarations/new", "#file-form")
	e.settledTrades()
	auditor := browser(t)
	e.signIn(auditor, "auditor", "en")
	shot(auditor, "auditor-audit", "/console/audit", "svg.settled")
	for _, n := range []string{"signin", "officer-queue", "officer-decision", "officer-declaration-cleared", "lot-journey", "officer-decision-zh",
		"exporter-declaration-apply", "bank-financing-ru", "exporter-file-mn", "auditor-audit"} {
		st, err := os.Stat(filepath.Join(dir, n+".png"))
		require.NoError(t, err)
		require.Greater(t, st.Size(), int64(5000), n)
	}
}

// signInHTTP signs who in with a plain HTTP client (its own cookie jar)
// and returns the client, not following redirects.
func (e *env) signInHTTP(who string) *http.Client {
	e.t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(e.t, err)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(e.srv.URL + "/console/signin")
	require.NoError(e.t, err)
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	require.NotNil(e.t, m, string(page))
	res, err = c.PostForm(e.srv.URL+"/console/signin", url.Values{"csrf": {string(m[1])}, "key": {e.keys[who]}, "lang": {"en"}})
	require.NoError(e.t, err)
	res.Body.Close()
	require.Equal(e.t, http.StatusSeeOther, res.StatusCode)
	require.Equal(e.t, "/console/", res.Header.Get("Location"))
	return c
}

// status is a GET's status and redirect target.
func status(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	res, err := c.Get(u)
	require.NoError(t, err)
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Location")
}

func TestConsoleSessionsEnd(t *testing.T) {
	e := newEnv(t, opts{})
	queue := e.srv.URL + "/console/declarations"
	toSignIn := "/console/signin?next=%2Fconsole%2Fdeclarations"

	e.signInHTTP("exporter-mn") // a session abandoned without a sign-out, for the sweeper

	// idle for the idle timeout: signed out
	c := e.signInHTTP("officer-mn")
	code, _ := status(t, c, queue)
	require.Equal(t, http.StatusOK, code)
	e.advance(29 * time.Minute)
	code, _ = status(t, c, queue) // activity restarts the idle clock
	require.Equal(t, http.StatusOK, code)
	e.advance(29 * time.Minute)
	code, _ = status(t, c, queue)
	require.Equal(t, http.StatusOK, code)
	e.advance(31 * time.Minute)
	code, loc := status(t, c, queue)
	require.Equal(t, http.StatusSeeOther, code)
	require.Equal(t, toSignIn, loc)

	// active all along, but past the absolute limit: signed out
	c = e.signInHTTP("officer-mn")
	for range 30 { // 14.5 h of activity, every 29 minutes
		code, _ = status(t, c, queue)
		if code != http.StatusOK {
			break
		}
		e.advance(29 * time.Minute)
	}
	require.Equal(t, http.StatusSeeOther, code)

	// the key revoked: its sessions end at once (the key cache is off here)
	c = e.signInHTTP("officer-mn")
	code, _ = status(t, c, queue)
	require.Equal(t, http.StatusOK, code)
	keys, err := e.store.ListAPIKeys(context.Background())
	require.NoError(t, err)
	for _, k := range keys {
		if k.Subject == "officer-mn" {
			require.NoError(t, e.store.RevokeAPIKey(context.Background(), k.ID, e.clock()))
		}
	}
	code, loc = status(t, c, queue)
	require.Equal(t, http.StatusSeeOther, code)
	require.Equal(t, toSignIn, loc)

	// ended sessions are swept from the store: the abandoned one
	n, err := e.store.DeleteExpiredSessions(context.Background(), e.clock(), e.clock().Add(-30*time.Minute))
	require.NoError(t, err)
	require.EqualValues(t, 1, n)

}
