package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"
	"github.com/cosmos/gogoproto/proto"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/internal/loadgen"
	fi "github.com/corridor-chain/corridor/x/finance/types"
	st "github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// upgrade: a four-validator localnet started on the release before this one
// (-old-bin) under cosmovisor; lots, trades and a loan on it; a governance
// software-upgrade proposal to v2 passes; every node halts at the upgrade
// height, cosmovisor switches to this release, the upgrade handler migrates
// x/finance (consensus version 1 to 2: its loans indexed by status), and the
// chain goes on with the same lots, instructions, loans and balances.
func upgrade(ctx context.Context, cfg config, s *scenario) error {
	for _, f := range []string{cfg.oldBin, cfg.cosmovisor, cfg.bin} {
		if _, err := os.Stat(f); err != nil {
			return fmt.Errorf("%s is missing (make chaos builds it): %w", f, err)
		}
	}
	n, err := newLocalnet(ctx, cfg, "upgrade", 32000, cfg.oldBin)
	if err != nil {
		return err
	}
	defer n.stop()
	for _, nd := range n.nodes {
		for dir, bin := range map[string]string{"genesis": cfg.oldBin, "upgrades/" + app.UpgradeV2: cfg.bin} {
			d := filepath.Join(nd.home, "cosmovisor", dir, "bin")
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			if err := os.Symlink(bin, filepath.Join(d, "corridord")); err != nil {
				return err
			}
		}
		nd.bin, nd.args = cfg.cosmovisor, []string{"run", "start", "--home", nd.home, "--log_no_color"}
		nd.env = []string{"DAEMON_NAME=corridord", "DAEMON_HOME=" + nd.home, "DAEMON_RESTART_AFTER_UPGRADE=true",
			"DAEMON_ALLOW_DOWNLOAD_BINARIES=false", "UNSAFE_SKIP_BACKUP=true", "DAEMON_POLL_INTERVAL=200ms"}
	}
	if err := n.startAll(ctx); err != nil {
		return err
	}
	s.did("4 validators, each under cosmovisor v1.5.0 (`cosmovisor run start`), on the previous release (%s: x/finance consensus version 1) with this release in cosmovisor/upgrades/%s",
		filepath.Base(cfg.oldBin), app.UpgradeV2)

	nd0 := n.nodes[0]
	conn, err := grpc.NewClient(nd0.grpc, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := populate(ctx, cfg, n, s); err != nil {
		return err
	}
	fv, err := financeVersion(ctx, conn)
	if err != nil {
		return err
	}
	if fv != 1 {
		return fmt.Errorf("x/finance is at consensus version %d before the upgrade, want 1", fv)
	}

	// the proposal: val0 submits with the deposit, every validator votes yes
	cl := cli{bin: cfg.bin, chainID: n.chainID}
	h0 := nd0.height(ctx)
	height := h0 + 30
	if cfg.short {
		height = h0 + 25
	}
	gov := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	prop := map[string]any{
		"messages": []any{map[string]any{"@type": "/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade", "authority": gov,
			"plan": map[string]any{"name": app.UpgradeV2, "height": strconv.FormatInt(height, 10), "info": "x/finance v2: loans indexed by status"}}},
		"metadata": "", "deposit": "10000000" + app.FeeDenom, "title": "Corridor v2", "summary": "Software upgrade to v2 at height " + strconv.FormatInt(height, 10),
	}
	pf := filepath.Join(n.root, "proposal.json")
	b, _ := json.Marshal(prop)
	if err := os.WriteFile(pf, b, 0o644); err != nil {
		return err
	}
	gq := govv1.NewQueryClient(conn)
	props, err := gq.Proposals(ctx, &govv1.QueryProposalsRequest{Pagination: &query.PageRequest{CountTotal: true, Limit: 1}})
	if err != nil {
		return err
	}
	id := props.Pagination.Total + 1
	if err := cl.tx(ctx, nd0, "val0", "gov", "submit-proposal", pf); err != nil {
		return err
	}
	for _, nd := range n.nodes {
		if err := cl.tx(ctx, nd, fmt.Sprintf("val%d", nd.i), "gov", "vote", strconv.FormatUint(id, 10), "yes"); err != nil {
			return err
		}
	}
	s.did("governance proposal %d (MsgSoftwareUpgrade, plan %q at height %d) submitted at height %d with its deposit; val0 to val3 voted yes",
		id, app.UpgradeV2, height, h0)
	err = poll(ctx, "the proposal to pass", time.Second, func() (bool, error) {
		p, err := gq.Proposal(ctx, &govv1.QueryProposalRequest{ProposalId: id})
		if err != nil {
			return false, err
		}
		switch p.Proposal.Status {
		case govv1.StatusPassed:
			return true, nil
		case govv1.StatusRejected, govv1.StatusFailed:
			return false, fmt.Errorf("proposal %d ended %s: %s", id, p.Proposal.Status, p.Proposal.FailedReason)
		}
		return false, nil
	})
	if err != nil {
		return n.explain(err, nd0)
	}
	if h := nd0.height(ctx); h >= height-1 {
		return fmt.Errorf("the proposal passed at height %d, too late for the upgrade at %d", h, height)
	}
	// the state before, read from the old release once the proposal has
	// passed (its deposit refunded); no transaction follows until the halt
	hb := nd0.height(ctx)
	s.did("the proposal passed by height %d", hb)
	before, err := snapshot(ctx, conn, hb)
	if err != nil {
		return err
	}
	if err := n.waitHeight(ctx, height-1, n.nodes...); err != nil {
		return err
	}
	tHalt := time.Now()
	// the old release halts; cosmovisor starts the new one, which migrates
	c, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()
	if err := n.waitHeight(c, height+3, n.nodes...); err != nil {
		return err
	}
	last, err := blockAt(ctx, nd0.rpc, height-1)
	if err != nil {
		return err
	}
	first, err := blockAt(ctx, nd0.rpc, height)
	if err != nil {
		return err
	}
	s.figure("upgrade height", "%d", height)
	s.figure("time between the last block of the old release and the first of the new (halt, switch, migrate, restart)", "%.1f s", first.Time.Sub(last.Time).Seconds())
	s.figure("time from the halt height until every node had committed 3 blocks on the new release", "%.1f s", time.Since(tHalt).Seconds())
	for _, nd := range n.nodes {
		if !strings.Contains(tail(nd.log, 100000), `UPGRADE "`+app.UpgradeV2+`" NEEDED at height: `+strconv.FormatInt(height, 10)) {
			return fmt.Errorf("node%d's log does not show the old release halting for the upgrade:\n%s", nd.i, tail(nd.log, 20))
		}
		cur, err := os.Readlink(filepath.Join(nd.home, "cosmovisor", "current"))
		if err != nil || !strings.HasSuffix(cur, filepath.Join("upgrades", app.UpgradeV2)) {
			return fmt.Errorf("node%d: cosmovisor's current release is %q (%v), want upgrades/%s", nd.i, cur, err, app.UpgradeV2)
		}
	}
	s.did("every node halted at height %d (`UPGRADE \"%s\" NEEDED`), cosmovisor switched each to upgrades/%s and restarted it; the chain went on",
		height, app.UpgradeV2, app.UpgradeV2)
	if err := n.agree(ctx, height-2, height+3, n.nodes...); err != nil {
		return err
	}
	after, err := snapshot(ctx, conn, height+1)
	if err != nil {
		return err
	}
	for _, k := range []string{"lots", "instructions", "loans", "balances"} {
		s.reconcile(fmt.Sprintf("%s (count; sha256 of their JSON)", k), before.summary(k), after.summary(k))
		if before.docs[k] != after.docs[k] {
			return fmt.Errorf("the %s differ across the upgrade:\nbefore %s\nafter  %s", k, before.docs[k], after.docs[k])
		}
	}
	if fv, err = financeVersion(ctx, conn); err != nil {
		return err
	}
	s.reconcile("x/finance consensus version (the upgrade's module versions)", 1, fv)
	if fv != 2 {
		return fmt.Errorf("x/finance is at consensus version %d after the upgrade, want 2", fv)
	}
	// the migration's index answers the status query
	active, err := fi.NewQueryClient(conn).Loans(ctx, &fi.QueryLoansRequest{Status: fi.LOAN_STATUS_ACTIVE})
	if err != nil {
		return err
	}
	s.reconcile("active loans found through the new status index", before.activeLoans, len(active.Loans))
	if len(active.Loans) != before.activeLoans || before.activeLoans == 0 {
		return fmt.Errorf("the status index finds %d active loans, want %d", len(active.Loans), before.activeLoans)
	}
	s.did("the chain agrees on every block from %d to %d on all four nodes; the state read at height %d (old release) and %d (new) is the same",
		height-2, height+3, hb, height+1)
	return nil
}

// cli runs corridord's CLI against one node with that node's test keyring.
type cli struct{ bin, chainID string }

func (c cli) tx(ctx context.Context, nd *node, from string, args ...string) error {
	flags := []string{"--home", nd.home, "--keyring-backend", "test", "--chain-id", c.chainID, "--node", "tcp://" + strings.TrimPrefix(nd.rpc, "http://")}
	out, err := run(ctx, nil, c.bin, append(append(append([]string{"tx"}, args...), "--from", from, "--gas", "800000", "-y", "-o", "json"), flags...)...)
	if err != nil {
		return err
	}
	var r struct {
		TxHash string `json:"txhash"`
		Code   int    `json:"code"`
		RawLog string `json:"raw_log"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Code != 0 {
		return fmt.Errorf("tx %s by %s refused: %s", strings.Join(args, " "), from, out)
	}
	out, err = run(ctx, nil, c.bin, "q", "wait-tx", r.TxHash, "-o", "json", "--node", flags[7], "--timeout", "30s")
	if err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Code != 0 {
		return fmt.Errorf("tx %s by %s failed: %s", strings.Join(args, " "), from, out)
	}
	return nil
}

// populate puts what the upgrade must keep on the old release: settled DVPs
// (the load generator's), an open instruction and an active loan against a
// recorded declaration.
func populate(ctx context.Context, cfg config, n *localnet, s *scenario) error {
	nd := n.nodes[0]
	g, lot, quote, err := setupLoad(ctx, nd.home, nd.grpc, nd.rpc, n.chainID, 100)
	if err != nil {
		return n.explain(fmt.Errorf("the load generator's setup: %w", err), nd)
	}
	streams := make([]loadgen.Stream, len(loadgen.Sellers))
	for p, seller := range loadgen.Sellers {
		streams[p] = loadgen.Stream{Signers: []string{seller, loadgen.Buyers[p]}, Msgs: func(int) []sdk.Msg {
			return []sdk.Msg{g.DVP(seller, loadgen.Buyers[p], lot, quote)}
		}}
	}
	if _, _, err := g.Burst(ctx, streams, 20, nil, true); err != nil {
		g.Close()
		return fmt.Errorf("the DVPs: %w", err)
	}
	g.Close()

	cl := cli{bin: cfg.bin, chainID: n.chainID}
	addr := func(k string) (string, error) {
		out, err := run(ctx, nil, cfg.bin, "keys", "show", k, "-a", "--keyring-backend", "test", "--home", nd.home)
		return strings.TrimSpace(out), err
	}
	exporter, err := addr("exporter")
	if err != nil {
		return err
	}
	importer, err := addr("importer")
	if err != nil {
		return err
	}
	mnbank, err := addr("mnbank")
	if err != nil {
		return err
	}
	conn, err := grpc.NewClient(nd.grpc, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	lots, err := tk.NewQueryClient(conn).Lots(ctx, &tk.QueryLotsRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	if err != nil {
		return err
	}
	L := lots.Pagination.Total + 1
	hash := func(v string) string { x := sha256.Sum256([]byte(v)); return hex.EncodeToString(x[:]) }
	declNo := fmt.Sprintf("10010000/%s/%07d", time.Now().UTC().AddDate(0, 0, -1).Format("020106"), L)
	lotUnits := fmt.Sprintf(`{"lot_id":%d,"units":"1000000"}`, L)
	steps := []struct {
		from string
		args []string
	}{
		{"mnbank", []string{"settlement", "issue", "MNT", "100000000000", mnbank}},
		{"exporter", []string{"tokenize", "register-lot", "COAL", "2000000", `{"country":"MN","place":"Tavan Tolgoi"}`, "CN"}},
		{"inspector", []string{"tokenize", "attest", fmt.Sprint(L), "inspection", "accepted", hash("sgs-upgrade"), "SGS-UPGRADE"}},
		{"customs-mn", []string{"tokenize", "attest", fmt.Sprint(L), "customs-export", "accepted", hash("decl-upgrade"), declNo}},
		{"customs-mn", []string{"finance", "record-declaration", "MN", declNo, "10010000", hash("decl-upgrade"), exporter, "10000000000", "MNT", "--lots", lotUnits}},
		{"exporter", []string{"finance", "apply-financing", "1", mnbank, "5000000000", "MNT", lotUnits, "720h", "--max-rate-bps", "1200"}},
		{"mnbank", []string{"finance", "approve-financing", "1", "5000000000", "1200", time.Now().UTC().AddDate(0, 0, 31).Format(time.RFC3339), "dep/MNT"}},
		// an instruction left open across the upgrade: the lot leg funded, the MNT leg not
		{"exporter", []string{"settlement", "create-instruction", "dvp", time.Now().UTC().Add(2 * time.Hour).Format(time.RFC3339), "--fund",
			"--legs", fmt.Sprintf(`{"from":%q,"to":%q,"denom":"lot/%d","amount":"500000"}`, exporter, importer, L),
			"--legs", fmt.Sprintf(`{"from":%q,"to":%q,"denom":"dep/MNT","amount":"70000000"}`, importer, exporter)}},
	}
	for _, st := range steps {
		if err := cl.tx(ctx, nd, st.from, st.args...); err != nil {
			return n.explain(err, nd)
		}
	}
	s.did("on the old release: the load generator's setup and 20 DVPs with FX (settled); lot %d inspected, cleared and declared (%s); mnbank financed it (an active loan of 5,000,000,000 MNT minor units); an instruction left open with its lot leg funded", L, declNo)
	return nil
}

// state is what must be the same across the upgrade: each part as JSON.
type state struct {
	docs        map[string]string
	counts      map[string]int
	activeLoans int
}

func (s state) summary(k string) string {
	x := sha256.Sum256([]byte(s.docs[k]))
	return fmt.Sprintf("%d; %s", s.counts[k], hex.EncodeToString(x[:6]))
}

// snapshot reads lots, instructions, loans and the demo keys' balances at a
// height (the node keeps recent history).
func snapshot(ctx context.Context, conn *grpc.ClientConn, height int64) (state, error) {
	ctx = metadata.AppendToOutgoingContext(ctx, "x-cosmos-block-height", strconv.FormatInt(height, 10))
	s := state{docs: map[string]string{}, counts: map[string]int{}}
	all := &query.PageRequest{Limit: 10_000}
	enc := func(k string, n int, m proto.Message) error {
		b, err := codec.ProtoMarshalJSON(m, nil)
		if err != nil {
			return err
		}
		s.docs[k], s.counts[k] = string(b), n
		return nil
	}
	lots, err := tk.NewQueryClient(conn).Lots(ctx, &tk.QueryLotsRequest{Pagination: all})
	if err != nil {
		return s, err
	}
	lots.Pagination = nil
	if err := enc("lots", len(lots.Lots), lots); err != nil {
		return s, err
	}
	ins, err := st.NewQueryClient(conn).Instructions(ctx, &st.QueryInstructionsRequest{Pagination: all})
	if err != nil {
		return s, err
	}
	ins.Pagination = nil
	if err := enc("instructions", len(ins.Instructions), ins); err != nil {
		return s, err
	}
	loans, err := fi.NewQueryClient(conn).Loans(ctx, &fi.QueryLoansRequest{Pagination: all})
	if err != nil {
		return s, err
	}
	loans.Pagination = nil
	for _, l := range loans.Loans {
		if l.Status == fi.LOAN_STATUS_ACTIVE {
			s.activeLoans++
		}
	}
	if err := enc("loans", len(loans.Loans), loans); err != nil {
		return s, err
	}
	// every balance: the holders of each denom in the supply
	bq := banktypes.NewQueryClient(conn)
	supply, err := bq.TotalSupply(ctx, &banktypes.QueryTotalSupplyRequest{Pagination: all})
	if err != nil {
		return s, err
	}
	held := map[string]bool{}
	for _, c := range supply.Supply {
		res, err := bq.DenomOwners(ctx, &banktypes.QueryDenomOwnersRequest{Denom: c.Denom, Pagination: all})
		if err != nil {
			return s, err
		}
		for _, o := range res.DenomOwners {
			held[o.Address] = true
		}
	}
	owners := make([]string, 0, len(held))
	for a := range held {
		owners = append(owners, a)
	}
	sort.Strings(owners)
	bals := []string{"supply=" + supply.Supply.String()}
	for _, a := range owners {
		b, err := bq.AllBalances(ctx, &banktypes.QueryAllBalancesRequest{Address: a, Pagination: all})
		if err != nil {
			return s, err
		}
		bals = append(bals, a+"="+b.Balances.String())
	}
	s.docs["balances"], s.counts["balances"] = strings.Join(bals, ";"), len(owners)
	return s, nil
}

// financeVersion is x/finance's consensus version in the upgrade module's
// record.
func financeVersion(ctx context.Context, conn *grpc.ClientConn) (uint64, error) {
	res, err := upgradetypes.NewQueryClient(conn).ModuleVersions(ctx, &upgradetypes.QueryModuleVersionsRequest{ModuleName: fi.ModuleName})
	if err != nil {
		return 0, err
	}
	if len(res.ModuleVersions) != 1 {
		return 0, fmt.Errorf("no module version for %s", fi.ModuleName)
	}
	return res.ModuleVersions[0].Version, nil
}
