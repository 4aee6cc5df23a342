package loadgen

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/pprof/profile"
)

// A kind of work the node does, told by the frames of a CPU sample's stack:
// the frame nearest the leaf that matches one of the kinds' patterns names
// the sample's kind (a signature check inside the ante chain is a signature
// check; an allocation inside a message handler is message execution).
type kind struct {
	Name     string
	patterns []string
}

var kinds = []kind{
	{"signature checks", []string{"secp256k1", "VerifySignature"}},
	{"typed event encoding", []string{"TypedEventToEvent", "EmitTypedEvent"}},
	{"tx and block indexing", []string{"cometbft/state/txindex", "cometbft/state/indexer", "cometbft/state.(*Pruner)"}},
	{"database compaction", []string{"goleveldb/leveldb.(*DB).tCompaction", "goleveldb/leveldb.(*DB).mCompaction", "(*DB).compactionTransact"}},
	{"commit (IAVL, block store)", []string{"(*BaseApp).Commit", "rootmulti.(*Store).Commit", "(*BaseApp).WorkingHash", "cometbft/store.(*BlockStore).SaveBlock", "cometbft/state.(*dbStore).Save"}},
	{"message execution", []string{"(*BaseApp).runMsgs"}},
	{"ante handler", []string{"x/auth/ante.", "corridor/chain/app.", "x/auth/keeper."}},
	{"tx overhead (cache stores, gas, results)", []string{"(*BaseApp).RunTx"}},
	{"tx decoding and other ABCI work", []string{"TxDecoder", "unknownproto", "(*BaseApp).CheckTx", "(*BaseApp).FinalizeBlock"}},
	{"consensus, p2p, mempool", []string{"cometbft/consensus", "cometbft/p2p", "cometbft/mempool", "cometbft/internal/consensus"}},
	{"RPC (gRPC, CometBFT RPC)", []string{"google.golang.org/grpc", "cometbft/rpc"}},
	{"garbage collection", []string{"runtime.gcBgMarkWorker", "runtime.bgsweep", "runtime.bgscavenge", "runtime.gcMarkDone"}},
}

// A phase the work is done in, told by the frame nearest the root that
// matches: CheckTx (a broadcast's admission and the mempool's recheck after
// each block), FinalizeBlock, Commit, or work outside the ABCI calls.
var phases = []kind{
	{"CheckTx (admission and recheck)", []string{"(*BaseApp).CheckTx"}},
	{"FinalizeBlock", []string{"(*BaseApp).FinalizeBlock"}},
	{"Commit", []string{"(*BaseApp).Commit"}},
}

// Share is one kind's or phase's part of a profile.
type Share struct {
	Name   string  `json:"name"`
	Amount float64 `json:"amount"` // CPU seconds, or MiB allocated
	// PerTx is the amount per transaction of the burst (CPU milliseconds,
	// or KiB allocated): Amount over the transactions committed while the
	// profile ran.
	PerTx float64 `json:"per_tx"`
}

// Breakdown is a node's profile over a window of a burst.
type Breakdown struct {
	Seconds float64 `json:"window_seconds"`
	Total   float64 `json:"total"`
	Txs     int     `json:"txs_in_window"`
	Kinds   []Share `json:"kinds"`
	Phases  []Share `json:"phases"`
}

// FetchProfile fetches a profile of window from a node's pprof server:
// "profile" (CPU) or "allocs" (allocations during the window).
func FetchProfile(ctx context.Context, pprofURL, which string, window time.Duration) (*profile.Profile, error) {
	url := fmt.Sprintf("%s/debug/pprof/%s?seconds=%d", strings.TrimSuffix(pprofURL, "/"), which, int(window.Seconds()))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("pprof %s: %s", which, res.Status)
	}
	return profile.Parse(res.Body)
}

// Sort sorts a profile's samples into kinds and phases: the CPU
// profile's time (in seconds) or the allocation profile's bytes (in MiB);
// txs is the number of transactions committed during the window.
func Sort(p *profile.Profile, txs int) Breakdown {
	col, scale, per := -1, 1e-9, 1000.0 // cpu nanoseconds → s, ms per tx
	for i, st := range p.SampleType {
		switch st.Type {
		case "cpu":
			col = i
		case "alloc_space":
			col, scale, per = i, 1.0/(1<<20), 1024 // bytes → MiB, KiB per tx
		}
	}
	b := Breakdown{Seconds: float64(p.DurationNanos) / 1e9, Txs: txs}
	if col < 0 {
		return b
	}
	byKind := make([]float64, len(kinds)+1)
	byPhase := make([]float64, len(phases)+1)
	for _, s := range p.Sample {
		v := float64(s.Value[col]) * scale
		b.Total += v
		var frames []string // leaf first
		for _, loc := range s.Location {
			for _, l := range loc.Line {
				if l.Function != nil {
					frames = append(frames, l.Function.Name)
				}
			}
		}
		byKind[match(kinds, frames, false)] += v
		byPhase[match(phases, frames, true)] += v
	}
	share := func(name string, v float64) Share {
		sh := Share{Name: name, Amount: v}
		if txs > 0 {
			sh.PerTx = per * v / float64(txs)
		}
		return sh
	}
	for i, k := range kinds {
		b.Kinds = append(b.Kinds, share(k.Name, byKind[i]))
	}
	b.Kinds = append(b.Kinds, share("other", byKind[len(kinds)]))
	for i, k := range phases {
		b.Phases = append(b.Phases, share(k.Name, byPhase[i]))
	}
	b.Phases = append(b.Phases, share("outside ABCI calls", byPhase[len(phases)]))
	return b
}

// match is the index of the kind whose pattern matches the frame nearest
// the leaf (or, with fromRoot, nearest the root); len(ks) when none does.
func match(ks []kind, frames []string, fromRoot bool) int {
	for j := range frames {
		f := frames[j]
		if fromRoot {
			f = frames[len(frames)-1-j]
		}
		for i, k := range ks {
			for _, p := range k.patterns {
				if strings.Contains(f, p) {
					return i
				}
			}
		}
	}
	return len(ks)
}
