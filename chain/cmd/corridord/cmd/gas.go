package cmd

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client/flags"
)

// ModuleTxGas is the default gas limit of a transaction of Corridor's own
// modules (tx tokenize|settlement|consortium|finance …) sent without --gas. The SDK's
// default, 200,000, is too small for an ordinary FX DVP: the last fund-leg,
// which settles it, uses about 205,000. The heaviest message of the README
// walkthroughs stays well under this limit, which make test checks by running
// them without --gas. --gas (a number or auto) still overrides it.
const ModuleTxGas = 600_000

var corridorModules = []string{"tokenize", "settlement", "consortium", "finance"}

// applyGasDefault raises the default --gas of our modules' tx commands.
func applyGasDefault(cmd *cobra.Command) error {
	gas := cmd.Flags().Lookup(flags.FlagGas)
	if gas == nil || gas.Changed {
		return nil
	}
	path := strings.Fields(cmd.CommandPath()) // corridord tx <module> <command>
	if len(path) < 4 || path[1] != "tx" || !isCorridorModule(path[2]) {
		return nil
	}
	return gas.Value.Set(strconv.Itoa(ModuleTxGas))
}

func isCorridorModule(name string) bool {
	for _, m := range corridorModules {
		if m == name {
			return true
		}
	}
	return false
}
