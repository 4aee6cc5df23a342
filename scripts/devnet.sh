#!/usr/bin/env bash
# make devnet: the whole corridor on this machine, in ./.devnet, until Ctrl-C.
#   corridor-1  the settlement chain (CNY and MNT are IBC vouchers here)
#   cnbank-1    Bank of Erenhot's chain: the cnbank key issues CNY
#   mnbank-1    Trade and Development Bank's chain: the mnbank key issues MNT
#   relayer     the Go relayer (build/rly) on two paths, corridor-1 <-> each
#               bank chain: clients, connections, ICS-20 channels (corridor-1
#               channel-0 to cnbank-1, channel-1 to mnbank-1), and an
#               interchain account of the cnbank key on corridor-1
#   gateway     the customs gateway (build/corridor-gateway) against
#               corridor-1 with the embedded store, the customs-mn and
#               customs-cn keys as the authorities, and demo API keys in
#               $DIR/gateway/keys.env
# Every chain has the same demo keys (one address per party on all three).
# PORT_OFFSET shifts every port (the tests run a second devnet beside yours).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

DIR=${DEVNET_DIR:-"$PWD/.devnet"}
OFF=${PORT_OFFSET:-0}
RLY=${RLY:-"$PWD/build/rly"}
GATEWAY=${GATEWAY:-"$PWD/build/corridor-gateway"}
R="$DIR/relayer"
[[ -x $RLY ]] || { echo "no relayer at $RLY: make relayer" >&2; exit 1; }
[[ -x $GATEWAY ]] || { echo "no gateway at $GATEWAY: make gateway" >&2; exit 1; }

rm -rf "$DIR"
mkdir -p "$DIR"
pids=()
stop() {
  trap - INT TERM EXIT
  echo "stopping the devnet..."
  kill "${pids[@]}" 2>/dev/null || true
  [[ -f $DIR/relayer.pid ]] && kill "$(cat "$DIR/relayer.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

rpc_port() { echo $((26657 + OFF + $1 * 100)); }
# start_chain INDEX CHAIN-ID ROLE [KEYS-FROM]: chain INDEX listens on the
# default ports plus INDEX*100 (plus PORT_OFFSET).
start_chain() {
  local p=$((OFF + $1 * 100))
  CHAIN_ID=$2 ROLE=$3 KEYS_FROM=${4:-} DEVNET_HOME="$DIR/$2" QUIET=1 BIN="$BIN" \
    RPC_PORT=$((26657 + p)) GRPC_PORT=$((9090 + p)) API_PORT=$((1317 + p)) P2P_PORT=$((26656 + p)) PPROF_PORT=$((6060 + p)) \
    bash scripts/chain.sh >"$DIR/$2.log" 2>&1 &
  pids+=($!)
}

start_chain 0 corridor-1 corridor
wait_block "$(rpc_port 0)" || { tail -n 20 "$DIR/corridor-1.log"; exit 1; }
start_chain 1 cnbank-1 cnbank "$DIR/corridor-1"
start_chain 2 mnbank-1 mnbank "$DIR/corridor-1"
wait_block "$(rpc_port 1)" || { tail -n 20 "$DIR/cnbank-1.log"; exit 1; }
wait_block "$(rpc_port 2)" || { tail -n 20 "$DIR/mnbank-1.log"; exit 1; }

# The relayer signs with the validator key, which each chain's consortium
# admits as its relayer.
rly() { "$RLY" --home "$R" "$@"; }
rly config init >/dev/null
mnemonic=$(jq -r .mnemonic "$DIR/corridor-1/validator.key.json")
i=0
for c in corridor-1 cnbank-1 mnbank-1; do
  jq -n --arg id "$c" --arg rpc "http://127.0.0.1:$(rpc_port $i)" '{type: "cosmos", value: {
    key: "relayer", "chain-id": $id, "rpc-addr": $rpc, "account-prefix": "corridor", "keyring-backend": "test",
    "gas-adjustment": 1.5, "gas-prices": "0ucgas", "min-gas-amount": 0, "max-gas-amount": 0, debug: false,
    timeout: "20s", "block-timeout": "", "output-format": "json", "sign-mode": "direct", "extra-codecs": [],
    "coin-type": 118, "broadcast-mode": "batch"}}' >"$R/$c.json"
  rly chains add --file "$R/$c.json" "$c" >/dev/null
  rly keys restore "$c" relayer "$mnemonic" >/dev/null
  i=$((i + 1))
