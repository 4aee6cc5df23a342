package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/corridor-chain/corridor/internal/loadgen"
)

// phase lengths: the full run and make test's shortened one.
func (c config) phase() time.Duration {
	if c.short {
		return 8 * time.Second
	}
	return 20 * time.Second
}

func (c config) rate() int {
	if c.short {
		return 8
	}
	return 16
}

// gen is the load generator on node 0, connected on first use.
func (n *localnet) gen(ctx context.Context) (*loadgen.Gen, error) {
	if n.g == nil {
		nd := n.nodes[0]
		g, err := loadgen.New(ctx, nd.home, nd.grpc, nd.rpc, n.chainID)
		if err != nil {
			return nil, n.explain(fmt.Errorf("connecting the load generator: %w", err), nd)
		}
		n.g = g
	}
	return n.g, nil
}

// loadOn starts the steady load against node 0, setting up its lot, money
// and quote on first use.
func (n *localnet) loadOn(ctx context.Context, cfg config) (*load, error) {
	g, err := n.gen(ctx)
	if err != nil {
		return nil, err
	}
	if n.lot == 0 {
		if err := g.SyncHeight(ctx); err != nil {
			return nil, err
		}
		lot, quote, err := g.Setup(ctx, 20_000)
		if err != nil {
			return nil, n.explain(fmt.Errorf("setting up the load: %w", err), n.nodes[0])
		}
		n.lot, n.quote = lot, quote
	}
	return startLoad(ctx, g, n.lot, n.quote, cfg.rate()), nil
}

// finishLoad stops the load and checks every accepted transaction is in a
// block exactly once and succeeded.
func finishLoad(ctx context.Context, n *localnet, l *load, from int64, s *scenario) error {
	hashes, err := l.stop()
	if err != nil {
		return fmt.Errorf("the load generator was refused: %w", err)
	}
	in, err := includedOnce(ctx, n.nodes[0].rpc, from, hashes)
	if err != nil {
		return err
	}
	s.figure("transactions accepted by the node (DVPs and sends, half each)", "%d", in.accepted)
	s.reconcile("accepted transactions in a block exactly once, succeeded", in.accepted, in.once)
	if !in.ok() {
		return fmt.Errorf("the load's transactions: %s", in)
	}
	return nil
}

// finishAgreed ends a load scenario: every accepted transaction in a block
// exactly once (finishLoad), then one history on all four nodes from the
// load's first height to the tip, reconciled against the agreed range at
// the fault (faultAt).
func finishAgreed(ctx context.Context, n *localnet, l *load, from, faultAt int64, note string, s *scenario) error {
	if err := finishLoad(ctx, n, l, from, s); err != nil {
		return err
	}
	tip := n.tip(ctx, n.nodes...)
	if err := n.agree(ctx, from, tip, n.nodes...); err != nil {
		return n.explain(err, n.nodes...)
	}
	s.reconcile("heights on which all 4 nodes hold the same block and app hash"+note, fmt.Sprintf("%d..%d", from, faultAt), fmt.Sprintf("%d..%d", from, tip))
	return nil
}

// crashUnderLoad: kill -9 one of four validators under load; blocks go on;
// restarted, it catches up to the same app hash; nothing lost or doubled.
func crashUnderLoad(ctx context.Context, cfg config, n *localnet, s *scenario) error {
	v := n.nodes[3]
	from := n.nodes[0].height(ctx) + 1
	l, err := n.loadOn(ctx, cfg)
	if err != nil {
		return err
	}
	from = max(from, n.g.Height()+1)
	s.did("4 validators with 1 s blocks; a steady load of %d tx/s (DVPs with FX and bank sends) broadcast to node0", cfg.rate())
	before, _, _ := n.nodes[0].rate(ctx, cfg.phase())
	s.figure("blocks/s before the crash", "%.2f", before)
	if err := v.p.kill9(); err != nil {
		return err
	}
	hKill := n.nodes[0].height(ctx)
	s.did("kill -9 node3 (pid %d) at height %d", v.p.pid(), hKill)
	during, _, _ := n.nodes[0].rate(ctx, cfg.phase())
	s.figure("blocks/s with node3 dead", "%.2f", during)
	if during <= 0 {
		return n.explain(fmt.Errorf("no block while one of four validators was down"), n.nodes[:3]...)
	}
	if err := v.start(); err != nil {
		return err
	}
	t0 := time.Now()
	target := n.nodes[0].height(ctx)
	s.did("restarted node3 (pid %d) with the tip at height %d", v.p.pid(), target)
	if err := n.waitHeight(ctx, target, v); err != nil {
		return err
	}
	s.figure("node3 caught up (from its restart to the tip at restart)", "%.1f s", time.Since(t0).Seconds())
	after, _, _ := n.nodes[0].rate(ctx, cfg.phase())
	s.figure("blocks/s after the restart", "%.2f", after)
	return finishAgreed(ctx, n, l, from, hKill, "", s)
}

