package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // database/sql driver "sqlite", pure Go
)

//go:embed migrations
var migrations embed.FS

// SQL is the Store over SQLite or PostgreSQL.
type SQL struct {
	db *sql.DB
	// hot read paths, prepared once (parsing a statement costs more than
	// running it on SQLite)
	getDecl, getLots, keyByHash *sql.Stmt
}

// Open opens and migrates a store. dsn is "sqlite:<path>" (the embedded
// default; ":memory:" for a private in-memory one) or a PostgreSQL URL
// "postgres://…".
func Open(ctx context.Context, dsn string) (*SQL, error) {
	var (
		db      *sql.DB
		dialect goose.Dialect
		dir     string
		err     error
	)
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		db, err = sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_txlock=immediate")
		if err == nil {
			// WAL lets readers run beside the one writer; a writer waits for
			// the lock (busy_timeout) instead of failing. An in-memory
			// database exists per connection, so it gets exactly one.
			conns := 8
			if path == ":memory:" {
				conns = 1
			}
			db.SetMaxOpenConns(conns)
		}
		dialect, dir = goose.DialectSQLite3, "migrations/sqlite"
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err = sql.Open("pgx", dsn)
		dialect, dir = goose.DialectPostgres, "migrations/postgres"
	default:
		return nil, fmt.Errorf("store: dsn must start with sqlite: or postgres://")
	}
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	p, err := goose.NewProvider(dialect, db, sub)
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	s := &SQL{db: db}
	for _, p := range []struct {
		stmt **sql.Stmt
		q    string
	}{
		{&s.getDecl, `SELECT ` + declCols + ` FROM declarations WHERE id = $1`},
		{&s.getLots, `SELECT lot_id FROM declaration_lots WHERE declaration_id = $1 ORDER BY lot_id`},
		{&s.keyByHash, `SELECT ` + keyCols + ` FROM api_keys WHERE hash = $1`},
	} {
		if *p.stmt, err = db.PrepareContext(ctx, p.q); err != nil {
			_ = db.Close()
			return nil, fmt.Errorf("store: prepare: %w", err)
		}
	}
	return s, nil
}

// Close closes the database.
func (s *SQL) Close() error { return s.db.Close() }

// Ping checks the database answers.
func (s *SQL) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UTC().UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// unique reports a unique-constraint violation in either database.
func unique(err error) bool {
	if err == nil {
		return false
	}
	m := err.Error()
	return strings.Contains(m, "UNIQUE constraint failed") || strings.Contains(m, "SQLSTATE 23505")
}

// CreateAPIKey stores a key.
func (s *SQL) CreateAPIKey(ctx context.Context, k APIKey) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO api_keys (id, hash, subject, role, jurisdiction, address, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, k.ID, k.Hash, k.Subject, k.Role, k.Jurisdiction, k.Address, nanos(k.CreatedAt))
	if unique(err) {
		return ErrConflict
	}
	return err
}

const keyCols = `id, hash, subject, role, jurisdiction, address, created_at, revoked_at`

func scanKey(row interface{ Scan(...any) error }) (APIKey, error) {
	var k APIKey
	var created int64
	var revoked sql.NullInt64
	err := row.Scan(&k.ID, &k.Hash, &k.Subject, &k.Role, &k.Jurisdiction, &k.Address, &created, &revoked)
	k.CreatedAt = fromNanos(created)
	if revoked.Valid {
		t := fromNanos(revoked.Int64)
		k.RevokedAt = &t
	}
	return k, err
}

// APIKeyByHash finds a key, revoked or not, by the hash of its secret.
func (s *SQL) APIKeyByHash(ctx context.Context, hash string) (APIKey, error) {
	k, err := scanKey(s.keyByHash.QueryRowContext(ctx, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return k, ErrNotFound
	}
	return k, err
}

// ListAPIKeys lists every key by id.
func (s *SQL) ListAPIKeys(ctx context.Context) ([]APIKey, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+keyCols+` FROM api_keys ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []APIKey
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RevokeAPIKey revokes a key; a revoked key stays for the audit trail.
func (s *SQL) RevokeAPIKey(ctx context.Context, id string, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, nanos(at), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// AppendAudit appends an audit record.
func (s *SQL) AppendAudit(ctx context.Context, e AuditEntry) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO audit_log (at, request_id, subject, action, resource, outcome, status, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, nanos(e.At), e.RequestID, e.Subject, e.Action, e.Resource, e.Outcome, e.Status, e.Detail)
	return err
}

// ListAudit pages the audit log in order.
func (s *SQL) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	q := `SELECT seq, at, request_id, subject, action, resource, outcome, status, detail FROM audit_log WHERE seq > $1`
	args := []any{f.AfterSeq}
	add := func(cond string, v any) {
		args = append(args, v)
		q += " AND " + strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args)))
	}
	if f.Subject != "" {
		add("subject = ?", f.Subject)
	}
	if f.ActionPrefix != "" {
		// a prefix match without LIKE's wildcards: the first n characters
		add(fmt.Sprintf("substr(action, 1, %d) = ?", len([]rune(f.ActionPrefix))), f.ActionPrefix)
	}
	if f.Outcome != "" {
		add("outcome = ?", f.Outcome)
	}
	if !f.From.IsZero() {
		add("at >= ?", nanos(f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", nanos(f.To))
	}
	args = append(args, f.Limit)
	q += fmt.Sprintf(" ORDER BY seq LIMIT $%d", len(args))
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		if err := rows.Scan(&e.Seq, &at, &e.RequestID, &e.Subject, &e.Action, &e.Resource, &e.Outcome, &e.Status, &e.Detail); err != nil {
			return nil, err
		}
		e.At = fromNanos(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
