package chain_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/chain"
)

// Defect 9: the SDK's raw log, with module-cache paths and gas figures,
// reached the officer. What a user sees is the module's error and one line.
func TestCleanLog(t *testing.T) {
	for in, want := range map[string]string{
		"failed to execute message; message index: 0: lot 1 CUSTOMS_EXPORT already ACCEPTED: attestation already recorded [/root/go/pkg/mod/cosmossdk.io/errors@v1.1.0/errors.go:165] with gas used: '51234'":                           "lot 1 CUSTOMS_EXPORT already ACCEPTED: attestation already recorded",
		"rpc error: code = Unknown desc = failed to execute message; message index: 0: lot 9: lot not found [cosmossdk.io/errors@v1.1.0/errors.go:165] With gas wanted: '18446744073709551615' and gas used: '43210' : unknown request": "lot 9: lot not found",
		"out of gas in location: ReadFlat; gasWanted: 10, gasUsed: 1000: out of gas": "out of gas in location: ReadFlat; gasWanted: 10, gasUsed: 1000: out of gas",
		"": "no reason given",
	} {
		require.Equal(t, want, chain.CleanLog(in))
	}
}

func TestRefusalIsRejected(t *testing.T) {
	var err error = &chain.Refusal{Codespace: "tokenize", Code: 16, Reason: "attestation already recorded"}
	require.ErrorIs(t, err, chain.ErrRejected)
	require.Equal(t, "the chain refused the transaction (tokenize error 16): attestation already recorded", err.Error())
	var ref *chain.Refusal
	require.True(t, errors.As(err, &ref))
}
