// Command corridor-loadgen measures settlement throughput and latency on a
// running devnet with the demo keys. It sets up a cleared lot spread over
// several sellers, CNY for several buyers and a CNY/MNT quote, then runs:
//   - a burst of bank MsgSends (the baseline), one stream per seller;
//   - a burst of corridor-story DVPs with FX, one transaction each, signed
//     by seller and buyer: it creates the instruction, funds both legs and
//     settles; one stream per trading pair;
//   - DVPs paced below capacity, for latency.
//
// It prints a JSON report.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"
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
	st "github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// Trading pairs: each seller holds lot units and creates DVPs; its buyer pays.
var (
	sellers = []string{"exporter", "mnbank", "marketmaker", "inspector"}
	buyers  = []string{"importer", "cnbank", "rubank", "customs-cn"}
)

func main() {
	home := flag.String("home", ".devnet", "devnet home (test keyring)")
	grpcAddr := flag.String("grpc", "127.0.0.1:9090", "gRPC endpoint")
	rpc := flag.String("rpc", "http://127.0.0.1:26657", "CometBFT RPC endpoint")
	chainID := flag.String("chain-id", "corridor-devnet-1", "chain id")
	n := flag.Int("n", 1000, "DVPs and bank sends in each burst")
	paced := flag.Int("paced", 50, "DVPs in the latency run")
	rate := flag.Int("rate", 5, "DVPs per second in the latency run (below capacity)")
	flag.Parse()
	if err := run(context.Background(), *home, *grpcAddr, *rpc, *chainID, *n, *paced, *rate); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

type sender struct {
	mu       sync.Mutex // one sequence: a sender's txs are signed and broadcast in order
	addr     sdk.AccAddress
	num, seq uint64
}

type gen struct {
	cctx    client.Context
	txc     txtypes.ServiceClient
	rpc     string
	chainID string
	keys    map[string]*sender
	height  int64              // last block read
	blocks  map[int64][]string // tx hashes of every block read, by height
}

func (g *gen) addr(k string) string { return g.keys[k].addr.String() }

func run(ctx context.Context, home, grpcAddr, rpc, chainID string, n, pacedN, rate int) error {
	dir, err := os.MkdirTemp("", "loadgen")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, false, simtestutil.NewAppOptionsWithFlagHome(dir))
	disk, err := keyring.New("corridor", keyring.BackendTest, home, nil, a.AppCodec())
	if err != nil {
		return err
	}
	// The test backend decrypts a key file (PBKDF2) on every signature: that
	// would make the generator, on the node's own cores, the bottleneck. The
	// keys are copied once into memory.
	kr := keyring.NewInMemory(a.AppCodec())
	conn, err := grpc.NewClient(grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	g := &gen{cctx: client.Context{}.WithKeyring(kr).WithTxConfig(a.TxConfig()).WithCodec(a.AppCodec()).WithChainID(chainID),
		txc: txtypes.NewServiceClient(conn), rpc: rpc, chainID: chainID, keys: map[string]*sender{}, blocks: map[int64][]string{}}
	aq := authtypes.NewQueryClient(conn)
	for _, name := range append(append([]string{"validator", "customs-mn"}, sellers...), buyers...) {
		armor, err := disk.ExportPrivKeyArmor(name, "loadgen")
		if err != nil {
			return err
		}
		if err := kr.ImportPrivKey(name, armor, "loadgen"); err != nil {
			return err
		}
		rec, err := kr.Key(name)
		if err != nil {
			return err
		}
		addr, err := rec.GetAddress()
		if err != nil {
			return err
		}
		res, err := aq.AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: addr.String()})
		if err != nil {
			return fmt.Errorf("account %s: %w", name, err)
		}
		g.keys[name] = &sender{addr: addr, num: res.Info.AccountNumber, seq: res.Info.Sequence}
	}
	if err := g.syncHeight(ctx); err != nil {
		return err
	}
	lot, quote, err := g.setup(ctx, conn, n+pacedN)
	if err != nil {
		return err
	}
	// 1. bank sends, one stream per seller account: as many concurrent
	// streams as the DVP burst, so that both meet the node alike
	var sends, pairs []stream
	for p, from := range sellers {
		sends = append(sends, stream{[]string{from}, func(i int) []sdk.Msg {
			return []sdk.Msg{banktypes.NewMsgSend(g.keys[from].addr, g.keys["validator"].addr,
				sdk.NewCoins(sdk.NewInt64Coin(app.FeeDenom, int64(1+i))))}
		}})
		// 2. co-signed DVPs, one stream per seller/buyer pair: each is one
		// transaction that creates the instruction, funds both legs and settles
		pairs = append(pairs, stream{[]string{from, buyers[p]}, func(int) []sdk.Msg {
			return []sdk.Msg{g.dvp(from, buyers[p], lot, quote)}
		}})
	}
	_, sendSecs, err := g.burst(ctx, sends, n, nil, false)
	if err != nil {
		return err
	}
	burstLat, dvpSecs, err := g.burst(ctx, pairs, n, nil, true)
	if err != nil {
		return err
	}

	// 3. DVPs paced below capacity on the first pair: latency from the
	// broadcast to the block that settles each
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	lat, _, err := g.burst(ctx, pairs[:1], pacedN, func() { <-tick.C }, true)
	if err != nil {
		return err
	}
	pct := func(xs []float64, p float64) float64 {
		sort.Float64s(xs)
		return xs[int(p*float64(len(xs)-1))]
	}
	report := map[string]any{
		"dvp_with_fx": n, "transactions_per_dvp": 1, "signatures_per_dvp": 2, "streams": len(sellers),
		"dvp_seconds": dvpSecs, "dvp_settled_per_second": float64(n) / dvpSecs,
		"burst_latency_p50_seconds": pct(burstLat, 0.50), "burst_latency_p99_seconds": pct(burstLat, 0.99),
		"paced_dvps": pacedN, "paced_rate_per_second": rate,
		"latency_p50_seconds": pct(lat, 0.50), "latency_p99_seconds": pct(lat, 0.99),
		"bank_sends": n, "bank_send_seconds": sendSecs, "bank_sends_per_second": float64(n) / sendSecs,
		"ratio_dvp_to_send": (float64(n) / dvpSecs) / (float64(n) / sendSecs),
	}
	return json.NewEncoder(os.Stdout).Encode(report)
}

