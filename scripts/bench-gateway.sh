#!/usr/bin/env bash
# Gateway benchmark, report in docs/bench/gateway.md: verify under load in
# front of the in-memory chain (the gateway's own cost), ladon decision
# time, then verify and clear against a real node: the corridor-1 of a
# devnet started here on spare ports (make devnet's own script).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
OUT=${OUT:-docs/bench/gateway.md}
DIR="$PWD/.devnet-bench-gateway"
OFF=5000
export DEVNET_DIR=$DIR PORT_OFFSET=$OFF DEVNET_DEMO=0
go build -o build/gateway-bench ./gateway/cmd/gateway-bench
BIN="$BIN" bash scripts/devnet.sh >"$DIR.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$DIR" "$DIR.log"; }
trap cleanup EXIT
wait_devnet "$pid" "$DIR.log"
./build/gateway-bench -out "$OUT" -node-grpc "127.0.0.1:$((9090 + OFF))" -node-rpc "http://127.0.0.1:$((26657 + OFF))" \
  -chain-id corridor-1 -node-home "$DIR/corridor-1"
