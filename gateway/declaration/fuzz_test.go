package declaration_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/declaration"
)

// FuzzParse: no input panics the parser; an accepted document's canonical
// form parses again to the same document and hash (what is stored can
// always be verified).
func FuzzParse(f *testing.F) {
	f.Add(sample(f))
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := declaration.Parse(raw)
		if err != nil {
			return
		}
		q, err := declaration.Parse(p.Canonical)
		require.NoError(t, err)
		require.Equal(t, p.SHA256, q.SHA256)
		require.Equal(t, p.Declaration, q.Declaration)
	})
}

// FuzzCanonical: canonicalization is idempotent and its output is valid
// JSON of the same value.
func FuzzCanonical(f *testing.F) {
	f.Add([]byte(`{"b":1,"a":[true,null,"x"]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := declaration.Canonical(raw)
		if err != nil {
			return
		}
		again, err := declaration.Canonical(c)
		require.NoError(t, err)
		require.Equal(t, c, again)
	})
}
