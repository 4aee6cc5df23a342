package cmd_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"

	"github.com/corridor-chain/corridor/chain/cmd/corridord/cmd"
)

// Defect (issue 17): every CLI run left a corridord* directory in the
// system temp directory (the throwaway app's home was removed before the
// app wrote into it). A run must leave the temp directory as it found it.
func TestCLIRunLeavesNoTempDir(t *testing.T) {
	home, tmp := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, args := range [][]string{{"version"}, {"keys", "list", "--keyring-backend", "test"}, {"tx", "finance", "--help"}} {
		root := cmd.NewRootCmd()
		root.SetArgs(append(args, "--home", home))
		root.SetOut(new(nopWriter))
		require.NoError(t, svrcmd.Execute(root, "CORRIDOR", home), "%v", args)
	}
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	var names []string
	for _, e := range left {
		names = append(names, e.Name())
	}
	require.Empty(t, names, "a CLI run left these in the temp directory")
}

type nopWriter struct{}

func (*nopWriter) Write(p []byte) (int, error) { return len(p), nil }
