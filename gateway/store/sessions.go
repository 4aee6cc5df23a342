package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Session is a console sign-in. The store keeps the SHA-256 of its id
// (the cookie's secret) and of the API key that signed in.
type Session struct {
	IDHash    string
	KeyHash   string
	CSRF      string
	Lang      string
	CreatedAt time.Time
	LastSeen  time.Time
	// ExpiresAt is the absolute end, whatever the activity.
	ExpiresAt time.Time
}

// Sessions keeps console sessions.
type Sessions interface {
	CreateSession(ctx context.Context, s Session) error
	GetSession(ctx context.Context, idHash string) (Session, error)
	// TouchSession records activity (the idle clock restarts).
	TouchSession(ctx context.Context, idHash string, at time.Time) error
	SetSessionLang(ctx context.Context, idHash, lang string) error
	DeleteSession(ctx context.Context, idHash string) error
	// DeleteExpiredSessions removes sessions past their absolute end or
	// idle since before idleSince; it returns how many.
	DeleteExpiredSessions(ctx context.Context, now, idleSince time.Time) (int64, error)
}

var _ Sessions = (*SQL)(nil)

// CreateSession stores a session.
func (s *SQL) CreateSession(ctx context.Context, x Session) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO console_sessions (id_hash, key_hash, csrf, lang, created_at, last_seen, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, x.IDHash, x.KeyHash, x.CSRF, x.Lang, nanos(x.CreatedAt), nanos(x.LastSeen), nanos(x.ExpiresAt))
	if unique(err) {
		return ErrConflict
	}
	return err
}

// GetSession reads a session by the hash of its id.
func (s *SQL) GetSession(ctx context.Context, idHash string) (Session, error) {
	var x Session
	var created, seen, expires int64
	err := s.db.QueryRowContext(ctx, `SELECT id_hash, key_hash, csrf, lang, created_at, last_seen, expires_at
		FROM console_sessions WHERE id_hash = $1`, idHash).Scan(&x.IDHash, &x.KeyHash, &x.CSRF, &x.Lang, &created, &seen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return x, ErrNotFound
	}
	x.CreatedAt, x.LastSeen, x.ExpiresAt = fromNanos(created), fromNanos(seen), fromNanos(expires)
	return x, err
}

// TouchSession records activity.
func (s *SQL) TouchSession(ctx context.Context, idHash string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE console_sessions SET last_seen = $1 WHERE id_hash = $2`, nanos(at), idHash)
	return err
}

// SetSessionLang keeps the language chosen.
func (s *SQL) SetSessionLang(ctx context.Context, idHash, lang string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE console_sessions SET lang = $1 WHERE id_hash = $2`, lang, idHash)
	return err
}

// DeleteSession ends a session.
func (s *SQL) DeleteSession(ctx context.Context, idHash string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM console_sessions WHERE id_hash = $1`, idHash)
	return err
}

// DeleteExpiredSessions removes ended sessions.
func (s *SQL) DeleteExpiredSessions(ctx context.Context, now, idleSince time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM console_sessions WHERE expires_at <= $1 OR last_seen < $2`, nanos(now), nanos(idleSince))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
