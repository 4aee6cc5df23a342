package declaration_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/declaration"
)

// FuzzParse: no input panics the parser; for every accepted document, the
// stored canonical bytes read back (by the gateway's reader and by a plain
// encoding/json reader alike) to the declaration that was validated at
// filing, and parse again to the same hash: one reading, whoever reads it.
func FuzzParse(f *testing.F) {
	f.Add(sample(f))
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := declaration.Parse(raw)
		if err != nil {
			return
		}
		stored, err := declaration.Decode(p.Canonical)
		require.NoError(t, err)
		require.Equal(t, p.Declaration, stored)
		var plain declaration.Declaration
		require.NoError(t, json.Unmarshal(p.Canonical, &plain))
		require.Equal(t, p.Declaration, plain)
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
