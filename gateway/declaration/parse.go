package declaration

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
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
// same bytes must not see two documents), field names exactly as defined
// (Go's decoder would match "LOTS" to lots and let the last one win), no
// unknown fields, nesting at most MaxDepth; then the document rules
// (Validate). What is validated is what is stored: the canonical form is
// read back with the same reader and must give the same declaration, or the
// document is refused (one reading, whoever reads it).
func Parse(raw []byte) (Parsed, error) {
	d, err := decode(raw)
	if err != nil {
		return Parsed{}, err
	}
	if err := d.Validate(); err != nil {
		return Parsed{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	canon, err := Canonical(raw)
	if err != nil {
		return Parsed{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	again, err := decode(canon)
	if err != nil || !reflect.DeepEqual(again, d) {
		return Parsed{}, fmt.Errorf("%w: the document reads differently in its canonical form (RFC 8785): whole numbers must be below 2^53", ErrMalformed)
	}
	return Parsed{Declaration: d, Canonical: canon, SHA256: Hash(canon)}, nil
}

// Decode reads stored canonical bytes with the reader that accepted them
// (the declaration was validated when it was filed).
func Decode(canonical []byte) (Declaration, error) { return decode(canonical) }

// decode is the strict reading.
func decode(raw []byte) (Declaration, error) {
	var d Declaration
	err := DecodeStrict(raw, &d)
	return d, err
}

// DecodeStrict reads one JSON object into v (a pointer to a struct) the way
// declarations are read: valid UTF-8, exact field names, no duplicate or
// unknown keys, bounded nesting, nothing after it. Every JSON body the
// gateway acts on is read by it, so that no two readers see two documents.
func DecodeStrict(raw []byte, v any) error {
	if !utf8.Valid(raw) {
		return fmt.Errorf("%w: not valid UTF-8", ErrMalformed)
	}
	if err := checkStructure(raw, reflect.TypeOf(v).Elem()); err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, DecodeError(err))
	}
	return nil
}

// amountFields are the goods line fields that hold amounts.
var amountFields = map[string]bool{"quantity": true, "value": true, "net_weight_kg": true, "gross_weight_kg": true}

// DecodeError rewrites an encoding/json error as the field and the rule a
// sender broke, without the decoder's Go type names.
func DecodeError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "the document"
		}
		last := field[strings.LastIndex(field, ".")+1:]
		if amountFields[last] {
			return fmt.Errorf("%s: amounts are strings of decimal digits, e.g. \"5000000\", not a JSON %s", field, te.Value)
		}
		return fmt.Errorf("%s: expected %s, got a JSON %s", field, jsonKind(te.Type), te.Value)
	case errors.As(err, &se):
		return fmt.Errorf("invalid JSON at byte %d", se.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return errors.New("the JSON text ends too early")
	}
	if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
		return fmt.Errorf("unknown field %s", strings.TrimPrefix(msg, "json: unknown field "))
	}
	return errors.New("not a declaration document")
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint32, reflect.Uint64:
		return "a whole number from 0"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another JSON type"
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
// duplicate key in any object, every key of an object the declaration
// defines exactly as defined, depth at most MaxDepth, nothing after it.
func checkStructure(raw []byte, t reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return DecodeError(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errors.New("the document must be a JSON object")
	}
	if err := walkObject(dec, 1, t, ""); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the declaration object")
	}
	return nil
}

// jsonFields maps the JSON names of a struct's fields to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = f.Type
		}
	}
	return out
}

// walkObject checks one object; t is the struct it decodes into (nil where
// the declaration defines no struct, e.g. inside a value of the wrong type,
// which the decoder then refuses).
func walkObject(dec *json.Decoder, depth int, t reflect.Type, path string) error {
	if depth > MaxDepth {
		return fmt.Errorf("nesting deeper than %d", MaxDepth)
	}
	if t == nil || t.Kind() != reflect.Struct {
		// only structs are objects here: refuse at once (the decoder would),
		// before reading any key
		field := strings.TrimSuffix(path, ".")
		if field == "" {
			field = "the document"
		}
		if t == nil {
			return fmt.Errorf("%s: not an object", clip(field))
		}
		return fmt.Errorf("%s: expected %s, got a JSON object", clip(field), jsonKind(t))
	}
	fields := jsonFields(t)
	seen := map[string]string{} // lower-cased key -> key: one lookup per key
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return DecodeError(err)
		}
		key := tok.(string) // the decoder only yields string keys inside an object
		if prev, ok := seen[strings.ToLower(key)]; ok {
			if prev == key {
				return fmt.Errorf("duplicate key %q", clip(path+key))
			}
			return fmt.Errorf("keys %q and %q differ only in case", clip(path+prev), clip(path+key))
		}
		seen[strings.ToLower(key)] = key
		ft, ok := fields[key]
		if !ok {
			for name := range fields {
				if strings.EqualFold(name, key) {
					return fmt.Errorf("unknown field %q: field names are case-sensitive, this one is %q", clip(path+key), path+name)
				}
			}
			return fmt.Errorf("unknown field %q", clip(path+key))
		}
		if err := walkValue(dec, depth, ft, path+key); err != nil {
			return err
		}
	}
	_, err := dec.Token() // '}'
	return err
}

func walkValue(dec *json.Decoder, depth int, t reflect.Type, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return DecodeError(err)
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch d {
	case '{':
		return walkObject(dec, depth+1, t, path+".")
	case '[':
		if depth+1 > MaxDepth {
			return fmt.Errorf("nesting deeper than %d", MaxDepth)
		}
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; dec.More(); i++ {
			if err := walkValue(dec, depth+1, elem, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		_, err := dec.Token() // ']'
		return err
	}
	return fmt.Errorf("unexpected %v", d)
}
