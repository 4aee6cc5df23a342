//go:build tools

// Package cosmovisor pins the SDK's process manager (cosmossdk.io/tools/cosmovisor
// v1.5.0, the version the module proxy serves) in a module of its own: its
// SDK dependency cannot share corridord's build list. `make cosmovisor`
// builds it into build/cosmovisor with `go build` from here; the reliability
// run (`make chaos`) upgrades the localnet's validators under it.
package cosmovisor

import _ "cosmossdk.io/tools/cosmovisor"
