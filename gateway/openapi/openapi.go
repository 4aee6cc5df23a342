// Package openapi serves the gateway's OpenAPI 3 document, which the
// handler tests validate every response against.
package openapi

import (
	_ "embed"
	"net/http"
)

//go:embed openapi.json
var document []byte

// Document is the OpenAPI document.
func Document() []byte { return document }

// Serve answers GET /openapi.json.
func Serve(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(document)
}
