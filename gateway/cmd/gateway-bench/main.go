// Command gateway-bench measures the gateway's verify endpoint under load
// on loopback with vegeta, against a bare chi handler that returns a JSON
// body of the same size in the same run, and the ladon decision time at 10
// and at 1,000 subjects; it writes a Markdown report.
//
// The gateway runs whole — real HTTP server, middleware, API-key
// authentication against a real SQLite store, ladon, the verify checks —
// in front of the in-memory chain (chaintest), so that the figures are the
// gateway's own cost and not a node's query throughput.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/corridor-chain/corridor/gateway/apikey"
	"github.com/corridor-chain/corridor/gateway/chain/chaintest"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/server"
	"github.com/corridor-chain/corridor/gateway/store"
	"github.com/corridor-chain/corridor/gateway/verify"
)

const exporter = "corridor1exporter"

func main() {
	out := flag.String("out", "docs/bench/gateway.md", "report file")
	dur := flag.Duration("duration", 10*time.Second, "length of each attack")
	workers := flag.Uint64("concurrency", 50, "concurrent requests")
	doc := flag.String("declaration", "gateway/declaration/testdata/mn-export.json", "declaration to file")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the run")
	var nd node
	flag.StringVar(&nd.grpc, "node-grpc", "", "also measure against this node's gRPC (a devnet's corridor-1), e.g. 127.0.0.1:9090")
	flag.StringVar(&nd.rpc, "node-rpc", "http://127.0.0.1:26657", "the node's CometBFT RPC")
	flag.StringVar(&nd.chainID, "chain-id", "corridor-1", "the node's chain id")
	flag.StringVar(&nd.home, "node-home", ".devnet/corridor-1", "the node's home: its test keyring holds the demo keys")
	flag.IntVar(&nd.clears, "clears", 40, "declarations cleared during each paced run against the node")
	flag.IntVar(&nd.pacedRuns, "paced-runs", 3, "runs at half the node's saturation rate")
	flag.DurationVar(&nd.clearEvery, "clear-every", 250*time.Millisecond, "one clear each")
	flag.Parse()
	if *prof != "" {
		f, err := os.Create(*prof)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	if err := run(*out, *dur, *workers, *doc, nd); err != nil {
		fmt.Fprintln(os.Stderr, "gateway-bench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

type result struct {
	name          string
	rps, p50, p99 float64 // p50/p99 in ms
	success       float64
	bytes         int
}

func run(out string, dur time.Duration, workers uint64, docPath string, nd node) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "gateway-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "gw.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	fake := chaintest.New()
	fake.SeedStory(exporter)
	az, err := policy.LoadFile("")
	if err != nil {
		return err
	}
	h := server.New(server.Deps{Store: st, Chain: fake, Authz: az, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: time.Now, Registry: prometheus.NewRegistry(), Verify: verify.Options{QuantityToleranceBps: 50},
		Authorities: map[string]string{"MN": "corridor1customsmn"}, DecisionLease: time.Minute, RequestTimeout: 10 * time.Second,
		MaxBodyBytes: 256 << 10, RatePerSecond: 0, RateBurst: 1, KeyCacheTTL: 5 * time.Second})
	gw, err := serve(h)
	if err != nil {
		return err
	}
	officer, err := key(ctx, st, "officer-mn", "customs", "MN", "")
	if err != nil {
		return err
	}
	exp, err := key(ctx, st, "exporter-mn", "exporter", "MN", exporter)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(docPath)
	if err != nil {
		return err
	}
	raw = bytes.Replace(raw, []byte(`"number": "10719010/011226/0001234"`),
		[]byte(`"number": "10719010/`+time.Now().UTC().Format("020106")+`/0001234"`), 1)
	id, sha, err := file(gw, exp, raw)
	if err != nil {
		return err
	}
	fake.Anchor(1, sha)

	verifyURL := gw + "/v1/declarations/" + id + "/verify"
	body, err := once(verifyURL, officer)
	if err != nil {
		return err
	}
	var rep verify.Report
	if err := json.Unmarshal(body, &rep); err != nil || !rep.Passed {
		return fmt.Errorf("the verify under test does not pass: %s", body)
	}
	// the bare handler: chi, one route, the same bytes
	bare := chi.NewRouter()
	bare.Post("/verify", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
	bareURL, err := serve(bare)
	if err != nil {
		return err
	}
	hdr := http.Header{"Authorization": {"Bearer " + officer}, "Content-Type": {"application/json"}}
	bareT := vegeta.Target{Method: "POST", URL: bareURL + "/verify", Body: []byte(`{}`), Header: hdr}
	verifyT := vegeta.Target{Method: "POST", URL: verifyURL, Body: []byte(`{}`), Header: hdr}
	// saturation: as fast as the clients are answered (closed loop)
	bareRes := attack("bare chi handler", bareT, 0, dur, workers)
	verifyRes := attack("gateway verify", verifyT, 0, dur, workers)
	// latency at a load both sustain: half the verify saturation rate (open loop)
	paced := int(verifyRes.rps / 2)
	barePaced := attack("bare chi handler", bareT, paced, dur, workers)
	verifyPaced := attack("gateway verify", verifyT, paced, dur, workers)
	for _, r := range []*result{&bareRes, &verifyRes, &barePaced, &verifyPaced} {
		r.bytes = len(body)
	}
	d10, d1000 := decisionTime(az, 10), decisionTime(az, 1000)
	var onNode *nodeResult
	if nd.grpc != "" {
		r, err := runNode(ctx, nd, dur, workers, docPath)
		if err != nil {
			return err
		}
		onNode = &r
	}
	return report(out, dur, workers, paced, []result{bareRes, verifyRes}, []result{barePaced, verifyPaced}, d10, d1000, nd, onNode)
}

func serve(h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go func() { _ = http.Serve(ln, h) }()
	return "http://" + ln.Addr().String(), nil
}

func key(ctx context.Context, st store.Store, subject, role, jur, addr string) (string, error) {
	id, k, hash, err := apikey.Generate()
	if err != nil {
		return "", err
	}
	return k, st.CreateAPIKey(ctx, store.APIKey{ID: id, Hash: hash, Subject: subject, Role: role, Jurisdiction: jur, Address: addr, CreatedAt: time.Now()})
}

func file(base, key string, doc []byte) (string, string, error) {
	req, _ := http.NewRequest("POST", base+"/v1/declarations", bytes.NewReader(doc))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", "", err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated {
		return "", "", fmt.Errorf("filing: %d %s", res.StatusCode, b)
	}
	var v struct{ ID, SHA256 string }
	return v.ID, v.SHA256, json.Unmarshal(b, &v)
}

func once(url, key string) ([]byte, error) {
	req, _ := http.NewRequest("POST", url, strings.NewReader(`{}`))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	return io.ReadAll(res.Body)
}

// attack sends requests for dur from `workers` concurrent clients: at
// `rate` per second, or as fast as they are answered when rate is 0; only
// 200s count as successes.
func attack(name string, t vegeta.Target, rate int, dur time.Duration, workers uint64) result {
	a := vegeta.NewAttacker(vegeta.Workers(workers), vegeta.MaxWorkers(workers), vegeta.KeepAlive(true),
		vegeta.Connections(int(workers)), vegeta.Timeout(10*time.Second))
	var m vegeta.Metrics
	for res := range a.Attack(vegeta.NewStaticTargeter(t), vegeta.Rate{Freq: rate, Per: time.Second}, dur, name) {
		m.Add(res)
	}
	m.Close()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	fmt.Printf("%s (rate %d): %.0f req/s, p50 %.2f ms, p99 %.2f ms, success %.4f, codes %v\n", name, rate, m.Throughput, ms(m.Latencies.P50), ms(m.Latencies.P99), m.Success, m.StatusCodes)
	return result{name: name, rps: m.Throughput, p50: ms(m.Latencies.P50), p99: ms(m.Latencies.P99), success: m.Success}
}

// decisionTime is ns per Authorize with n distinct subjects, round robin.
func decisionTime(az policy.Authorizer, n int) float64 {
	reqs := make([]policy.Request, n)
	for i := range reqs {
		p := policy.Principal{Subject: fmt.Sprintf("officer-%d", i), Role: "customs", Jurisdiction: "MN"}
		reqs[i] = policy.Request{Principal: p, Action: policy.ActionVerify, Resource: policy.DeclarationResource("MN", fmt.Sprintf("d%x", i)),
			Pairs: map[string][][2]string{"jurisdiction": {{"MN", "MN"}}, "owner": {{p.Subject, "exporter"}}}}
	}
	r := testing.Benchmark(func(b *testing.B) {
		ctx := context.Background()
		for i := 0; b.Loop(); i++ {
			if err := az.Authorize(ctx, reqs[i%n]); err != nil {
				b.Fatal(err)
			}
		}
	})
	fmt.Printf("ladon decision, %d subjects: %d ns\n", n, r.NsPerOp())
	return float64(r.NsPerOp())
}

func report(out string, dur time.Duration, workers uint64, paced int, sat, lat []result, d10, d1000 float64, nd node, onNode *nodeResult) error {
	bare, gw := sat[0], sat[1]
	ratio := gw.rps / bare.rps
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "**missed**"
	}
	table := func(b *strings.Builder, rs []result) {
		fmt.Fprintf(b, "| target | req/s | p50 | p99 | success |\n| --- | --- | --- | --- | --- |\n")
		for _, r := range rs {
			fmt.Fprintf(b, "| %s | %.0f | %.2f ms | %.2f ms | %.2f%% |\n", r.name, r.rps, r.p50, r.p99, 100*r.success)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Gateway benchmark: verify under load, ladon decision time\n\n")
	fmt.Fprintf(&b, "`make bench` (`build/gateway-bench`, gateway/cmd/gateway-bench) on %s, %d cores (`GOMAXPROCS` %d), loopback;\n",
		time.Now().UTC().Format("2006-01-02"), runtime.NumCPU(), runtime.GOMAXPROCS(0))
	fmt.Fprintf(&b, "the load generator, both servers and the store share the cores.\n\n")
	fmt.Fprintf(&b, "Load: vegeta with %d concurrent keep-alive clients, %s per run, every run in the same process.\n", workers, dur)
	fmt.Fprintf(&b, "The gateway is the whole service — `server.New` on a real HTTP server: every middleware, API-key\n")
	fmt.Fprintf(&b, "authentication against a real SQLite store (keys cached 5 s), the ladon policies, the declaration\n")
	fmt.Fprintf(&b, "read from the store and the four verify checks (the document re-hashed for integrity) — in front\n")
	fmt.Fprintf(&b, "of the in-memory chain (`chain/chaintest`), so the figures are the gateway's own cost and not a\n")
	fmt.Fprintf(&b, "node's (against a real node a verify reads participant, lots, classes, balances and pledges in\n")
	fmt.Fprintf(&b, "one gRPC query, x/tokenize's Holdings). The bare handler is chi with one route writing the same %d-byte JSON body.\n\n", gw.bytes)
	fmt.Fprintf(&b, "## Saturation: as fast as the %d clients are answered\n\n", workers)
	table(&b, sat)
	fmt.Fprintf(&b, "\n## Latency at %d req/s (half the verify saturation rate), open loop\n\n", paced)
	table(&b, lat)
	vp99 := lat[1].p99
	fmt.Fprintf(&b, "\n| figure | value | goal | |\n| --- | --- | --- | --- |\n")
	fmt.Fprintf(&b, "| verify p99 at %d req/s | %.2f ms | < 20 ms | %s |\n", paced, vp99, verdict(vp99 < 20))
	fmt.Fprintf(&b, "| verify p99 at saturation | %.2f ms | | (queueing: %d clients ÷ %.0f req/s ≈ %.0f ms mean) |\n",
		gw.p99, workers, gw.rps, 1000*float64(workers)/gw.rps)
	fmt.Fprintf(&b, "| verify rate ÷ bare rate, at saturation | %.2f | ≥ 0.25 | %s |\n", ratio, verdict(ratio >= 0.25))
	fmt.Fprintf(&b, "\n## ladon decision time\n\nThe default policies are one per role with conditions; the subject is the request's, matched by\n")
	fmt.Fprintf(&b, "`<.+>`, so ladon's memory manager scans the same six policies and its regexp cache holds the same\n")
	fmt.Fprintf(&b, "few patterns whatever the number of subjects (`testing.Benchmark`, subjects round robin).\n\n")
	fmt.Fprintf(&b, "| subjects | ns per decision |\n| --- | --- |\n| 10 | %.0f |\n| 1,000 | %.0f |\n\n", d10, d1000)
	fmt.Fprintf(&b, "Ratio 1,000 ÷ 10: %.2f (goal ≤ 2: %s).\n", d1000/d10, verdict(d1000/d10 <= 2))
	if onNode != nil {
		nodeReport(&b, nd, *onNode, lat[1], verdict)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}