// dvp is the corridor-story trade between seller and buyer: 1 t of the lot
// against 1,000.00 MNT paid in CNY through the quote, after export
// clearance. Seller and buyer both sign: the message funds both legs, and
// the instruction settles in the transaction that creates it.
func (g *gen) dvp(seller, buyer string, lot, quote uint64) *st.MsgCreateInstruction {
	return &st.MsgCreateInstruction{Creator: g.addr(seller), CoSigners: []string{g.addr(buyer)}, Type: st.INSTRUCTION_TYPE_DVP, Fund: true,
		Deadline: time.Now().Add(30 * time.Minute),
		Legs: []st.LegInput{
			{From: g.addr(seller), To: g.addr(buyer), Denom: tk.LotDenom(lot), Amount: math.NewInt(1000)},
			{From: g.addr(buyer), To: g.addr(seller), Denom: "dep/MNT", Amount: math.NewInt(100_000), FxQuoteId: quote, FxPayDenom: "dep/CNY"},
		},
		Conditions: []st.Condition{{LotId: lot, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT}}}
}

// step is one setup transaction.
type step struct {
	from string
	msgs []sdk.Msg
}

// setup registers and clears a lot of `dvps` t, spreads it over the sellers,
// issues CNY to the buyers and MNT to the market maker, who posts a quote.
func (g *gen) setup(ctx context.Context, conn *grpc.ClientConn, dvps int) (lot, quote uint64, err error) {
	lots, err := tk.NewQueryClient(conn).Lots(ctx, &tk.QueryLotsRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	if err != nil {
		return 0, 0, err
	}
	quotes, err := st.NewQueryClient(conn).Quotes(ctx, &st.QueryQuotesRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	if err != nil {
		return 0, 0, err
	}
	lot, quote = lots.Pagination.Total+1, quotes.Pagination.Total+1
	h := func(s string) string { x := sha256.Sum256([]byte(s)); return hex.EncodeToString(x[:]) }
	per := int64(dvps) * 1000
	steps := []step{
		{"exporter", []sdk.Msg{&tk.MsgRegisterLot{Exporter: g.addr("exporter"), ClassCode: "COAL", Quantity: math.NewInt(per * int64(len(sellers))),
			Origin: tk.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN"}}},
		{"inspector", []sdk.Msg{&tk.MsgAttest{Attester: g.addr("inspector"), LotId: lot, Kind: tk.ATTESTATION_KIND_INSPECTION,
			Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: h(fmt.Sprint("bench-insp-", lot)), Reference: "BENCH"}}},
		{"customs-mn", []sdk.Msg{&tk.MsgAttest{Attester: g.addr("customs-mn"), LotId: lot, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT,
			Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: h(fmt.Sprint("bench-cust-", lot)), Reference: "BENCH"}}},
		{"mnbank", []sdk.Msg{&st.MsgIssue{Issuer: g.addr("mnbank"), Currency: "MNT", Amount: math.NewInt(int64(dvps) * 1_000_000_000), Recipient: g.addr("marketmaker")}}},
		{"marketmaker", []sdk.Msg{&st.MsgPostQuote{Maker: g.addr("marketmaker"), Base: "CNY", Quote: "MNT",
			Bid: math.LegacyMustNewDecFromStr("473.25"), Ask: math.LegacyMustNewDecFromStr("475.75"), MaxBase: math.NewInt(int64(dvps) * 1_000_000),
			CollateralDenom: "dep/MNT", Expiry: time.Now().Add(time.Hour)}}},
	}
	var spread, issue []sdk.Msg
	for _, s := range sellers[1:] {
		spread = append(spread, banktypes.NewMsgSend(g.keys["exporter"].addr, g.keys[s].addr, sdk.NewCoins(sdk.NewInt64Coin(tk.LotDenom(lot), per))))
	}
	for _, b := range buyers {
		issue = append(issue, &st.MsgIssue{Issuer: g.addr("cnbank"), Currency: "CNY", Amount: math.NewInt(int64(dvps) * 1_000_000), Recipient: g.addr(b)})
	}
	steps = append(steps, step{"exporter", spread}, step{"cnbank", issue})
	for _, s := range steps { // in order: each needs the one before it committed
		if _, _, err := g.burst(ctx, []stream{{[]string{s.from}, func(int) []sdk.Msg { return s.msgs }}}, 1, nil, false); err != nil {
			return 0, 0, err
		}
	}
	return lot, quote, nil
}

// stream is one sequence of transactions: the keys that sign each, and the
// messages of its i-th transaction.
type stream struct {
	signers []string
	msgs    func(i int) []sdk.Msg
}

// burst runs n transactions spread over the streams (transaction i on stream
// i mod len(streams)), each stream broadcasting in order, after wait()
// returns when wait is set. It returns each transaction's latency from its
// broadcast to the block that holds it and the seconds until the last was
// committed; then it checks every result (with settles, that each settled
// an instruction).
func (g *gen) burst(ctx context.Context, streams []stream, n int, wait func(), settles bool) ([]float64, float64, error) {
	start := time.Now()
	var mu sync.Mutex // guards sentAt across the streams
	sentAt := map[string]time.Time{}
	in, errs := make(chan string, n), make(chan error, len(streams))
	for w, s := range streams {
		go func() {
			for i := w; i < n; i += len(streams) {
				if wait != nil {
					wait()
				}
				t0 := time.Now()
				h, err := g.broadcast(ctx, s.signers, s.msgs(i)...)
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				sentAt[h] = t0
				mu.Unlock()
				in <- h
			}
		}()
	}
	done, err := g.collect(ctx, n, in, errs)
	if err != nil {
		return nil, 0, err
	}
	secs := time.Since(start).Seconds()
	lat := make([]float64, 0, n)
	mu.Lock()
	for h, c := range done {
		lat = append(lat, c.seen.Sub(sentAt[h]).Seconds())
	}
	mu.Unlock()
	return lat, secs, g.verify(ctx, done, settles)
}

// broadcast signs msgs by every key in from (each with its locally tracked
// sequence; the keys are locked in the order given, and one stream uses a
// key at a time) and broadcasts in sync mode (CheckTx); it returns the tx
// hash.
func (g *gen) broadcast(ctx context.Context, from []string, msgs ...sdk.Msg) (string, error) {
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
	b.SetGasLimit(uint64(2_000_000 * len(from)))
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

// collect reads blocks until total hashes arriving on in are committed. It
// reads only blocks, so that the generator does not load the node with
// block_results while it measures; verify checks the results afterwards.
func (g *gen) collect(ctx context.Context, total int, in <-chan string, errs <-chan error) (map[string]committed, error) {
	want := map[string]bool{}
	all := map[string]committed{} // every hash committed since collect began
	done := map[string]committed{}
	deadline := time.Now().Add(5 * time.Minute)
	for len(done) < total {
		for drained := false; !drained; {
			select {
			case h := <-in:
				if c, ok := all[h]; ok {
					done[h] = c
				} else {
					want[h] = true
				}
			case err := <-errs:
				return nil, err
			default:
				drained = true
			}
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%d of %d transactions not committed", total-len(done), total)
		}
		hashes, seen, ok, err := g.nextBlock(ctx)
		if err != nil {
			return nil, err
		}
		if !ok {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		for _, h := range hashes {
			c := committed{height: g.height, seen: seen}
			all[h] = c
			if want[h] {
				delete(want, h)
				done[h] = c
			}
		}
	}
	return done, nil
}

// verify reads the results of the blocks that hold the transactions and
// fails unless each succeeded and, with settles, emitted
// EventInstructionSettled.
func (g *gen) verify(ctx context.Context, txs map[string]committed, settles bool) error {
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
		hashes := g.blocks[height]
		var r rpcResults
		for range 50 { // results are stored a moment after the block
			if err := g.get(ctx, "/block_results?height="+strconv.FormatInt(height, 10), &r); err == nil && len(r.Result.TxsResults) == len(hashes) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if len(r.Result.TxsResults) != len(hashes) {
			return fmt.Errorf("no results for block %d", height)
		}
		for i, h := range hashes {
			if _, ok := txs[h]; !ok {
				continue
			}
			tr := r.Result.TxsResults[i]
			if tr.Code != 0 {
				return fmt.Errorf("tx %s failed: %s", h, tr.Log)
			}
			settled := false
			for _, ev := range tr.Events {
				settled = settled || ev.Type == "corridor.settlement.v1.EventInstructionSettled"
			}
			if settles && !settled {
				return fmt.Errorf("tx %s committed without settling", h)
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
				Height string `json:"height"`
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
}

func (g *gen) get(ctx context.Context, path string, out any) error {
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

func (g *gen) syncHeight(ctx context.Context) error {
	var status struct {
		Result struct {
			SyncInfo struct {
				Height string `json:"latest_block_height"`
			} `json:"sync_info"`
		} `json:"result"`
	}
	if err := g.get(ctx, "/status", &status); err != nil {
		return err
	}
	var err error
	g.height, err = strconv.ParseInt(status.Result.SyncInfo.Height, 10, 64)
	return err
}

// nextBlock reads the block after the last one read, if it exists: its tx
// hashes (also kept for verify) and when it was seen.
func (g *gen) nextBlock(ctx context.Context) ([]string, time.Time, bool, error) {
	var b rpcBlock
	if err := g.get(ctx, "/block?height="+strconv.FormatInt(g.height+1, 10), &b); err != nil || b.Result.Block.Header.Height == "" {
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
	g.blocks[g.height] = hashes
	return hashes, seen, true, nil
}
