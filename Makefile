# Corridor: `make devnet` runs the product, `make test` runs the tests.
SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
BIN := $(CURDIR)/build/corridord
GO_TEST_FLAGS ?= -count=1 -timeout 20m

.PHONY: chaos chaos-tools cosmovisor screenshots cover all build gateway relayer tools devnet chain localnet localnet-stop localnet-check test test-unit test-localnet test-walkthrough test-sim lint proto-gen bench fuzz clean

all: build

# Coverage of x/tokenize, x/settlement and x/finance with every test counted, generated code excluded.
cover:
	bash scripts/cover.sh

# Debian packages the scripts need (protoc for proto-gen, jq and curl for the
# network scripts, chromium and a CJK font for the console's browser tests);
# installed only when missing.
tools:
	@missing=""; \
	command -v protoc >/dev/null || missing="$$missing protobuf-compiler"; \
	command -v jq >/dev/null || missing="$$missing jq"; \
	command -v curl >/dev/null || missing="$$missing curl"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "wenquanyi micro hei" || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

build:
	go build -o $(BIN) ./chain/cmd/corridord

# The customs gateway (gateway/): chi REST in front of corridor-1.
gateway:
	go build -o $(CURDIR)/build/corridor-gateway ./gateway/cmd/corridor-gateway

# The Go relayer v2.6.0, built from its own module: it is built on SDK v0.50
# and ibc-go v8, which cannot share corridord's build list.
relayer:
	cd tools/relayer && go build -o $(CURDIR)/build/rly github.com/cosmos/relayer/v2

# cosmovisor v1.5.0, the SDK's process manager (the live upgrade in make
# chaos), from its own module as the relayer is.
cosmovisor:
	cd tools/cosmovisor && go build -o $(CURDIR)/build/cosmovisor cosmossdk.io/tools/cosmovisor/cmd/cosmovisor

# The release before this one (x/finance at consensus version 1), built from
# git (a clone with its history): make chaos upgrades a running localnet from
# it to this one.
UPGRADE_FROM ?= 010eaa9
OLD_BIN := $(CURDIR)/build/corridord-$(UPGRADE_FROM)
$(OLD_BIN):
	rm -rf build/v1src && mkdir -p build/v1src
	git archive $(UPGRADE_FROM) | tar -x -C build/v1src
	cd build/v1src && go build -o $(OLD_BIN).tmp ./chain/cmd/corridord; rc=$$?; cd $(CURDIR) && rm -rf build/v1src; exit $$rc
	mv $(OLD_BIN).tmp $(OLD_BIN)

chaos-tools:
	go build -o $(CURDIR)/build/corridor-chaos ./chain/cmd/corridor-chaos

# Reliability under faults: the seven scenarios of chain/cmd/corridor-chaos on
# real processes; writes docs/reliability.md. Scenario 5 needs PostgreSQL.
CHAOS_POSTGRES_DSN ?= $(or $(CORRIDOR_TEST_POSTGRES_DSN),postgres://postgres@127.0.0.1:5432/test?sslmode=disable)
chaos: tools build gateway relayer cosmovisor $(OLD_BIN) chaos-tools
	./build/corridor-chaos -postgres "$(CHAOS_POSTGRES_DSN)" -old-bin $(OLD_BIN) -out docs/reliability.md

devnet: tools build gateway relayer
	BIN=$(BIN) bash scripts/devnet.sh

# One standalone corridor chain whose banks issue CNY, MNT and RUB locally.
chain: tools build
	DEVNET_HOME=$(CURDIR)/.devnet-solo BIN=$(BIN) bash scripts/chain.sh

localnet: tools build
	BIN=$(BIN) bash scripts/localnet.sh

localnet-stop:
	bash scripts/localnet-stop.sh

localnet-check:
	bash scripts/localnet-check.sh

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@go mod tidy -diff >/dev/null || { echo "go.mod is not tidy (run 'go mod tidy'):"; go mod tidy -diff; exit 1; }
	go vet ./...
	go vet -tags sims ./chain/app/
	go vet -tags devnet ./gateway/server/
	bash scripts/lint-determinism.sh

test-unit:
	go test $(GO_TEST_FLAGS) ./...

# Reliability, shortened (make chaos runs it in full): 4 real validators, one
# killed under load, then two stopped; every accepted transaction in a block
# exactly once, one history on every node.
test-localnet: tools build chaos-tools
	./build/corridor-chaos -short -scenarios 1,2 -dir .chaos-test

# Random x/tokenize, x/settlement and x/finance operations against the real app, invariants after every block.
SIM_BLOCKS ?= 800
SIM_SEED ?= 42
test-sim:
	go test -tags sims -count=1 -v -run TestAppSimulation ./chain/app/ -sim.blocks=$(SIM_BLOCKS) -sim.seed=$(SIM_SEED)

# The README's devnet walkthrough, run as written against a fresh devnet.
test-walkthrough: tools build gateway relayer chaos-tools
	BIN=$(BIN) bash scripts/walkthrough-check.sh

test: tools lint test-unit test-sim test-localnet test-walkthrough

# Benchmarks with their reports in docs/bench/: keeper level, the devnet
# load run, financing, IBC latency and burst, the gateway under load (in
# front of the in-memory chain and of a devnet's corridor-1).
# The settlement profile "before" is the release before issue 18's work,
# built from git like the upgrade's old release.
BENCH_BASELINE ?= 82f19e4
BASELINE_BIN := $(CURDIR)/build/corridord-$(BENCH_BASELINE)
$(BASELINE_BIN):
	rm -rf build/basesrc && mkdir -p build/basesrc
	git archive $(BENCH_BASELINE) | tar -x -C build/basesrc
	cd build/basesrc && go build -o $(BASELINE_BIN).tmp ./chain/cmd/corridord; rc=$$?; cd $(CURDIR) && rm -rf build/basesrc; exit $$rc
	mv $(BASELINE_BIN).tmp $(BASELINE_BIN)

bench: build gateway relayer $(BASELINE_BIN)
	bash scripts/bench-tokenize.sh
	BASELINE_BIN=$(BASELINE_BIN) bash scripts/bench-settlement.sh
	BIN=$(BIN) bash scripts/bench-finance.sh
	BIN=$(BIN) bash scripts/bench-ibc.sh
	BIN=$(BIN) bash scripts/bench-gateway.sh

# Fuzz every target for FUZZTIME each (the committed seeds run in make test).
FUZZTIME ?= 30s
fuzz:
	for f in FuzzParseQualitySpecs FuzzLotValidation FuzzClassValidation; do \
	  go test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) ./x/tokenize/types/ || exit 1; \
	done
	for f in FuzzConvert FuzzNet; do \
	  go test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) ./x/settlement/types/ || exit 1; \
	done
	for f in FuzzParse FuzzCanonical; do \
	  go test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) ./gateway/declaration/ || exit 1; \
	done

# The console's main pages in each role, drawn by Chromium into docs/console.
screenshots: tools
	CONSOLE_SCREENSHOTS=$(CURDIR)/docs/console go test -count=1 -run '^TestConsoleScreenshots$$' ./gateway/server/

proto-gen: tools
	bash scripts/protocgen.sh

clean:
	rm -rf build .devnet .localnet .chaos .chaos-test
