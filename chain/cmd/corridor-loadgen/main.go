// Command corridor-loadgen measures settlement throughput and latency on a
// running chain with the demo keys. It sets up a cleared lot spread over
// several sellers, CNY for several buyers and a CNY/MNT quote, four exporters
// (three admitted by governance) with the loans of every round's financed
// DVPs (sized by a short DVP warm-up, so that every burst runs on the same
// state), then runs, each burst sustained over at least -min-blocks blocks:
//   - -rounds rounds of: bank MsgSends (the baseline), one stream per seller;
//     corridor-story DVPs with FX, one co-signed transaction each; the same
//     DVP selling units pledged to a loan, repaid from the proceeds; and,
//     with -batch, the same three -batch to a transaction: a sender's sends,
//     and a pair's trades (a contract delivered in several lots or wagons)
//     settled in one transaction that seller and buyer both sign;
//   - -long-runs long runs of -long DVPs each, back to back: the rate of
//     each one's first and last thousand (a thousand is two or three
//     blocks, so one run's ratio is as much block timing as state: the
//     median over the runs is the figure);
//   - DVPs paced below capacity, for latency.
//
// Each rate is the sustained one: the transactions of the blocks fully
// inside the burst over the time those blocks took (loadgen.Result). With
// -node-pid it reads the node's CPU time and resident memory from /proc.
// It prints a JSON report.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/pprof/profile"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/internal/loadgen"
)

type config struct {
	home, grpc, rpc, chainID string
	seconds                  time.Duration
	rounds, minBlocks, long  int
	longRuns                 int
	window, windowBlocks     int
	paced, rate              int
	nodePID, batch           int
	pprof, profileDir        string
	settle                   time.Duration
}

