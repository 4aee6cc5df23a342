// Command corridor-loadgen measures settlement throughput and latency on a
// running devnet: it sets up a lot, currencies and a quote with the demo
// keys, then drives N corridor-story DVPs with FX (each two transactions:
// the exporter's create+fund, then the importer's fund, which settles it)
// and N bank MsgSends in the same run, and prints a JSON report.
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
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/chain/app"
	st "github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

func main() {
	home := flag.String("home", ".devnet", "devnet home (test keyring)")
	grpcAddr := flag.String("grpc", "127.0.0.1:9090", "gRPC endpoint")
	rpc := flag.String("rpc", "http://127.0.0.1:26657", "CometBFT RPC endpoint")
	chainID := flag.String("chain-id", "corridor-devnet-1", "chain id")
	n := flag.Int("n", 1000, "DVPs and bank sends in the throughput burst")
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
	name     string
	addr     sdk.AccAddress
	num, seq uint64
}

type gen struct {
	cctx    client.Context
	txc     txtypes.ServiceClient
	rpc     string
	chainID string
	keys    map[string]*sender
}

func run(ctx context.Context, home, grpcAddr, rpc, chainID string, n, pacedN, rate int) error {
	dir, err := os.MkdirTemp("", "loadgen")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, false, simtestutil.NewAppOptionsWithFlagHome(dir))
	kr, err := keyring.New("corridor", keyring.BackendTest, home, nil, a.AppCodec())
	if err != nil {
		return err
	}
	conn, err := grpc.NewClient(grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	g := &gen{cctx: client.Context{}.WithKeyring(kr).WithTxConfig(a.TxConfig()).WithCodec(a.AppCodec()).WithChainID(chainID),
		txc: txtypes.NewServiceClient(conn), rpc: rpc, chainID: chainID, keys: map[string]*sender{}}
	aq := authtypes.NewQueryClient(conn)
	for _, name := range []string{"validator", "exporter", "importer", "cnbank", "mnbank", "marketmaker", "inspector", "customs-mn"} {
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
		g.keys[name] = &sender{name: name, addr: addr, num: res.Info.AccountNumber, seq: res.Info.Sequence}
	}
	A := func(k string) string { return g.keys[k].addr.String() }
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
	if lastHeight, err = strconv.ParseInt(status.Result.SyncInfo.Height, 10, 64); err != nil {
		return err
	}

	// setup, one committed tx at a time
	lotsBefore, err := g.count(ctx, conn)
	if err != nil {
		return err
	}
	lot := lotsBefore + 1
	h := func(s string) string { x := sha256.Sum256([]byte(s)); return hex.EncodeToString(x[:]) }
	setup := []struct {
		from string
		msgs []sdk.Msg
	}{
		{"exporter", []sdk.Msg{&tk.MsgRegisterLot{Exporter: A("exporter"), ClassCode: "COAL", Quantity: math.NewInt(int64(n+pacedN) * 1000),
			Origin: tk.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN"}}},
		{"inspector", []sdk.Msg{&tk.MsgAttest{Attester: A("inspector"), LotId: lot, Kind: tk.ATTESTATION_KIND_INSPECTION,
			Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: h(fmt.Sprint("bench-insp-", lot)), Reference: "BENCH"}}},
		{"customs-mn", []sdk.Msg{&tk.MsgAttest{Attester: A("customs-mn"), LotId: lot, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT,
			Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: h(fmt.Sprint("bench-cust-", lot)), Reference: "BENCH"}}},
		{"cnbank", []sdk.Msg{&st.MsgIssue{Issuer: A("cnbank"), Currency: "CNY", Amount: math.NewInt(int64(n) * 1_000_000), Recipient: A("importer")}}},
		{"mnbank", []sdk.Msg{&st.MsgIssue{Issuer: A("mnbank"), Currency: "MNT", Amount: math.NewInt(int64(n) * 1_000_000_000), Recipient: A("marketmaker")}}},
	}
	for _, s := range setup {
		if err := g.commit(ctx, s.from, s.msgs...); err != nil {
			return err
		}
	}
	quoteRes, err := st.NewQueryClient(conn).Quotes(ctx, &st.QueryQuotesRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	if err != nil {
		return err
	}
	quoteID := quoteRes.Pagination.Total + 1
	if err := g.commit(ctx, "marketmaker", &st.MsgPostQuote{Maker: A("marketmaker"), Base: "CNY", Quote: "MNT",
		Bid: math.LegacyMustNewDecFromStr("473.25"), Ask: math.LegacyMustNewDecFromStr("475.75"), MaxBase: math.NewInt(int64(n) * 1_000_000),
		CollateralDenom: "dep/MNT", Expiry: time.Now().Add(time.Hour)}); err != nil {
		return err
	}
	instrRes, err := st.NewQueryClient(conn).Instructions(ctx, &st.QueryInstructionsRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	if err != nil {
		return err
	}
	firstID := instrRes.Pagination.Total + 1

	// bank sends: the baseline, measured first in the same run
	// from two senders broadcasting concurrently, as the DVP run has two
	// (the exporter and the importer)
	start := time.Now()
	hashes := make(chan string, n)
	errs := make(chan error, 2)
	for w, from := range []string{"validator", "cnbank"} {
		go func() {
			for i := w; i < n; i += 2 {
				hash, err := g.broadcast(ctx, from, banktypes.NewMsgSend(g.keys[from].addr, g.keys["importer"].addr,
					sdk.NewCoins(sdk.NewInt64Coin(app.FeeDenom, int64(1+i)))))
				if err != nil {
					errs <- err
					return
				}
				hashes <- hash
			}
		}()
	}
	sendDone, err := g.collect(ctx, n, hashes, errs, nil)
	if err != nil {
		return err
	}
	sendSecs := sendDone.Sub(start).Seconds()

	// DVPs: the exporter creates each instruction and funds the lot leg in
	// one tx; as soon as that tx is in a block the importer funds the FX leg,
	// which settles it. Latency runs from the first broadcast to the block
	// that settles the instruction.
	sent := map[string]time.Time{}
	next := map[string]uint64{}
	created := 0
	create := func() (string, error) {
		id := firstID + uint64(created)
		created++
		hash, err := g.broadcast(ctx, "exporter",
			&st.MsgCreateInstruction{Creator: A("exporter"), Type: st.INSTRUCTION_TYPE_DVP, Deadline: time.Now().Add(30 * time.Minute),
				Legs: []st.LegInput{
					{From: A("exporter"), To: A("importer"), Denom: tk.LotDenom(lot), Amount: math.NewInt(1000)},
					{From: A("importer"), To: A("exporter"), Denom: "dep/MNT", Amount: math.NewInt(100_000), FxQuoteId: quoteID, FxPayDenom: "dep/CNY"},
				},
				Conditions: []st.Condition{{LotId: lot, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT}}},
			&st.MsgFundLeg{Payer: A("exporter"), InstructionId: id, Leg: 0})
		sent[hash], next[hash] = time.Now(), id
		return hash, err
	}
	settleSent := map[string]time.Time{}
	settle := func(h string) ([]string, error) {
		id, ok := next[h]
		if !ok {
			return nil, nil
		}
		hash, err := g.broadcast(ctx, "importer", &st.MsgFundLeg{Payer: A("importer"), InstructionId: id, Leg: 1})
		settleSent[hash] = sent[h]
		return []string{hash}, err
	}

	// 1. a burst of n DVPs: throughput. The exporter broadcasts creates while,
	// concurrently, the importer funds each instruction whose create is in a block.
	start = time.Now()
	var mu sync.Mutex // guards sent, next and fundID across the two streams
	in := make(chan string, 2*n)
	toFund := make(chan uint64, n)
	errs = make(chan error, 2)
	fundID := map[string]uint64{}
	createdAt := map[uint64]time.Time{}
	var createsSent time.Duration
	go func() {
		defer func() { mu.Lock(); createsSent = time.Since(start); mu.Unlock() }()
		for range n {
			mu.Lock()
			hash, err := create()
			if err == nil {
				createdAt[next[hash]] = sent[hash]
			}
			mu.Unlock()
			if err != nil {
				errs <- err
				return
			}
			in <- hash
		}
	}()
	go func() {
		for id := range toFund {
			hash, err := g.broadcast(ctx, "importer", &st.MsgFundLeg{Payer: A("importer"), InstructionId: id, Leg: 1})
			if err != nil {
				errs <- err
				return
			}
			mu.Lock()
			fundID[hash] = id
			mu.Unlock()
			in <- hash
		}
	}()
	var burstLat []float64
	dvpDone, err := g.collect(ctx, 2*n, in, errs, func(h string, seen time.Time) {
		mu.Lock()
		defer mu.Unlock()
		if id, ok := next[h]; ok {
			toFund <- id
		} else if id, ok := fundID[h]; ok {
			burstLat = append(burstLat, seen.Sub(createdAt[id]).Seconds())
		}
	})
	close(toFund)
	if err != nil {
		return err
	}
	dvpSecs := dvpDone.Sub(start).Seconds()
	// 2. paced DVPs below capacity: latency from the first broadcast to the
	// block that settles each one
	settleSent = map[string]time.Time{}
	paced, due := 0, time.Now()
	_, lat, err := g.follow(ctx, nil, settleSent, settle, func() ([]string, bool, error) {
		if paced >= pacedN {
			return nil, true, nil
		}
		if time.Now().Before(due) {
			return nil, false, nil
		}
		paced++
		due = due.Add(time.Second / time.Duration(rate))
		h, err := create()
		return []string{h}, false, err
	})
	if err != nil {
		return err
	}
	pct := func(xs []float64, p float64) float64 {
		sort.Float64s(xs)
		return xs[int(p*float64(len(xs)-1))]
	}
	report := map[string]any{
		"dvp_with_fx": n, "transactions_per_dvp": 2, "dvp_seconds": dvpSecs, "dvp_settled_per_second": float64(n) / dvpSecs,
		"burst_creates_broadcast_seconds": createsSent.Seconds(),
		"burst_latency_p50_seconds":       pct(burstLat, 0.50), "burst_latency_p99_seconds": pct(burstLat, 0.99),
		"paced_dvps": pacedN, "paced_rate_per_second": rate,
		"latency_p50_seconds": pct(lat, 0.50), "latency_p99_seconds": pct(lat, 0.99),
		"bank_sends": n, "bank_send_seconds": sendSecs, "bank_sends_per_second": float64(n) / sendSecs,
		"ratio_dvp_to_send": (float64(n) / dvpSecs) / (float64(n) / sendSecs),
	}
	return json.NewEncoder(os.Stdout).Encode(report)
}

// count returns how many lots exist.
func (g *gen) count(ctx context.Context, conn *grpc.ClientConn) (uint64, error) {
	res, err := tk.NewQueryClient(conn).Lots(ctx, &tk.QueryLotsRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	if err != nil {
		return 0, err
	}
	return res.Pagination.Total, nil
}

// broadcast signs msgs as `from` with the locally tracked sequence and
// broadcasts in sync mode (CheckTx); it returns the tx hash.
func (g *gen) broadcast(ctx context.Context, from string, msgs ...sdk.Msg) (string, error) {
	s := g.keys[from]
	s.mu.Lock()
	defer s.mu.Unlock()
	txf := clienttx.Factory{}.WithChainID(g.chainID).WithKeybase(g.cctx.Keyring).WithTxConfig(g.cctx.TxConfig).
		WithAccountNumber(s.num).WithSequence(s.seq).WithGas(1_000_000).WithSignMode(signing.SignMode_SIGN_MODE_DIRECT)
	b, err := txf.BuildUnsignedTx(msgs...)
	if err != nil {
		return "", err
	}
	if err := clienttx.Sign(ctx, txf, from, b, true); err != nil {
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
		return "", fmt.Errorf("%s: check tx: %s", from, res.TxResponse.RawLog)
	}
	s.seq++
	return res.TxResponse.TxHash, nil
}

// commit broadcasts and waits for the block.
func (g *gen) commit(ctx context.Context, from string, msgs ...sdk.Msg) error {
	hash, err := g.broadcast(ctx, from, msgs...)
	if err != nil {
		return err
	}
	_, _, err = g.waitAll(ctx, []string{hash}, nil)
	return err
}

type rpcBlock struct {
	Result struct {
		Block struct {
			Header struct{ Height string } `json:"header"`
			Data   struct{ Txs []string }  `json:"data"`
		} `json:"block"`
	} `json:"result"`
}

type rpcResults struct {
	Result struct {
		TxsResults []struct {
			Code int    `json:"code"`
			Log  string `json:"log"`
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

var lastHeight int64

// collect waits until total hashes arriving on in are committed (a failed
// tx is an error); onCommit runs for each with the time its block was seen.
func (g *gen) collect(ctx context.Context, total int, in <-chan string, errs <-chan error, onCommit func(string, time.Time)) (time.Time, error) {
	want := map[string]bool{}
	committed := map[string]time.Time{} // ours or not yet announced on in
	done := 0
	deadline := time.Now().Add(5 * time.Minute)
	mark := func(h string, seen time.Time) {
		delete(want, h)
		done++
		if onCommit != nil {
			onCommit(h, seen)
		}
	}
	for done < total {
		for drained := false; !drained; {
			select {
			case h := <-in:
				if seen, ok := committed[h]; ok {
					mark(h, seen)
				} else {
					want[h] = true
				}
			case err := <-errs:
				return time.Time{}, err
			default:
				drained = true
			}
		}
		if time.Now().After(deadline) {
			return time.Time{}, fmt.Errorf("%d of %d transactions not committed", total-done, total)
		}
		hashes, codes, seen, ok, err := g.nextBlock(ctx)
		if err != nil {
			return time.Time{}, err
		}
		if !ok {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		for i, h := range hashes {
			if codes[i].code != 0 {
				if want[h] {
					return time.Time{}, fmt.Errorf("tx %s failed: %s", h, codes[i].log)
				}
				continue
			}
			if want[h] {
				mark(h, seen)
			} else {
				committed[h] = seen
			}
		}
	}
	return time.Now(), nil
}

type txResult struct {
	code int
	log  string
}

// nextBlock reads the block after lastHeight, if it exists: its tx hashes
// and results.
func (g *gen) nextBlock(ctx context.Context) ([]string, []txResult, time.Time, bool, error) {
	var b rpcBlock
	if err := g.get(ctx, "/block?height="+strconv.FormatInt(lastHeight+1, 10), &b); err != nil || b.Result.Block.Header.Height == "" {
		return nil, nil, time.Time{}, false, nil
	}
	seen := time.Now()
	lastHeight++
	var r rpcResults
	if len(b.Result.Block.Data.Txs) > 0 {
		if err := g.get(ctx, "/block_results?height="+strconv.FormatInt(lastHeight, 10), &r); err != nil {
			return nil, nil, time.Time{}, false, err
		}
	}
	hashes := make([]string, len(b.Result.Block.Data.Txs))
	results := make([]txResult, len(hashes))
	for i, t := range b.Result.Block.Data.Txs {
		raw, err := base64.StdEncoding.DecodeString(t)
		if err != nil {
			return nil, nil, time.Time{}, false, err
		}
		sum := sha256.Sum256(raw)
		hashes[i] = fmt.Sprintf("%X", sum)
		if i < len(r.Result.TxsResults) {
			results[i] = txResult{r.Result.TxsResults[i].Code, r.Result.TxsResults[i].Log}
		}
	}
	return hashes, results, seen, true, nil
}

// waitAll follows new blocks until every hash is committed; a failed tx is
// an error. It returns when the last one was seen and, for hashes in sent,
// each latency from its send time to the moment its block was seen.
func (g *gen) waitAll(ctx context.Context, hashes []string, sent map[string]time.Time) (time.Time, []float64, error) {
	return g.follow(ctx, hashes, sent, nil, nil)
}

// follow is waitAll where each committed hash may add more to wait for
// (onCommit broadcasts them).
// tick, polled between blocks, may broadcast more; follow returns once
// tick has nothing left and every hash is committed.
func (g *gen) follow(ctx context.Context, hashes []string, sent map[string]time.Time,
	onCommit func(string) ([]string, error), tick func() (more []string, done bool, err error),
) (time.Time, []float64, error) {
	want := map[string]bool{}
	for _, h := range hashes {
		want[h] = true
	}
	var lat []float64
	deadline := time.Now().Add(5 * time.Minute)
	ticking := tick != nil
	for len(want) > 0 || ticking {
		if ticking {
			more, done, err := tick()
			if err != nil {
				return time.Time{}, nil, err
			}
			ticking = !done
			for _, m := range more {
				want[m] = true
			}
		}
		if time.Now().After(deadline) {
			return time.Time{}, nil, fmt.Errorf("%d transactions not committed", len(want))
		}
		var b rpcBlock
		if err := g.get(ctx, "/block?height="+strconv.FormatInt(lastHeight+1, 10), &b); err != nil || b.Result.Block.Header.Height == "" {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		seen := time.Now()
		lastHeight++
		var r rpcResults
		if len(b.Result.Block.Data.Txs) > 0 {
			if err := g.get(ctx, "/block_results?height="+strconv.FormatInt(lastHeight, 10), &r); err != nil {
				return time.Time{}, nil, err
			}
		}
		for i, t := range b.Result.Block.Data.Txs {
			raw, err := base64.StdEncoding.DecodeString(t)
			if err != nil {
				return time.Time{}, nil, err
			}
			sum := sha256.Sum256(raw)
			h := fmt.Sprintf("%X", sum)
			if !want[h] {
				continue
			}
			if i < len(r.Result.TxsResults) && r.Result.TxsResults[i].Code != 0 {
				return time.Time{}, nil, fmt.Errorf("tx %s failed: %s", h, r.Result.TxsResults[i].Log)
			}
			delete(want, h)
			if t0, ok := sent[h]; ok {
				lat = append(lat, seen.Sub(t0).Seconds())
			}
			if onCommit != nil {
				more, err := onCommit(h)
				if err != nil {
					return time.Time{}, nil, err
				}
				for _, m := range more {
					want[m] = true
				}
			}
		}
	}
	return time.Now(), lat, nil
}
