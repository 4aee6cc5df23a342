#!/usr/bin/env bash
# Puts the console's demo on a running devnet (scripts/devnet.sh): mnbank's
# tögrög on corridor-1 to lend, the exporter's 2,000 t coal lot, inspected,
# and its export declaration valued in MNT, filed through the gateway and
# anchored on the lot. What is left is what the console is for: the
# officer verifies and clears it, the exporter applies for financing, the
# bank approves. Prints the declaration's number. Usage:
#   DEVNET_DIR=.devnet PORT_OFFSET=0 BIN=build/corridord bash scripts/console-seed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
DIR=${DEVNET_DIR:-"$PWD/.devnet"}
OFF=${PORT_OFFSET:-0}
C=("$BIN" --home "$DIR/corridor-1")
MNB=("$BIN" --home "$DIR/mnbank-1")
G="http://127.0.0.1:$((8080 + OFF))"
source "$DIR/gateway/keys.env"

# txon CLI... ARGS: broadcasts, waits for the block, fails unless code 0.
txon() {
  local -a cli=("${@:1:3}")
  shift 3
  local out
  out=$("${cli[@]}" tx "$@" --yes -o json)
  [[ $(jq -r .code <<<"$out") == 0 ]] || { echo "console-seed: $* refused: $(jq -r .raw_log <<<"$out")" >&2; return 1; }
  out=$("${cli[@]}" q wait-tx "$(jq -r .txhash <<<"$out")" --timeout 60s -o json)
  [[ $(jq -r .code <<<"$out") == 0 ]] || { echo "console-seed: $* failed: $(jq -r .raw_log <<<"$out")" >&2; return 1; }
}
a() { "${C[@]}" keys show "$1" -a --keyring-backend test; }

# mnbank's 300,000,000.00 MNT, issued on mnbank-1 and brought over ICS-20
MNT=$("${C[@]}" q settlement currency MNT -o json | jq -r '.currency.denoms[0].denom')
before=$("${C[@]}" q bank balance "$(a mnbank)" "$MNT" -o json | jq -r '.balance.amount // "0"')
txon "${MNB[@]}" settlement issue MNT 30000000000 "$(a mnbank)" --from mnbank
txon "${MNB[@]}" ibc-transfer transfer transfer channel-0 "$(a mnbank)" 30000000000dep/MNT --from mnbank

# the exporter's lot, inspected, and its declaration filed and anchored
txon "${C[@]}" tokenize register-lot COAL 2000000 '{"country":"MN","place":"Tavan Tolgoi"}' CN --from exporter
L=$("${C[@]}" q tokenize lots --issuer "$(a exporter)" -o json | jq -r '.lots[-1].id')
txon "${C[@]}" tokenize attest "$L" inspection accepted "$(printf %s "sgs-console-$L" | sha256sum | cut -d' ' -f1)" "SGS-CON-$L" --from inspector
NUM="10719010/$(date -u +%d%m%y)/$(printf %07d $((L + 7000)))"
jq --arg n "$NUM" --arg a "$(a exporter)" --argjson l "$L" '.number = $n | .exporter.address = $a | .lots = [$l]
  | .goods[0] += {lot_id: $l, quantity: "2000", net_weight_kg: "2000000", gross_weight_kg: "2000000", value: "40000000000", currency: "MNT"}' \
  gateway/declaration/testdata/mn-export.json >"$DIR/console-declaration.json"
DECL=$(curl -sf -X POST "$G/v1/declarations" -H "Authorization: Bearer $EXPORTER_KEY" -H 'Content-Type: application/json' \
  --data @"$DIR/console-declaration.json")
txon "${C[@]}" tokenize anchor-document "$L" "$(jq -c .anchor <<<"$DECL")" --from exporter

for _ in $(seq 90); do
  now=$("${C[@]}" q bank balance "$(a mnbank)" "$MNT" -o json | jq -r '.balance.amount // "0"')
  [[ $now -gt $before ]] && break
  sleep 1
done
[[ $now -gt $before ]] || { echo "console-seed: mnbank's MNT did not arrive on corridor-1 (see $DIR/relayer.log)" >&2; exit 1; }
echo "$NUM"