done
# Paths in this order, so corridor-1's channel-0 leads to cnbank-1 and
# channel-1 to mnbank-1, as corridor-1's genesis currencies expect.
for bank in cnbank mnbank; do
  rly paths new corridor-1 "$bank-1" "$bank" >/dev/null
  rly tx link "$bank" --src-port transfer --dst-port transfer --version ics20-1 >>"$DIR/relayer-setup.log" 2>&1 ||
    { tail -n 20 "$DIR/relayer-setup.log"; exit 1; }
done
C=("$BIN" --home "$DIR/corridor-1")
for want in "channel-0 cnbank-1" "channel-1 mnbank-1"; do
  ch=${want% *}
  got=$("${C[@]}" q ibc channel client-state transfer "$ch" -o json | tee "$DIR/$ch.client.json" | jq -r '[.. | objects | .chain_id? // empty] | first')
  [[ $got == "${want#* }" ]] || { echo "corridor-1 $ch leads to $got, want ${want#* }" >&2; exit 1; }
done

# Packet relaying, tuned: up to 100 messages per transaction (default 5),
# a flush of anything missed every 30 s (default 5 min) and on start.
# relayer-start.sh is how the tests restart it after killing it.
cat >"$DIR/relayer-start.sh" <<RUN
exec "$RLY" --home "$R" start cnbank mnbank --max-msgs "${RLY_MAX_MSGS:-100}" --flush-interval "${RLY_FLUSH:-30s}" \\
  --debug-addr "127.0.0.1:$((5183 + OFF))" >>"$DIR/relayer.log" 2>&1
RUN
bash "$DIR/relayer-start.sh" &
pids+=($!)
echo $! >"$DIR/relayer.pid"

# The cnbank key controls an interchain account on corridor-1 (ICS-27).
B=("$BIN" --home "$DIR/cnbank-1")
version=$(jq -nc '{version: "ics27-1", controller_connection_id: "connection-0", host_connection_id: "connection-0",
  address: "", encoding: "proto3", tx_type: "sdk_multi_msg"}')
out=$("${B[@]}" tx interchain-accounts controller register connection-0 --version "$version" --from cnbank -y -o json)
out=$("${B[@]}" q wait-tx "$(jq -r .txhash <<<"$out")" -o json)
[[ $(jq -r .code <<<"$out") == 0 ]] || { echo "registering the interchain account failed: $(jq -r .raw_log <<<"$out")" >&2; exit 1; }
ica=""
for _ in $(seq 60); do
  ica=$("${B[@]}" q interchain-accounts controller interchain-account "$("${B[@]}" keys show cnbank -a)" connection-0 -o json 2>/dev/null | jq -r '.address // empty') || true
  [[ -n $ica ]] && break
  sleep 1
done
[[ -n $ica ]] || { echo "the interchain account did not open; see $DIR/relayer.log" >&2; exit 1; }
echo "$ica" >"$DIR/cnbank-ica.address"

# The customs gateway: embedded store, corridor-1's test keyring (the
# customs authorities' keys sign the decisions), one API key per demo subject.
GW="$DIR/gateway"
GW_ADDR="127.0.0.1:$((8080 + OFF))"
mkdir -p "$GW"
export CORRIDOR_GATEWAY_STORE="sqlite:$GW/gateway.db"
addr() { "${C[@]}" keys show "$1" -a; }
{
  echo "# API keys of the devnet's gateway subjects (source this file)"
  echo "OFFICER_MN=$("$GATEWAY" keys create --subject officer-mn --role customs --jurisdiction MN)"
  echo "OFFICER_CN=$("$GATEWAY" keys create --subject officer-cn --role customs --jurisdiction CN)"
  echo "EXPORTER_KEY=$("$GATEWAY" keys create --subject exporter --role exporter --jurisdiction MN --address "$(addr exporter)")"
  echo "IMPORTER_KEY=$("$GATEWAY" keys create --subject importer --role importer --jurisdiction CN --address "$(addr importer)")"
  echo "BANK_KEY=$("$GATEWAY" keys create --subject cnbank --role bank --jurisdiction CN --address "$(addr cnbank)")"
  echo "MNBANK_KEY=$("$GATEWAY" keys create --subject mnbank --role bank --jurisdiction MN --address "$(addr mnbank)")"
  echo "AUDITOR_KEY=$("$GATEWAY" keys create --subject auditor --role auditor --jurisdiction MN)"
} >"$GW/keys.env"
"$GATEWAY" serve --listen "$GW_ADDR" --chain-grpc "127.0.0.1:$((9090 + OFF))" --chain-id corridor-1 \
  --keyring-dir "$DIR/corridor-1" --keyring-backend test --authorities MN=customs-mn,CN=customs-cn \
  --tx-wait-timeout 20s --log-format text >"$DIR/gateway.log" 2>&1 &
