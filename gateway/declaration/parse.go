package declaration

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/gowebpki/jcs"
)

// MaxDepth bounds the nesting of a declaration document (it needs 3).
const MaxDepth = 8

// ErrMalformed is a document that is not one well-formed JSON object of
// the declaration's shape; ErrInvalid one that is, but breaks a rule.
var (
	ErrMalformed = errors.New("malformed declaration")
	ErrInvalid   = errors.New("invalid declaration")
)

// Parsed is a declaration as filed: the decoded document, its RFC 8785
// canonical form (what is stored) and the SHA-256 of that form (what is
// anchored on chain), as 64 lower-case hex characters.
type Parsed struct {
	Declaration Declaration
	Canonical   []byte
	SHA256      string
}

// Parse reads one declaration strictly: valid UTF-8, one JSON object, no
// duplicate keys (RFC 8259 leaves them undefined, and two readers of the
// same bytes must not see two documents), no unknown fields, nesting at
// most MaxDepth; then the document rules (Validate).
func Parse(raw []byte) (Parsed, error) {
	d, err := decode(raw)
	if err != nil {
		return Parsed{}, err
	}
	canon, err := Canonical(raw)
	if err != nil {
		return Parsed{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return Parsed{Declaration: d, Canonical: canon, SHA256: Hash(canon)}, nil
}

// decode is the strict reading and the document rules.
func decode(raw []byte) (Declaration, error) {
	var d Declaration
	if !utf8.Valid(raw) {
		return d, fmt.Errorf("%w: not valid UTF-8", ErrMalformed)
	}
	if err := checkStructure(raw); err != nil {
		return d, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return d, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if err := d.Validate(); err != nil {
		return d, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return d, nil
}

// Canonical is the RFC 8785 (JCS) form of a JSON text.
func Canonical(raw []byte) ([]byte, error) {
	return jcs.Transform(raw)
}

// Hash is the hex SHA-256 of canonical bytes.
func Hash(canonical []byte) string {
	h := sha256.Sum256(canonical)
	return hex.EncodeToString(h[:])
}

// checkStructure walks the tokens: exactly one top-level object, no
// duplicate key in any object, depth at most MaxDepth, nothing after it.
func checkStructure(raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errors.New("the document must be a JSON object")
	}
	if err := walkObject(dec, 1); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the declaration object")
	}
	return nil
}

func walkObject(dec *json.Decoder, depth int) error {
	if depth > MaxDepth {
		return fmt.Errorf("nesting deeper than %d", MaxDepth)
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key := tok.(string) // the decoder only yields string keys inside an object
		if seen[key] {
			return fmt.Errorf("duplicate key %q", clip(key))
		}
		seen[key] = true
		if err := walkValue(dec, depth); err != nil {
			return err
		}
	}
	_, err := dec.Token() // '}'
	return err
}

func walkValue(dec *json.Decoder, depth int) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch d {
	case '{':
		return walkObject(dec, depth+1)
	case '[':
		if depth+1 > MaxDepth {
			return fmt.Errorf("nesting deeper than %d", MaxDepth)
		}
		for dec.More() {
			if err := walkValue(dec, depth+1); err != nil {
				return err
			}
		}
		_, err := dec.Token() // ']'
		return err
	}
	return fmt.Errorf("unexpected %v", d)
}
