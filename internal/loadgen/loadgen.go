// Package loadgen drives a running corridor chain with the demo keys: it
// sets up a cleared lot spread over several sellers, CNY for several buyers
// and a CNY/MNT quote, then signs and broadcasts bank sends and
// corridor-story DVPs (one co-signed transaction each), tracking each
// signer's sequence itself, and reads blocks to see them committed.
// corridor-loadgen (the settlement benchmark) and corridor-chaos (the
// reliability run) are built on it.
package loadgen

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	dbm "github.com/cosmos/cosmos-db"

	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/internal/txsign"
	fn "github.com/corridor-chain/corridor/x/finance/types"
	st "github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// Trading pairs: each seller holds lot units and creates DVPs; its buyer pays.
var (
	Sellers = []string{"exporter", "mnbank", "marketmaker", "inspector"}
	Buyers  = []string{"importer", "cnbank", "rubank", "customs-cn"}
)

type sender struct {
	mu       sync.Mutex // one sequence: a sender's txs are signed and broadcast in order
	addr     sdk.AccAddress
	num, seq uint64
}

type Gen struct {
	conn    *grpc.ClientConn
	cctx    client.Context
	txc     txtypes.ServiceClient
	rpc     string
	chainID string
	keys    map[string]*sender
	height  int64               // last block read
	blocks  map[int64]blockRead // every block read, by height
}

// blockRead is what NextBlock kept of a block: its tx hashes and header time.
type blockRead struct {
	hashes []string
	time   time.Time
}

func (g *Gen) Addr(k string) string { return g.keys[k].addr.String() }

// Keys are the demo keys a Gen signs with: the trading pairs, the customs
// and validator keys the setup uses.
var Keys = append(append([]string{"validator", "customs-mn"}, Sellers...), Buyers...)

// New connects to a node (gRPC and CometBFT RPC) and loads the demo keys of
// the test keyring in home into memory with their account numbers and
// sequences. Close releases the connection.
func New(ctx context.Context, home, grpcAddr, rpc, chainID string) (*Gen, error) {
	dir, err := os.MkdirTemp("", "loadgen")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, false, simtestutil.NewAppOptionsWithFlagHome(dir))
	disk, err := keyring.New("corridor", keyring.BackendTest, home, nil, a.AppCodec())
	if err != nil {
		return nil, err
	}
	// The test backend decrypts a key file (PBKDF2) on every signature: that
	// would make the generator, on the node's own cores, the bottleneck. The
	// keys are copied once into memory.
	kr := keyring.NewInMemory(a.AppCodec())
	conn, err := grpc.NewClient(grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, err
	}
	g := &Gen{conn: conn, cctx: client.Context{}.WithKeyring(kr).WithTxConfig(a.TxConfig()).WithCodec(a.AppCodec()).WithChainID(chainID),
		txc: txtypes.NewServiceClient(conn), rpc: rpc, chainID: chainID, keys: map[string]*sender{}, blocks: map[int64]blockRead{}}
	aq := authtypes.NewQueryClient(conn)
	for _, name := range Keys {
		armor, err := disk.ExportPrivKeyArmor(name, "loadgen")
		if err != nil {
			conn.Close()
			return nil, err
		}
		if err := kr.ImportPrivKey(name, armor, "loadgen"); err != nil {
			conn.Close()
			return nil, err
		}
		rec, err := kr.Key(name)
		if err != nil {
			conn.Close()
			return nil, err
		}
		addr, err := rec.GetAddress()
		if err != nil {
			conn.Close()
			return nil, err
		}
		res, err := aq.AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: addr.String()})
		if err != nil {
			conn.Close()
			return nil, fmt.Errorf("account %s: %w", name, err)
		}
		g.keys[name] = &sender{addr: addr, num: res.Info.AccountNumber, seq: res.Info.Sequence}
	}
	if err := g.SyncHeight(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return g, nil
}

// Conn is the generator's gRPC connection to its node, for queries.
func (g *Gen) Conn() *grpc.ClientConn { return g.conn }

// Close closes the gRPC connection.
func (g *Gen) Close() error { return g.conn.Close() }