pids+=($!)
for _ in $(seq 30); do curl -sf "http://$GW_ADDR/readyz" >/dev/null && break; sleep 1; done
curl -sf "http://$GW_ADDR/readyz" >/dev/null || { tail -n 20 "$DIR/gateway.log"; echo "the gateway is not ready" >&2; exit 1; }

# The console's demo (DEVNET_DEMO=0 leaves it out): a declaration filed and
# anchored for the officer to clear, mnbank's tögrög to lend against it.
demo=""
if [[ ${DEVNET_DEMO:-1} != 0 ]]; then
  demo=$(DEVNET_DIR="$DIR" PORT_OFFSET="$OFF" BIN="$BIN" bash scripts/console-seed.sh)
fi
source "$GW/keys.env"

cat <<INFO
Corridor devnet in $DIR (logs: $DIR/*.log)
  chain        CometBFT RPC            gRPC             REST
  corridor-1   http://127.0.0.1:$(rpc_port 0)  127.0.0.1:$((9090 + OFF))   http://127.0.0.1:$((1317 + OFF))
  cnbank-1     http://127.0.0.1:$(rpc_port 1)  127.0.0.1:$((9190 + OFF))   http://127.0.0.1:$((1417 + OFF))
  mnbank-1     http://127.0.0.1:$(rpc_port 2)  127.0.0.1:$((9290 + OFF))   http://127.0.0.1:$((1517 + OFF))
  relayer      build/rly --home $R (paths cnbank, mnbank; metrics http://127.0.0.1:$((5183 + OFF))/relayer/metrics)
  ICS-20       corridor-1 channel-0 <-> cnbank-1 channel-0, corridor-1 channel-1 <-> mnbank-1 channel-0
  ICS-27       the cnbank key's interchain account on corridor-1: $ica
  gateway      http://$GW_ADDR (OpenAPI /openapi.json, /healthz, /readyz, /metrics; API keys: source $GW/keys.env)
  CNY on corridor-1: $("${C[@]}" q settlement currency CNY -o json | jq -r '.currency.denoms[0].denom')
  MNT on corridor-1: $("${C[@]}" q settlement currency MNT -o json | jq -r '.currency.denoms[0].denom')
Keys (test keyring, the same on every chain; use --home $DIR/<chain-id>):
INFO
for name in "${DEMO_KEYS[@]}"; do
  printf '  %-12s %s\n' "$name" "$("${C[@]}" keys show "$name" -a)"
done
cat <<CURL
Customs gateway (the README's "Walkthrough: a customs declaration through the gateway" in full):
  source $GW/keys.env; G=http://$GW_ADDR
  curl -s -X POST \$G/v1/declarations -H "Authorization: Bearer \$EXPORTER_KEY" -H 'Content-Type: application/json' --data @declaration.json
  corridord tx tokenize anchor-document <lot> '<the response's .anchor>' --from exporter --home $DIR/corridor-1
  curl -s -X POST \$G/v1/declarations/<id>/verify -H "Authorization: Bearer \$OFFICER_MN" -H 'Content-Type: application/json' -d '{}'
  curl -s -X POST \$G/v1/declarations/<id>/decision -H "Authorization: Bearer \$OFFICER_MN" -H 'Content-Type: application/json' \\
    -H 'Idempotency-Key: clear-<id>' -d '{"decision":"clear"}'
  curl -s \$G/v1/lots/<lot> -H "Authorization: Bearer \$BANK_KEY"
CURL
cat <<CONSOLE
The Corridor console: http://$GW_ADDR/console/ — sign in with one of these API keys (also in $GW/keys.env):
  officer-mn  customs officer, MN   $OFFICER_MN
  officer-cn  customs officer, CN   $OFFICER_CN
  exporter    exporter, MN          $EXPORTER_KEY
  mnbank      bank, MN              $MNBANK_KEY
  cnbank      bank, CN              $BANK_KEY
  auditor     auditor               $AUDITOR_KEY
CONSOLE
if [[ -n $demo ]]; then
  echo "  Try: officer-mn verifies and clears declaration $demo; the exporter applies for financing on its page; mnbank approves."
fi
echo "Running (Ctrl-C stops the three chains, the relayer and the gateway)..."
wait
