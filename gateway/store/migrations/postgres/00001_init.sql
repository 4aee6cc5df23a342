-- +goose Up
CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  hash         TEXT NOT NULL UNIQUE,
  subject      TEXT NOT NULL,
  role         TEXT NOT NULL,
  jurisdiction TEXT NOT NULL,
  address      TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  revoked_at   BIGINT
);

CREATE TABLE declarations (
  seq                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                   TEXT NOT NULL UNIQUE,
  jurisdiction         TEXT NOT NULL,
  number               TEXT NOT NULL,
  direction            TEXT NOT NULL,
  owner                TEXT NOT NULL,
  exporter_address     TEXT NOT NULL,
  sha256               TEXT NOT NULL,
  document             TEXT NOT NULL,
  status               TEXT NOT NULL,
  filed_at             BIGINT NOT NULL,
  decision_state       TEXT NOT NULL,
  decision_key         TEXT NOT NULL,
  decision_request     TEXT NOT NULL,
  decision_subject     TEXT NOT NULL,
  decision_lease_until BIGINT NOT NULL,
  decision_tx_hash     TEXT NOT NULL,
  decision_tx          BYTEA,
  decision_response    TEXT NOT NULL,
  decided_at           BIGINT NOT NULL,
  UNIQUE (jurisdiction, number)
);
CREATE INDEX declarations_owner ON declarations (owner, seq);
CREATE INDEX declarations_jurisdiction ON declarations (jurisdiction, seq);

CREATE TABLE declaration_lots (
  declaration_id TEXT NOT NULL REFERENCES declarations (id),
  lot_id         BIGINT NOT NULL,
  PRIMARY KEY (lot_id, declaration_id)
);

CREATE TABLE audit_log (
  seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         BIGINT NOT NULL,
  request_id TEXT NOT NULL,
  subject    TEXT NOT NULL,
  action     TEXT NOT NULL,
  resource   TEXT NOT NULL,
  outcome    TEXT NOT NULL,
  status     INTEGER NOT NULL,
  detail     TEXT NOT NULL
);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE declaration_lots;
DROP TABLE declarations;
DROP TABLE api_keys;