// AccAddress is the address of a demo key.
func (g *Gen) AccAddress(name string) sdk.AccAddress { return g.keys[name].addr }

// Height is the last block NextBlock read.
func (g *Gen) Height() int64 { return g.height }

// DVP is the corridor-story trade between seller and buyer: 1 t of the lot
// against 1,000.00 MNT paid in CNY through the quote, after export
// clearance. Seller and buyer both sign: the message funds both legs, and
// the instruction settles in the transaction that creates it.
func (g *Gen) DVP(seller, buyer string, lot, quote uint64) *st.MsgCreateInstruction {
	return &st.MsgCreateInstruction{Creator: g.Addr(seller), CoSigners: []string{g.Addr(buyer)}, Type: st.INSTRUCTION_TYPE_DVP, Fund: true,
		Deadline: time.Now().Add(30 * time.Minute),
		Legs: []st.LegInput{
			{From: g.Addr(seller), To: g.Addr(buyer), Denom: tk.LotDenom(lot), Amount: math.NewInt(1000)},
			{From: g.Addr(buyer), To: g.Addr(seller), Denom: "dep/MNT", Amount: math.NewInt(100_000), FxQuoteId: quote, FxPayDenom: "dep/CNY"},
		},
		Conditions: []st.Condition{{LotId: lot, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT}}}
}

// step is one setup transaction.
type step struct {
	from string
	msgs []sdk.Msg
}

