// Package storetest opens the stores the tests run against: a private
// SQLite database, and a PostgreSQL schema of its own in the database that
// CORRIDOR_TEST_POSTGRES_DSN names (set by .ci/run).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/store"
)

// PostgresEnv names the PostgreSQL DSN for tests.
const PostgresEnv = "CORRIDOR_TEST_POSTGRES_DSN"

// Kinds are the store kinds every suite runs on.
var Kinds = []string{"sqlite", "postgres"}

// Open returns a fresh, migrated store of kind. Without the PostgreSQL DSN
// the postgres kind is skipped with a message saying so; .ci/run always
// sets it, so CI runs both.
func Open(t testing.TB, kind string) *store.SQL {
	t.Helper()
	ctx := context.Background()
	var dsn string
	switch kind {
	case "sqlite":
		dsn = "sqlite:" + filepath.Join(t.TempDir(), "gateway.db")
	case "postgres":
		base := os.Getenv(PostgresEnv)
		if base == "" {
			t.Skipf("%s is not set: the PostgreSQL store is tested by .ci/run", PostgresEnv)
		}
		dsn = schema(t, base)
	default:
		t.Fatalf("unknown store kind %q", kind)
	}
	s, err := store.Open(ctx, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// schema makes a schema of the test's own and returns a DSN that uses it.
func schema(t testing.TB, base string) string {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "gw_test_" + hex.EncodeToString(b[:])
	db, err := sql.Open("pgx", base)
	require.NoError(t, err)
	_, err = db.Exec("CREATE SCHEMA " + name)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = db.Exec("DROP SCHEMA " + name + " CASCADE")
		_ = db.Close()
	})
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}
