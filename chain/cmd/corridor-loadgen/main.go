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
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/internal/loadgen"
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

func run(ctx context.Context, home, grpcAddr, rpc, chainID string, n, pacedN, rate int) error {
	g, err := loadgen.New(ctx, home, grpcAddr, rpc, chainID)
	if err != nil {
		return err
	}
	defer g.Close()
	lot, quote, err := g.Setup(ctx, n+pacedN)
	if err != nil {
		return err
	}
	// 1. bank sends, one stream per seller account: as many concurrent
	// streams as the DVP burst, so that both meet the node alike
	var sends, pairs []loadgen.Stream
	for p, from := range loadgen.Sellers {
		sends = append(sends, loadgen.Stream{Signers: []string{from}, Msgs: func(i int) []sdk.Msg {
			return []sdk.Msg{banktypes.NewMsgSend(g.AccAddress(from), g.AccAddress("validator"),
				sdk.NewCoins(sdk.NewInt64Coin(app.FeeDenom, int64(1+i))))}
		}})
		// 2. co-signed DVPs, one stream per seller/buyer pair: each is one
		// transaction that creates the instruction, funds both legs and settles
		pairs = append(pairs, loadgen.Stream{Signers: []string{from, loadgen.Buyers[p]}, Msgs: func(int) []sdk.Msg {
			return []sdk.Msg{g.DVP(from, loadgen.Buyers[p], lot, quote)}
		}})
	}
	_, sendSecs, err := g.Burst(ctx, sends, n, nil, false)
	if err != nil {
		return err
	}
	burstLat, dvpSecs, err := g.Burst(ctx, pairs, n, nil, true)
	if err != nil {
		return err
	}

	// 3. DVPs paced below capacity on the first pair: latency from the
	// broadcast to the block that settles each
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	lat, _, err := g.Burst(ctx, pairs[:1], pacedN, func() { <-tick.C }, true)
	if err != nil {
		return err
	}
	pct := func(xs []float64, p float64) float64 {
		sort.Float64s(xs)
		return xs[int(p*float64(len(xs)-1))]
	}
	report := map[string]any{
		"dvp_with_fx": n, "transactions_per_dvp": 1, "signatures_per_dvp": 2, "streams": len(loadgen.Sellers),
		"dvp_seconds": dvpSecs, "dvp_settled_per_second": float64(n) / dvpSecs,
		"burst_latency_p50_seconds": pct(burstLat, 0.50), "burst_latency_p99_seconds": pct(burstLat, 0.99),
		"paced_dvps": pacedN, "paced_rate_per_second": rate,
		"latency_p50_seconds": pct(lat, 0.50), "latency_p99_seconds": pct(lat, 0.99),
		"bank_sends": n, "bank_send_seconds": sendSecs, "bank_sends_per_second": float64(n) / sendSecs,
		"ratio_dvp_to_send": (float64(n) / dvpSecs) / (float64(n) / sendSecs),
	}
	return json.NewEncoder(os.Stdout).Encode(report)
}
