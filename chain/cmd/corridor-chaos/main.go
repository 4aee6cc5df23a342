// Command corridor-chaos runs Corridor's reliability scenarios on real
// processes on loopback and writes what it measured (make chaos writes
// docs/reliability.md):
//
//  1. a validator crashes (kill -9) under a steady load of DVPs and sends;
//  2. two of four validators are down: no block, then no fork and no loss;
//  3. a validator is cut off by a proxy in front of its p2p links, not killed;
//  4. the relayer is killed mid-burst of ICS-20 transfers and pay-ins;
//  5. the node under the gateway stops during decisions, and two gateway
//     replicas on one PostgreSQL decide declarations while one is killed;
//  6. a governance software upgrade under cosmovisor with a store migration;
//  7. a new node joins by state sync.
//
// Each scenario is bounded in time, stops only the processes it started (by
// PID) and fails with the log lines that explain why. -short runs the
// shortened form make test uses.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type config struct {
	repo, dir, bin, out string
	gateway, rly        string
	cosmovisor, oldBin  string
	devnet              string // an already running devnet (scenario 4)
	devnetOffset        int
	short               bool
	snapshotInterval    int
	postgres            string
	scenarios           []int
}

// scenario is one scenario's outcome, as the report shows it.
type scenario struct {
	n          int
	title      string
	done       []string   // what was done
	figures    [][]string // measured: name, value
	reconciled [][]string // what, before, after
	secs       float64
	err        error
}

func (s *scenario) did(format string, a ...any) {
	s.done = append(s.done, fmt.Sprintf(format, a...))
	fmt.Printf("  [%d] %s\n", s.n, s.done[len(s.done)-1])
}

func (s *scenario) figure(name string, format string, a ...any) {
	s.figures = append(s.figures, []string{name, fmt.Sprintf(format, a...)})
	fmt.Printf("  [%d] %s: %s\n", s.n, name, s.figures[len(s.figures)-1][1])
}

func (s *scenario) reconcile(what string, before, after any) {
	s.reconciled = append(s.reconciled, []string{what, fmt.Sprint(before), fmt.Sprint(after)})
	fmt.Printf("  [%d] reconciled: %s: %v -> %v\n", s.n, what, before, after)
}

var titles = map[int]string{
	1: "A validator crashes under load",
	2: "Two of four validators down",
	3: "A validator cut off, not killed",
	4: "The relayer lost mid-burst",
	5: "The gateway's node stops; two gateway replicas, one killed",
	6: "A live software upgrade under cosmovisor",
	7: "A new node joins by state sync",
}

func main() {
	var cfg config
	var list string
	flag.StringVar(&list, "scenarios", "1,2,3,4,5,6,7", "scenarios to run, by number")
	flag.BoolVar(&cfg.short, "short", false, "the shortened scenarios make test runs")
	flag.StringVar(&cfg.dir, "dir", ".chaos", "working directory (removed first)")
	flag.StringVar(&cfg.bin, "bin", "build/corridord", "corridord")
	flag.StringVar(&cfg.gateway, "gateway", "build/corridor-gateway", "corridor-gateway (scenario 5)")
	flag.StringVar(&cfg.rly, "rly", "build/rly", "the Go relayer (scenario 4)")
	flag.StringVar(&cfg.cosmovisor, "cosmovisor", "build/cosmovisor", "cosmovisor (scenario 6)")
	flag.StringVar(&cfg.oldBin, "old-bin", "build/corridord-010eaa9", "the release before this one (scenario 6; make chaos builds it from git)")
	flag.StringVar(&cfg.devnet, "devnet", "", "run scenario 4 on this running devnet (its DEVNET_DIR) instead of a new one")
	flag.IntVar(&cfg.devnetOffset, "devnet-offset", 0, "the PORT_OFFSET of -devnet")
	flag.StringVar(&cfg.out, "out", "", "write the report (markdown) here")
	flag.StringVar(&cfg.postgres, "postgres", os.Getenv("CORRIDOR_TEST_POSTGRES_DSN"), "PostgreSQL DSN for the replicas (scenario 5)")
	flag.Parse()
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || titles[n] == "" {
			fmt.Fprintf(os.Stderr, "chaos: no scenario %q (1 to 7)\n", f)
			os.Exit(2)
		}
		cfg.scenarios = append(cfg.scenarios, n)
	}
	wd, _ := os.Getwd()
	cfg.repo = wd
	for _, p := range []*string{&cfg.dir, &cfg.bin, &cfg.gateway, &cfg.rly, &cfg.cosmovisor, &cfg.oldBin} {
		if !filepath.IsAbs(*p) {
			*p = filepath.Join(wd, *p)
		}
	}
	cfg.snapshotInterval = 20
	if cfg.short {
		cfg.snapshotInterval = 10
	}
	os.Exit(runMain(cfg))
}

