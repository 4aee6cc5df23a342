-- +goose Up
-- Console sessions: only the SHA-256 of the session id is kept, with the
-- hash of the API key that signed in (revoking the key ends the session).
CREATE TABLE console_sessions (
  id_hash    TEXT PRIMARY KEY,
  key_hash   TEXT NOT NULL,
  csrf       TEXT NOT NULL,
  lang       TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen  BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

-- +goose Down
DROP TABLE console_sessions;
