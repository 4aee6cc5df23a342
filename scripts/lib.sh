#!/usr/bin/env bash
# Shared helpers for the devnet and localnet scripts.

BIN=${BIN:-"$PWD/build/corridord"}
BOND_DENOM=ucorr
FEE_DENOM=ucgas
DEMO_KEYS=(validator exporter importer cnbank mnbank rubank customs-cn customs-mn inspector carrier marketmaker)

# set_toml FILE SECTION KEY VALUE: sets KEY in [SECTION] (or top level when
# SECTION is empty) of a TOML file; VALUE is written as given (quote strings).
set_toml() {
  local file=$1 section=$2 key=$3 value=$4
  awk -v section="$section" -v key="$key" -v value="$value" '
    BEGIN { cur = "" }
    /^\[.*\]$/ { cur = substr($0, 2, length($0) - 2) }
    {
      if (cur == section && $0 ~ "^" key " *=") { print key " = " value; next }
      print
    }' "$file" >"$file.tmp" && mv "$file.tmp" "$file"
}

# genesis_edit HOME JQ-FILTER [jq args...]: edits the genesis in place.
genesis_edit() {
  local home=$1 filter=$2
  shift 2
  local g="$home/config/genesis.json"
  jq "$@" "$filter" "$g" >"$g.tmp" && mv "$g.tmp" "$g"
}

# fast_blocks HOME: ~1 s blocks.
fast_blocks() {
  set_toml "$1/config/config.toml" consensus timeout_commit '"1s"'
  set_toml "$1/config/config.toml" consensus timeout_propose '"1s"'
}

# wait_block PORT: waits up to 60 s for the node whose CometBFT RPC listens
# on PORT to report a block above height 1.
wait_block() {
  for _ in $(seq 60); do
    curl -sf "http://127.0.0.1:$1/status" | jq -e '.result.sync_info.latest_block_height | tonumber > 1' >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "no block on the node at port $1 after 60 s" >&2
  return 1
}

# wait_devnet PID LOG: waits up to 300 s for the three-chain devnet that
# scripts/devnet.sh (process PID, output LOG) starts to report it is running;
# fails, showing the log, if it exits or the time runs out.
wait_devnet() {
  for _ in $(seq 300); do
    grep -q '^Running' "$2" 2>/dev/null && return 0
    kill -0 "$1" 2>/dev/null || { tail -n 30 "$2"; echo "the devnet did not start" >&2; return 1; }
    sleep 1
  done
  tail -n 30 "$2"
  echo "the devnet did not start in 300 s" >&2
  return 1
}
