package cmd_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/chain/cmd/corridord/cmd"
)

// ourModules are the modules whose commands this repository writes.
var ourModules = []string{"tokenize", "settlement", "consortium", "finance"}

// TestEveryExampleParses runs every Example line of every tx and query
// command of our modules, placeholders replaced by real values: a tx in
// --generate-only mode must build its transaction; a query must get as far
// as dialling the (absent) node.
func TestEveryExampleParses(t *testing.T) {
	root := cmd.NewRootCmd()
	for _, group := range []string{"tx", "query"} {
		for _, mod := range ourModules {
			modCmd, _, err := root.Find([]string{group, mod})
			require.NoError(t, err)
			for _, c := range modCmd.Commands() {
				if c.Hidden || c.Name() == "help" {
					continue
				}
				t.Run(group+"/"+mod+"/"+c.Name(), func(t *testing.T) {
					require.NotEmpty(t, c.Example, "%s %s %s has no example", group, mod, c.Name())
					for _, line := range exampleLines(c.Example) {
						runExample(t, group, line)
					}
				})
			}
		}
	}
}

// exampleLines are the command lines of an Example: lines that start with
// "corridord", continued by a trailing backslash.
func exampleLines(ex string) []string {
	var out []string
	cur := ""
	for _, l := range strings.Split(ex, "\n") {
		l = strings.TrimSpace(l)
		if cur == "" && !strings.HasPrefix(l, "corridord ") {
			continue
		}
		if strings.HasSuffix(l, `\`) {
			cur += strings.TrimSuffix(l, `\`) + " "
			continue
		}
		out = append(out, cur+l)
		cur = ""
	}
	return out
}

var (
	addr1 = sdk.AccAddress([]byte("corridor-example-addr-1")).String()
	addr2 = sdk.AccAddress([]byte("corridor-example-addr-2")).String()
	hex64 = strings.Repeat("ab", 32)
)

// placeholders are what examples write for values a reader fills in.
var placeholders = strings.NewReplacer(
	"corridor1...", addr1, "<exporter>", addr1, "<importer>", addr2, "<address>", addr1,
	"<sha256>", hex64, "<64 hex>", hex64, "<id>", "1",
)

func runExample(t *testing.T, group, line string) {
	t.Helper()
	args, err := splitArgs(placeholders.Replace(line))
	require.NoError(t, err, line)
	require.Equal(t, "corridord", args[0])
	args = args[1:]
	home := t.TempDir()
	if group == "tx" {
		args = replaceFrom(args, addr1)
		args = append(args, "--generate-only", "--chain-id", "corridor-1", "--keyring-backend", "test")
	} else {
		args = append(args, "--node", "tcp://127.0.0.1:1")
	}
	root := cmd.NewRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err = svrcmd.Execute(root, "CORRIDOR", home)
	if group == "query" && err != nil && strings.Contains(err.Error(), "connection refused") {
		return // parsed; only the node is missing
	}
	require.NoError(t, err, "%s\n%s", line, out.String())
	if group == "tx" {
		require.Contains(t, out.String(), `"body"`, "%s: no transaction printed", line)
	}
}

// replaceFrom makes --from an address: --generate-only signs nothing.
func replaceFrom(args []string, addr string) []string {
	for i := range args {
		if args[i] == "--from" && i+1 < len(args) {
			args[i+1] = addr
		}
	}
	return args
}

// splitArgs splits a shell line into words with single and double quotes,
// as bash would for these examples.
func splitArgs(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inWord, quote := false, rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated quote in %q", s)
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out, nil
}

// The default gas of our modules' transactions covers an FX DVP's settling
// fund-leg (about 205,000 gas, over the SDK's 200,000); --gas overrides it.
func TestModuleTxDefaultGas(t *testing.T) {
	gasOf := func(extra ...string) string {
		root := cmd.NewRootCmd()
		var out bytes.Buffer
		root.SetOut(&out)
		root.SetErr(&out)
		root.SetArgs(append([]string{"tx", "settlement", "fund-leg", "1", "1", "--from", addr1, "--generate-only",
			"--chain-id", "corridor-1", "--keyring-backend", "test"}, extra...))
		require.NoError(t, svrcmd.Execute(root, "CORRIDOR", t.TempDir()), out.String())
		var tx struct {
			AuthInfo struct {
				Fee struct {
					GasLimit string `json:"gas_limit"`
				} `json:"fee"`
			} `json:"auth_info"`
		}
		require.NoError(t, json.Unmarshal(out.Bytes(), &tx), out.String())
		return tx.AuthInfo.Fee.GasLimit
	}
	require.Equal(t, strconv.Itoa(cmd.ModuleTxGas), gasOf())
	require.Equal(t, "250000", gasOf("--gas", "250000"))
}
