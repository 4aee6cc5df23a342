// Package problem writes errors as RFC 9457 application/problem+json. Every
// error the gateway returns is a *Problem with a stable type URI, so
// clients branch on type, not on message text.
package problem

import (
	"encoding/json"
	"errors"
	"net/http"
)

// ContentType is the media type of a problem document.
const ContentType = "application/problem+json"

// TypeBase prefixes every problem type.
const TypeBase = "https://corridor.example/problems/"

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
	// RequestID ties the problem to the logs and the audit record.
	RequestID string `json:"request_id,omitempty"`
	// Errors lists field-level problems of a 422.
	Errors []string `json:"errors,omitempty"`
	// Extra is merged into the document (e.g. a failed verify report).
	Extra map[string]any `json:"-"`
}

func (p *Problem) Error() string { return p.Title + ": " + p.Detail }

// Kinds of problem, one per status the gateway uses.
var (
	BadRequest        = kind(http.StatusBadRequest, "bad-request", "Bad request")
	Unauthorized      = kind(http.StatusUnauthorized, "unauthorized", "Authentication required")
	Forbidden         = kind(http.StatusForbidden, "forbidden", "Access denied")
	NotFound          = kind(http.StatusNotFound, "not-found", "Not found")
	MethodNotAllowed  = kind(http.StatusMethodNotAllowed, "method-not-allowed", "Method not allowed")
	Conflict          = kind(http.StatusConflict, "conflict", "Conflict")
	TooLarge          = kind(http.StatusRequestEntityTooLarge, "too-large", "Request body too large")
	UnsupportedMedia  = kind(http.StatusUnsupportedMediaType, "unsupported-media-type", "Unsupported media type")
	Unprocessable     = kind(http.StatusUnprocessableEntity, "unprocessable", "Unprocessable request")
	TooManyRequests   = kind(http.StatusTooManyRequests, "too-many-requests", "Too many requests")
	Internal          = kind(http.StatusInternalServerError, "internal", "Internal error")
	Unavailable       = kind(http.StatusServiceUnavailable, "unavailable", "Service unavailable")
	IdempotencyReused = kind(http.StatusUnprocessableEntity, "idempotency-key-reused", "Idempotency-Key reused with another request")
	VerifyFailed      = kind(http.StatusUnprocessableEntity, "verification-failed", "Declaration failed verification")
	InProgress        = kind(http.StatusConflict, "in-progress", "Request in progress")
	ChainRefused      = kind(http.StatusUnprocessableEntity, "chain-refused", "Refused by the corridor chain")
)

// Kind makes problems of one type.
type Kind struct {
	status      int
	slug, title string
}

func kind(status int, slug, title string) Kind { return Kind{status, slug, title} }

// New is a problem of this kind with a detail.
func (k Kind) New(detail string) *Problem {
	return &Problem{Type: TypeBase + k.slug, Title: k.title, Status: k.status, Detail: detail}
}

// Is reports whether err is a problem of this kind.
func (k Kind) Is(err error) bool {
	var p *Problem
	return errors.As(err, &p) && p.Type == TypeBase+k.slug
}

// Write sends a problem; a non-problem error becomes a 500 whose detail
// does not leak the error text.
func Write(w http.ResponseWriter, r *http.Request, requestID string, err error) {
	var p *Problem
	if !errors.As(err, &p) {
		p = Internal.New("the gateway failed to handle the request; the request id is in the logs")
	}
	out := *p
	out.Instance, out.RequestID = r.URL.Path, requestID
	body := map[string]any{}
	for k, v := range out.Extra {
		body[k] = v
	}
	b, _ := json.Marshal(out)
	_ = json.Unmarshal(b, &body)
	w.Header().Set("Content-Type", ContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(out.Status)
	_ = json.NewEncoder(w).Encode(body)
}