func main() {
	var c config
	flag.StringVar(&c.home, "home", ".devnet", "chain home (test keyring)")
	flag.StringVar(&c.grpc, "grpc", "127.0.0.1:9090", "gRPC endpoint")
	flag.StringVar(&c.rpc, "rpc", "http://127.0.0.1:26657", "CometBFT RPC endpoint")
	flag.StringVar(&c.chainID, "chain-id", "corridor-devnet-1", "chain id")
	flag.DurationVar(&c.seconds, "for", 26*time.Second, "how long each burst broadcasts")
	flag.IntVar(&c.rounds, "rounds", 3, "rounds of send, DVP and financed DVP bursts")
	flag.IntVar(&c.minBlocks, "min-blocks", 20, "blocks fully inside a burst, at least")
	flag.IntVar(&c.long, "long", 10000, "DVPs in each long run (0: none)")
	flag.IntVar(&c.longRuns, "long-runs", 3, "long runs, back to back")
	flag.IntVar(&c.window, "window", 500, "transactions broadcast and not yet committed, at most (at least, with -window-blocks)")
	flag.IntVar(&c.windowBlocks, "window-blocks", 2, "keep as many transactions in flight as this many blocks commit (0: -window fixed)")
	flag.IntVar(&c.paced, "paced", 50, "DVPs in the latency run")
	flag.IntVar(&c.rate, "rate", 5, "DVPs per second in the latency run (below capacity)")
	flag.IntVar(&c.nodePID, "node-pid", 0, "the node's process id, for its CPU time and memory")
	flag.IntVar(&c.batch, "batch", 10, "trades (and sends) to a transaction in the batched bursts; 0: none")
	flag.StringVar(&c.pprof, "pprof", "", "the node's pprof server (http://host:port): CPU and allocation profiles of each burst of the first round")
	flag.StringVar(&c.profileDir, "profile-dir", "", "where to keep the raw profiles (kind.cpu.pb.gz, kind.allocs.pb.gz)")
	flag.DurationVar(&c.settle, "settle", 20*time.Second, "pause between the financed DVPs' loan setup and the first burst")
	flag.Parse()
	if err := run(context.Background(), c); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// burst is one measured burst. Its rate, CPU and profile are per trade (or
// send): a batched burst's transactions carry PerTx each.
type burst struct {
	Kind         string             `json:"kind"`
	PerTx        int                `json:"per_tx"`
	Txs          int                `json:"txs"`
	Blocks       int                `json:"inner_blocks"`
	Rate         float64            `json:"sustained_per_second"`
	CPUPerMsg    float64            `json:"node_cpu_ms_per_msg,omitempty"`
	NodeRSSMiB   float64            `json:"node_rss_mib,omitempty"`
	LatencyP50   float64            `json:"latency_p50_seconds"`
	LatencyP99   float64            `json:"latency_p99_seconds"`
	WholeSeconds float64            `json:"whole_seconds"`
	CPU          *loadgen.Breakdown `json:"cpu_profile,omitempty"`
	Allocs       *loadgen.Breakdown `json:"alloc_profile,omitempty"`
}

type round struct {
	Send, DVP, Financed burst
	Ratio               float64 `json:"ratio_dvp_to_send"`
	FinancedRatio       float64 `json:"ratio_financed_to_send"`
	// with -batch: the same bursts, -batch to a transaction
	SendBatch, DVPBatch, FinancedBatch *burst
	BatchRatio, FinancedBatchRatio     float64 `json:",omitempty"` // ÷ the single send's rate
	BatchToBatch, FinancedToBatch      float64 `json:",omitempty"` // ÷ the batched send's rate
}

func run(ctx context.Context, c config) error {
	g, err := loadgen.New(ctx, c.home, c.grpc, c.rpc, c.chainID)
	if err != nil {
		return err
	}
	defer g.Close()
	// enough for the fastest node's bursts, 2,000 DVPs a second: the
	// warm-up and each round's four bursts that draw on the quote (the DVP
	// and the financed DVP, single and batched)
	capacity := (4*c.rounds+1)*int(c.seconds.Seconds())*2000 + c.long*max(1, c.longRuns) + c.paced
	lot, quote, err := g.Setup(ctx, capacity)
	if err != nil {
		return err
	}
	var sends, dvps, sendBatches, dvpBatches []loadgen.Stream
	for p, from := range loadgen.Sellers {
		send := func(i int) sdk.Msg {
			return banktypes.NewMsgSend(g.AccAddress(from), g.AccAddress("validator"), sdk.NewCoins(sdk.NewInt64Coin(app.FeeDenom, int64(1+i))))
		}
		sends = append(sends, loadgen.Stream{Signers: []string{from}, Msgs: func(i int) []sdk.Msg { return []sdk.Msg{send(i)} }})
		dvps = append(dvps, loadgen.Stream{Signers: []string{from, loadgen.Buyers[p]}, Msgs: func(int) []sdk.Msg {
			return []sdk.Msg{g.DVP(from, loadgen.Buyers[p], lot, quote)}
		}})
		sendBatches = append(sendBatches, loadgen.Stream{Signers: []string{from}, Gas: uint64(c.batch) * 2_000_000, Msgs: func(i int) []sdk.Msg {
			ms := make([]sdk.Msg, c.batch)
			for k := range ms {
				ms[k] = send(i*c.batch + k)
			}
			return ms
		}})
		dvpBatches = append(dvpBatches, loadgen.Stream{Signers: []string{from, loadgen.Buyers[p]}, Gas: uint64(c.batch) * 2_000_000, Msgs: func(int) []sdk.Msg {
			ms := make([]sdk.Msg, c.batch)
			for k := range ms {
				ms[k] = g.DVP(from, loadgen.Buyers[p], lot, quote)
			}
			return ms
		}})
	}
	// financed DVPs sell units pledged to loans, one loan each (a sale
	// repays its loan in full); a borrower sells its own units and signs
	// each sale with its account's next sequence, so each of the four
	// streams has an exporter of its own, selling to its buyer
	exporters, err := g.Exporters(ctx, len(loadgen.Buyers))
	if err != nil {
		return err
	}
	// financed(n) sets up n loans per exporter; round k's financed burst
	// sells the k-th share of each exporter's loans, its batched burst the
	// k-th share of the loans after the financed bursts' (as many a round,
	// rounded up to whole batches: the single bursts have used about a
	// quarter of theirs; a burst that runs out fails)
	type exporterLoans struct {
		name  string
		lot   uint64
		loans []uint64
	}
	var fin []exporterLoans
	financed := func(n int) error {
		for _, exporter := range exporters {
			flot, loans, err := g.SetupFinanced(ctx, exporter, n)
			if err != nil {
				return err
			}
			fin = append(fin, exporterLoans{exporter, flot, loans})
		}
		return nil
	}
	financedStreams := func(k, per int) []loadgen.Stream {
		var out []loadgen.Stream
		for w, e := range fin {
			buyer := loadgen.Buyers[w]
			out = append(out, loadgen.Stream{Signers: []string{e.name, buyer}, Msgs: func(i int) []sdk.Msg {
				// stream w sends transactions w, w+4, w+8, …
				return []sdk.Msg{g.FinancedDVP(e.name, buyer, e.lot, quote, e.loans[k*per+i/len(fin)])}
			}})
		}
		return out
	}
	financedBatches := func(base int) []loadgen.Stream {
		var out []loadgen.Stream
		for w, e := range fin {
			buyer := loadgen.Buyers[w]
			out = append(out, loadgen.Stream{Signers: []string{e.name, buyer}, Gas: uint64(c.batch) * 2_000_000, Msgs: func(i int) []sdk.Msg {
				ms := make([]sdk.Msg, c.batch)
				for k := range ms {
					ms[k] = g.FinancedDVP(e.name, buyer, e.lot, quote, e.loans[base+(i/len(fin))*c.batch+k])
				}
				return ms
			}})
		}
		return out
	}
	measure := func(kind string, streams []loadgen.Stream, n, perTx int, settles, profiled bool) (burst, error) {
		cpu0, _ := nodeCPU(c.nodePID)
		var prof profiles
		if profiled && c.pprof != "" {
			prof.take(ctx, c.pprof, 6*time.Second, 10*time.Second)
		}
		// A batched burst keeps as many sends or trades in flight as a single
		// one (the window's floor counts them), in fewer transactions, and
		// broadcasts as long.
		r, err := g.Run(ctx, loadgen.Load{Streams: streams, N: n, For: c.seconds, Window: max(1, c.window/perTx), Blocks: c.windowBlocks, Settles: settles, PerTx: perTx})
		prof.wg.Wait()
		if err != nil {
			return burst{}, fmt.Errorf("%s: %w", kind, err)
		}
		// a burst of a bounded stream (the financed ones sell the loans set
		// up for them) that used them all stopped before its time: its
		// rate would be a shorter burst's
		if n < 1<<30 && len(r.Latencies) >= n {
			return burst{}, fmt.Errorf("%s: all %d transactions were sent before the burst's %s ended: set up more loans", kind, n, c.seconds)
		}
		if prof.err != nil {
			return burst{}, fmt.Errorf("%s: %w", kind, prof.err)
		}
		cpuB, allocB, err := prof.breakdown(r, c.profileDir, kind, perTx)
		if err != nil {
			return burst{}, fmt.Errorf("%s: %w", kind, err)
		}
		rate, inner, err := r.Sustained(c.minBlocks)
		if err != nil {
			return burst{}, fmt.Errorf("%s: %w", kind, err)
		}
		b := burst{Kind: kind, PerTx: perTx, Txs: len(r.Latencies), Blocks: inner, Rate: rate * float64(perTx), WholeSeconds: r.Seconds,
			LatencyP50: pct(r.Latencies, 0.50), LatencyP99: pct(r.Latencies, 0.99), CPU: cpuB, Allocs: allocB}
		if cpu1, err := nodeCPU(c.nodePID); err == nil {
			b.CPUPerMsg = 1000 * (cpu1 - cpu0) / float64(b.Txs*perTx)
			b.NodeRSSMiB, _ = nodeRSS(c.nodePID)
		}
		fmt.Fprintf(os.Stderr, "%s: %d txs of %d, %.1f/s over %d blocks\n", kind, b.Txs, perTx, b.Rate, b.Blocks)
		return b, nil
	}
	// Every burst runs on the same state: the loans of all rounds' financed
	// DVPs are set up before the first burst (tens of thousands of loans,
	// each with its application, pledge and indexes), so that no burst is
	// measured on a smaller state than another. A short DVP burst first
	// sizes them: as many loans as the DVP rate would settle in a burst
	// and then some.
	warm, err := g.Run(ctx, loadgen.Load{Streams: dvps, N: 1 << 30, For: 8 * time.Second, Window: c.window, Blocks: c.windowBlocks, Settles: true})
	if err != nil {
		return fmt.Errorf("warm-up: %w", err)
	}
	warmRate, _, err := warm.Sustained(3)
	if err != nil {
		return fmt.Errorf("warm-up: %w", err)
	}
	perRound := (int(1.3*warmRate*(c.seconds.Seconds()+10))+100)/len(exporters) + 1
	batchPerRound := 0
	if c.batch > 0 {
		batchPerRound = (perRound + c.batch - 1) / c.batch * c.batch
	}
	if err := financed((perRound + batchPerRound) * c.rounds); err != nil {
		return err
	}
	// the setup writes the loans in large transactions: the node's
	// database compacts them for a while after, which is the setup's cost
	time.Sleep(c.settle)
	var rounds []round
	for i := range c.rounds {
		var r round
		if r.Send, err = measure("send", sends, 1<<30, 1, false, i == 0); err != nil {
			return err
		}
		if r.DVP, err = measure("dvp", dvps, 1<<30, 1, true, i == 0); err != nil {
			return err
		}
		if r.Financed, err = measure("financed-dvp", financedStreams(i, perRound), perRound*len(fin), 1, true, i == 0); err != nil {
			return err
		}
		r.Ratio, r.FinancedRatio = r.DVP.Rate/r.Send.Rate, r.Financed.Rate/r.Send.Rate
		if c.batch > 0 {
			var sb, db, fb burst
			if sb, err = measure("send-batch", sendBatches, 1<<30, c.batch, false, i == 0); err != nil {
				return err
			}
			if db, err = measure("dvp-batch", dvpBatches, 1<<30, c.batch, true, i == 0); err != nil {
				return err
			}
			base := perRound*c.rounds + i*batchPerRound
			if fb, err = measure("financed-dvp-batch", financedBatches(base), batchPerRound/c.batch*len(fin), c.batch, true, i == 0); err != nil {
				return err
			}
			r.SendBatch, r.DVPBatch, r.FinancedBatch = &sb, &db, &fb
			r.BatchRatio, r.FinancedBatchRatio = db.Rate/r.Send.Rate, fb.Rate/r.Send.Rate
			r.BatchToBatch, r.FinancedToBatch = db.Rate/sb.Rate, fb.Rate/sb.Rate
		}
		rounds = append(rounds, r)
	}
	report := map[string]any{"rounds": rounds, "loans_per_round": perRound * len(fin), "window": c.window, "window_blocks": c.windowBlocks, "burst_seconds": c.seconds.Seconds(),
		"streams": len(loadgen.Sellers), "transactions_per_dvp": 1, "signatures_per_dvp": 2, "batch": c.batch, "batch_loans_per_round": batchPerRound * len(fin)}
	stat := func(f func(round) float64) map[string]float64 {
		xs := make([]float64, len(rounds))
		for i, r := range rounds {
			xs[i] = f(r)
		}
		sort.Float64s(xs)
		return map[string]float64{"median": xs[len(xs)/2], "min": xs[0], "max": xs[len(xs)-1]}
	}
	report["send_rate"] = stat(func(r round) float64 { return r.Send.Rate })
	report["dvp_rate"] = stat(func(r round) float64 { return r.DVP.Rate })
	report["financed_rate"] = stat(func(r round) float64 { return r.Financed.Rate })
	report["ratio"] = stat(func(r round) float64 { return r.Ratio })
	report["financed_ratio"] = stat(func(r round) float64 { return r.FinancedRatio })
	if c.batch > 0 {
		report["send_batch_rate"] = stat(func(r round) float64 { return r.SendBatch.Rate })
		report["dvp_batch_rate"] = stat(func(r round) float64 { return r.DVPBatch.Rate })
		report["financed_batch_rate"] = stat(func(r round) float64 { return r.FinancedBatch.Rate })
		report["batch_ratio"] = stat(func(r round) float64 { return r.BatchRatio })
		report["financed_batch_ratio"] = stat(func(r round) float64 { return r.FinancedBatchRatio })
		report["batch_to_batch"] = stat(func(r round) float64 { return r.BatchToBatch })
		report["financed_to_batch"] = stat(func(r round) float64 { return r.FinancedToBatch })
	}

	if c.long > 0 {
		var runs []map[string]any
		var ratios []float64
		for i := range max(1, c.longRuns) {
			r, err := g.Run(ctx, loadgen.Load{Streams: dvps, N: c.long, Window: c.window, Blocks: c.windowBlocks, Settles: true})
			if err != nil {
				return fmt.Errorf("long run %d: %w", i+1, err)
			}
			first, last, err := r.Edges(1000)
			if err != nil {
				return fmt.Errorf("long run %d: %w", i+1, err)
			}
			fmt.Fprintf(os.Stderr, "long run %d: %d DVPs over %d blocks, first 1000 %.1f/s, last 1000 %.1f/s\n", i+1, c.long, len(r.Blocks), first, last)
			runs = append(runs, map[string]any{"blocks": len(r.Blocks), "seconds": r.Seconds,
				"first_1000_per_second": first, "last_1000_per_second": last, "last_to_first": last / first})
			ratios = append(ratios, last/first)
		}
		sort.Float64s(ratios)
		report["long"] = map[string]any{"dvps": c.long, "runs": runs,
			"last_to_first": map[string]float64{"median": ratios[len(ratios)/2], "min": ratios[0], "max": ratios[len(ratios)-1]}}
	}

	// DVPs paced below capacity on the first pair: latency from the
	// broadcast to the block that settles each
	tick := time.NewTicker(time.Second / time.Duration(c.rate))
	defer tick.Stop()
	lat, _, err := g.Burst(ctx, dvps[:1], c.paced, func() { <-tick.C }, true)
	if err != nil {
		return err
	}
	report["paced"] = map[string]any{"dvps": c.paced, "rate_per_second": c.rate,
		"latency_p50_seconds": pct(lat, 0.50), "latency_p99_seconds": pct(lat, 0.99)}
	return json.NewEncoder(os.Stdout).Encode(report)
}

// profiles are a CPU and an allocation profile of the node over one window
// of a burst.
type profiles struct {
	wg          sync.WaitGroup
	cpu, allocs *profile.Profile
	t0, t1      time.Time
	err         error
}

// take fetches both profiles over window, after delay, in the background.
func (p *profiles) take(ctx context.Context, url string, delay, window time.Duration) {
	p.wg.Go(func() {
		time.Sleep(delay)
		p.t0 = time.Now()
		var both sync.WaitGroup
		var errCPU, errAllocs error
		both.Go(func() { p.cpu, errCPU = loadgen.FetchProfile(ctx, url, "profile", window) })
		both.Go(func() { p.allocs, errAllocs = loadgen.FetchProfile(ctx, url, "allocs", window) })
		both.Wait()
		p.t1 = time.Now()
		p.err = errors.Join(errCPU, errAllocs)
	})
}

// breakdown sorts the profiles (when taken) by the trades (perTx to a
// transaction) of r's blocks proposed during their window, and keeps them in
// dir if set.
func (p *profiles) breakdown(r loadgen.Result, dir, kind string, perTx int) (cpu, allocs *loadgen.Breakdown, err error) {
	if p.cpu == nil {
		return nil, nil, nil
	}
	txs := 0
	for _, b := range r.Blocks {
		if b.Time.After(p.t0) && !b.Time.After(p.t1) {
			txs += b.Txs * perTx
		}
	}
	if dir != "" {
		for name, pr := range map[string]*profile.Profile{kind + ".cpu.pb.gz": p.cpu, kind + ".allocs.pb.gz": p.allocs} {
			f, err := os.Create(filepath.Join(dir, name))
			if err != nil {
				return nil, nil, err
			}
			if err := errors.Join(pr.Write(f), f.Close()); err != nil {
				return nil, nil, err
			}
		}
	}
	c, a := loadgen.Sort(p.cpu, txs), loadgen.Sort(p.allocs, txs)
	return &c, &a, nil
}

func pct(xs []float64, p float64) float64 {
	sort.Float64s(xs)
	return xs[int(p*float64(len(xs)-1))]
}

// nodeCPU is the process's user and system CPU seconds (/proc/PID/stat,
// clock ticks of 1/100 s).
func nodeCPU(pid int) (float64, error) {
	if pid == 0 {
		return 0, fmt.Errorf("no node pid")
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// the fields after the command name, which is in parentheses
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100, nil
}

// nodeRSS is the process's resident memory in MiB (/proc/PID/status).
func nodeRSS(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024, err
		}
	}
	return 0, fmt.Errorf("no VmRSS")
}
