#!/usr/bin/env bash
# make localnet-stop: ends the localnet's validators.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=${LOCALNET_HOME:-"$PWD/.localnet"}
[[ -f "$ROOT/pids" ]] || { echo "no localnet running"; exit 0; }
while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$ROOT/pids"
for _ in $(seq 1 50); do
  alive=0
  while read -r pid; do kill -0 "$pid" 2>/dev/null && alive=1; done <"$ROOT/pids"
  [[ $alive == 0 ]] && break
  sleep 0.2
done
rm -f "$ROOT/pids"
echo "localnet stopped"
