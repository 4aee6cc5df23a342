package consortium

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
)

// AutoCLIOptions describes every RPC of the module for the CLI.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: "corridor.consortium.v1.Query",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{{
				RpcMethod: "Params",
				Use:       "params",
				Short:     "Show the admitted validator operators and relayers",
				Example:   "corridord query consortium params",
			}},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: "corridor.consortium.v1.Msg",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{{
				RpcMethod:      "UpdateParams",
				Use:            "update-params [params-json]",
				Short:          "Replace the admission lists (governance proposal)",
				Example:        `corridord tx consortium update-params '{"validator_operators":["corridor1..."],"relayers":[]}' --from validator`,
				PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
				GovProposal:    true,
			}},
		},
	}
}