// twoDown: with two of four validators down no block is committed (safety
// over liveness); restarted, the chain resumes with one history and every
// accepted transaction once.
func twoDown(ctx context.Context, cfg config, n *localnet, s *scenario) error {
	from := n.nodes[0].height(ctx) + 1
	l, err := n.loadOn(ctx, cfg)
	if err != nil {
		return err
	}
	s.did("the same 4 validators and load (%d tx/s to node0)", cfg.rate())
	before, _, _ := n.nodes[0].rate(ctx, cfg.phase()/2)
	s.figure("blocks/s before", "%.2f", before)
	for _, v := range n.nodes[2:] {
		if err := v.p.kill9(); err != nil {
			return err
		}
	}
	s.did("kill -9 node2 and node3 (half the voting power; more than 1/3 is needed to stop the chain, 2/3 to commit)")
	time.Sleep(3 * time.Second) // a block already being committed may land
	hA, sentA := n.tip(ctx, n.nodes[:2]...), l.count()
	time.Sleep(cfg.phase())
	hB, sentB := n.tip(ctx, n.nodes[:2]...), l.count()
	s.figure("blocks committed while two were down", "%d in %.0f s (height stayed %d)", hB-hA, cfg.phase().Seconds(), hA)
	s.figure("transactions node0 accepted into its mempool meanwhile", "%d", sentB-sentA)
	if hB != hA {
		return n.explain(fmt.Errorf("the chain committed %d blocks with two of four validators down", hB-hA), n.nodes[:2]...)
	}
	t0 := time.Now()
	for _, v := range n.nodes[2:] {
		if err := v.start(); err != nil {
			return err
		}
	}
	s.did("restarted node2 and node3")
	if err := n.waitHeight(ctx, hA+1, n.nodes[:2]...); err != nil {
		return err
	}
	s.figure("first block after the restart", "%.1f s", time.Since(t0).Seconds())
	if err := n.waitHeight(ctx, hA+3, n.nodes...); err != nil {
		return err
	}
	after, _, _ := n.nodes[0].rate(ctx, cfg.phase()/2)
	s.figure("blocks/s after", "%.2f", after)
	return finishAgreed(ctx, n, l, from, hA, " (no fork)", s)
}

// partition: node3's links are cut at the proxies in front of them, the
// process left running; the other three go on; healed, node3 catches up.
func partition(ctx context.Context, cfg config, n *localnet, s *scenario) error {
	v := n.nodes[3]
	from := n.nodes[0].height(ctx) + 1
	l, err := n.loadOn(ctx, cfg)
	if err != nil {
		return err
	}
	s.did("node3's p2p links to and from the other three pass through proxies on loopback (peer exchange off); the same load")
	before, _, _ := n.nodes[0].rate(ctx, cfg.phase()/2)
	s.figure("blocks/s before", "%.2f", before)
	for _, px := range n.proxies {
		px.setCut(true)
	}
	cutAt := v.height(ctx)
	s.did("cut: the proxies close node3's connections and refuse new ones, at height %d; node3 keeps running (pid %d)", cutAt, v.p.pid())
	during, _, _ := n.nodes[0].rate(ctx, cfg.phase())
	stalled := v.height(ctx)
	s.figure("blocks/s of the other three while node3 is cut off", "%.2f", during)
	s.figure("node3's height while cut off", "%d -> %d", cutAt, stalled)
	if during <= 0 {
		return n.explain(fmt.Errorf("the three connected validators made no block"), n.nodes[:3]...)
	}
	if stalled > cutAt+1 {
		return n.explain(fmt.Errorf("node3 advanced from %d to %d while cut off: the partition leaks", cutAt, stalled), v)
	}
	if !v.p.alive() {
		return n.explain(fmt.Errorf("node3 exited while cut off"), v)
	}
	for _, px := range n.proxies {
		px.setCut(false)
	}
	t0 := time.Now()
	target := n.nodes[0].height(ctx)
	s.did("healed: the proxies accept again, the tip at height %d", target)
	if err := n.waitHeight(ctx, target, v); err != nil {
		return err
	}
	s.figure("node3 reconnected and caught up", "%.1f s (CometBFT redials persistent peers every 5 s)", time.Since(t0).Seconds())
	return finishAgreed(ctx, n, l, from, cutAt, "", s)
}

