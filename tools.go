//go:build tools

// Package tools pins the code generators `make proto-gen` builds, so that
// they come from go.mod's versions and need no network beyond the module proxy.
package tools

import (
	_ "github.com/cosmos/gogoproto/protoc-gen-gocosmos"
	_ "github.com/grpc-ecosystem/grpc-gateway/protoc-gen-grpc-gateway"
)
