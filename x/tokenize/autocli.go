package tokenize

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
)

// AutoCLIOptions describes every RPC of the module for the CLI.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: "corridor.tokenize.v1.Query",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{{
				RpcMethod: "Params",
				Use:       "params",
				Short:     "Show the module parameters",
				Example:   "corridord query tokenize params",
			}},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: "corridor.tokenize.v1.Msg",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{{
				RpcMethod:      "UpdateParams",
				Use:            "update-params [params-json]",
				Short:          "Replace the module parameters (governance proposal)",
				Example:        `corridord tx tokenize update-params '{"max_quality_specs":32,"max_documents":16}' --from validator`,
				PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
				GovProposal:    true,
			}},
		},
	}
}
