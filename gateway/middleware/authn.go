package middleware

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/corridor-chain/corridor/gateway/apikey"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/problem"
	"github.com/corridor-chain/corridor/gateway/store"
)

// KeyLookup finds a stored key by the hash of its secret.
type KeyLookup interface {
	APIKeyByHash(ctx context.Context, hash string) (store.APIKey, error)
}

// Keys resolves API keys to principals. Verified keys are cached for ttl
// (so a revocation takes effect within ttl on every replica); unknown and
// revoked keys are never cached.
type Keys struct {
	store KeyLookup
	ttl   time.Duration
	cache *expirable.LRU[string, policy.Principal]
}

// NewKeys builds the resolver.
func NewKeys(store KeyLookup, ttl time.Duration) *Keys {
	return &Keys{store: store, ttl: ttl, cache: expirable.NewLRU[string, policy.Principal](16_384, nil, ttl)}
}

// Authn authenticates "Authorization: Bearer <api key>" against the store.
func (k *Keys) Authn(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := k.bearer(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="corridor-gateway"`)
			Audit(r.Context()).Action = "authenticate"
			Fail(w, r, err)
			return
		}
		reqInfo(r.Context()).subject = p.Subject
		next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p)))
	})
}

// Authn is NewKeys(keys, ttl).Authn.
func Authn(keys KeyLookup, ttl time.Duration) func(http.Handler) http.Handler {
	return NewKeys(keys, ttl).Authn
}

// FromContext authenticates a request whose principal an outer layer (the
// console's session) already put in its context: for in-process clients
// of the API only, never for a listener.
func FromContext(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := Principal(r.Context())
		if !ok {
			Audit(r.Context()).Action = "authenticate"
			Fail(w, r, problem.Unauthorized.New("sign in first"))
			return
		}
		reqInfo(r.Context()).subject = p.Subject
		next.ServeHTTP(w, r)
	})
}

func (k *Keys) bearer(r *http.Request) (policy.Principal, error) {
	key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return policy.Principal{}, problem.Unauthorized.New("send an API key as Authorization: Bearer <key>")
	}
	return k.Key(r.Context(), key)
}

// Key authenticates an API key's secret.
func (k *Keys) Key(ctx context.Context, key string) (policy.Principal, error) {
	if _, err := apikey.Parse(key); err != nil {
		return policy.Principal{}, problem.Unauthorized.New("the API key is malformed")
	}
	return k.Hash(ctx, apikey.Hash(key))
}

// Hash authenticates the hash of an API key (a console session keeps the
// hash, so that revoking the key ends its sessions too).
func (k *Keys) Hash(ctx context.Context, hash string) (policy.Principal, error) {
	if k.ttl > 0 {
		if p, ok := k.cache.Get(hash); ok {
			return p, nil
		}
	}
	rec, err := k.store.APIKeyByHash(ctx, hash)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return policy.Principal{}, problem.Unauthorized.New("unknown API key")
	case err != nil:
		return policy.Principal{}, problem.Unavailable.New("the key store is unavailable")
	case rec.RevokedAt != nil:
		return policy.Principal{}, problem.Unauthorized.New("the API key was revoked")
	}
	p := policy.Principal{Subject: rec.Subject, Role: rec.Role, Jurisdiction: rec.Jurisdiction, Address: rec.Address}
	if k.ttl > 0 {
		k.cache.Add(hash, p)
	}
	return p, nil
}