// stateSync: a fifth node, with an empty store, joins from the validators'
// snapshots (light-client verified over two RPC servers) and reaches the tip.
func stateSync(ctx context.Context, cfg config, n *localnet, s *scenario) error {
	iv := int64(cfg.snapshotInterval)
	if err := n.waitHeight(ctx, 2*iv+3, n.nodes...); err != nil {
		return err
	}
	tip := n.tip(ctx, n.nodes...)
	trust := (tip - 2) / iv * iv // the latest snapshot height, taken by now
	b, err := blockAt(ctx, n.nodes[0].rpc, trust)
	if err != nil {
		return err
	}
	home := filepath.Join(n.root, "node4")
	nd := &node{i: 4, home: home, log: filepath.Join(n.root, "node4.log"), bin: n.bin,
		rpc: fmt.Sprintf("http://127.0.0.1:%d", n.port(4, 1)), grpc: fmt.Sprintf("127.0.0.1:%d", n.port(4, 2)), p2pPort: n.port(4, 0)}
	nd.args = []string{"start", "--home", home, "--log_no_color"}
	if _, err := run(ctx, nil, n.bin, "init", "node4", "--chain-id", n.chainID, "--home", home); err != nil {
		return err
	}
	for _, f := range []string{"genesis.json", "app.toml"} {
		raw, err := os.ReadFile(filepath.Join(n.nodes[1].home, "config", f))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(home, "config", f), raw, 0o644); err != nil {
			return err
		}
	}
	var peers []string
	for _, o := range n.nodes[:3] {
		peers = append(peers, fmt.Sprintf("%s@127.0.0.1:%d", o.id, o.p2pPort))
	}
	c, a := filepath.Join(home, "config/config.toml"), filepath.Join(home, "config/app.toml")
	for _, kv := range [][3]string{
		{"p2p", "laddr", fmt.Sprintf(`"tcp://127.0.0.1:%d"`, nd.p2pPort)},
		{"p2p", "persistent_peers", `"` + strings.Join(peers, ",") + `"`},
		{"p2p", "pex", "false"},
		{"p2p", "allow_duplicate_ip", "true"},
		{"p2p", "addr_book_strict", "false"},
		{"rpc", "laddr", fmt.Sprintf(`"tcp://127.0.0.1:%d"`, n.port(4, 1))},
		{"rpc", "pprof_laddr", fmt.Sprintf(`"127.0.0.1:%d"`, n.port(4, 4))},
		{"statesync", "enable", "true"},
		{"statesync", "rpc_servers", fmt.Sprintf(`"%s,%s"`, n.nodes[0].rpc, n.nodes[1].rpc)},
		{"statesync", "trust_height", fmt.Sprint(trust)},
		{"statesync", "trust_hash", `"` + b.Hash + `"`},
		{"statesync", "trust_period", `"168h0m0s"`},
	} {
		if err := setTOML(c, kv[0], kv[1], kv[2]); err != nil {
			return err
		}
	}
	for _, kv := range [][3]string{
		{"grpc", "address", `"` + nd.grpc + `"`},
		{"api", "address", fmt.Sprintf(`"tcp://127.0.0.1:%d"`, n.port(4, 3))},
	} {
		if err := setTOML(a, kv[0], kv[1], kv[2]); err != nil {
			return err
		}
	}
	s.did("snapshots every %d blocks on every validator (app.toml state-sync.snapshot-interval, 3 kept)", iv)
	s.did("node4: an empty home, the genesis, three validators as peers, state sync from trust height %d (hash %.12s…) over two RPC servers", trust, b.Hash)
	t0 := time.Now()
	if err := nd.start(); err != nil {
		return err
	}
	defer func() { _ = nd.p.stop() }()
	target := n.tip(ctx, n.nodes...)
	c2, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	var st status
	err = poll(c2, "node4 to reach the tip", 500*time.Millisecond, func() (bool, error) {
		if !nd.p.alive() {
			return false, fmt.Errorf("node4 exited")
		}
		var err error
		st, err = nodeStatus(c2, nd.rpc)
		return err == nil && !st.CatchingUp && st.Height >= target, nil
	})
	if err != nil {
		return n.explain(err, nd)
	}
	joined := time.Since(t0).Seconds()
	s.figure("time to join (start to the tip at start, not catching up)", "%.1f s", joined)
	s.figure("node4's earliest block", "%d (restored from the snapshot at %d; blocks 1..%d never replayed)", st.Earliest, st.Earliest-1, st.Earliest-1)
	if st.Earliest <= 1 {
		return n.explain(fmt.Errorf("node4 replayed from genesis (earliest block %d) instead of state sync", st.Earliest), nd)
	}
	end := n.tip(ctx, append(n.nodes, nd)...)
	if err := n.agree(ctx, st.Earliest, end, n.nodes[0], nd); err != nil {
		return n.explain(err, nd)
	}
	s.reconcile("heights on which node4 and node0 hold the same block and app hash", "none (empty store)", fmt.Sprintf("%d..%d", st.Earliest, end))
	return nil
}
