package middleware_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/apikey"
	mw "github.com/corridor-chain/corridor/gateway/middleware"
	"github.com/corridor-chain/corridor/gateway/store"
)

func TestClientIP(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	var got string
	h := mw.ClientIPs(trusted)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = mw.ClientIP(r.Context()) }))
	for name, tc := range map[string]struct {
		remote string
		xff    []string
		want   string
	}{
		"untrusted peer: its header is ignored":      {"203.0.113.7:5000", []string{"1.2.3.4"}, "203.0.113.7"},
		"trusted proxy: the client before it":        {"10.1.1.1:5000", []string{"198.51.100.9"}, "198.51.100.9"},
		"two trusted hops: the right-most untrusted": {"10.1.1.1:5000", []string{"6.6.6.6, 198.51.100.9, 10.2.2.2"}, "198.51.100.9"},
		"a spoofed left part is not believed":        {"10.1.1.1:5000", []string{"6.6.6.6", "198.51.100.9"}, "198.51.100.9"},
		"trusted proxy without a header":             {"10.1.1.1:5000", nil, "10.1.1.1"},
		"a malformed hop stops the walk":             {"10.1.1.1:5000", []string{"198.51.100.9, garbage"}, "10.1.1.1"},
		"ipv6 loopback proxy":                        {"[::1]:5000", []string{"2001:db8::5"}, "2001:db8::5"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		for _, v := range tc.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		require.Equal(t, tc.want, got, name)
	}
}

type keys map[string]store.APIKey

func (k keys) APIKeyByHash(_ context.Context, hash string) (store.APIKey, error) {
	if v, ok := k[hash]; ok {
		return v, nil
	}
	return store.APIKey{}, store.ErrNotFound
}

// The log line names the request id and the authenticated subject and
// never the credential.
func TestLogLine(t *testing.T) {
	_, key, hash, err := apikey.Generate()
	require.NoError(t, err)
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	inner := mw.Authn(keys{hash: {Subject: "officer-mn", Role: "customs"}}, 0)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := mw.Principal(r.Context())
		require.True(t, ok)
		require.Equal(t, "officer-mn", p.Subject)
	}))
	h := mw.RequestIDs(mw.Log(log)(inner))
	r := httptest.NewRequest("GET", "/v1/declarations?secret=query", nil)
	r.Header.Set("Authorization", "Bearer "+key)
	r.Header.Set(mw.RequestIDHeader, "req-12345678")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	line := buf.String()
	require.Contains(t, line, `"subject":"officer-mn"`)
	require.Contains(t, line, `"request_id":"req-12345678"`)
	require.Contains(t, line, `"path":"/v1/declarations"`)
	require.NotContains(t, line, key[4:16])
	require.NotContains(t, line, "secret=query")

	// an unknown key: 401 problem, no subject in the log
	buf.Reset()
	r = httptest.NewRequest("GET", "/v1/declarations", nil)
	r.Header.Set("Authorization", "Bearer cgw_000000000000_"+strings.Repeat("A", 43))
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	require.Equal(t, 401, rec.Code)
	require.Contains(t, buf.String(), `"subject":""`)
}