// Setup registers and clears a lot of `dvps` t, spreads it over the sellers,
// issues CNY to the buyers and MNT to the market maker, who posts a quote.
func (g *Gen) Setup(ctx context.Context, dvps int) (lot, quote uint64, err error) {
	if lot, err = g.nextLot(ctx); err != nil {
		return 0, 0, err
	}
	quotes, err := st.NewQueryClient(g.conn).Quotes(ctx, &st.QueryQuotesRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	if err != nil {
		return 0, 0, err
	}
	quote = quotes.Pagination.Total + 1
	h := func(s string) string { x := sha256.Sum256([]byte(s)); return hex.EncodeToString(x[:]) }
	per := int64(dvps) * 1000
	steps := []step{
		{"exporter", []sdk.Msg{&tk.MsgRegisterLot{Exporter: g.Addr("exporter"), ClassCode: "COAL", Quantity: math.NewInt(per * int64(len(Sellers))),
			Origin: tk.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN"}}},
		{"inspector", []sdk.Msg{&tk.MsgAttest{Attester: g.Addr("inspector"), LotId: lot, Kind: tk.ATTESTATION_KIND_INSPECTION,
			Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: h(fmt.Sprint("bench-insp-", lot)), Reference: "BENCH"}}},
		{"customs-mn", []sdk.Msg{&tk.MsgAttest{Attester: g.Addr("customs-mn"), LotId: lot, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT,
			Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: h(fmt.Sprint("bench-cust-", lot)), Reference: "BENCH"}}},
		{"mnbank", []sdk.Msg{&st.MsgIssue{Issuer: g.Addr("mnbank"), Currency: "MNT", Amount: math.NewInt(int64(dvps) * 1_000_000_000), Recipient: g.Addr("marketmaker")}}},
		{"marketmaker", []sdk.Msg{&st.MsgPostQuote{Maker: g.Addr("marketmaker"), Base: "CNY", Quote: "MNT",
			Bid: math.LegacyMustNewDecFromStr("473.25"), Ask: math.LegacyMustNewDecFromStr("475.75"), MaxBase: math.NewInt(int64(dvps) * 1_000_000),
			CollateralDenom: "dep/MNT", Expiry: time.Now().Add(12 * time.Hour)}}},
	}
	var spread, issue []sdk.Msg
	for _, s := range Sellers[1:] {
		spread = append(spread, banktypes.NewMsgSend(g.keys["exporter"].addr, g.keys[s].addr, sdk.NewCoins(sdk.NewInt64Coin(tk.LotDenom(lot), per))))
	}
	for _, b := range Buyers {
		issue = append(issue, &st.MsgIssue{Issuer: g.Addr("cnbank"), Currency: "CNY", Amount: math.NewInt(int64(dvps) * 1_000_000), Recipient: g.Addr(b)})
	}
	steps = append(steps, step{"exporter", spread}, step{"cnbank", issue})
	return lot, quote, g.runSteps(ctx, steps)
}

// nextLot is the id the next lot registered will get (ids count up from 1
// and lots are never deleted).
func (g *Gen) nextLot(ctx context.Context) (uint64, error) {
	lots, err := tk.NewQueryClient(g.conn).Lots(ctx, &tk.QueryLotsRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	if err != nil {
		return 0, err
	}
	return lots.Pagination.Total + 1, nil
}

// runSteps commits setup transactions in order: each needs the one before
// it committed. It returns once the node's state holds the last (queries
// read it).
func (g *Gen) runSteps(ctx context.Context, steps []step) error {
	for _, s := range steps {
		if _, _, err := g.Burst(ctx, []Stream{{Signers: []string{s.from}, Msgs: func(int) []sdk.Msg { return s.msgs }}}, 1, nil, false); err != nil {
			return err
		}
	}
	return g.WaitState(ctx)
}

// WaitState waits until the node has committed the state of the last block
// read: a block is stored (and read here) before its state is committed,
// and gRPC queries read committed state.
func (g *Gen) WaitState(ctx context.Context) error {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var info struct {
			Result struct {
				Response struct {
					Height int64 `json:"last_block_height,string"`
				} `json:"response"`
			} `json:"result"`
		}
		if err := g.Get(ctx, "/abci_info", &info); err != nil {
			return err
		}
		if info.Result.Response.Height >= g.height {
			return nil
		}
	}
	return fmt.Errorf("the node did not commit block %d's state in 30 s", g.height)
}

// eachPage calls page with the key of each page of a paginated query, from
// the first (nil) until page returns no next key.
func eachPage(page func(key []byte) (next []byte, err error)) error {
	for key := []byte(nil); ; {
		next, err := page(key)
		if err != nil || len(next) == 0 {
			return err
		}
		key = next
	}
}

// Stream is one sequence of transactions: the keys that sign each, and the
// messages of its i-th transaction.
type Stream struct {
	Signers []string
	Msgs    func(i int) []sdk.Msg
	Gas     uint64 // per transaction; 0: 2,000,000 per signer
}

// Burst runs n transactions spread over the streams (transaction i on stream
// i mod len(streams)), each stream broadcasting in order, after wait()
// returns when wait is set. It returns each transaction's latency from its
// broadcast to the block that holds it and the seconds until the last was
// committed; then it checks every result (with settles, that each settled
// an instruction).
func (g *Gen) Burst(ctx context.Context, streams []Stream, n int, wait func(), settles bool) ([]float64, float64, error) {
	r, err := g.Run(ctx, Load{Streams: streams, N: n, Wait: wait, Settles: settles})
	return r.Latencies, r.Seconds, err
}

// Block is one block of a run: its height, its header time and how many of
// the run's transactions it holds.
type Block struct {
	Height int64
	Time   time.Time
	Txs    int
}

// Result is what a run measured.
type Result struct {
	Latencies []float64 // each transaction's, broadcast → the block holding it
	Seconds   float64   // from the first broadcast to the last commit seen
	Blocks    []Block   // every block from the first holding one of the run's transactions to the last
}

// Sustained is the rate over the blocks fully inside the run: the
// transactions of every block after the first and before the last, over the
// time between the header of the first block and that of the one before
// the last (a block holds what arrived since its predecessor). The run must
// span at least min inner blocks.
func (r Result) Sustained(min int) (rate float64, inner int, err error) {
	if len(r.Blocks)-2 < min {
		return 0, 0, fmt.Errorf("the run spans %d blocks inside its first and last, fewer than %d: make it longer", max(len(r.Blocks)-2, 0), min)
	}
	return rateOf(r.Blocks[0], r.Blocks[1:len(r.Blocks)-1]), len(r.Blocks) - 2, nil
}

// Edges is the rate of the first and of the last k transactions of the
// run's inner blocks (the whole blocks that hold them), for a run whose
// inner blocks hold at least 2k.
func (r Result) Edges(k int) (first, last float64, err error) {
	if len(r.Blocks) < 3 {
		return 0, 0, fmt.Errorf("the run spans %d blocks", len(r.Blocks))
	}
	inner := r.Blocks[1 : len(r.Blocks)-1]
	total := 0
	for _, b := range inner {
		total += b.Txs
	}
	if total < 2*k {
		return 0, 0, fmt.Errorf("the run's inner blocks hold %d transactions, fewer than 2 × %d", total, k)
	}
	i, n := 0, 0
	for ; n < k; i++ {
		n += inner[i].Txs
	}
	first = rateOf(r.Blocks[0], inner[:i])
	j, n := len(inner), 0
	for n < k {
		j--
		n += inner[j].Txs
	}
	return first, rateOf(r.Blocks[j], inner[j:]), nil
}

// rateOf: the transactions of blocks over the time from before's header to
// the last one's.
func rateOf(before Block, blocks []Block) float64 {
	txs := 0
	for _, b := range blocks {
		txs += b.Txs
	}
	return float64(txs) / blocks[len(blocks)-1].Time.Sub(before.Time).Seconds()
}

// Load is a run: n transactions spread over the streams (transaction i on
// stream i mod len(streams)), each stream broadcasting in order.
type Load struct {
	Streams []Stream
	N       int           // transactions; with For, at most
	For     time.Duration // when set, the streams stop broadcasting after it
	Wait    func()        // when set, called before each broadcast (pacing)
	// Window, when set, bounds the run's transactions broadcast and not yet
	// seen committed: a client that keeps the node's mempool stocked, not
	// flooded. With Blocks, the bound follows the node: Blocks times what
	// the last block committed of the run, Window at least.
	Window  int
	Blocks  int
	Settles bool // each transaction must settle an instruction
	PerTx   int  // with Settles: instructions each transaction settles (0: one)
}

// Run is Burst with the blocks it spanned. A full mempool is waited out,
// not an error.
func (g *Gen) Run(ctx context.Context, l Load) (Result, error) {
	start := time.Now()
	var mu sync.Mutex // guards sentAt across the streams
	sentAt := map[string]time.Time{}
	in, errs := make(chan string, 1024), make(chan error, len(l.Streams))
	var win *window
	if l.Window > 0 {
		win = newWindow(l.Window, l.Blocks)
	}
	stop, finished := make(chan struct{}), make(chan struct{})
	defer close(stop)
	defer win.close()
	var wg sync.WaitGroup
	for w, s := range l.Streams {
		wg.Go(func() {
			for i := w; i < l.N && (l.For == 0 || time.Since(start) < l.For); i += len(l.Streams) {
				if l.Wait != nil {
					l.Wait()
				}
				if !win.acquire() {
					return
				}
				gas := s.Gas
				if gas == 0 {
					gas = uint64(2_000_000 * len(s.Signers))
				}
				t0 := time.Now()
				h, err := g.BroadcastGas(ctx, gas, s.Signers, s.Msgs(i)...)
				for err != nil && strings.Contains(err.Error(), "mempool is full") {
					select {
					case <-time.After(50 * time.Millisecond):
					case <-stop:
						return
					}
					h, err = g.BroadcastGas(ctx, gas, s.Signers, s.Msgs(i)...)
				}
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				sentAt[h] = t0
				mu.Unlock()
				select {
				case in <- h:
				case <-stop:
					return
				}
			}
		})
	}
	go func() { wg.Wait(); close(finished) }()
	done, err := g.collect(ctx, in, errs, finished, win)
	if err != nil {
		return Result{}, err
	}
	r := Result{Seconds: time.Since(start).Seconds(), Latencies: make([]float64, 0, len(done))}
	mu.Lock()
	first, last := g.height, int64(0)
	perBlock := map[int64]int{}
	for h, c := range done {
		r.Latencies = append(r.Latencies, c.seen.Sub(sentAt[h]).Seconds())
		first, last = min(first, c.height), max(last, c.height)
		perBlock[c.height]++
	}
	mu.Unlock()
	for h := first; h <= last; h++ {
		r.Blocks = append(r.Blocks, Block{Height: h, Time: g.blocks[h].time, Txs: perBlock[h]})
	}
	return r, g.verify(ctx, done, l.Settles, max(1, l.PerTx))
}

// Broadcast signs msgs by every key in from (each with its locally tracked
// sequence; the keys are locked in the order given, and one stream uses a
// key at a time) and broadcasts in sync mode (CheckTx); it returns the tx
// hash.
func (g *Gen) Broadcast(ctx context.Context, from []string, msgs ...sdk.Msg) (string, error) {
	return g.BroadcastGas(ctx, uint64(2_000_000*len(from)), from, msgs...)
}

// BroadcastGas is Broadcast with a gas limit of its own (a transaction of
// many messages).
func (g *Gen) BroadcastGas(ctx context.Context, gas uint64, from []string, msgs ...sdk.Msg) (string, error) {
	signers := make([]txsign.Signer, len(from))
	for i, name := range from {
		s := g.keys[name]
		s.mu.Lock()
		defer s.mu.Unlock()
		signers[i] = txsign.Signer{Name: name, AccountNumber: s.num, Sequence: s.seq}
	}
	b := g.cctx.TxConfig.NewTxBuilder()
	if err := b.SetMsgs(msgs...); err != nil {
		return "", err
	}
	b.SetGasLimit(gas)
	if err := txsign.Sign(ctx, g.cctx.TxConfig, g.cctx.Keyring, g.chainID, b, signers...); err != nil {
		return "", err
	}
	bz, err := g.cctx.TxConfig.TxEncoder()(b.GetTx())
	if err != nil {
		return "", err
	}
	res, err := g.txc.BroadcastTx(ctx, &txtypes.BroadcastTxRequest{TxBytes: bz, Mode: txtypes.BroadcastMode_BROADCAST_MODE_SYNC})
	if err != nil {
		return "", err
	}
	if res.TxResponse.Code != 0 {
		return "", fmt.Errorf("%v: check tx: %s", from, res.TxResponse.RawLog)
	}
	for _, name := range from {
		g.keys[name].seq++
	}
	return res.TxResponse.TxHash, nil
}

// committed is where and when a transaction was seen in a block.
type committed struct {
	height int64
	seen   time.Time
}

// collect reads blocks until every hash arriving on in is committed and
// finished is closed (no more will come), freeing a place in the window
// (when set) for each. It reads only blocks, so that the generator does not load the
// node with block_results while it measures; verify checks the results
// afterwards.
func (g *Gen) collect(ctx context.Context, in <-chan string, errs <-chan error, finished <-chan struct{}, win *window) (map[string]committed, error) {
	want := map[string]bool{}
	all := map[string]committed{} // every hash committed since collect began
	done := map[string]committed{}
	deadline := time.Now().Add(5 * time.Minute)
	for {
		end := false
		select {
		case <-finished:
			end = true // every hash is on in by now
		default:
		}
		for drained := false; !drained; {
			select {
			case h := <-in:
				if c, ok := all[h]; ok {
					done[h] = c
					win.release(1)
				} else {
					want[h] = true
				}
			case err := <-errs:
				return nil, err
			default:
				drained = true
			}
		}
		if end && len(want) == 0 {
			return done, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%d transactions not committed after 5 minutes", len(want))
		}
		hashes, seen, ok, err := g.NextBlock(ctx)
		if err != nil {
			return nil, err
		}
		if !ok {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		mine := 0
		for _, h := range hashes {
			c := committed{height: g.height, seen: seen}
			all[h] = c
			if want[h] {
				delete(want, h)
				done[h] = c
				mine++
			}
		}
		win.committed(mine)
	}
}

// window bounds a run's transactions in flight (broadcast, not yet seen
// committed). A nil window bounds nothing.
type window struct {
	mu              sync.Mutex
	cond            *sync.Cond
	inflight, limit int
	floor, blocks   int
	closed          bool
}

func newWindow(floor, blocks int) *window {
	w := &window{limit: floor, floor: floor, blocks: blocks}
	w.cond = sync.NewCond(&w.mu)
	return w
}

// acquire waits for a place; false once the window is closed.
func (w *window) acquire() bool {
	if w == nil {
		return true
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.inflight >= w.limit && !w.closed {
		w.cond.Wait()
	}
	w.inflight++
	return !w.closed
}

func (w *window) release(n int) {
	if w == nil || n == 0 {
		return
	}
	w.mu.Lock()
	w.inflight -= n
	w.mu.Unlock()
	w.cond.Broadcast()
}

// committed frees the places of a block's n transactions of the run and,
// when the window follows the node, sets its bound from n.
func (w *window) committed(n int) {
	if w == nil {
		return
	}
	w.mu.Lock()
	w.inflight -= n
	if w.blocks > 0 && n > 0 {
		w.limit = max(w.floor, w.blocks*n)
	}
	w.mu.Unlock()
	w.cond.Broadcast()
}

func (w *window) close() {
	if w == nil {
		return
	}
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	w.cond.Broadcast()
}

// verify reads the results of the blocks that hold the transactions and
// fails unless each succeeded and, with settles, emitted
// EventInstructionSettled perTx times (once per instruction it settled).
func (g *Gen) verify(ctx context.Context, txs map[string]committed, settles bool, perTx int) error {
	byHeight := map[int64]bool{}
	for _, c := range txs {
		byHeight[c.height] = true
	}
	heights := make([]int64, 0, len(byHeight))
	for h := range byHeight {
		heights = append(heights, h)
	}
	sort.Slice(heights, func(i, j int) bool { return heights[i] < heights[j] })
	checked := 0
	for _, height := range heights {
		b, ok := g.blocks[height]
		if !ok {
			return fmt.Errorf("block %d holds transactions of the run but was never read", height)
		}
		hashes := b.hashes
		var r rpcResults
		var err error
		// results are stored a moment after the block; a busy node may
		// also drop a large answer: tries for 30 s, each bounded
		deadline := time.Now().Add(30 * time.Second)
		for {
			r = rpcResults{}
			try, cancel := context.WithTimeout(ctx, 20*time.Second)
			err = g.Get(try, "/block_results?height="+strconv.FormatInt(height, 10), &r)
			cancel()
			if (err == nil && len(r.Result.TxsResults) == len(hashes)) || time.Now().After(deadline) {
				break
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(200 * time.Millisecond):
			}
		}
		if len(r.Result.TxsResults) != len(hashes) {
			return fmt.Errorf("no results for block %d (%d of its %d transactions; %v%s)", height, len(r.Result.TxsResults), len(hashes), err, r.rpcError())
		}
		for i, h := range hashes {
			if _, ok := txs[h]; !ok {
				continue
			}
			tr := r.Result.TxsResults[i]
			if tr.Code != 0 {
				return fmt.Errorf("tx %s failed: %s", h, tr.Log)
			}
			settled := 0
			for _, ev := range tr.Events {
				if ev.Type == "corridor.settlement.v1.EventInstructionSettled" {
					settled++
				}
			}
			if settles && settled != perTx {
				return fmt.Errorf("tx %s committed settling %d instructions, not %d", h, settled, perTx)
			}
			checked++
		}
	}
	if checked != len(txs) {
		return fmt.Errorf("verified %d of %d transactions", checked, len(txs))
	}
	return nil
}

type rpcBlock struct {
	Result struct {
		Block struct {
			Header struct {
				Height string    `json:"height"`
				Time   time.Time `json:"time"`
			} `json:"header"`
			Data struct {
				Txs []string `json:"txs"`
			} `json:"data"`
		} `json:"block"`
	} `json:"result"`
}

type rpcResults struct {
	Result struct {
		TxsResults []struct {
			Code   int    `json:"code"`
			Log    string `json:"log"`
			Events []struct {
				Type       string `json:"type"`
				Attributes []struct {
					Key   string `json:"key"`
					Value string `json:"value"`
				} `json:"attributes"`
			} `json:"events"`
		} `json:"txs_results"`
	} `json:"result"`
	Error *struct {
		Message string `json:"message"`
		Data    string `json:"data"`
	} `json:"error"`
}

func (g *Gen) Get(ctx context.Context, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, g.rpc+path, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	return json.NewDecoder(res.Body).Decode(out)
}

func (g *Gen) SyncHeight(ctx context.Context) error {
	var status struct {
		Result struct {
			SyncInfo struct {
				Height string `json:"latest_block_height"`
			} `json:"sync_info"`
		} `json:"result"`
	}
	if err := g.Get(ctx, "/status", &status); err != nil {
		return err
	}
	var err error
	g.height, err = strconv.ParseInt(status.Result.SyncInfo.Height, 10, 64)
	return err
}

// NextBlock reads the block after the last one read, if it exists: its tx
// hashes (also kept for verify) and when it was seen.
func (g *Gen) NextBlock(ctx context.Context) ([]string, time.Time, bool, error) {
	var b rpcBlock
	if err := g.Get(ctx, "/block?height="+strconv.FormatInt(g.height+1, 10), &b); err != nil || b.Result.Block.Header.Height == "" {
		return nil, time.Time{}, false, nil
	}
	seen := time.Now()
	hashes := make([]string, len(b.Result.Block.Data.Txs))
	for i, t := range b.Result.Block.Data.Txs {
		raw, err := base64.StdEncoding.DecodeString(t)
		if err != nil {
			return nil, time.Time{}, false, err
		}
		hashes[i] = fmt.Sprintf("%X", sha256.Sum256(raw))
	}
	g.height++
	g.blocks[g.height] = blockRead{hashes: hashes, time: b.Result.Block.Header.Time}
	return hashes, seen, true, nil
}

// FinancedDVP is DVP selling the borrower's units pledged to loan: at
// settlement the lender is repaid from the proceeds leg (1,000.00 MNT, the
// loan is 500.00) and the loan closes.
func (g *Gen) FinancedDVP(borrower, buyer string, lot, quote, loan uint64) *st.MsgCreateInstruction {
	m := g.DVP(borrower, buyer, lot, quote)
	m.Legs[0].LoanId = loan
	return m
}

// financedPrincipal is each loan's: half the DVP's proceeds.
const financedPrincipal = 50_000

// SetupFinanced puts n loans of mnbank's to exporter (one of Exporters) in
// place for n financed DVPs: a new lot of n t registered by the exporter
// (only a declaration's exporter borrows against it, and only the borrower
// sells pledged units), inspected
// and cleared for export with its declaration recorded, MNT for the lender,
// then n applications of 1 t each and their approvals, batch messages to a
// transaction. It returns the lot and the active loans' ids.
func (g *Gen) SetupFinanced(ctx context.Context, exporter string, n int) (uint64, []uint64, error) {
	lot, err := g.nextLot(ctx)
	if err != nil {
		return 0, nil, err
	}
	doc := sha256.Sum256(fmt.Appendf(nil, "bench-fin-cust-%d", lot))
	number := fmt.Sprintf("10010000/%s/%07d", time.Now().UTC().AddDate(0, 0, -1).Format("020106"), lot%10_000_000)
	units := int64(n) * 1000
	steps := []step{
		{exporter, []sdk.Msg{&tk.MsgRegisterLot{Exporter: g.Addr(exporter), ClassCode: "COAL", Quantity: math.NewInt(units),
			Origin: tk.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN"}}},
		{"inspector", []sdk.Msg{&tk.MsgAttest{Attester: g.Addr("inspector"), LotId: lot, Kind: tk.ATTESTATION_KIND_INSPECTION,
			Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: hex.EncodeToString(doc[:]), Reference: "BENCH"}}},
		{"customs-mn", []sdk.Msg{
			&tk.MsgAttest{Attester: g.Addr("customs-mn"), LotId: lot, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT,
				Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: hex.EncodeToString(doc[:]), Reference: number},
			&fn.MsgRecordDeclaration{Customs: g.Addr("customs-mn"), Jurisdiction: "MN", Number: number, CustomsOffice: "10010000",
				Sha256: hex.EncodeToString(doc[:]), Exporter: g.Addr(exporter), Lots: []fn.LotUnits{{LotId: lot, Units: math.NewInt(units)}},
				Value: math.NewInt(int64(n) * 100_000), Currency: "MNT"}}},
		{"mnbank", []sdk.Msg{&st.MsgIssue{Issuer: g.Addr("mnbank"), Currency: "MNT", Amount: math.NewInt(int64(n) * financedPrincipal), Recipient: g.Addr("mnbank")}}},
	}
	if err := g.runSteps(ctx, steps); err != nil {
		return 0, nil, err
	}
	fq := fn.NewQueryClient(g.conn)
	ds, err := fq.Declarations(ctx, &fn.QueryDeclarationsRequest{LotId: lot})
	if err != nil {
		return 0, nil, err
	}
	if len(ds.Declarations) != 1 {
		return 0, nil, fmt.Errorf("lot %d has %d declarations", lot, len(ds.Declarations))
	}
	decl := ds.Declarations[0].Id
	const batch = 100
	batches := (n + batch - 1) / batch
	apply := func(i int) []sdk.Msg {
		var ms []sdk.Msg
		for range min(batch, n-i*batch) {
			ms = append(ms, &fn.MsgApplyFinancing{Borrower: g.Addr(exporter), DeclarationId: decl, Bank: g.Addr("mnbank"),
				Amount: math.NewInt(financedPrincipal), Currency: "MNT", Collateral: fn.LotUnits{LotId: lot, Units: math.NewInt(1000)},
				Tenor: 24 * time.Hour, MaxRateBps: 1200})
		}
		return ms
	}
	if _, _, err := g.Burst(ctx, []Stream{{Signers: []string{exporter}, Msgs: apply, Gas: batch * 1_000_000}}, batches, nil, false); err != nil {
		return 0, nil, err
	}
	if err := g.WaitState(ctx); err != nil {
		return 0, nil, err
	}
	var apps []uint64
	err = eachPage(func(key []byte) ([]byte, error) {
		r, err := fq.Applications(ctx, &fn.QueryApplicationsRequest{Bank: g.Addr("mnbank"), Status: fn.APPLICATION_STATUS_PENDING,
			Pagination: &query.PageRequest{Key: key, Limit: 1000}})
		if err != nil {
			return nil, err
		}
		for _, a := range r.Applications {
			if a.DeclarationId == decl {
				apps = append(apps, a.Id)
			}
		}
		return r.Pagination.GetNextKey(), nil
	})
	if err != nil {
		return 0, nil, err
	}
	approve := func(i int) []sdk.Msg {
		var ms []sdk.Msg
		for _, id := range apps[i*batch : min(len(apps), (i+1)*batch)] {
			ms = append(ms, &fn.MsgApproveFinancing{Bank: g.Addr("mnbank"), ApplicationId: id, Principal: math.NewInt(financedPrincipal),
				RateBps: 1200, Maturity: time.Now().Add(72 * time.Hour), Denom: "dep/MNT"})
		}
		return ms
	}
	if _, _, err := g.Burst(ctx, []Stream{{Signers: []string{"mnbank"}, Msgs: approve, Gas: batch * 1_000_000}}, (len(apps)+batch-1)/batch, nil, false); err != nil {
		return 0, nil, err
	}
	if err := g.WaitState(ctx); err != nil {
		return 0, nil, err
	}
	var loans []uint64
	err = eachPage(func(key []byte) ([]byte, error) {
		r, err := fq.Loans(ctx, &fn.QueryLoansRequest{DeclarationId: decl, Status: fn.LOAN_STATUS_ACTIVE, Pagination: &query.PageRequest{Key: key, Limit: 1000}})
		if err != nil {
			return nil, err
		}
		for _, l := range r.Loans {
			loans = append(loans, l.Id)
		}
		return r.Pagination.GetNextKey(), nil
	})
	if err != nil {
		return 0, nil, err
	}
	if len(loans) != n {
		return 0, nil, fmt.Errorf("%d loans active against declaration %d, %d wanted", len(loans), decl, n)
	}
	return lot, loans, nil
}

// rpcError is the node's JSON-RPC error, if it answered with one.
func (r rpcResults) rpcError() string {
	if r.Error == nil {
		return ""
	}
	return " the node said: " + r.Error.Message + " " + r.Error.Data
}
