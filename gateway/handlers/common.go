// Package handlers holds the gateway's resources, one per file, each a
// struct with its dependencies and a Routes method.
package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/corridor-chain/corridor/gateway/chain"
	"github.com/corridor-chain/corridor/gateway/declaration"
	mw "github.com/corridor-chain/corridor/gateway/middleware"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/problem"
	"github.com/corridor-chain/corridor/gateway/store"
)

// writeJSON sends v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// readBody reads the whole (size-limited) body: too large is 413.
func readBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(r.Body)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, problem.TooLarge.New(fmt.Sprintf("the body exceeds %d bytes", tooLarge.Limit))
	}
	if err != nil {
		return nil, problem.BadRequest.New("the body could not be read")
	}
	return b, nil
}

// decodeStrict decodes one JSON object with no unknown fields.
func decodeStrict(body []byte, v any) error {
	if err := declaration.DecodeStrict(body, v); err != nil {
		return problem.BadRequest.New("malformed JSON: " + strings.TrimPrefix(err.Error(), declaration.ErrMalformed.Error()+": "))
	}
	return nil
}

// authorize asks the policy and records what was asked for the audit log.
func authorize(r *http.Request, az policy.Authorizer, action, resource string, pairs map[string][][2]string) error {
	a := mw.Audit(r.Context())
	a.Action, a.Resource = action, resource
	p, ok := mw.Principal(r.Context())
	if !ok {
		return problem.Unauthorized.New("no authenticated subject")
	}
	if err := az.Authorize(r.Context(), policy.Request{Principal: p, Action: action, Resource: resource, Pairs: pairs}); err != nil {
		a.Detail = err.Error()
		return problem.Forbidden.New(fmt.Sprintf("%s may not %s %s", p.Subject, action, resource))
	}
	return nil
}

// chainProblem maps a chain error: unavailable is 503, a refusal 422.
func chainProblem(err error) error {
	switch {
	case errors.Is(err, chain.ErrUnavailable):
		return problem.Unavailable.New("the corridor chain is not answering; nothing was changed, retry later")
	}
	var ref *chain.Refusal
	if errors.As(err, &ref) {
		pr := problem.ChainRefused.New(ref.Error())
		if ref.Codespace != "" {
			pr.Extra = map[string]any{"codespace": ref.Codespace, "code": ref.Code}
		}
		return pr
	}
	if errors.Is(err, chain.ErrRejected) {
		return problem.ChainRefused.New(err.Error())
	}
	return err
}

// storeProblem maps a store error that is not a not-found or conflict;
// the error itself goes to the log, not to the client. nil stays nil.
func storeProblem(err error) error {
	if err == nil {
		return nil
	}
	return &storeError{err}
}

type storeError struct{ err error }

func (e *storeError) Error() string { return "store: " + e.err.Error() }
func (e *storeError) Unwrap() error { return e.err }

// asProblem is what the client sees of an error.
func asProblem(err error) error {
	var se *storeError
	if errors.As(err, &se) {
		return problem.Unavailable.New("the declaration store is not answering; retry later")
	}
	return err
}

// fail writes err as a problem; errors the client must not see are logged
// with the request id and answered generically.
func fail(log *slog.Logger, w http.ResponseWriter, r *http.Request, err error) {
	var p *problem.Problem
	if !errors.As(err, &p) {
		log.Error("request failed", "request_id", mw.RequestID(r.Context()), "error", err)
	}
	mw.Fail(w, r, asProblem(err))
}

// declarationPairs are the facts the policies' conditions read about a
// declaration and the subject asking.
func declarationPairs(p policy.Principal, d store.Declaration) map[string][][2]string {
	return map[string][][2]string{
		"jurisdiction": {{p.Jurisdiction, d.Jurisdiction}},
		"owner":        {{p.Subject, d.Owner}},
	}
}

// mayRead asks the read policy about one declaration: the one rule behind a
// single read, every item of a list and every declaration a lot view links.
func mayRead(ctx context.Context, az policy.Authorizer, p policy.Principal, d store.Declaration) bool {
	return az.Authorize(ctx, policy.Request{Principal: p, Action: policy.ActionRead,
		Resource: policy.DeclarationResource(d.Jurisdiction, d.ID), Pairs: declarationPairs(p, d)}) == nil
}

// mayReadFinancingOf asks the financing-read policy about the gateway's
// declaration of jurisdiction and number (none in the store: no).
func mayReadFinancingOf(r *http.Request, st store.Store, az policy.Authorizer, jurisdiction, number string) bool {
	ds, err := st.ListDeclarations(r.Context(), store.Filter{Jurisdiction: jurisdiction, Number: number, Limit: 1})
	if err != nil || len(ds) == 0 {
		return false
	}
	p, _ := mw.Principal(r.Context())
	d := ds[0]
	return az.Authorize(r.Context(), policy.Request{Principal: p, Action: policy.ActionFinancingRead,
		Resource: policy.DeclarationResource(d.Jurisdiction, d.ID), Pairs: declarationPairs(p, d)}) == nil
}
