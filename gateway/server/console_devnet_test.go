//go:build devnet

package server_test

import (
	"bufio"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestConsoleOnDevnet is the console as a new user meets it after make
// devnet, run by the walkthrough check (go test -tags devnet) against the
// devnet's gateway with its demo seeded (scripts/console-seed.sh): the
// officer verifies and clears the demo declaration, the exporter applies
// for financing on its page, mnbank approves, and the loan is on chain.
// CONSOLE_URL is the gateway, CONSOLE_KEYS its keys.env, CONSOLE_DECLARATION
// the demo declaration's number.
func TestConsoleOnDevnet(t *testing.T) {
	base, number := os.Getenv("CONSOLE_URL"), os.Getenv("CONSOLE_DECLARATION")
	require.NotEmpty(t, base, "CONSOLE_URL")
	require.NotEmpty(t, number, "CONSOLE_DECLARATION")
	keys := map[string]string{}
	f, err := os.Open(os.Getenv("CONSOLE_KEYS"))
	require.NoError(t, err)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok && !strings.HasPrefix(k, "#") {
			keys[k] = v
		}
	}
	f.Close()
	officer := browser(t)
	do(t, officer, chromedp.Navigate(base+"/console/signin?lang=en"), chromedp.WaitVisible(css("#key")),
		chromedp.SendKeys(css("#key"), keys["OFFICER_MN"]), chromedp.Click(css("#signin")), chromedp.WaitVisible(css("#queue")))
	do(t, officer, chromedp.Navigate(base+"/console/declarations?status=filed&number="+url.QueryEscape(number)), chromedp.WaitVisible(css("#queue tbody a")),
		chromedp.Click(css("#queue tbody a")), chromedp.WaitVisible(css("#open-decision")),
		chromedp.Click(css("#open-decision")), chromedp.WaitVisible(css("#checks")))
	require.Equal(t, "Every check passed.", text(t, officer, "#verdict"), text(t, officer, "#checks"))
	do(t, officer, chromedp.Click(css("#clear")), chromedp.WaitVisible(css("#flash")))
	require.Equal(t, "Cleared and recorded on chain.", text(t, officer, "#flash"))
	require.Equal(t, "cleared", text(t, officer, "#decl-status"))
	// the declaration's own address: the officer's location carries the
	// clear's flash (?done=cleared), which the exporter must not see as its own
	loc, err := url.Parse(run(t, officer, chromedp.Location()))
	require.NoError(t, err)
	loc.RawQuery = ""
	declPath := loc.String()

	exporter := browser(t)
	do(t, exporter, chromedp.Navigate(base+"/console/signin?lang=en"), chromedp.WaitVisible(css("#key")),
		chromedp.SendKeys(css("#key"), keys["EXPORTER_KEY"]), chromedp.Click(css("#signin")), chromedp.WaitVisible(css("#signout")))
	do(t, exporter, chromedp.Navigate(declPath), chromedp.WaitVisible(css("#apply-form")))
	bank := run(t, exporter, chromedp.Evaluate[string](`[...document.querySelectorAll('#apply-bank option')].find(o => o.textContent.includes('(MN)')).value`))
	do(t, exporter, chromedp.SetValue(css("#apply-bank"), bank), chromedp.SendKeys(css("#apply-amount"), "300000000.00"),
		chromedp.SendKeys(css("#apply-units"), "2000000"), chromedp.Click(css("#apply-submit")),
		chromedp.WaitVisible(css("#applications")), chromedp.WaitVisible(css("#flash")))
	require.Equal(t, "Applied: the bank sees your application now.", text(t, exporter, "#flash"))

	mnbank := browser(t)
	do(t, mnbank, chromedp.Navigate(base+"/console/signin?lang=en"), chromedp.WaitVisible(css("#key")),
		chromedp.SendKeys(css("#key"), keys["MNBANK_KEY"]), chromedp.Click(css("#signin")), chromedp.WaitVisible(css("#applications")))
	id := run(t, mnbank, chromedp.Evaluate[string](`[...document.querySelectorAll('#applications form[id^=approve-]')].pop().id.replace('approve-', '')`))
	do(t, mnbank, chromedp.Click(css("#approve-btn-"+id)), chromedp.WaitVisible(css("#flash")))
	require.Equal(t, "Approved: the loan is disbursed on chain.", text(t, mnbank, "#flash"))
	require.Contains(t, text(t, mnbank, "#loans"), "300,000,000.00 MNT")
	require.Contains(t, text(t, mnbank, "#loans"), "active")

	// the declaration's balance shows the loan
	do(t, officer, chromedp.Navigate(declPath), chromedp.WaitVisible(css("svg.bar")))
	require.Contains(t, text(t, officer, "#fin-remaining"), "100,000,000.00 MNT")
}
