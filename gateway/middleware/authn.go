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

// Authn authenticates "Authorization: Bearer <api key>" against the store.
// Verified keys are cached for ttl (so a revocation takes effect within
// ttl on every replica); unknown and revoked keys are never cached.
func Authn(keys KeyLookup, ttl time.Duration) func(http.Handler) http.Handler {
	cache := expirable.NewLRU[string, policy.Principal](16_384, nil, ttl)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, err := authenticate(r, keys, cache, ttl)
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
}

func authenticate(r *http.Request, keys KeyLookup, cache *expirable.LRU[string, policy.Principal], ttl time.Duration) (policy.Principal, error) {
	h := r.Header.Get("Authorization")
	key, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return policy.Principal{}, problem.Unauthorized.New("send an API key as Authorization: Bearer <key>")
	}
	if _, err := apikey.Parse(key); err != nil {
		return policy.Principal{}, problem.Unauthorized.New("the API key is malformed")
	}
	hash := apikey.Hash(key)
	if ttl > 0 {
		if p, ok := cache.Get(hash); ok {
			return p, nil
		}
	}
	k, err := keys.APIKeyByHash(r.Context(), hash)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return policy.Principal{}, problem.Unauthorized.New("unknown API key")
	case err != nil:
		return policy.Principal{}, problem.Unavailable.New("the key store is unavailable")
	case k.RevokedAt != nil:
		return policy.Principal{}, problem.Unauthorized.New("the API key was revoked")
	}
	p := policy.Principal{Subject: k.Subject, Role: k.Role, Jurisdiction: k.Jurisdiction, Address: k.Address}
	if ttl > 0 {
		cache.Add(hash, p)
	}
	return p, nil
}
