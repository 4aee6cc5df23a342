package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

const declCols = `seq, id, jurisdiction, number, direction, owner, trader_address, sha256, document, status, filed_at,
	decision_state, decision_key, decision_request, decision_subject, decision_lease_until, decision_tx_hash,
	decision_tx, decision_response, decided_at, decision_body`

// CreateDeclaration stores a declaration and its lot links in one
// transaction.
func (s *SQL) CreateDeclaration(ctx context.Context, d Declaration) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	_, err = tx.ExecContext(ctx, `INSERT INTO declarations (id, jurisdiction, number, direction, owner, trader_address,
		sha256, document, status, filed_at, decision_state, decision_key, decision_request, decision_subject,
		decision_lease_until, decision_tx_hash, decision_response, decided_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', '', '', 0, '', '', 0)`,
		d.ID, d.Jurisdiction, d.Number, d.Direction, d.Owner, d.TraderAddress, d.SHA256, string(d.Document),
		StatusFiled, nanos(d.FiledAt), DecisionNone)
	if unique(err) {
		return ErrConflict
	}
	if err != nil {
		return err
	}
	for _, lot := range d.Lots {
		if _, err := tx.ExecContext(ctx, `INSERT INTO declaration_lots (declaration_id, lot_id) VALUES ($1, $2)`, d.ID, int64(lot)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func scanDecl(row interface{ Scan(...any) error }) (Declaration, error) {
	var d Declaration
	var doc, resp string
	var filed, lease, decided int64
	err := row.Scan(&d.Seq, &d.ID, &d.Jurisdiction, &d.Number, &d.Direction, &d.Owner, &d.TraderAddress, &d.SHA256,
		&doc, &d.Status, &filed, &d.Decision.State, &d.Decision.Key, &d.Decision.Request, &d.Decision.Subject, &lease,
		&d.Decision.TxHash, &d.Decision.Tx, &resp, &decided, &d.Decision.Body)
	d.Document, d.Decision.Response = []byte(doc), []byte(resp)
	d.FiledAt, d.Decision.LeaseUntil, d.Decision.DecidedAt = fromNanos(filed), fromNanos(lease), fromNanos(decided)
	return d, err
}

// GetDeclaration reads one declaration with its lots.
func (s *SQL) GetDeclaration(ctx context.Context, id string) (Declaration, error) {
	d, err := scanDecl(s.getDecl.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	if err != nil {
		return d, err
	}
	d.Lots, err = s.lots(ctx, id)
	return d, err
}

func (s *SQL) lots(ctx context.Context, id string) ([]uint64, error) {
	rows, err := s.getLots.QueryContext(ctx, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []uint64
	for rows.Next() {
		var l int64
		if err := rows.Scan(&l); err != nil {
			return nil, err
		}
		out = append(out, uint64(l))
	}
	return out, rows.Err()
}

// ListDeclarations pages declarations in filing order (keyset on seq).
func (s *SQL) ListDeclarations(ctx context.Context, f Filter) ([]Declaration, error) {
	where := []string{"seq > $1"}
	args := []any{f.AfterSeq}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Jurisdiction != "" {
		add("jurisdiction = $%d", f.Jurisdiction)
	}
	if f.Owner != "" {
		add("owner = $%d", f.Owner)
	}
	if f.Status != "" {
		add("status = $%d", f.Status)
	}
	if f.Number != "" {
		add("number = $%d", f.Number)
	}
	if f.LotID != 0 {
		add("id IN (SELECT declaration_id FROM declaration_lots WHERE lot_id = $%d)", int64(f.LotID))
	}
	args = append(args, f.Limit)
	q := fmt.Sprintf(`SELECT %s FROM declarations WHERE %s ORDER BY seq LIMIT $%d`, declCols, strings.Join(where, " AND "), len(args))
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []Declaration
	for rows.Next() {
		d, err := scanDecl(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Lots, err = s.lots(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ClaimDecision: one conditional UPDATE, so that of two replicas (or two
// retries) racing for the same declaration exactly one wins.
func (s *SQL) ClaimDecision(ctx context.Context, id string, c Claim) (Declaration, bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE declarations SET decision_state = $1, decision_key = $2, decision_request = $3,
		decision_subject = $4, decision_lease_until = $5, decision_body = $9
		WHERE id = $6 AND (decision_state = $7 OR (decision_state = $1 AND decision_lease_until < $8
			AND ((decision_key = $2 AND decision_request = $3) OR decision_tx_hash = '')))`,
		DecisionPending, c.Key, c.Request, c.Subject, nanos(c.LeaseUntil), id, DecisionNone, nanos(c.Now), string(c.Body))
	return s.claimed(ctx, id, res, err)
}

// claimed reports whether a conditional UPDATE took the claim, with the
// declaration as it now is either way.
func (s *SQL) claimed(ctx context.Context, id string, res sql.Result, err error) (Declaration, bool, error) {
	if err != nil {
		return Declaration{}, false, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return Declaration{}, false, err
	}
	d, err := s.GetDeclaration(ctx, id)
	return d, n == 1, err
}

// TakeOverDecision renews the lease of a signed claim whose lease ran out,
// for any caller to complete it; the claim keeps its key and request.
func (s *SQL) TakeOverDecision(ctx context.Context, id string, now, leaseUntil time.Time) (Declaration, bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE declarations SET decision_lease_until = $1
		WHERE id = $2 AND decision_state = $3 AND decision_lease_until < $4 AND decision_tx_hash <> ''`,
		nanos(leaseUntil), id, DecisionPending, nanos(now))
	return s.claimed(ctx, id, res, err)
}

// StaleDecisions lists up to limit pending claims whose lease ran out.
func (s *SQL) StaleDecisions(ctx context.Context, now time.Time, limit int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM declarations WHERE decision_state = $1 AND decision_lease_until < $2
		ORDER BY decision_lease_until LIMIT $3`, DecisionPending, nanos(now), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// RecordDecisionTx keeps the signed transaction of a held claim.
func (s *SQL) RecordDecisionTx(ctx context.Context, id, key, txHash string, tx []byte) error {
	return s.held(s.db.ExecContext(ctx, `UPDATE declarations SET decision_tx_hash = $1, decision_tx = $2
		WHERE id = $3 AND decision_key = $4 AND decision_state = $5`, txHash, tx, id, key, DecisionPending))
}

// FinishDecision records the outcome of a held claim.
func (s *SQL) FinishDecision(ctx context.Context, id, key, status string, response []byte, at time.Time) error {
	return s.held(s.db.ExecContext(ctx, `UPDATE declarations SET status = $1, decision_state = $2, decision_response = $3, decided_at = $4
		WHERE id = $5 AND decision_key = $6 AND decision_state = $7`, status, DecisionDone, string(response), nanos(at), id, key, DecisionPending))
}

// ReleaseDecision gives a held claim back.
func (s *SQL) ReleaseDecision(ctx context.Context, id, key string) error {
	return s.held(s.db.ExecContext(ctx, `UPDATE declarations SET decision_state = $1, decision_key = '', decision_request = '',
		decision_subject = '', decision_lease_until = 0, decision_tx_hash = '', decision_tx = NULL, decision_body = ''
		WHERE id = $2 AND decision_key = $3 AND decision_state = $4`, DecisionNone, id, key, DecisionPending))
}

// EndLease lets the same key's retry resume a held claim at once.
func (s *SQL) EndLease(ctx context.Context, id, key string) error {
	return s.held(s.db.ExecContext(ctx, `UPDATE declarations SET decision_lease_until = 0
		WHERE id = $1 AND decision_key = $2 AND decision_state = $3`, id, key, DecisionPending))
}

// held turns "no row matched" into ErrConflict: the claim was lost.
func (s *SQL) held(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrConflict
	}
	return nil
}
