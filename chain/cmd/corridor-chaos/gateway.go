package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx": the replicas' fresh database

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/internal/loadgen"
	fi "github.com/corridor-chain/corridor/x/finance/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// replica is one corridor-gateway process with its own signing key.
type replica struct {
	name, url, home, log, bin string
	addr                      string // its signing key's account
	args                      []string
	p                         *proc
}

func (r *replica) start() error {
	p, err := start(r.name, r.log, nil, r.bin, r.args...)
	r.p = p
	return err
}

// gatewayFaults: two gateway replicas, each on its own node, share one
// PostgreSQL store and their own keys (authorised by customs-mn with x/authz).
// Officers decide declarations on both; one replica's node is stopped and
// restarted mid-way, later the other replica is killed (-9). Every decision
// is on chain exactly once, none is left in progress, every officer has an
// answer.
func gatewayFaults(ctx context.Context, cfg config, n *localnet, s *scenario) error {
	if cfg.postgres == "" {
		return fmt.Errorf("scenario 5 needs PostgreSQL: set -postgres or CORRIDOR_TEST_POSTGRES_DSN")
	}
	decls := 100
	if cfg.short {
		decls = 30
	}
	dsn, drop, err := freshDatabase(ctx, cfg.postgres)
	if err != nil {
		return err
	}
	defer drop()
	g, err := n.gen(ctx)
	if err != nil {
		return err
	}
	bin := cfg.bin
	root := filepath.Join(n.root, "gateway")
	// the replicas' own keys, funded and authorised by customs-mn
	var reps []*replica
	var grants []sdk.Msg
	var sends []sdk.Msg
	customs := g.Addr("customs-mn")
	for j, nd := range []*node{n.nodes[1], n.nodes[2]} {
		name := fmt.Sprintf("replica-%d", j+1)
		home := filepath.Join(root, name)
		if _, err := run(ctx, nil, bin, "keys", "add", name, "--keyring-backend", "test", "--home", home); err != nil {
			return err
		}
		out, err := run(ctx, nil, bin, "keys", "show", name, "-a", "--keyring-backend", "test", "--home", home)
		if err != nil {
			return err
		}
		addr := strings.TrimSpace(out)
		for _, m := range []sdk.Msg{&tk.MsgAttest{}, &fi.MsgRecordDeclaration{}} {
			gr, err := authz.NewMsgGrant(g.AccAddress("customs-mn"), sdk.MustAccAddressFromBech32(addr), authz.NewGenericAuthorization(sdk.MsgTypeURL(m)), nil)
			if err != nil {
				return err
			}
			grants = append(grants, gr)
		}
		sends = append(sends, banktypes.NewMsgSend(g.AccAddress("validator"), sdk.MustAccAddressFromBech32(addr), sdk.NewCoins(sdk.NewInt64Coin(app.FeeDenom, 1_000_000))))
		port := n.base + 200 + j
		reps = append(reps, &replica{name: name, addr: addr, url: fmt.Sprintf("http://127.0.0.1:%d", port), home: home,
			log: filepath.Join(root, name+".log"), bin: cfg.gateway,
			args: []string{"serve", "--listen", fmt.Sprintf("127.0.0.1:%d", port), "--store", dsn, "--chain-grpc", nd.grpc,
				"--chain-id", n.chainID, "--keyring-dir", home, "--keyring-backend", "test", "--signer", name,
				"--authorities", "MN=" + customs, "--rate", "0", "--decision-lease", "15s", "--tx-wait-timeout", "10s", "--log-format", "text"}})
	}
	if err := burstOne(ctx, g, "validator", sends); err != nil {
		return err
	}
	if err := burstOne(ctx, g, "customs-mn", grants); err != nil {
		return err
	}
	// API keys in the shared store
	key := func(args ...string) (string, error) {
		out, err := run(ctx, nil, cfg.gateway, append([]string{"keys", "create", "--store", dsn}, args...)...)
		return strings.TrimSpace(out), err
	}
	officer, err := key("--subject", "officer-mn", "--role", "customs", "--jurisdiction", "MN")
	if err != nil {
		return err
	}
	exporterKey, err := key("--subject", "exporter", "--role", "exporter", "--jurisdiction", "MN", "--address", g.Addr("exporter"))
	if err != nil {
		return err
	}
	for _, r := range reps {
		if err := r.start(); err != nil {
			return err
		}
	}
	defer func() {
		for _, r := range reps {
			if r.p != nil {
				_ = r.p.stop()
			}
		}
	}()
	for _, r := range reps {
		if err := poll(ctx, r.name+" ready", 300*time.Millisecond, func() (bool, error) {
			if !r.p.alive() {
				return false, fmt.Errorf("%s exited:\n%s", r.name, tail(r.log, 20))
			}
			res, err := httpc.Get(r.url + "/readyz")
			if err != nil {
				return false, nil
			}
			res.Body.Close()
			return res.StatusCode == http.StatusOK, nil
		}); err != nil {
			return err
		}
	}
	s.did("two corridor-gateway replicas on one fresh PostgreSQL database, replica-1 on node1 and replica-2 on node2, each signing with its own key that customs-mn authorised with x/authz grants of MsgAttest and MsgRecordDeclaration")

	// the lots, inspected; the declarations filed through replica-1 and anchored
	lots, err := registerLots(ctx, n, g, decls)
	if err != nil {
		return err
	}
	tmpl, err := os.ReadFile(filepath.Join(cfg.repo, "gateway/declaration/testdata/mn-export.json"))
	if err != nil {
		return err
	}
	ids := make([]string, decls)
	var anchors []sdk.Msg
	today := time.Now().UTC().Format("020106")
	for i, L := range lots {
		var d struct {
			Exporter map[string]any   `json:"exporter"`
			Goods    []map[string]any `json:"goods"`
			Rest     map[string]any   `json:"-"`
		}
		if err := json.Unmarshal(tmpl, &d); err != nil || d.Exporter == nil || len(d.Goods) != 1 {
			return fmt.Errorf("the declaration template: %v", err)
		}
		if err := json.Unmarshal(tmpl, &d.Rest); err != nil {
			return err
		}
		d.Exporter["address"] = g.Addr("exporter")
		d.Goods[0]["lot_id"], d.Goods[0]["currency"], d.Goods[0]["value"] = L, "MNT", "40000000000"
		d.Rest["number"] = fmt.Sprintf("10719010/%s/%07d", today, 5_000_000+L)
		d.Rest["lots"], d.Rest["exporter"], d.Rest["goods"] = []uint64{L}, d.Exporter, d.Goods
		body, _ := json.Marshal(d.Rest)
		var v struct {
			ID     string `json:"id"`
			SHA256 string `json:"sha256"`
		}
		code, raw, err := call(ctx, http.MethodPost, reps[0].url+"/v1/declarations", exporterKey, "", body, &v)
		if err != nil || code != http.StatusCreated {
			return fmt.Errorf("filing the declaration of lot %d: %d %s %v", L, code, raw, err)
		}
		ids[i] = v.ID
		anchors = append(anchors, &tk.MsgAnchorDocument{Issuer: g.Addr("exporter"), LotId: L,
			Document: tk.Document{Kind: "customs_declaration", Sha256: v.SHA256, Uri: "/v1/declarations/" + v.ID}})
	}
	for i := 0; i < len(anchors); i += 25 {
		if err := burstOne(ctx, g, "exporter", anchors[i:min(i+25, len(anchors))]); err != nil {
			return err
		}
	}
	recordsBefore, err := financeDeclarations(ctx, n)
	if err != nil {
		return err
	}
	s.did("%d lots registered and inspected; their export declarations (valued in MNT) filed through replica-1 and anchored on the lots by the exporter", decls)

	// the officers: one per declaration, arriving every 200 ms, each asking
	// one replica (alternately) to clear it and, whenever it gets no
	// decision, asking again with the same Idempotency-Key on the other
	var answered atomic.Int64
	type answer struct {
		decision decisionView
		secs     float64
		err      error
	}
	answers := make([]answer, decls)
	var mu sync.Mutex
	seen := map[string]int{} // what the officers were answered, by replica and status
	var wg sync.WaitGroup
	const spacing = 200 * time.Millisecond
	t0 := time.Now()
	c, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * spacing)
			start := time.Now()
			idem := "chaos-clear-" + id
			for try := 0; ; try++ {
				r := reps[(i+try)%2]
				var v decisionView
				code, _, err := call(c, http.MethodPost, r.url+"/v1/declarations/"+id+"/decision", officer, idem, []byte(`{"decision":"clear"}`), &v)
				what := fmt.Sprint(code)
				if err != nil && code == 0 {
					what = "no answer (connection refused or cut)"
				}
				mu.Lock()
				seen[r.name+": "+what]++
				mu.Unlock()
				if err == nil && code == http.StatusOK {
					answers[i] = answer{decision: v, secs: time.Since(start).Seconds()}
					answered.Add(1)
					return
				}
				// a fault is told as no answer, 503 (retry) or 409 (in
				// progress); any other answer ends the officer's attempt
				if code != 0 && code != http.StatusServiceUnavailable && code != http.StatusConflict {
					answers[i] = answer{err: fmt.Errorf("declaration %s: %s answered %d", id, r.name, code)}
					return
				}
				if c.Err() != nil {
					answers[i] = answer{err: fmt.Errorf("no decision for %s: last answer %d %v", id, code, err)}
					return
				}
				time.Sleep(500 * time.Millisecond)
			}
		}()
	}
	// the faults, in time with the officers' arrivals: node2 (under
	// replica-2) stopped at a fifth of them and restarted 5 s later;
	// replica-1 killed at 60 %, with decisions in flight on it
	arrivals := time.Duration(decls) * spacing
	nodeDown := n.nodes[2]
	faults := func() error {
		time.Sleep(arrivals / 5)
		if err := nodeDown.p.stop(); err != nil {
			return err
		}
		s.did("node2, under replica-2, stopped (SIGTERM) %.1f s into the decisions, after %d answers; restarted 5 s later", time.Since(t0).Seconds(), answered.Load())
		time.Sleep(5 * time.Second)
		if err := nodeDown.start(); err != nil {
			return err
		}
		time.Sleep(time.Until(t0.Add(arrivals * 6 / 10)))
		if err := reps[0].p.kill9(); err != nil {
			return err
		}
		s.did("kill -9 replica-1 (pid %d) %.1f s into the decisions, after %d answers; it was not restarted", reps[0].p.pid(), time.Since(t0).Seconds(), answered.Load())
		return nil
	}
	ferr := faults()
	wg.Wait()
	secs := time.Since(t0).Seconds()
	if ferr != nil {
		return fmt.Errorf("%w\n--- replica-2:\n%s", ferr, tail(reps[1].log, 20))
	}
	var slowest float64
	hashes := map[string]bool{}
	for i, a := range answers {
		if a.err != nil {
			return fmt.Errorf("%w\n--- replica-1:\n%s\n--- replica-2:\n%s", a.err, tail(reps[0].log, 10), tail(reps[1].log, 20))
		}
		if a.decision.Status != "cleared" || !a.decision.RecordedOnChain || a.decision.TxHash == "" {
			return fmt.Errorf("declaration %s: the officer was answered %+v", ids[i], a.decision)
		}
		hashes[a.decision.TxHash] = true
		slowest = max(slowest, a.secs)
	}
	s.figure("decisions answered", "%d of %d in %.1f s", answered.Load(), decls, secs)
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s.figure("officers' requests answered "+k, "%d", seen[k])
	}
	for _, k := range keys {
		// a fault is told as 503 (retry) or 409 (in progress), never as an internal error
		if strings.HasSuffix(k, ": 500") || strings.HasSuffix(k, ": 502") || strings.HasSuffix(k, ": 504") {
			return fmt.Errorf("%d officers' requests were answered %s\n--- replica logs:\n%s\n%s", seen[k], k, tail(reps[0].log, 10), tail(reps[1].log, 10))
		}
	}
	s.figure("slowest officer, from first request to the decision", "%.1f s", slowest)

	// the chain: exactly one customs-export attestation on each lot, and one
	// financing record per declaration; the store: every declaration cleared
	tq := tk.NewQueryClient(n.g.Conn())
	once, status := 0, map[string]int{}
	for _, L := range lots {
		h, err := tq.LotHistory(ctx, &tk.QueryLotHistoryRequest{Id: L})
		if err != nil {
			return err
		}
		k := 0
		for _, a := range h.Attestations {
			if a.Kind == tk.ATTESTATION_KIND_CUSTOMS_EXPORT {
				k++
			}
		}
		if k == 1 {
			once++
		} else {
			return fmt.Errorf("lot %d carries %d customs-export attestations", L, k)
		}
	}
	recordsAfter, err := financeDeclarations(ctx, n)
	if err != nil {
		return err
	}
	for _, id := range ids {
		var v struct {
			Status string `json:"status"`
		}
		if code, raw, err := call(ctx, http.MethodGet, reps[1].url+"/v1/declarations/"+id, officer, "", nil, &v); err != nil || code != http.StatusOK {
			return fmt.Errorf("reading declaration %s: %d %s %v", id, code, raw, err)
		}
		status[v.Status]++
	}
	// every transaction either replica paid for, succeeded or failed: a
	// decision signed twice would show as a second (refused) transaction
	var ok, failed int
	for _, r := range reps {
		o, f, err := txsPaidBy(ctx, n.nodes[0].rpc, r.addr)
		if err != nil {
			return err
		}
		ok, failed = ok+o, failed+f
	}
	s.reconcile("the replicas' transactions on chain: succeeded / failed (distinct tx hashes the officers were given)", "0 / 0",
		fmt.Sprintf("%d / %d (%d)", ok, failed, len(hashes)))
	if ok != decls || len(hashes) != decls {
		return fmt.Errorf("%d decisions, but the replicas' transactions succeeded %d times (and failed %d), %d distinct hashes answered", decls, ok, failed, len(hashes))
	}
	s.reconcile("lots with exactly one customs-export attestation on chain", 0, fmt.Sprintf("%d of %d", once, decls))
	s.reconcile("declarations recorded in x/finance by the clearances", recordsBefore, fmt.Sprintf("%d (+%d)", recordsAfter, recordsAfter-recordsBefore))
	s.reconcile("declarations in the shared store, by status", fmt.Sprintf("filed %d", decls), fmt.Sprint(status))
	if recordsAfter-recordsBefore != decls || status["cleared"] != decls {
		return fmt.Errorf("%d financing records, store statuses %v, want %d cleared", recordsAfter-recordsBefore, status, decls)
	}
	return nil
}

