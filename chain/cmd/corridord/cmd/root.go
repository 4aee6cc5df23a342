// Package cmd builds the corridord command tree.
package cmd

import (
	"os"

	"github.com/spf13/cobra"

	"cosmossdk.io/client/v2/autocli"
	"cosmossdk.io/core/appmodule"
	"cosmossdk.io/log/v2"

	dbm "github.com/cosmos/cosmos-db"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/config"
	"github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	runtimeservices "github.com/cosmos/cosmos-sdk/runtime/services"
	"github.com/cosmos/cosmos-sdk/server"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/corridor-chain/corridor/chain/app"
)

// NewRootCmd returns the corridord root command.
func NewRootCmd() *cobra.Command {
	// A throwaway app instance gives the codecs and module list to the CLI.
	// Its home is a temporary directory the app writes into while it is
	// built; removed once the command tree is (not before: the app would
	// create it again, and every run would leave one behind).
	home, err := os.MkdirTemp("", "corridord")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(home)
	tempApp := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, false, simtestutil.NewAppOptionsWithFlagHome(home))

	initClientCtx := client.Context{}.
		WithCodec(tempApp.AppCodec()).
		WithInterfaceRegistry(tempApp.InterfaceRegistry()).
		WithTxConfig(tempApp.TxConfig()).
		WithLegacyAmino(tempApp.LegacyAmino()).
		WithInput(os.Stdin).
		WithAccountRetriever(authtypes.AccountRetriever{}).
		WithHomeDir(app.DefaultNodeHome).
		WithViper("CORRIDOR")

	rootCmd := &cobra.Command{
		Use:           "corridord",
		Short:         "Corridor: settlement chain for China–Mongolia–Russia corridor trade",
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(cmd.OutOrStdout())
			cmd.SetErr(cmd.ErrOrStderr())
			if err := applyGasDefault(cmd); err != nil {
				return err
			}

			clientCtx := initClientCtx.WithCmdContext(cmd.Context())
			clientCtx, err := client.ReadPersistentCommandFlags(clientCtx, cmd.Flags())
			if err != nil {
				return err
			}
			clientCtx, err = config.ReadFromClientConfig(clientCtx)
			if err != nil {
				return err
			}
			if err := client.SetCmdClientContextHandler(clientCtx, cmd); err != nil {
				return err
			}
			appTemplate, appConfig := initAppConfig()
			return server.InterceptConfigsPreRunHandler(cmd, appTemplate, appConfig, initCometConfig())
		},
	}

	initRootCmd(rootCmd, tempApp)

	autoCliOpts := autocli.AppOptions{
		Modules:               make(map[string]appmodule.AppModule),
		ModuleOptions:         runtimeservices.ExtractAutoCLIOptions(tempApp.ModuleManager.Modules),
		AddressCodec:          address.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix()),
		ValidatorAddressCodec: runtime.ValidatorAddressCodec(address.NewBech32Codec(sdk.GetConfig().GetBech32ValidatorAddrPrefix())),
		ConsensusAddressCodec: runtime.ConsensusAddressCodec(address.NewBech32Codec(sdk.GetConfig().GetBech32ConsensusAddrPrefix())),
		ClientCtx:             initClientCtx,
	}
	for name, mod := range tempApp.ModuleManager.Modules {
		if m, ok := mod.(appmodule.AppModule); ok {
			autoCliOpts.Modules[name] = m
		}
	}
	if err := autoCliOpts.EnhanceRootCommand(rootCmd); err != nil {
		panic(err)
	}
	return rootCmd
}
