// Package middleware holds the gateway's HTTP middleware, one concern per
// file, each a func(http.Handler) http.Handler, and the request-scoped
// values they share through unexported context keys.
package middleware

import (
	"context"
	"net/http"

	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/problem"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	clientIPKey
	principalKey
	auditKey
)

// RequestID is the request's id ("" outside a request).
func RequestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey).(string)
	return s
}

// ClientIP is the client address as derived from trusted proxies.
func ClientIP(ctx context.Context) string {
	s, _ := ctx.Value(clientIPKey).(string)
	return s
}

// Principal is the authenticated subject, if any.
func Principal(ctx context.Context) (policy.Principal, bool) {
	p, ok := ctx.Value(principalKey).(policy.Principal)
	return p, ok
}

// WithPrincipal is for tests and for authn.
func WithPrincipal(ctx context.Context, p policy.Principal) context.Context {
	return context.WithValue(ctx, principalKey, p)
}

// AuditRecord is what a handler tells the audit middleware about a request.
type AuditRecord struct {
	Action, Resource, Detail string
	// Always records the request even when it succeeded (decisions).
	Always bool
	// subject is set by Authn, which runs inside the audit middleware.
	subject string
}

// Audit is the request's audit record, for handlers to fill in; outside
// the audit middleware it is a throwaway.
func Audit(ctx context.Context) *AuditRecord {
	if a, ok := ctx.Value(auditKey).(*AuditRecord); ok {
		return a
	}
	return &AuditRecord{}
}

// Fail writes a problem with the request's id.
func Fail(w http.ResponseWriter, r *http.Request, err error) {
	problem.Write(w, r, RequestID(r.Context()), err)
}
