#!/usr/bin/env bash
# make localnet: 4 validators on loopback (distinct ports, persistent peers)
# in the background, in ./.localnet. make localnet-stop ends them.
# node0's keyring also holds the demo keys, funded and admitted as the
# corridor story's participants (a solo chain's CNY, MNT and RUB), so the load
# generator and the reliability run (make chaos) trade on it. Governance votes
# for GOV_VOTING (30s); every node keeps state-sync snapshots every
# SNAPSHOT_INTERVAL blocks (20). LOCALNET_START=0 only writes the homes (the
# reliability run starts and kills the processes itself).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ROOT=${LOCALNET_HOME:-"$PWD/.localnet"}
CHAIN_ID=${CHAIN_ID:-corridor-localnet-1}
N=4
BASE_PORT=${BASE_PORT:-27000}

if [[ -f "$ROOT/pids" ]]; then bash scripts/localnet-stop.sh; fi
rm -rf "$ROOT"
mkdir -p "$ROOT/gentxs"

port() { echo $((BASE_PORT + $1 * 10 + $2)); } # node, offset: 0 p2p 1 rpc 2 grpc 3 api 4 pprof

for i in $(seq 0 $((N - 1))); do
  h="$ROOT/node$i"
  "$BIN" init "node$i" --chain-id "$CHAIN_ID" --home "$h" >/dev/null 2>&1
  "$BIN" keys add "val$i" --keyring-backend test --home "$h" >/dev/null 2>&1
done

G="$ROOT/node0"
KG=(--keyring-backend test --home "$G")
for name in "${DEMO_KEYS[@]}"; do
  "$BIN" keys add "$name" "${KG[@]}" --output json >"$G/$name.key.json" 2>&1
  "$BIN" genesis add-genesis-account "$("$BIN" keys show "$name" -a "${KG[@]}")" "1000000000000$BOND_DENOM,1000000000000$FEE_DENOM" --home "$G"
done
demo_genesis "$G" solo "${KG[@]}"
genesis_edit "$G" '.app_state.gov.params.voting_period = $v | .app_state.gov.params.expedited_voting_period = $e |
  .app_state.gov.params.min_deposit = [{denom: $d, amount: "10000000"}] |
  .app_state.gov.params.expedited_min_deposit = [{denom: $d, amount: "50000000"}]' \
  --arg v "${GOV_VOTING:-30s}" --arg e "${GOV_EXPEDITED:-15s}" --arg d "$FEE_DENOM"
VALS=()
for i in $(seq 0 $((N - 1))); do
  addr=$("$BIN" keys show "val$i" -a --keyring-backend test --home "$ROOT/node$i")
  VALS+=("$addr")
  "$BIN" genesis add-genesis-account "$addr" "1000000000000$BOND_DENOM,1000000000000$FEE_DENOM" --home "$G"
done
genesis_edit "$G" '.app_state.consortium.params.validator_operators = $v' --argjson v "$(printf '%s\n' "${VALS[@]}" | jq -R . | jq -sc .)"

for i in $(seq 0 $((N - 1))); do
  h="$ROOT/node$i"
  [[ $h == "$G" ]] || cp "$G/config/genesis.json" "$h/config/genesis.json"
  "$BIN" genesis gentx "val$i" "100000000000$BOND_DENOM" --chain-id "$CHAIN_ID" --keyring-backend test --home "$h" \
    --output-document "$ROOT/gentxs/node$i.json" >/dev/null 2>&1
done
"$BIN" genesis collect-gentxs --gentx-dir "$ROOT/gentxs" --home "$G" >/dev/null 2>&1
"$BIN" genesis validate --home "$G" >/dev/null

PEERS=()
for i in $(seq 0 $((N - 1))); do
  PEERS+=("$("$BIN" comet show-node-id --home "$ROOT/node$i")@127.0.0.1:$(port "$i" 0)")
done
for i in $(seq 0 $((N - 1))); do
  h="$ROOT/node$i"
  [[ $h == "$G" ]] || cp "$G/config/genesis.json" "$h/config/genesis.json"
  peers=$(IFS=,; echo "${PEERS[*]/${PEERS[$i]}/}" | tr -s , | sed 's/^,//; s/,$//')
  c="$h/config/config.toml" a="$h/config/app.toml"
  fast_blocks "$h"
  set_toml "$c" p2p laddr "\"tcp://127.0.0.1:$(port "$i" 0)\""
  set_toml "$c" p2p persistent_peers "\"$peers\""
  set_toml "$c" p2p addr_book_strict false
  set_toml "$c" p2p allow_duplicate_ip true
  set_toml "$c" rpc laddr "\"tcp://127.0.0.1:$(port "$i" 1)\""
  set_toml "$c" rpc pprof_laddr "\"127.0.0.1:$(port "$i" 4)\""
  set_toml "$a" "" minimum-gas-prices "\"0$FEE_DENOM\""
  set_toml "$a" grpc address "\"127.0.0.1:$(port "$i" 2)\""
  set_toml "$a" api address "\"tcp://127.0.0.1:$(port "$i" 3)\""
  set_toml "$a" state-sync snapshot-interval "${SNAPSHOT_INTERVAL:-20}"
  set_toml "$a" state-sync snapshot-keep-recent 3
  [[ ${LOCALNET_START:-1} == 0 ]] && continue
  nohup "$BIN" start --home "$h" >"$ROOT/node$i.log" 2>&1 &
  echo $! >>"$ROOT/pids"
done

[[ ${LOCALNET_START:-1} == 0 ]] && { echo "localnet $CHAIN_ID: $N validator homes in $ROOT (not started)"; exit 0; }
echo "localnet $CHAIN_ID: $N validators in $ROOT"
for i in $(seq 0 $((N - 1))); do
  echo "  node$i  rpc http://127.0.0.1:$(port "$i" 1)  grpc 127.0.0.1:$(port "$i" 2)  log $ROOT/node$i.log"
done
echo "stop with: make localnet-stop"
