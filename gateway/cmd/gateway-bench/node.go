package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"cosmossdk.io/math"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/corridor-chain/corridor/gateway/chain"
	"github.com/corridor-chain/corridor/gateway/handlers"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/server"
	"github.com/corridor-chain/corridor/gateway/store"
	"github.com/corridor-chain/corridor/gateway/verify"
	"github.com/corridor-chain/corridor/internal/loadgen"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// node is where the real-node part runs: a devnet's corridor-1.
type node struct {
	grpc, rpc, chainID, home string
	clears                   int           // declarations cleared during each paced verify run
	pacedRuns                int           // verify runs at half the saturation rate
	clearEvery               time.Duration // one clear each
}

// nodeResult is the real-node part of the report.
type nodeResult struct {
	sat                  result
	rate                 int      // the paced runs' rate: half sat's
	quiet                result   // a paced run without clears
	direct               result   // the verify's one query straight to the node, at the paced rate
	paced                []result // one per paced run with clears
	clearMs, clearBlocks []float64
	blockSeconds         float64
	height0, height1     int64
}

// runNode measures the gateway in front of a real node: the same gateway
// (real HTTP, store, policies) with the gRPC client of corridor-gateway
// serve, the customs authority's key from the node's test keyring. It
// registers lots for the demo exporter, files a declaration for each
// through the gateway and anchors them on chain, then measures verify at
// saturation and at half of it, and, during the paced run, clears the
// other declarations one after another: request to committed, in
// milliseconds and in blocks (the block that holds the decision minus the
// latest block when it was requested).
func runNode(ctx context.Context, nd node, dur time.Duration, workers uint64, docPath string) (nodeResult, error) {
	var out nodeResult
	g, err := loadgen.New(ctx, nd.home, nd.grpc, nd.rpc, nd.chainID)
	if err != nil {
		return out, fmt.Errorf("node: %w", err)
	}
	defer g.Close()
	dir, err := os.MkdirTemp("", "gateway-bench-node")
	if err != nil {
		return out, err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "gw.db"))
	if err != nil {
		return out, err
	}
	defer st.Close()
	chain.SetAddressPrefixes()
	cdc, err := chain.NewCodec()
	if err != nil {
		return out, err
	}
	kr, err := keyring.New("corridor", keyring.BackendTest, nd.home, nil, cdc)
	if err != nil {
		return out, err
	}
	cl, err := chain.Dial(chain.Config{GRPC: nd.grpc, ChainID: nd.chainID, Keyring: kr, WaitTimeout: 30 * time.Second}, cdc)
	if err != nil {
		return out, err
	}
	defer cl.Close()
	az, err := policy.LoadFile("")
	if err != nil {
		return out, err
	}
	h := server.New(server.Deps{Store: st, Chain: cl, Authz: az, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: time.Now, Registry: prometheus.NewRegistry(), Verify: verify.Options{QuantityToleranceBps: 50},
		Authorities: map[string]string{"MN": g.Addr("customs-mn")}, DecisionLease: time.Minute, RequestTimeout: 30 * time.Second,
		MaxBodyBytes: 256 << 10, RatePerSecond: 0, RateBurst: 1, KeyCacheTTL: 5 * time.Second})
	gw, err := serve(h)
	if err != nil {
		return out, err
	}
	officer, err := key(ctx, st, "officer-mn", "customs", "MN", "")
	if err != nil {
		return out, err
	}
	exp, err := key(ctx, st, "exporter-mn", "exporter", "MN", g.Addr("exporter"))
	if err != nil {
		return out, err
	}
	nd.pacedRuns = max(1, nd.pacedRuns)
	ids, lot, err := nodeSetup(ctx, g, gw, exp, docPath, 1+nd.pacedRuns*nd.clears)
	if err != nil {
		return out, err
	}
	verifyURL := gw + "/v1/declarations/" + ids[0] + "/verify"
	body, err := once(verifyURL, officer)
	if err != nil {
		return out, err
	}
	var rep verify.Report
	if err := json.Unmarshal(body, &rep); err != nil || !rep.Passed {
		return out, fmt.Errorf("the verify against the node does not pass: %s", body)
	}
	hdr := http.Header{"Authorization": {"Bearer " + officer}, "Content-Type": {"application/json"}}
	verifyT := vegeta.Target{Method: "POST", URL: verifyURL, Body: []byte(`{}`), Header: hdr}
	if out.height0, err = latest(ctx, nd.rpc); err != nil {
		return out, err
	}
	t0 := time.Now()
	out.sat = attack("gateway verify, node", verifyT, 0, dur, workers)
	paced := max(1, int(out.sat.rps/2))
	out.rate = paced
	// the same rate with no transactions but the node's empty blocks: what
	// the clears' blocks add to the verify's tail
	out.quiet = attack("gateway verify, node, no clears", verifyT, paced, dur, workers)
	// the node's part alone: the Holdings query a verify sends, at the same
	// rate, from this process straight to the node's gRPC (no gateway, no HTTP)
	out.direct = direct(ctx, tk.NewQueryClient(g.Conn()), &tk.QueryHoldingsRequest{Holder: g.Addr("exporter"), LotIds: []uint64{lot}},
		paced, dur, int(workers))
	// pacedRuns runs at half the saturation rate (one run's p99 is its 1%
	// slowest, a few dozen requests: the runs give its spread), each with
	// its own clears: they start one every clearEvery, each in its own
	// request (an officer does not wait for the last clearance to start
	// the next), so they overlap one another and the verify load
	for run := range nd.pacedRuns {
		var wg sync.WaitGroup
		var mu sync.Mutex
		var clearErr error
		wg.Go(func() {
			tick := time.NewTicker(nd.clearEvery)
			defer tick.Stop()
			for _, id := range ids[1+run*nd.clears : 1+(run+1)*nd.clears] {
				<-tick.C
				wg.Go(func() {
					ms, blocks, err := clearOne(ctx, gw, officer, id, nd.rpc)
					mu.Lock()
					defer mu.Unlock()
					if err != nil {
						clearErr = err
						return
					}
					out.clearMs, out.clearBlocks = append(out.clearMs, ms), append(out.clearBlocks, blocks)
				})
			}
		})
		out.paced = append(out.paced, attack("gateway verify, node", verifyT, paced, dur, workers))
		wg.Wait()
		if clearErr != nil {
			return out, clearErr
		}
	}
	if out.height1, err = latest(ctx, nd.rpc); err != nil {
		return out, err
	}
	out.blockSeconds = time.Since(t0).Seconds() / float64(max(1, out.height1-out.height0))
	return out, nil
}

