// Package store keeps the gateway's records: API keys (hashed), declarations
// in full with their canonical hash, the decision state that makes a
// decision idempotent across retries and replicas, and the audit log.
//
// One SQL implementation serves both databases (database/sql with
// placeholders $1..$n in order of first use, which SQLite binds by
// position too); the schema is migrated by goose from embedded files, one
// directory per dialect.
package store

import (
	"context"
	"errors"
	"time"
)

// Errors callers branch on.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
)

// Declaration status.
const (
	StatusFiled    = "filed"
	StatusCleared  = "cleared"
	StatusRejected = "rejected"
)

// Decision state: none, pending (claimed by an Idempotency-Key, maybe
// broadcast), done (the response is recorded and replayed).
const (
	DecisionNone    = "none"
	DecisionPending = "pending"
	DecisionDone    = "done"
)

// APIKey is a credential; only the SHA-256 of the secret is stored.
type APIKey struct {
	ID           string
	Hash         string
	Subject      string
	Role         string
	Jurisdiction string
	Address      string
	CreatedAt    time.Time
	RevokedAt    *time.Time
}

// Declaration is a filed declaration with its decision state.
type Declaration struct {
	Seq          int64
	ID           string
	Jurisdiction string
	Number       string
	Direction    string
	Owner        string
	// TraderAddress is the trader's corridor address: the exporter of an
	// export declaration, the consignee of an import one.
	TraderAddress string
	SHA256        string
	Document      []byte
	Status        string
	FiledAt       time.Time
	Lots          []uint64
	Decision      Decision
}

// Decision is the idempotent decision record of a declaration.
type Decision struct {
	State      string
	Key        string
	Request    string // SHA-256 of the decision request body
	Body       []byte // the decision request body
	Subject    string
	LeaseUntil time.Time
	TxHash     string
	Tx         []byte
	Response   []byte
	DecidedAt  time.Time
}

// Filter selects declarations; the zero value selects all.
type Filter struct {
	Jurisdiction string
	Owner        string
	Status       string
	Number       string // exact declaration number
	LotID        uint64
	AfterSeq     int64
	Limit        int
}

// AuditEntry is one audit record.
type AuditEntry struct {
	Seq       int64     `json:"seq"`
	At        time.Time `json:"at"`
	RequestID string    `json:"request_id"`
	Subject   string    `json:"subject"`
	Action    string    `json:"action"`
	Resource  string    `json:"resource"`
	Outcome   string    `json:"outcome"`
	Status    int       `json:"status"`
	Detail    string    `json:"detail"`
}

// AuditFilter selects audit entries after AfterSeq: by exact subject,
// action prefix, outcome, and time [From, To); at most Limit.
type AuditFilter struct {
	AfterSeq     int64
	Limit        int
	Subject      string
	ActionPrefix string
	Outcome      string
	From, To     time.Time
}

// Claim asks for the decision of a declaration under an Idempotency-Key.
type Claim struct {
	Key, Request, Subject string
	Body                  []byte
	Now, LeaseUntil       time.Time
}

// Store is what the gateway keeps.
type Store interface {
	Sessions

	CreateAPIKey(ctx context.Context, k APIKey) error
	APIKeyByHash(ctx context.Context, hash string) (APIKey, error)
	ListAPIKeys(ctx context.Context) ([]APIKey, error)
	RevokeAPIKey(ctx context.Context, id string, at time.Time) error

	// CreateDeclaration fails with ErrConflict when the jurisdiction
	// already has a declaration of that number.
	CreateDeclaration(ctx context.Context, d Declaration) error
	GetDeclaration(ctx context.Context, id string) (Declaration, error)
	ListDeclarations(ctx context.Context, f Filter) ([]Declaration, error)

	// ClaimDecision takes the decision of a declaration for c.Key when no
	// one holds it, or when its lease ran out and either the claim is c.Key's
	// own or it never signed a transaction; it reports whether it did, and
	// returns the declaration as it now is either way.
	ClaimDecision(ctx context.Context, id string, c Claim) (Declaration, bool, error)
	// TakeOverDecision renews, for any caller, the lease of a claim whose
	// lease ran out after it signed a transaction, so that the caller
	// completes it (the claim keeps its key, request and transaction).
	TakeOverDecision(ctx context.Context, id string, now, leaseUntil time.Time) (Declaration, bool, error)
	// StaleDecisions lists pending claims whose lease ran out, oldest first.
	StaleDecisions(ctx context.Context, now time.Time, limit int) ([]string, error)
	// RecordDecisionTx keeps the signed transaction before it is broadcast.
	RecordDecisionTx(ctx context.Context, id, key, txHash string, tx []byte) error
	// FinishDecision records the outcome and the response to replay.
	FinishDecision(ctx context.Context, id, key, status string, response []byte, at time.Time) error
	// ReleaseDecision gives a claim back (nothing reached the chain).
	ReleaseDecision(ctx context.Context, id, key string) error
	// EndLease keeps a claim whose transaction may have reached the chain
	// but lets its retry (the same key) take it over at once.
	EndLease(ctx context.Context, id, key string) error

	AppendAudit(ctx context.Context, e AuditEntry) error
	// ListAudit pages the audit log in order; f's empty fields select all.
	ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error)

	Ping(ctx context.Context) error
	Close() error
}
