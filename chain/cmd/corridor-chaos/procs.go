package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// proc is one process the run started: it is stopped by its PID, never by
// name, so nothing else on the machine is touched.
type proc struct {
	name string
	log  string
	cmd  *exec.Cmd
	done chan struct{}
}

// procs are every process the run started and has not yet seen exit.
type procs struct {
	mu  sync.Mutex
	all map[*proc]bool
}

var running = &procs{all: map[*proc]bool{}}

// start runs a command in its own process group, its output appended to log.
func start(name, log string, env []string, bin string, args ...string) (*proc, error) {
	f, err := os.OpenFile(log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	p := &proc{name: name, log: log, cmd: cmd, done: make(chan struct{})}
	running.mu.Lock()
	running.all[p] = true
	running.mu.Unlock()
	go func() {
		_ = cmd.Wait()
		f.Close()
		running.mu.Lock()
		delete(running.all, p)
		running.mu.Unlock()
		close(p.done)
	}()
	return p, nil
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

func (p *proc) alive() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// kill9 is a crash: SIGKILL to the process group it leads, then its exit awaited.
func (p *proc) kill9() error { return p.signal(syscall.SIGKILL, 10*time.Second) }

// stop is an orderly end: SIGTERM, then SIGKILL after 20 s.
func (p *proc) stop() error {
	if err := p.signal(syscall.SIGTERM, 20*time.Second); err != nil {
		return p.kill9()
	}
	return nil
}

func (p *proc) signal(sig syscall.Signal, wait time.Duration) error {
	if !p.alive() {
		return nil
	}
	_ = syscall.Kill(-p.pid(), sig)
	select {
	case <-p.done:
		return nil
	case <-time.After(wait):
		return fmt.Errorf("%s (pid %d) did not exit on %s", p.name, p.pid(), sig)
	}
}

// stopAll ends every process the run started and is still running.
func stopAll() {
	running.mu.Lock()
	ps := make([]*proc, 0, len(running.all))
	for p := range running.all {
		ps = append(ps, p)
	}
	running.mu.Unlock()
	for _, p := range ps {
		_ = p.stop()
	}
}

// tail is the last n lines of a log file, for a failure's explanation.
func tail(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(no log %s: %v)", path, err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}

// run runs a command to completion and returns its standard output; a
// failure carries its output.
func run(ctx context.Context, env []string, bin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("%s %s: %w\n%s%s", bin, strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String(), nil
}

var httpc = &http.Client{Timeout: 5 * time.Second}

// getJSON reads a JSON document over HTTP.
func getJSON(ctx context.Context, url string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	res, err := httpc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 512))
		return fmt.Errorf("%s: %s %s", url, res.Status, b)
	}
	return json.NewDecoder(res.Body).Decode(out)
}

// status is what a CometBFT node reports of itself.
type status struct {
	Height      int64
	Earliest    int64
	CatchingUp  bool
	LatestHash  string
	LatestAppHs string
}

func nodeStatus(ctx context.Context, rpc string) (status, error) {
	var s struct {
		Result struct {
			SyncInfo struct {
				LatestHeight   string `json:"latest_block_height"`
				LatestHash     string `json:"latest_block_hash"`
				LatestAppHash  string `json:"latest_app_hash"`
				EarliestHeight string `json:"earliest_block_height"`
				CatchingUp     bool   `json:"catching_up"`
			} `json:"sync_info"`
		} `json:"result"`
	}
	if err := getJSON(ctx, rpc+"/status", &s); err != nil {
		return status{}, err
	}
	h, _ := strconv.ParseInt(s.Result.SyncInfo.LatestHeight, 10, 64)
	e, _ := strconv.ParseInt(s.Result.SyncInfo.EarliestHeight, 10, 64)
	return status{Height: h, Earliest: e, CatchingUp: s.Result.SyncInfo.CatchingUp,
		LatestHash: s.Result.SyncInfo.LatestHash, LatestAppHs: s.Result.SyncInfo.LatestAppHash}, nil
}

// header is the identity of a block on one node: its hash and the app hash
// it carries (the state after the block before), its time and transactions.
type header struct {
	Hash, AppHash string
	Time          time.Time
	Txs           []string
}

// blockAt reads block h on a node (h <= 0: its latest block).
func blockAt(ctx context.Context, rpc string, h int64) (header, error) {
	var b struct {
		Result struct {
			BlockID struct {
				Hash string `json:"hash"`
			} `json:"block_id"`
			Block struct {
				Header struct {
					AppHash string    `json:"app_hash"`
					Time    time.Time `json:"time"`
				} `json:"header"`
				Data struct {
					Txs []string `json:"txs"`
				} `json:"data"`
			} `json:"block"`
		} `json:"result"`
	}
	url := rpc + "/block"
	if h > 0 {
		url += fmt.Sprintf("?height=%d", h)
	}
	if err := getJSON(ctx, url, &b); err != nil {
		return header{}, err
	}
	if b.Result.BlockID.Hash == "" {
		return header{}, fmt.Errorf("%s has no block %d", rpc, h)
	}
	return header{Hash: b.Result.BlockID.Hash, AppHash: b.Result.Block.Header.AppHash, Time: b.Result.Block.Header.Time,
		Txs: b.Result.Block.Data.Txs}, nil
}

// txCodes are the result codes of a block's transactions, in block order.
func txCodes(ctx context.Context, rpc string, h int64) ([]uint32, error) {
	var r struct {
		Result struct {
			TxsResults []struct {
				Code uint32 `json:"code"`
			} `json:"txs_results"`
		} `json:"result"`
	}
	if err := getJSON(ctx, fmt.Sprintf("%s/block_results?height=%d", rpc, h), &r); err != nil {
		return nil, err
	}
	codes := make([]uint32, len(r.Result.TxsResults))
	for i, t := range r.Result.TxsResults {
		codes[i] = t.Code
	}
	return codes, nil
}

// poll calls f every interval until it returns true, an error, or the
// context ends (the error then says what was awaited).
func poll(ctx context.Context, what string, every time.Duration, f func() (bool, error)) error {
	for {
		ok, err := f()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("timed out waiting for %s", what)
		case <-time.After(every):
		}
	}
}
