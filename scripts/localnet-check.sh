#!/usr/bin/env bash
# Waits until every localnet validator has passed TARGET height, then checks
# that all report the same block hash and app hash at a common height.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE_PORT=${BASE_PORT:-27000}
N=4
TARGET=${TARGET:-5}
DEADLINE=$((SECONDS + ${TIMEOUT:-120}))
rpc() { curl -fsS "http://127.0.0.1:$((BASE_PORT + $1 * 10 + 1))$2"; }

while :; do
  min=
  for i in $(seq 0 $((N - 1))); do
    h=$(rpc "$i" /status 2>/dev/null | jq -r .result.sync_info.latest_block_height || echo 0)
    [[ -z $min || $h -lt $min ]] && min=$h
  done
  [[ $min -ge $TARGET ]] && break
  ((SECONDS < DEADLINE)) || { echo "localnet did not reach height $TARGET (lowest $min)" >&2; exit 1; }
  sleep 1
done

H=$((min - 1)) # app_hash of block H+1 commits the state after H
ref=
for i in $(seq 0 $((N - 1))); do
  got=$(rpc "$i" "/block?height=$min" | jq -r '.result.block.header | "\(.app_hash) \(.last_block_id.hash)"')
  echo "node$i height $min app_hash/last_block ${got}"
  [[ -z $ref ]] && ref=$got
  [[ $got == "$ref" ]] || { echo "node$i disagrees at height $min" >&2; exit 1; }
done
echo "all $N validators agree at height $min (state after height $H)"