type decisionView struct {
	Status          string `json:"status"`
	TxHash          string `json:"tx_hash"`
	RecordedOnChain bool   `json:"recorded_on_chain"`
}

// call makes one API request with an API key (and an Idempotency-Key when
// given) and decodes a 2xx body into out.
func call(ctx context.Context, method, u, key, idem string, body []byte, out any) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if idem != "" {
		req.Header.Set("Idempotency-Key", idem)
	}
	cl := &http.Client{Timeout: 40 * time.Second}
	res, err := cl.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if res.StatusCode/100 == 2 && out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return res.StatusCode, string(raw), err
		}
	}
	return res.StatusCode, string(raw), nil
}

// burstOne sends msgs in one transaction by from and waits for it.
func burstOne(ctx context.Context, g *loadgen.Gen, from string, msgs []sdk.Msg) error {
	if err := g.SyncHeight(ctx); err != nil {
		return err
	}
	_, _, err := g.Burst(ctx, []loadgen.Stream{{Signers: []string{from}, Msgs: func(int) []sdk.Msg { return msgs },
		Gas: uint64(len(msgs)) * 400_000}}, 1, nil, false)
	return err
}

// registerLots registers n lots of 5,000 t of coal, inspected, and returns their ids.
func registerLots(ctx context.Context, n *localnet, g *loadgen.Gen, count int) ([]uint64, error) {
	res, err := tk.NewQueryClient(g.Conn()).Lots(ctx, &tk.QueryLotsRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	if err != nil {
		return nil, err
	}
	first := res.Pagination.Total + 1
	var ids []uint64
	for i := 0; i < count; i += 25 {
		var reg, insp []sdk.Msg
		for j := i; j < min(i+25, count); j++ {
			L := first + uint64(j)
			ids = append(ids, L)
			reg = append(reg, &tk.MsgRegisterLot{Exporter: g.Addr("exporter"), ClassCode: "COAL", Quantity: math.NewInt(5_000_000),
				Origin: tk.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN"})
			insp = append(insp, &tk.MsgAttest{Attester: g.Addr("inspector"), LotId: L, Kind: tk.ATTESTATION_KIND_INSPECTION,
				Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: strings.Repeat("cd", 32), Reference: fmt.Sprintf("SGS-CHAOS-%d", L)})
		}
		if err := burstOne(ctx, g, "exporter", reg); err != nil {
			return nil, err
		}
		if err := burstOne(ctx, g, "inspector", insp); err != nil {
			return nil, err
		}
	}
	for _, L := range []uint64{ids[0], ids[len(ids)-1]} {
		l, err := tk.NewQueryClient(g.Conn()).Lot(ctx, &tk.QueryLotRequest{Id: L})
		if err != nil || l.Lot.Issuer != g.Addr("exporter") {
			return nil, fmt.Errorf("lot %d is not the exporter's new lot (%v)", L, err)
		}
	}
	return ids, nil
}

// financeDeclarations counts x/finance's recorded declarations.
func financeDeclarations(ctx context.Context, n *localnet) (int, error) {
	res, err := fi.NewQueryClient(n.g.Conn()).Declarations(ctx, &fi.QueryDeclarationsRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	if err != nil {
		return 0, err
	}
	return int(res.Pagination.Total), nil
}

// freshDatabase creates an empty database beside the DSN's and returns its
// DSN and a function that drops it.
func freshDatabase(ctx context.Context, dsn string) (string, func(), error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, fmt.Errorf("the PostgreSQL DSN: %w", err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("corridor_chaos_%d", time.Now().UnixNano())
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("creating a database for the replicas: %w", err)
	}
	u.Path = "/" + name
	drop := func() {
		_, _ = db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		db.Close()
	}
	return u.String(), drop, nil
}

// txsPaidBy counts the transactions an account paid for (its fee payer
// event, kept for failed transactions too), by result.
func txsPaidBy(ctx context.Context, rpc, addr string) (ok, failed int, err error) {
	q := url.QueryEscape(fmt.Sprintf(`"tx.fee_payer='%s'"`, addr))
	for page := 1; ; page++ {
		var r struct {
			Result struct {
				Txs []struct {
					TxResult struct {
						Code uint32 `json:"code"`
					} `json:"tx_result"`
				} `json:"txs"`
				TotalCount string `json:"total_count"`
			} `json:"result"`
		}
		if err := getJSON(ctx, fmt.Sprintf("%s/tx_search?query=%s&per_page=100&page=%d", rpc, q, page), &r); err != nil {
			return 0, 0, err
		}
		for _, t := range r.Result.Txs {
			if t.TxResult.Code == 0 {
				ok++
			} else {
				failed++
			}
		}
		if len(r.Result.Txs) < 100 {
			return ok, failed, nil
		}
	}
}
