package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/corridor-chain/corridor/internal/loadgen"
)

// localnet is four validators on loopback, written by scripts/localnet.sh
// (LOCALNET_START=0) and run by this program, so that it can crash, cut off
// and restart each one. Node 3 reaches the others, and they reach it, only
// through a proxy this program runs: cutting the proxy partitions node 3
// without killing it. Peer exchange is off, so no node learns a way around.
type localnet struct {
	root, chainID, bin string
	base               int
	nodes              []*node
	proxies            []*proxy // in front of node 3's links

	g          *loadgen.Gen // the load generator, set up on first use
	lot, quote uint64
}

type node struct {
	i          int
	home, log  string
	bin        string // the binary this node runs (a cosmovisor node: cosmovisor)
	env        []string
	args       []string
	p          *proc
	id         string
	rpc, grpc  string
	p2pPort    int
	proxyPorts []int
}

func (n *localnet) port(i, off int) int { return n.base + i*10 + off }

// newLocalnet writes the homes of a fresh four-validator localnet.
func newLocalnet(ctx context.Context, cfg config, name string, base int, bin string, extraEnv ...string) (*localnet, error) {
	root := filepath.Join(cfg.dir, name)
	n := &localnet{root: root, chainID: "corridor-" + name, bin: bin, base: base}
	env := append([]string{"LOCALNET_HOME=" + root, "LOCALNET_START=0", "CHAIN_ID=" + n.chainID,
		fmt.Sprintf("BASE_PORT=%d", base), "BIN=" + bin, "GOV_VOTING=20s", "GOV_EXPEDITED=10s",
		fmt.Sprintf("SNAPSHOT_INTERVAL=%d", cfg.snapshotInterval)}, extraEnv...)
	if out, err := run(ctx, env, "bash", filepath.Join(cfg.repo, "scripts/localnet.sh")); err != nil {
		return nil, fmt.Errorf("writing the localnet: %w\n%s", err, out)
	}
	for i := range 4 {
		nd := &node{i: i, home: filepath.Join(root, fmt.Sprintf("node%d", i)), log: filepath.Join(root, fmt.Sprintf("node%d.log", i)),
			bin: bin, rpc: fmt.Sprintf("http://127.0.0.1:%d", n.port(i, 1)), grpc: fmt.Sprintf("127.0.0.1:%d", n.port(i, 2)),
			p2pPort: n.port(i, 0)}
		nd.args = []string{"start", "--home", nd.home, "--log_no_color"}
		id, err := run(ctx, nil, bin, "comet", "show-node-id", "--home", nd.home)
		if err != nil {
			return nil, err
		}
		nd.id = strings.TrimSpace(id)
		n.nodes = append(n.nodes, nd)
	}
	// the links to and from node 3 go through proxies: proxy j (j < 3)
	// forwards to node j for node 3's dials, proxy 3 to node 3 for theirs
	for j := range 4 {
		px, err := newProxy(fmt.Sprintf("127.0.0.1:%d", base+100+j), fmt.Sprintf("127.0.0.1:%d", n.port(j, 0)))
		if err != nil {
			return nil, err
		}
		n.proxies = append(n.proxies, px)
	}
	for i, nd := range n.nodes {
		var peers []string
		for j, o := range n.nodes {
			if j == i {
				continue
			}
			addr := fmt.Sprintf("127.0.0.1:%d", o.p2pPort)
			if i == 3 || j == 3 {
				addr = n.proxies[j].addr()
			}
			peers = append(peers, o.id+"@"+addr)
		}
		c := filepath.Join(nd.home, "config/config.toml")
		if err := setTOML(c, "p2p", "persistent_peers", `"`+strings.Join(peers, ",")+`"`); err != nil {
			return nil, err
		}
		if err := setTOML(c, "p2p", "pex", "false"); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// setTOML sets key in [section] of a TOML file (the value written as given).
func setTOML(path, section, key, value string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := strings.Split(string(b), "\n")
	cur, done := "", false
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(key) + ` *=`)
	for i, l := range lines {
		if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") {
			cur = strings.Trim(l, "[]")
		}
		if cur == section && re.MatchString(l) {
			lines[i] = key + " = " + value
			done = true
		}
	}
	if !done {
		return fmt.Errorf("%s: no %s in [%s]", path, key, section)
	}
	return os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644)
}

func (nd *node) start() error {
	p, err := start(fmt.Sprintf("node%d", nd.i), nd.log, nd.env, nd.bin, nd.args...)
	nd.p = p
	return err
}

func (n *localnet) startAll(ctx context.Context) error {
	for _, nd := range n.nodes {
		if err := nd.start(); err != nil {
			return err
		}
	}
	return n.waitHeight(ctx, 3, n.nodes...)
}

// stop ends the nodes and the proxies.
func (n *localnet) stop() {
	for _, nd := range n.nodes {
		if nd.p != nil {
			_ = nd.p.stop()
		}
	}
	for _, px := range n.proxies {
		px.close()
	}
}

// height is a node's latest height (0 when it does not answer).
func (nd *node) height(ctx context.Context) int64 {
	s, err := nodeStatus(ctx, nd.rpc)
	if err != nil {
		return 0
	}
	return s.Height
}

// waitHeight waits until every given node has reached height h.
func (n *localnet) waitHeight(ctx context.Context, h int64, nodes ...*node) error {
	c, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	err := poll(c, fmt.Sprintf("height %d", h), 300*time.Millisecond, func() (bool, error) {
		for _, nd := range nodes {
			if nd.height(c) < h {
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		return n.explain(err, nodes...)
	}
	return nil
}

// explain adds the last lines of the nodes' logs to an error.
func (n *localnet) explain(err error, nodes ...*node) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%v", err)
	for _, nd := range nodes {
		fmt.Fprintf(&b, "\n--- node%d (height %d), last lines of %s:\n%s", nd.i, nd.height(context.Background()), nd.log, tail(nd.log, 15))
	}
	return fmt.Errorf("%s", b.String())
}

// rate is blocks per second on a node over d.
func (nd *node) rate(ctx context.Context, d time.Duration) (float64, int64, int64) {
	h0, t0 := nd.height(ctx), time.Now()
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
	h1 := nd.height(ctx)
	return float64(h1-h0) / time.Since(t0).Seconds(), h0, h1
}

// agree checks that every node holds the same block (hash and app hash) at
// every height in [from, to]: no fork, one history.
func (n *localnet) agree(ctx context.Context, from, to int64, nodes ...*node) error {
	for h := from; h <= to; h++ {
		var ref header
		for k, nd := range nodes {
			b, err := blockAt(ctx, nd.rpc, h)
			if err != nil {
				return fmt.Errorf("node%d at height %d: %w", nd.i, h, err)
			}
			if k == 0 {
				ref = b
				continue
			}
			if b.Hash != ref.Hash || b.AppHash != ref.AppHash {
				return fmt.Errorf("fork at height %d: node%d has block %s (app hash %s), node%d has %s (app hash %s)",
					h, nodes[0].i, ref.Hash, ref.AppHash, nd.i, b.Hash, b.AppHash)
			}
		}
	}
	return nil
}

// tip is the lowest latest height among the nodes.
func (n *localnet) tip(ctx context.Context, nodes ...*node) int64 {
	var low int64 = -1
	for _, nd := range nodes {
		if h := nd.height(ctx); low < 0 || h < low {
			low = h
		}
	}
	return low
}
