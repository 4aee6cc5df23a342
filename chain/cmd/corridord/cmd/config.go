package cmd

import (
	cmtcfg "github.com/cometbft/cometbft/config"

	serverconfig "github.com/cosmos/cosmos-sdk/server/config"

	"github.com/corridor-chain/corridor/chain/app"
)

// DefaultMinGasPrice is written to a new node's app.toml. A devnet sets it to
// zero; a production validator keeps a positive price in the fee denom.
var DefaultMinGasPrice = "0.025" + app.FeeDenom

// initAppConfig returns app.toml's template and defaults: a minimum gas price
// in the fee denom, the REST API and gRPC on.
func initAppConfig() (string, any) {
	cfg := serverconfig.DefaultConfig()
	cfg.MinGasPrices = DefaultMinGasPrice
	cfg.API.Enable = true
	cfg.API.Address = "tcp://0.0.0.0:1317"
	cfg.GRPC.Enable = true
	cfg.GRPC.Address = "0.0.0.0:9090"
	return serverconfig.DefaultConfigTemplate, cfg
}

// initCometConfig returns CometBFT's defaults (RPC on 26657).
func initCometConfig() *cmtcfg.Config {
	return cmtcfg.DefaultConfig()
}
