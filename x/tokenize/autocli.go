package tokenize

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/corridor-chain/corridor/internal/cliargs"
)

var pos = cliargs.Pos

func variadic(fields ...string) []*autocliv1.PositionalArgDescriptor {
	out := pos(fields...)
	out[len(out)-1].Varargs = true
	return out
}

// noteFlag renames a message's note field, whose default flag name clashes
// with the transaction's own --note (the memo).
func noteFlag(name string) map[string]*autocliv1.FlagOptions {
	return map[string]*autocliv1.FlagOptions{"note": {Name: name, Usage: "free-text note recorded on chain"}}
}

// AutoCLIOptions describes every RPC of the module for the CLI.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: "corridor.tokenize.v1.Query",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the module parameters", Example: "corridord query tokenize params"},
				{RpcMethod: "Participant", Use: "participant [address]", Short: "Show a participant", PositionalArgs: pos("address"),
					Example: "corridord query tokenize participant corridor1..."},
				{RpcMethod: "Participants", Use: "participants", Short: "List participants, optionally by --role and --jurisdiction",
					Example: "corridord query tokenize participants --role customs --jurisdiction MN"},
				{RpcMethod: "Class", Use: "class [code]", Short: "Show a commodity class", PositionalArgs: pos("code"),
					Example: "corridord query tokenize class COAL"},
				{RpcMethod: "Classes", Use: "classes", Short: "List commodity classes", Example: "corridord query tokenize classes"},
				{RpcMethod: "Lot", Use: "lot [id]", Short: "Show a lot, its active holds and whether its units may move",
					PositionalArgs: pos("id"), Example: "corridord query tokenize lot 1"},
				{RpcMethod: "Lots", Use: "lots", Short: "List lots, optionally by one of --class-code, --status or --issuer",
					Example: "corridord query tokenize lots --status inspected"},
				{RpcMethod: "LotHistory", Use: "lot-history [id]", Short: "Show a lot's attestations, status changes, holds and lineage",
					PositionalArgs: pos("id"), Example: "corridord query tokenize lot-history 1"},
				{RpcMethod: "Package", Use: "package [id]", Short: "Show an asset package", PositionalArgs: pos("id"),
					Example: "corridord query tokenize package 1"},
				{RpcMethod: "Packages", Use: "packages", Short: "List asset packages", Example: "corridord query tokenize packages"},
				{RpcMethod: "Pledges", Use: "pledges", Short: "List pledges by --lender or --holder",
					Example: "corridord query tokenize pledges --lender corridor1..."},
				{RpcMethod: "Holdings", Use: "holdings [holder] [lot-id...]",
					Short:          "Show a holder's record and, per lot, the lot, its class, the holder's units and active pledges (one block)",
					PositionalArgs: variadic("holder", "lot_ids"),
					Example:        "corridord query tokenize holdings corridor1... 1 2"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: "corridor.tokenize.v1.Msg",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "UpdateParams", Use: "update-params [params-json]", Short: "Replace the module parameters (governance proposal)",
					Example:        `corridord tx tokenize update-params '{"max_quality_specs":32,"max_documents":16,"max_parts":16}' --from validator`,
					PositionalArgs: pos("params"), GovProposal: true},
				{RpcMethod: "RegisterParticipant", Use: "register-participant [address] [legal-name] [country] [registration-id] [role-json...]",
					Short: "Admit a participant with its roles, one JSON grant per argument (governance proposal)", GovProposal: true,
					PositionalArgs: variadic("address", "legal_name", "country", "registration_id", "roles"),
					Example: `corridord tx tokenize register-participant corridor1... "Erdenes Coal LLC" MN 5012345 ` +
						`'{"role":"ROLE_EXPORTER","jurisdiction":"MN"}' '{"role":"ROLE_IMPORTER","jurisdiction":"MN"}' --from validator`},
				{RpcMethod: "UpdateParticipant", Use: "update-participant [address] [legal-name] [country] [registration-id] [role-json...]",
					Short: "Replace a participant's details and roles, one JSON grant per argument (governance proposal)", GovProposal: true,
					PositionalArgs: variadic("address", "legal_name", "country", "registration_id", "roles"),
					Example: `corridord tx tokenize update-participant corridor1... "Erdenes Coal LLC" MN 5012345 ` +
						`'{"role":"ROLE_EXPORTER","jurisdiction":"MN"}' --from validator`},
				{RpcMethod: "RevokeParticipant", Use: "revoke-participant [address] [reason]", Short: "Revoke a participant (governance proposal)",
					GovProposal: true, PositionalArgs: pos("address", "reason"),
					Example: `corridord tx tokenize revoke-participant corridor1... "export licence withdrawn" --from validator`},
				{RpcMethod: "RegisterClass", Use: "register-class [class-json]", Short: "Admit a commodity class (governance proposal)",
					GovProposal: true, PositionalArgs: pos("class"),
					Example: `corridord tx tokenize register-class '{"code":"COPPER","hs_prefixes":["2603"],"base_unit":"kg","display_unit":"t","display_exponent":3,"required_attestations":["ATTESTATION_KIND_INSPECTION","ATTESTATION_KIND_CUSTOMS_EXPORT"]}' --from validator`},
				{RpcMethod: "RegisterLot", Use: "register-lot [class-code] [quantity] [origin-json] [destination-country]",
					Short:          "Tokenize a shipment: mint lot/{id} units to the exporter (--quality-specs, --documents, --location as JSON/text)",
					PositionalArgs: pos("class_code", "quantity", "origin", "destination_country"),
					Example:        `corridord tx tokenize register-lot COAL 5000000 '{"country":"MN","place":"Tavan Tolgoi"}' CN --quality-specs '{"key":"ash","value":"9.5%"}' --quality-specs '{"key":"moisture","value":"8%"}' --from exporter`},
				{RpcMethod: "Attest", Use: "attest [lot-id] [kind] [result] [document-sha256] [reference]",
					Short:          "Record an attestation (INSPECTION, CUSTOMS_EXPORT, DISPATCH, CUSTOMS_IMPORT, ARRIVAL)",
					PositionalArgs: pos("lot_id", "kind", "result", "document_sha256", "reference"),
					FlagOptions:    noteFlag("attestation-note"),
					Example:        "corridord tx tokenize attest 1 inspection accepted <sha256> SGS-2026-0001 --attestation-note 'ash 9.4%' --from inspector"},
				{RpcMethod: "SplitLot", Use: "split-lot [lot-id] [quantity...]", Short: "Split a lot you wholly hold into child lots",
					PositionalArgs: variadic("lot_id", "quantities"), Example: "corridord tx tokenize split-lot 1 3000000 2000000 --from exporter"},
				{RpcMethod: "MergeLots", Use: "merge-lots [lot-id...]", Short: "Merge lots you wholly hold into one lot",
					PositionalArgs: variadic("lot_ids"), Example: "corridord tx tokenize merge-lots 2 3 --from exporter"},
				{RpcMethod: "CreatePackage", Use: "create-package [shares] [component-json...]",
					Short:          "Lock lot units behind a pkg/{id} token: one JSON component (lot and amount) per argument",
					PositionalArgs: variadic("shares", "components"),
					Example:        `corridord tx tokenize create-package 1000000 '{"lot_id":2,"amount":"1000"}' '{"lot_id":3,"amount":"500"}' --from exporter`},
				{RpcMethod: "RedeemPackage", Use: "redeem-package [package-id] [shares]", Short: "Burn package shares for the pro rata lot units",
					PositionalArgs: pos("package_id", "shares"), Example: "corridord tx tokenize redeem-package 1 500000 --from exporter"},
				{RpcMethod: "Pledge", Use: "pledge [lender] [amount]", Short: "Lock units in favour of a BANK lender",
					PositionalArgs: pos("lender", "amount"), Example: "corridord tx tokenize pledge corridor1... 1000000lot/1 --from exporter"},
				{RpcMethod: "ReleasePledge", Use: "release-pledge [pledge-id]", Short: "Return pledged units to the holder (lender)",
					PositionalArgs: pos("pledge_id"), Example: "corridord tx tokenize release-pledge 1 --from mnbank"},
				{RpcMethod: "ClaimPledge", Use: "claim-pledge [pledge-id]", Short: "Take pledged units on default (lender)",
					PositionalArgs: pos("pledge_id"), Example: "corridord tx tokenize claim-pledge 1 --from mnbank"},
				{RpcMethod: "PlaceHold", Use: "place-hold [lot-id] [reason]", Short: "Put a customs hold on a lot (CUSTOMS of its origin or destination)",
					PositionalArgs: pos("lot_id", "reason"), FlagOptions: noteFlag("hold-note"),
					Example: "corridord tx tokenize place-hold 1 documents-missing --hold-note 'CO missing' --from customs-mn"},
				{RpcMethod: "ReleaseHold", Use: "release-hold [hold-id] [note]", Short: "Release a customs hold, recording why",
					PositionalArgs: pos("hold_id", "note"), Example: "corridord tx tokenize release-hold 1 'certificate of origin filed' --from customs-mn"},
				{RpcMethod: "Redeem", Use: "redeem [lot-id] [amount]", Short: "Burn lot units on delivery, after ARRIVAL is attested",
					PositionalArgs: pos("lot_id", "amount"), Example: "corridord tx tokenize redeem 1 5000000 --from importer"},
				{RpcMethod: "AnchorDocument", Use: "anchor-document [lot-id] [document]", Short: "Anchor a document's SHA-256 on a lot (its issuer), e.g. a customs declaration filed with the gateway",
					PositionalArgs: pos("lot_id", "document"),
					Example:        `corridord tx tokenize anchor-document 1 '{"kind":"customs_declaration","sha256":"<64 hex>","uri":"http://127.0.0.1:8080/v1/declarations/<id>"}' --from exporter`},
			},
		},
	}
}
