package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/store"
)

// validAddr is a corridor account address (20 bytes, the corridor prefix).
const validAddr = "corridor1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5x0df74"

func TestKeysCommands(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "gw.db")
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"keys", "create", "--store", dsn, "--subject", "officer-mn", "--role", "customs", "--jurisdiction", "MN"}, &out))
	key := strings.TrimSpace(out.String())
	require.True(t, strings.HasPrefix(key, "cgw_"), key)
	out.Reset()
	require.NoError(t, run(t.Context(), []string{"keys", "list", "--store", dsn}, &out))
	fields := strings.Split(strings.TrimSpace(out.String()), "\t")
	require.Equal(t, []string{"officer-mn", "customs", "MN", "", "active"}, fields[1:])
	require.NotContains(t, out.String(), key[17:], "a listing never shows the secret")
	require.NoError(t, run(t.Context(), []string{"keys", "revoke", "--store", dsn, fields[0]}, &out))
	out.Reset()
	require.NoError(t, run(t.Context(), []string{"keys", "list", "--store", dsn}, &out))
	require.Contains(t, out.String(), "revoked")
	out.Reset()
	require.NoError(t, run(t.Context(), []string{"keys", "create", "--store", dsn, "--subject", "exporter-mn", "--role", "exporter", "--jurisdiction", "MN", "--address", validAddr}, &out))

	for _, args := range [][]string{
		{"keys", "create", "--store", dsn, "--subject", "x", "--role", "smuggler", "--jurisdiction", "MN"},
		{"keys", "create", "--store", dsn, "--subject", "x", "--role", "exporter", "--jurisdiction", "MN"}, // no address
		{"keys", "revoke", "--store", dsn, "nope"},
		{"keys"},
		{"nope"},
		{},
	} {
		require.Error(t, run(t.Context(), args, &bytes.Buffer{}), args)
	}
	// refused: an address that is not a corridor account (every declaration
	// the key filed would name it as its trader, and the node would refuse
	// to read its holdings at every verify), the upper-case spelling of a
	// valid one (the filing rule compares the trader with the key's address
	// as strings), one of a length no account has, and a mistyped one,
	// whose refusal does not name the checksum that would make it valid
	short, err := address.NewBech32Codec("corridor").BytesToString(make([]byte, 10))
	require.NoError(t, err)
	typo := validAddr[:len(validAddr)-1] + "5"
	for _, a := range []string{"corridor1exporter", "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu", strings.ToUpper(validAddr), short, typo} {
		err := run(t.Context(), []string{"keys", "create", "--store", dsn, "--subject", "x", "--role", "exporter", "--jurisdiction", "MN", "--address", a}, &bytes.Buffer{})
		require.EqualError(t, err, "keys create: --address must be a corridor account address (corridor1…, lower case), as `corridord keys show NAME -a` prints it", a)
	}
	out.Reset()
	require.NoError(t, run(t.Context(), []string{"keys", "list", "--store", dsn}, &out))
	require.Contains(t, out.String(), validAddr)
	require.NotContains(t, out.String(), "corridor1exporter")
	require.NotContains(t, out.String(), strings.ToUpper(validAddr))
}

func TestServeConfigRefusals(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--keyring-backend", "plain"},
		{"serve", "--authorities", "MN"},
		{"serve", "--authorities", "MN=customs-mn"}, // no keyring-dir
		{"serve", "--quantity-tolerance-bps", "-1"},
		{"serve", "--trusted-proxies", "10.0.0.0/99"},
		{"serve", "--tx-wait-timeout", "2m", "--decision-lease", "1m"},
		{"serve", "--store", "mysql://x"},
	} {
		require.Error(t, run(t.Context(), args, &bytes.Buffer{}), args)
	}
}

// serve answers, then stops cleanly when its context ends (SIGINT/SIGTERM).
func TestServeAndShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--listen", addr, "--store", "sqlite:" + filepath.Join(t.TempDir(), "gw.db"),
			"--chain-grpc", "127.0.0.1:1", "--shutdown-timeout", "2s", "--log-format", "text"}, &bytes.Buffer{})
	}()
	require.Eventually(t, func() bool {
		res, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == 200
	}, 10*time.Second, 50*time.Millisecond)
	res, err := http.Get("http://" + addr + "/readyz")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusServiceUnavailable, res.StatusCode, "no chain at 127.0.0.1:1")
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// Keys stored before keys create checked addresses are found when the
// gateway starts (it warns of each): active ones only.
func TestMisaddressedKeys(t *testing.T) {
	st, err := store.Open(t.Context(), "sqlite:"+filepath.Join(t.TempDir(), "gw.db"))
	require.NoError(t, err)
	defer st.Close()
	now := time.Now()
	for _, k := range []store.APIKey{
		{ID: "good", Hash: "h1", Subject: "exporter-mn", Role: "exporter", Jurisdiction: "MN", Address: validAddr, CreatedAt: now},
		{ID: "upper", Hash: "h2", Subject: "exporter-up", Role: "exporter", Jurisdiction: "MN", Address: strings.ToUpper(validAddr), CreatedAt: now},
		{ID: "name", Hash: "h3", Subject: "exporter-x", Role: "exporter", Jurisdiction: "MN", Address: "corridor1exporter", CreatedAt: now},
		{ID: "revoked", Hash: "h4", Subject: "exporter-old", Role: "exporter", Jurisdiction: "MN", Address: "corridor1old", CreatedAt: now},
		{ID: "officer", Hash: "h5", Subject: "officer-mn", Role: "customs", Jurisdiction: "MN", CreatedAt: now},
		{ID: "none", Hash: "h6", Subject: "importer-cn", Role: "importer", Jurisdiction: "CN", CreatedAt: now},
	} {
		require.NoError(t, st.CreateAPIKey(t.Context(), k))
	}
	require.NoError(t, st.RevokeAPIKey(t.Context(), "revoked", now))
	bad, err := misaddressedKeys(t.Context(), st)
	require.NoError(t, err)
	var ids []string
	for _, k := range bad {
		ids = append(ids, k.ID)
	}
	require.ElementsMatch(t, []string{"upper", "name", "none"}, ids)
}
