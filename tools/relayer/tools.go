//go:build tools

// Package relayer pins the Go relayer (github.com/cosmos/relayer/v2) in a
// module of its own: it is built on Cosmos SDK v0.50 and ibc-go v8, which
// cannot share a build list with corridord's SDK v0.54 and ibc-go v11.
// `make relayer` builds it into build/rly with `go build` from here.
package relayer

import _ "github.com/cosmos/relayer/v2/cmd"
