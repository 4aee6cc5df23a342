// Package apikey makes and checks the gateway's API keys. A key is
// "cgw_<id>_<secret>": the id (public) names it in listings and audit
// records, the secret is 32 random bytes. Only the SHA-256 of the whole
// key is stored: with 256 bits of entropy a fast hash cannot be brute
// forced, and a stolen database yields no usable key.
package apikey

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
)

const prefix = "cgw_"

// ErrMalformed is a string that is not an API key.
var ErrMalformed = errors.New("malformed API key")

// Generate makes a new key; the caller shows key once and stores hash.
func Generate() (id, key, hash string, err error) {
	var idb [6]byte
	var secret [32]byte
	if _, err = rand.Read(idb[:]); err != nil {
		return
	}
	if _, err = rand.Read(secret[:]); err != nil {
		return
	}
	id = hex.EncodeToString(idb[:])
	key = prefix + id + "_" + base64.RawURLEncoding.EncodeToString(secret[:])
	return id, key, Hash(key), nil
}

// Parse checks a key's shape and returns its id.
func Parse(key string) (string, error) {
	rest, ok := strings.CutPrefix(key, prefix)
	if !ok || len(key) > 128 {
		return "", ErrMalformed
	}
	id, secret, ok := strings.Cut(rest, "_")
	if !ok || len(id) != 12 || len(secret) != 43 {
		return "", ErrMalformed
	}
	return id, nil
}

// Hash is the stored form of a key.
func Hash(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}
