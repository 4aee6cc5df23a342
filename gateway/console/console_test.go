package console

import (
	"io/fs"
	"math/big"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Every message id is in every language, and every id a template names
// literally is in the catalog.
func TestCatalogsComplete(t *testing.T) {
	c, err := NewCatalog()
	require.NoError(t, err)
	require.Greater(t, len(c.IDs), 200)
	for _, lang := range Langs {
		for _, id := range c.IDs {
			require.True(t, c.Has(lang, id), "%s lacks %s", lang, id)
		}
	}
	used := regexp.MustCompile(`\bt "([a-z_.]+)"`)
	files, err := fs.Glob(assets, "templates/*.html")
	require.NoError(t, err)
	for _, f := range files {
		b, err := fs.ReadFile(assets, f)
		require.NoError(t, err)
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			require.True(t, c.Has("en", m[1]), "%s names %s, which the catalog lacks", f, m[1])
		}
	}
	// a reason's arguments land in the translation
	require.Equal(t, "批次 7 不存在", c.T("zh", "check.lot_consistency.no_lot", map[string]any{"A0": "7"}))
}

func TestFormatting(t *testing.T) {
	c, err := NewCatalog()
	require.NoError(t, err)
	for _, tc := range []struct{ lang, minor, want string }{
		{"en", "123456789", "1,234,567.89"},
		{"ru", "123456789", "1\u00a0234\u00a0567,89"},
		{"zh", "5", "0.05"},
		{"mn", "-100", "-1.00"},
		{"en", "123456789012345678901234567890", "1234567890123456789012345678.90"}, // beyond int64: exact, ungrouped
	} {
		require.Equal(t, tc.want, c.Amount(tc.lang, tc.minor, 2), "%s %s", tc.lang, tc.minor)
	}
	require.Equal(t, "5,000,000", c.Int("en", big.NewInt(5_000_000)))
	at := time.Date(2026, 12, 4, 9, 5, 0, 0, time.UTC)
	require.Equal(t, "2026年12月4日 09:05 UTC", c.Date("zh", at))
	require.Equal(t, "04.12.2026 09:05 UTC", c.Date("ru", at))
	con := &Console{i18n: c}
	for _, tc := range []struct{ lang, in, want string }{
		{"en", "300000000.00", "30000000000"}, {"en", "1 000.5", "100050"}, {"en", "7", "700"}, {"en", "0.01", "1"},
		{"ru", "1500,50", "150050"}, {"ru", "1\u00a0500,5", "150050"}, {"zh", "1500.50", "150050"},
		// a separator the language does not read as its decimal point is refused, never guessed
		{"en", "1,000.5", ""}, {"ru", "1500.50", ""}, {"en", "1500,50", ""},
		{"en", "1.234", ""}, {"en", "1e5", ""}, {"en", "", ""}, {"en", "-1", ""}, {"en", "0x10", ""},
	} {
		require.Equal(t, tc.want, con.minorUnits(tc.lang, tc.in, 2), "%s %q", tc.lang, tc.in)
	}
}

func TestFieldErrors(t *testing.T) {
	got := fieldErrors(&APIError{Detail: `invalid declaration: customs_office must be 4 to 8 digits, got "x"`})
	require.Equal(t, []map[string]string{{"Field": "customs_office", "Message": `must be 4 to 8 digits, got "x"`}}, got)
	got = fieldErrors(&APIError{Detail: `invalid declaration: goods[0].hs_code: 2701 is not a 6 to 10 digit code`})
	require.Equal(t, "goods[0].hs_code", got[0]["Field"])
	got = fieldErrors(&APIError{Detail: `malformed declaration: the document is not JSON`})
	require.Equal(t, map[string]string{"Field": "", "Message": "the document is not JSON"}, got[0])
}

func TestSafeNext(t *testing.T) {
	for _, next := range []string{"https://evil.example/", "//evil.example/", "/console/../admin", `/console\evil`, "/console/x\r\nSet-Cookie: a=b", "", "javascript:alert(1)"} {
		require.Equal(t, "/console/", safeNext(next), next)
	}
	require.Equal(t, "/console/declarations?status=filed", safeNext("/console/declarations?status=filed"))
}
