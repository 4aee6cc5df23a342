package settlement

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
)

// AutoCLIOptions describes every RPC of the module for the CLI.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: "corridor.settlement.v1.Query",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{{
				RpcMethod: "Params",
				Use:       "params",
				Short:     "Show the module parameters",
				Example:   "corridord query settlement params",
			}},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: "corridor.settlement.v1.Msg",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{{
				RpcMethod:      "UpdateParams",
				Use:            "update-params [params-json]",
				Short:          "Replace the module parameters (governance proposal)",
				Example:        `corridord tx settlement update-params '{"netting_cycle_blocks":10,"max_instruction_blocks":604800}' --from validator`,
				PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
				GovProposal:    true,
			}},
		},
	}
}
