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
	infoKey ctxKey = iota
	clientIPKey
	principalKey
	auditKey
)

// info is what the outer middleware (log, audit) learn from the inner
// ones: RequestIDs puts it in the context, Authn fills in the subject.
type info struct {
	id, subject string
}

func reqInfo(ctx context.Context) *info {
	if i, ok := ctx.Value(infoKey).(*info); ok {
		return i
	}
	return &info{}
}

// RequestID is the request's id ("" outside a request).
func RequestID(ctx context.Context) string { return reqInfo(ctx).id }

// Subject is the authenticated subject, as far as the request got ("" if
// it was not authenticated); the log and audit middleware read it.
func Subject(ctx context.Context) string { return reqInfo(ctx).subject }

// SetSubject names the request's subject for its log line and audit
// records (an authentication outside Authn: the console's session).
func SetSubject(ctx context.Context, subject string) { reqInfo(ctx).subject = subject }

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