// runMain runs the scenarios and writes the report: to -out when every
// scenario passed, else beside the logs in -dir (a failed run does not
// replace the last good report). Every process the run started is stopped
// before it returns, whatever happened, and a signal (Ctrl-C) only ends the
// scenario: the cleanup finishes.
func runMain(cfg config) int {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel() // after stopAll: a second Ctrl-C does not cut the cleanup short
	defer stopAll()
	results, err := runAll(ctx, cfg)
	sort.SliceStable(results, func(i, j int) bool { return results[i].n < results[j].n })
	out := cfg.out
	if err != nil || out == "" {
		out = filepath.Join(cfg.dir, "report.md")
	}
	if len(results) > 0 {
		if werr := writeReport(out, results); werr != nil {
			fmt.Fprintln(os.Stderr, "chaos: writing the report:", werr)
			return 1
		}
		fmt.Println("report written to", out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "chaos: FAILED:", err)
		return 1
	}
	fmt.Println("chaos: every scenario passed")
	return 0
}

func runAll(ctx context.Context, cfg config) ([]*scenario, error) {
	if err := os.RemoveAll(cfg.dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.dir, 0o755); err != nil {
		return nil, err
	}
	var results []*scenario
	var net *localnet
	defer func() {
		if net != nil {
			net.stop()
		}
	}()
	// the shared localnet's scenarios first; it is stopped before the
	// scenarios with networks of their own (4, 6), so that two networks
	// never share the cores
	order := append([]int(nil), cfg.scenarios...)
	sort.SliceStable(order, func(i, j int) bool { return !ownNetwork(order[i]) && ownNetwork(order[j]) })
	for _, n := range order {
		if ownNetwork(n) && net != nil {
			net.stop()
			net = nil
		}
		s := &scenario{n: n, title: titles[n]}
		fmt.Printf("scenario %d: %s\n", n, s.title)
		t0 := time.Now()
		limit := 10 * time.Minute
		sctx, cancel := context.WithTimeout(ctx, limit)
		var err error
		switch n {
		case 1, 2, 3, 5, 7: // on one shared four-validator localnet
			if net == nil {
				net, err = newLocalnet(sctx, cfg, "localnet", 31000, cfg.bin)
				if err == nil {
					err = net.startAll(sctx)
				}
			}
			if err == nil {
				err = map[int]func(context.Context, config, *localnet, *scenario) error{
					1: crashUnderLoad, 2: twoDown, 3: partition, 5: gatewayFaults, 7: stateSync,
				}[n](sctx, cfg, net, s)
			}
		case 4:
			err = relayerLoss(sctx, cfg, s)
		case 6:
			err = upgrade(sctx, cfg, s)
		}
		cancel()
		s.secs, s.err = time.Since(t0).Seconds(), err
		results = append(results, s)
		if err != nil {
			return results, fmt.Errorf("scenario %d (%s): %w", n, s.title, err)
		}
		fmt.Printf("scenario %d passed in %.0f s\n", n, s.secs)
	}
	return results, nil
}

func writeReport(out string, results []*scenario) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Reliability: Corridor under faults\n\n")
	fmt.Fprintf(&b, "Written by `make chaos` (chain/cmd/corridor-chaos) on %s, %d cores, every process real and on\n",
		time.Now().UTC().Format("2006-01-02"), numCPU())
	fmt.Fprintf(&b, "loopback: corridord validators (CometBFT), the Go relayer v2.6.0, corridor-gateway replicas on\n")
	fmt.Fprintf(&b, "PostgreSQL and cosmovisor v1.5.0. Every scenario stops by itself, ends only the processes it\n")
	fmt.Fprintf(&b, "started (by PID) and fails with the log lines that explain why. `make test` runs scenarios 1, 2\n")
	fmt.Fprintf(&b, "and 4 in a shortened form. Re-run: `make chaos`.\n\n")
	fmt.Fprintf(&b, "| # | scenario | result | seconds |\n| --- | --- | --- | ---: |\n")
	for _, s := range results {
		res := "passed"
		if s.err != nil {
			res = "**FAILED**"
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %.0f |\n", s.n, s.title, res, s.secs)
	}
	for _, s := range results {
		fmt.Fprintf(&b, "\n## %d. %s\n\n", s.n, s.title)
		if s.err != nil {
			fmt.Fprintf(&b, "**Failed:** `%s`\n\n", strings.SplitN(s.err.Error(), "\n", 2)[0])
		}
		fmt.Fprintf(&b, "What was done:\n\n")
		for _, d := range s.done {
			fmt.Fprintf(&b, "- %s\n", d)
		}
		if len(s.figures) > 0 {
			fmt.Fprintf(&b, "\n| measured | value |\n| --- | --- |\n")
			for _, f := range s.figures {
				fmt.Fprintf(&b, "| %s | %s |\n", f[0], f[1])
			}
		}
		if len(s.reconciled) > 0 {
			fmt.Fprintf(&b, "\n| reconciled | before | after |\n| --- | --- | --- |\n")
			for _, r := range s.reconciled {
				fmt.Fprintf(&b, "| %s | %s | %s |\n", r[0], r[1], r[2])
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

func numCPU() int { return runtime.NumCPU() }

// ownNetwork: scenarios 4 and 6 run on networks of their own.
func ownNetwork(n int) bool { return n == 4 || n == 6 }
