#!/usr/bin/env bash
# make cover: statement coverage of x/tokenize, x/settlement and x/finance with every
# test counted (module, app, IBC and CLI tests, -coverpkg over all three), generated
# code (*.pb.go, *.pb.gw.go) and the simulation factories excluded.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${COVER_OUT:-build/cover.out}
mkdir -p "$(dirname "$out")"
go test -count=1 -coverpkg=./x/tokenize/...,./x/settlement/...,./x/finance/... -coverprofile="$out" ./x/... ./chain/... >/dev/null
# a profile line: file:start.col,end.col statements count; blocks repeat once per test binary
awk -F'[: ]' 'NR > 1 && $1 !~ /\.pb(\.gw)?\.go$/ && $1 !~ /\/simulation\// {
  key = $1 ":" $2
  mod = ($1 ~ /x\/tokenize\//) ? "x/tokenize" : ($1 ~ /x\/finance\//) ? "x/finance" : "x/settlement"
  if (!(key in seen)) { seen[key] = 1; total[mod] += $3 }
  if ($4 > 0 && !(key in hit)) { hit[key] = 1; covered[mod] += $3 }
}
END { for (m in total) printf "%-14s %5.1f%%  (%d of %d statements)\n", m, 100 * covered[m] / total[m], covered[m], total[m] }' "$out" | sort
