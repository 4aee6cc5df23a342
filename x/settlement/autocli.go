package settlement

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/corridor-chain/corridor/internal/cliargs"
)

var pos = cliargs.Pos

// AutoCLIOptions describes every RPC of the module for the CLI.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: "corridor.settlement.v1.Query",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the module parameters", Example: "corridord query settlement params"},
				{RpcMethod: "Currency", Use: "currency [code]", Short: "Show a currency", PositionalArgs: pos("code"),
					Example: "corridord query settlement currency CNY"},
				{RpcMethod: "Currencies", Use: "currencies", Short: "List currencies", Example: "corridord query settlement currencies"},
				{RpcMethod: "Quote", Use: "quote [id]", Short: "Show an FX quote", PositionalArgs: pos("id"), Example: "corridord query settlement quote 1"},
				{RpcMethod: "Quotes", Use: "quotes", Short: "List FX quotes, optionally of one pair (--base --quote)",
					Example: "corridord query settlement quotes --base CNY --quote MNT"},
				{RpcMethod: "Instruction", Use: "instruction [id]", Short: "Show an instruction", PositionalArgs: pos("id"),
					Example: "corridord query settlement instruction 1"},
				{RpcMethod: "Instructions", Use: "instructions", Short: "List instructions, optionally by --party and/or --status",
					Example: "corridord query settlement instructions --status open"},
				{RpcMethod: "Cycle", Use: "cycle [id]", Short: "Show a netting cycle report: settled, removed with their causes, gross, net, fees",
					PositionalArgs: pos("id"), Example: "corridord query settlement cycle 1"},
				{RpcMethod: "Escrow", Use: "escrow [instruction-id]", Short: "Show what an instruction holds in escrow",
					PositionalArgs: pos("instruction_id"), Example: "corridord query settlement escrow 1"},
				{RpcMethod: "Payout", Use: "payout [id]", Short: "Show a payout to another chain", PositionalArgs: pos("id"),
					Example: "corridord query settlement payout 1"},
				{RpcMethod: "Payouts", Use: "payouts", Short: "List payouts, optionally by --owner and/or --status (claimable: the owner's claimable balance)",
					Example: "corridord query settlement payouts --owner corridor1... --status claimable"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: "corridor.settlement.v1.Msg",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "UpdateParams", Use: "update-params [params-json]", Short: "Replace the module parameters (governance proposal)",
					PositionalArgs: pos("params"), GovProposal: true,
					Example: `corridord tx settlement update-params '{"netting_cycle_blocks":"10","max_instruction_lifetime":"604800s",` +
						`"fees":[{"type":"INSTRUCTION_TYPE_DVP","bps":5},{"type":"INSTRUCTION_TYPE_PVP","bps":3}],"max_quote_lifetime":"86400s",` +
						`"max_quote_spread_bps":500,"max_legs":8,"max_expiries_per_block":200,"payout_timeout":"3600s",` +
						`"max_retries_per_block":200,"max_netting_per_cycle":2000,"max_netting_removals":3}' --from validator`},
				{RpcMethod: "RegisterCurrency", Use: "register-currency [currency-json]", Short: "Admit a currency (governance proposal)",
					PositionalArgs: pos("currency"), GovProposal: true,
					Example: `corridord tx settlement register-currency '{"code":"CNY","exponent":2,"issuer":"corridor1...","issue_denom":"dep/CNY","denoms":[{"denom":"dep/CNY"}]}' --from validator`},
				{RpcMethod: "UpdateCurrency", Use: "update-currency [currency-json]", Short: "Replace a currency's issuer and denoms (governance proposal)",
					PositionalArgs: pos("currency"), GovProposal: true,
					Example: `corridord tx settlement update-currency '{"code":"CNY","exponent":2,"issuer":"corridor1...","issue_denom":"dep/CNY","denoms":[{"denom":"dep/CNY"}]}' --from validator`},
				{RpcMethod: "Issue", Use: "issue [currency] [amount] [recipient]", Short: "Mint deposit tokens (the currency's issuing bank)",
					PositionalArgs: pos("currency", "amount", "recipient"), Example: "corridord tx settlement issue CNY 100000000 corridor1... --from cnbank"},
				{RpcMethod: "Burn", Use: "burn [currency] [amount]", Short: "Burn deposit tokens the issuing bank holds",
					PositionalArgs: pos("currency", "amount"), Example: "corridord tx settlement burn CNY 1000 --from cnbank"},
				{RpcMethod: "PostQuote", Use: "post-quote [base] [quote] [bid] [ask] [max-base] [collateral-denom] [expiry]",
					Short:          "Post a firm FX quote, escrowing the collateral to buy max-base at the bid (BANK or MARKET_MAKER)",
					PositionalArgs: pos("base", "quote", "bid", "ask", "max_base", "collateral_denom", "expiry"),
					Example:        "corridord tx settlement post-quote CNY MNT 473.25 475.75 100000000 dep/MNT 2026-12-01T00:00:00Z --from marketmaker"},
				{RpcMethod: "CancelQuote", Use: "cancel-quote [quote-id]", Short: "Cancel a quote and refund its free collateral",
					PositionalArgs: pos("quote_id"), Example: "corridord tx settlement cancel-quote 1 --from marketmaker"},
				{RpcMethod: "CreateInstruction", Use: "create-instruction [type] [deadline]",
					Short:          "Create a DVP, PVP or BARTER instruction: --legs (repeat, JSON), --conditions (repeat, JSON), --netting",
					PositionalArgs: pos("type", "deadline"),
					Example: `corridord tx settlement create-instruction dvp 2026-12-01T00:00:00Z ` +
						`--legs '{"from":"<exporter>","to":"<importer>","denom":"lot/1","amount":"5000000"}' ` +
						`--legs '{"from":"<importer>","to":"<exporter>","denom":"dep/MNT","amount":"100000000","fx_quote_id":1,"fx_pay_denom":"dep/CNY"}' ` +
						`--conditions '{"lot_id":1,"kind":"ATTESTATION_KIND_CUSTOMS_EXPORT"}' --from exporter`},
				{RpcMethod: "FundLeg", Use: "fund-leg [instruction-id] [leg]", Short: "Escrow a leg you pay; the last one settles the instruction",
					PositionalArgs: pos("instruction_id", "leg"), Example: "corridord tx settlement fund-leg 1 0 --from exporter"},
				{RpcMethod: "AffirmInstruction", Use: "affirm-instruction [instruction-id]", Short: "Authorise your debits of a netting instruction",
					PositionalArgs: pos("instruction_id"), Example: "corridord tx settlement affirm-instruction 1 --from importer"},
				{RpcMethod: "CancelInstruction", Use: "cancel-instruction [instruction-id]",
					Short:          "Cancel an instruction: its creator before any funding or affirmation, any party after the deadline; funded legs are refunded",
					PositionalArgs: pos("instruction_id"), Example: "corridord tx settlement cancel-instruction 1 --from exporter"},
				{RpcMethod: "ClaimPayout", Use: "claim-payout [payout-id]", Short: "Take a failed payout (timed out or refused) into your account",
					PositionalArgs: pos("payout_id"), Example: "corridord tx settlement claim-payout 1 --from exporter"},
			},
		},
	}
}
