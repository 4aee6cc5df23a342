package finance

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/corridor-chain/corridor/internal/cliargs"
)

var pos = cliargs.Pos

// AutoCLIOptions describes every RPC of the module for the CLI.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: "corridor.finance.v1.Query",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the module parameters", Example: "corridord query finance params"},
				{RpcMethod: "Declaration", Use: "declaration [id]", Short: "Show a recorded declaration: value, financed, closed, remaining, cleared, its loans (by id, or id 0 with --jurisdiction and --number)",
					PositionalArgs: pos("id"), Example: "corridord query finance declaration 1\ncorridord query finance declaration 0 --jurisdiction MN --number 10010000/241126/0000123"},
				{RpcMethod: "Declarations", Use: "declarations", Short: "List recorded declarations, optionally of one --exporter or --lot-id",
					Example: "corridord query finance declarations --exporter corridor1...\ncorridord query finance declarations --lot-id 1"},
				{RpcMethod: "Loan", Use: "loan [id]", Short: "Show a loan and what repays it now (interest_due, total_due)", PositionalArgs: pos("id"),
					Example: "corridord query finance loan 1"},
				{RpcMethod: "Loans", Use: "loans", Short: "List loans by --lender, --borrower or --declaration-id, optionally of one --status",
					Example: "corridord query finance loans --lender corridor1... --status active"},
				{RpcMethod: "Application", Use: "application [id]", Short: "Show a financing application", PositionalArgs: pos("id"),
					Example: "corridord query finance application 1"},
				{RpcMethod: "Applications", Use: "applications", Short: "List financing applications by --bank or --borrower, optionally of one --status",
					Example: "corridord query finance applications --bank corridor1... --status pending"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: "corridor.finance.v1.Msg",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "UpdateParams", Use: "update-params [params-json]", Short: "Replace the module parameters (governance proposal)",
					PositionalArgs: pos("params"), GovProposal: true,
					Example: `corridord tx finance update-params '{"max_advance_rate_bps":9000,"grace_period":"2592000s","max_tenor":"31536000s",` +
						`"max_rate_bps":3600,"max_lots":16,"max_note_length":256}' --from validator`},
				{RpcMethod: "RecordDeclaration", Use: "record-declaration [jurisdiction] [number] [customs-office] [sha256] [exporter] [value] [currency]",
					Short:          "Record a cleared export declaration with its verified value and lots (the jurisdiction's CUSTOMS; the gateway sends it with its clearance)",
					PositionalArgs: pos("jurisdiction", "number", "customs_office", "sha256", "exporter", "value", "currency"),
					Example: `corridord tx finance record-declaration MN 10010000/241126/0000123 10010000 <sha256> <exporter> 150000000 MNT \
  --lots '{"lot_id":1,"units":"5000000"}' --from customs-mn`},
				{RpcMethod: "ApplyFinancing", Use: "apply-financing [declaration-id] [bank] [amount] [currency] [collateral-json] [tenor]",
					Short:          "Ask one bank for financing against a recorded declaration, offering units of one of its lots (the declaration's exporter)",
					PositionalArgs: pos("declaration_id", "bank", "amount", "currency", "collateral", "tenor"),
					FlagOptions:    map[string]*autocliv1.FlagOptions{"note": {Name: "application-note", Usage: "a note to the bank"}},
					Example:        `corridord tx finance apply-financing 1 corridor1... 100000000 MNT '{"lot_id":1,"units":"5000000"}' 2160h --max-rate-bps 1200 --application-note "coal, Tavan Tolgoi" --from exporter`},
				{RpcMethod: "WithdrawApplication", Use: "withdraw-application [application-id]",
					Short:          "Withdraw a pending financing application (its exporter)",
					PositionalArgs: pos("application_id"), Example: "corridord tx finance withdraw-application 1 --from exporter"},
				{RpcMethod: "ApproveFinancing", Use: "approve-financing [application-id] [principal] [rate-bps] [maturity] [denom]",
					Short:          "Approve on your terms: pledge the collateral, reserve the declaration's balance and pay the principal out (the bank applied to)",
					PositionalArgs: pos("application_id", "principal", "rate_bps", "maturity", "denom"),
					Example:        `corridord tx finance approve-financing 1 100000000 1200 2027-03-01T00:00:00Z dep/MNT --from mnbank`},
				{RpcMethod: "RejectFinancing", Use: "reject-financing [application-id] [reason]",
					Short:          "Decline an application with a reason code: credit-limit, collateral-insufficient, documents-incomplete, sanctions-screening, terms-declined, other",
					PositionalArgs: pos("application_id", "reason"),
					FlagOptions:    map[string]*autocliv1.FlagOptions{"note": {Name: "reject-note", Usage: "why, in words"}},
					Example:        `corridord tx finance reject-financing 1 credit-limit --reject-note "limit for this exporter used" --from cnbank`},
				{RpcMethod: "RepayFinancing", Use: "repay-financing [loan-id] [amount]",
					Short:          "Repay a loan from your account, interest first, at most what is due; in full it releases the pledge (anyone)",
					PositionalArgs: pos("loan_id", "amount"), Example: "corridord tx finance repay-financing 1 100500000 --from exporter"},
				{RpcMethod: "Refinance", Use: "refinance [loan-id] [rate-bps] [maturity] [denom] [borrower]",
					Short:          "Pay a loan off and take over its pledge in one transaction, in its currency or another at an independent maker's --fx-quote-id (another bank, co-signed by the borrower: --generate-only, then tx sign by each)",
					PositionalArgs: pos("loan_id", "rate_bps", "maturity", "denom", "borrower"),
					Example:        `corridord tx finance refinance 1 900 2027-06-01T00:00:00Z dep/CNY corridor1... --fx-quote-id 1 --from cnbank --generate-only`},
				{RpcMethod: "ClaimCollateral", Use: "claim-collateral [loan-id]",
					Short:          "Default a loan past maturity and grace and take its pledged units (the lender)",
					PositionalArgs: pos("loan_id"), Example: "corridord tx finance claim-collateral 1 --from mnbank"},
			},
		},
	}
}
