-- +goose Up
-- the decision request itself, so that any caller can complete a claim
-- whose lease ran out after its transaction was signed
ALTER TABLE declarations ADD COLUMN decision_body TEXT NOT NULL DEFAULT '';
CREATE INDEX declarations_pending ON declarations (decision_state, decision_lease_until);

-- +goose Down
DROP INDEX declarations_pending;
ALTER TABLE declarations DROP COLUMN decision_body;