// nodeSetup registers n lots of 5,000 t for the exporter, files the test
// declaration once per lot (its own number) through the gateway and
// anchors each declaration's hash on its lot; it returns the declarations'
// ids and the first one's lot.
func nodeSetup(ctx context.Context, g *loadgen.Gen, gw, exporterKey, docPath string, n int) ([]string, uint64, error) {
	lots, err := tk.NewQueryClient(g.Conn()).Lots(ctx, &tk.QueryLotsRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	if err != nil {
		return nil, 0, err
	}
	first := lots.Pagination.Total + 1 // lot ids count up from 1
	const batch = 50
	register := func(i int) []sdk.Msg {
		var ms []sdk.Msg
		for range min(batch, n-i*batch) {
			ms = append(ms, &tk.MsgRegisterLot{Exporter: g.Addr("exporter"), ClassCode: "COAL", Quantity: math.NewInt(5_000_000),
				Origin: tk.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN"})
		}
		return ms
	}
	batches := (n + batch - 1) / batch
	if _, _, err := g.Burst(ctx, []loadgen.Stream{{Signers: []string{"exporter"}, Msgs: register, Gas: batch * 500_000}}, batches, nil, false); err != nil {
		return nil, 0, fmt.Errorf("registering lots: %w", err)
	}
	raw, err := os.ReadFile(docPath)
	if err != nil {
		return nil, 0, err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, 0, err
	}
	// numbers of their own on this chain: a declaration number is recorded once
	day, serial := time.Now().UTC().Format("020106"), 1_000_000+int(time.Now().Unix()%80_000)*100
	ids := make([]string, n)
	var anchors []sdk.Msg
	for i := range n {
		lot := first + uint64(i)
		doc["number"] = fmt.Sprintf("10719010/%s/%07d", day, serial+i)
		doc["lots"] = []uint64{lot}
		doc["exporter"].(map[string]any)["address"] = g.Addr("exporter")
		goods := doc["goods"].([]any)
		goods[0].(map[string]any)["lot_id"] = lot
		b, _ := json.Marshal(doc)
		id, sha, err := file(gw, exporterKey, b)
		if err != nil {
			return nil, 0, err
		}
		ids[i] = id
		anchors = append(anchors, &tk.MsgAnchorDocument{Issuer: g.Addr("exporter"), LotId: lot,
			Document: tk.Document{Kind: verify.AnchorKind, Sha256: sha, Uri: "/v1/declarations/" + id}})
	}
	anchor := func(i int) []sdk.Msg { return anchors[i*batch : min(len(anchors), (i+1)*batch)] }
	if _, _, err := g.Burst(ctx, []loadgen.Stream{{Signers: []string{"exporter"}, Msgs: anchor, Gas: batch * 500_000}}, batches, nil, false); err != nil {
		return nil, 0, fmt.Errorf("anchoring: %w", err)
	}
	return ids, first, g.WaitState(ctx)
}

// clearOne clears a declaration: milliseconds from the request to the
// answer (which comes once the decision's block is committed) and blocks
// from the latest block at the request to the block holding the decision.
func clearOne(ctx context.Context, gw, officer, id, rpc string) (float64, float64, error) {
	h0, err := latest(ctx, rpc)
	if err != nil {
		return 0, 0, err
	}
	req, _ := http.NewRequestWithContext(ctx, "POST", gw+"/v1/declarations/"+id+"/decision", strings.NewReader(`{"decision":"clear"}`))
	req.Header.Set("Authorization", "Bearer "+officer)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", "bench-"+id)
	t0 := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	ms := float64(time.Since(t0).Microseconds()) / 1000
	var d handlers.DecisionResponse
	if res.StatusCode != http.StatusOK || json.Unmarshal(b, &d) != nil || !d.RecordedOnChain || d.Height == 0 {
		return 0, 0, fmt.Errorf("clearing %s: %d %s", id, res.StatusCode, b)
	}
	return ms, float64(d.Height - h0), nil
}

// direct sends req to the node at rate per second for dur, open loop (each
// at its scheduled time, at most workers in flight), and times each answer.
func direct(ctx context.Context, q tk.QueryClient, req *tk.QueryHoldingsRequest, rate int, dur time.Duration, workers int) result {
	n := int(dur.Seconds() * float64(rate))
	lat := make([]float64, n)
	ok := make([]bool, n)
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	t0 := time.Now()
	for i := range n {
		time.Sleep(time.Until(t0.Add(time.Duration(i) * time.Second / time.Duration(rate))))
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			t := time.Now()
			_, err := q.Holdings(ctx, req)
			lat[i], ok[i] = float64(time.Since(t).Microseconds())/1000, err == nil
		})
	}
	wg.Wait()
	elapsed := time.Since(t0).Seconds()
	served := 0
	for _, o := range ok {
		if o {
			served++
		}
	}
	r := result{name: "Holdings query, direct", rps: float64(n) / elapsed, success: float64(served) / float64(max(1, n))}
	r.p50, r.p99 = quantile(lat, 0.5), quantile(lat, 0.99)
	fmt.Printf("%s (rate %d): %.0f req/s, p50 %.2f ms, p99 %.2f ms, success %.4f\n", r.name, rate, r.rps, r.p50, r.p99, r.success)
	return r
}

// latest is the node's latest block height (CometBFT RPC /status).
func latest(ctx context.Context, rpc string) (int64, error) {
	req, _ := http.NewRequestWithContext(ctx, "GET", rpc+"/status", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	var s struct {
		Result struct {
			SyncInfo struct {
				Height int64 `json:"latest_block_height,string"`
			} `json:"sync_info"`
		} `json:"result"`
	}
	if err := json.NewDecoder(res.Body).Decode(&s); err != nil {
		return 0, fmt.Errorf("%s/status: %w", rpc, err)
	}
	return s.Result.SyncInfo.Height, nil
}

// quantile of xs (sorted in place), nearest rank.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	i := int(q*float64(len(xs))+0.999999) - 1
	return xs[min(max(i, 0), len(xs)-1)]
}

// nodeReport is the report's section on the real node.
func nodeReport(b *strings.Builder, nd node, r nodeResult, alone result, verdict func(bool) string) {
	fmt.Fprintf(b, "\n## Against a real node: the devnet's corridor-1\n\n")
	fmt.Fprintf(b, "The same gateway in front of `make devnet`'s corridor-1 (CometBFT and the SDK's gRPC server on the same\n")
	fmt.Fprintf(b, "cores, blocks every ~%.1f s over the run) through the gRPC client of `corridor-gateway serve`; the\n", r.blockSeconds)
	fmt.Fprintf(b, "customs authority's key is customs-mn's from the node's test keyring. A verify reads everything it\n")
	fmt.Fprintf(b, "checks in **one** gRPC query, x/tokenize's `Holdings` (the trader's participant record and, per lot, the\n")
	fmt.Fprintf(b, "lot, its class, the trader's balance and active pledges): one query is one block, so the facts cannot\n")
	fmt.Fprintf(b, "straddle a commit, and the node builds one query context (a cached branch of every module's store at\n")
	fmt.Fprintf(b, "the latest version) per verify instead of four. Nothing is cached: every verify reads the latest block.\n\n")
	fmt.Fprintf(b, "| verify | req/s | p50 | p99 | success |\n| --- | --- | --- | --- | --- |\n")
	row := func(name string, x result) {
		fmt.Fprintf(b, "| %s | %.0f | %.2f ms | %.2f ms | %.2f%% |\n", name, x.rps, x.p50, x.p99, 100*x.success)
	}
	row("saturation (closed loop)", r.sat)
	row("half the saturation rate (open loop), no clears", r.quiet)
	p99s := make([]float64, len(r.paced))
	for i, x := range r.paced {
		row(fmt.Sprintf("half the saturation rate (open loop), with clears, run %d", i+1), x)
		p99s[i] = x.p99
	}
	p99 := quantile(p99s, 0.5) // sorts p99s
	allServed := true          // a run whose requests failed fast would read a low p99
	for _, x := range r.paced {
		allServed = allServed && x.success == 1
	}
	n := len(r.clearMs)
	msP50, msP99 := quantile(r.clearMs, 0.5), quantile(r.clearMs, 0.99)
	blP50, blP99 := quantile(r.clearBlocks, 0.5), quantile(r.clearBlocks, 0.99)
	fmt.Fprintf(b, "\nClears during the paced runs: %d declarations, %d a run, one started every %s (they overlap), each `POST …/decision {\"decision\":\"clear\"}`:\n", n, nd.clears, nd.clearEvery)
	fmt.Fprintf(b, "the verify again, the customs attestation and the declaration's record signed, broadcast and waited for\n")
	fmt.Fprintf(b, "(the answer comes when the block holding them is committed).\n\n")
	fmt.Fprintf(b, "| clear, request → committed | p50 | p99 |\n| --- | --- | --- |\n")
	fmt.Fprintf(b, "| milliseconds | %.0f | %.0f |\n| blocks (block of the decision − latest block at the request) | %.0f | %.0f |\n", msP50, msP99, blP50, blP99)
	fmt.Fprintf(b, "\n| figure | value | goal | |\n| --- | --- | --- | --- |\n")
	fmt.Fprintf(b, "| verify p99 at half the node's saturation (%d req/s), median of %d runs (%.2f – %.2f ms) | %.2f ms | < 20 ms | %s |\n",
		r.rate, len(p99s), p99s[0], p99s[len(p99s)-1], p99, verdict(allServed && p99 < 20))
	fmt.Fprintf(b, "| clear p50, request → committed | %.0f blocks | ≤ 2 blocks | %s |\n", blP50, verdict(n > 0 && blP50 <= 2))
	fmt.Fprintf(b, "\n**Why the p99 target is missed on these two cores.** At %d req/s the verify's p99 is %.2f ms with no\n", r.rate, r.quiet.p99)
	fmt.Fprintf(b, "clears and %.2f ms (median) with them. Its two parts, each measured alone on the same cores: the node's\n", p99)
	fmt.Fprintf(b, "`Holdings` query sent straight over gRPC from this process (no gateway, no HTTP; timed from its send,\n")
	fmt.Fprintf(b, "as vegeta times) at the same rate, p50 %.2f ms and p99 %.2f ms (%.2f%% answered); the gateway with the\n",
		r.direct.p50, r.direct.p99, 100*r.direct.success)
	fmt.Fprintf(b, "in-memory chain (no node) at half its own saturation, p99 %.2f ms (above). Each part's tail alone is over\n", alone.p99)
	fmt.Fprintf(b, "half the 20 ms budget, on cores that the generator, the devnet's two bank chains and its relayer share\n")
	fmt.Fprintf(b, "too, so a verify (one HTTP request and one query) that meets both tails misses the target. A faster\n")
	fmt.Fprintf(b, "verify does not change this: the target's rate is half the saturation, and the saturation rises with it.\n")
	fmt.Fprintf(b, "The design that would meet it is the one production has and these two cores cannot host apart (not\n")
	fmt.Fprintf(b, "measured here): the gateway and a query node of its own (a non-validating full node) on cores of their\n")
	fmt.Fprintf(b, "own, the clients and the other chains elsewhere. The one-query verify's saturation here is %.0f req/s;\n", r.sat.rps)
	fmt.Fprintf(b, "with the four queries it replaced it was 1,166 and 1,284 req/s (this report on 2026-12-05 and\n")
	fmt.Fprintf(b, "2026-12-06, before the change).\n")
}
