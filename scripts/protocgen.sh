#!/usr/bin/env bash
# Regenerates every *.pb.go and *.pb.gw.go from proto/ with no network beyond
# the Go module proxy: protoc from Debian, plugins built from the versions
# pinned in go.mod, imports read from the module cache.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v protoc >/dev/null || { echo "protoc missing: run 'make tools'" >&2; exit 1; }

BIN="$PWD/build/tools"
mkdir -p "$BIN"
go build -o "$BIN/protoc-gen-gocosmos" github.com/cosmos/gogoproto/protoc-gen-gocosmos
go build -o "$BIN/protoc-gen-grpc-gateway" github.com/grpc-ecosystem/grpc-gateway/protoc-gen-grpc-gateway

moddir() { go list -m -f '{{.Dir}}' "$1"; }
GOGO=$(moddir github.com/cosmos/gogoproto)
CPROTO=$(moddir github.com/cosmos/cosmos-proto)
SDK=$(moddir github.com/cosmos/cosmos-sdk)
GW=$(moddir github.com/grpc-ecosystem/grpc-gateway)

INCLUDES=(-I proto -I "$GOGO" -I "$CPROTO/proto" -I "$SDK/proto" -I "$GW/third_party/googleapis")

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

for dir in $(find proto -name '*.proto' -exec dirname {} \; | sort -u); do
  files=$(find "$dir" -maxdepth 1 -name '*.proto' | sort)
  PATH="$BIN:$PATH" protoc "${INCLUDES[@]}" \
    --gocosmos_out=plugins=grpc,Mgoogle/protobuf/any.proto=github.com/cosmos/gogoproto/types/any:"$OUT" \
    --grpc-gateway_out=logtostderr=true,allow_colon_final_segments=true:"$OUT" \
    $files
done

# Generated files land under their go_package path; move them into the tree.
MODULE=github.com/corridor-chain/corridor
find "$OUT/$MODULE" -type f \( -name '*.pb.go' -o -name '*.pb.gw.go' \) | while read -r f; do
  rel=${f#"$OUT/$MODULE/"}
  mkdir -p "$(dirname "$rel")"
  cp "$f" "$rel"
done
echo "proto-gen: ok"
