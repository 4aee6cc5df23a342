package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	transfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	clienttypes "github.com/cosmos/ibc-go/v11/modules/core/02-client/types"
	channeltypes "github.com/cosmos/ibc-go/v11/modules/core/04-channel/types"

	"github.com/corridor-chain/corridor/internal/loadgen"
	st "github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// devnet is the three-chain devnet (scripts/devnet.sh) scenario 4 runs on:
// its own, or one already running (-devnet).
type devnet struct {
	dir string
	off int
	p   *proc // nil when attached to a devnet this run did not start
}

func (d devnet) rpc(chain int) string {
	return fmt.Sprintf("http://127.0.0.1:%d", 26657+d.off+chain*100)
}
func (d devnet) grpc(chain int) string { return fmt.Sprintf("127.0.0.1:%d", 9090+d.off+chain*100) }

// startDevnet runs scripts/devnet.sh (without the console's demo) on its
// own ports and waits until it reports running.
func startDevnet(ctx context.Context, cfg config) (devnet, error) {
	d := devnet{dir: filepath.Join(cfg.dir, "devnet"), off: 6000}
	log := filepath.Join(cfg.dir, "devnet.log")
	p, err := start("devnet", log, []string{"DEVNET_DIR=" + d.dir, "PORT_OFFSET=" + strconv.Itoa(d.off), "DEVNET_DEMO=0",
		"BIN=" + cfg.bin, "RLY=" + cfg.rly, "GATEWAY=" + cfg.gateway}, "bash", filepath.Join(cfg.repo, "scripts/devnet.sh"))
	if err != nil {
		return d, err
	}
	d.p = p
	c, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	err = poll(c, "the devnet", time.Second, func() (bool, error) {
		if !p.alive() {
			return false, fmt.Errorf("the devnet stopped while starting:\n%s", tail(log, 30))
		}
		b, _ := os.ReadFile(log)
		return strings.Contains(string(b), "Running (Ctrl-C"), nil
	})
	if err != nil {
		return d, fmt.Errorf("%w\n%s", err, tail(log, 30))
	}
	return d, nil
}

// relayerLoss: ICS-20 transfers and pay-ins in flight from cnbank-1 to
// corridor-1, the relayer killed (-9) mid-burst and restarted; every packet
// ends received or refunded, and the two chains reconcile.
func relayerLoss(ctx context.Context, cfg config, s *scenario) error {
	d := devnet{dir: cfg.devnet, off: cfg.devnetOffset}
	if cfg.devnet == "" {
		var err error
		if d, err = startDevnet(ctx, cfg); err != nil {
			return err
		}
		defer d.p.stop()
		s.did("a three-chain devnet (corridor-1, cnbank-1, mnbank-1) and the Go relayer v2.6.0 started by scripts/devnet.sh")
	} else {
		s.did("on the running three-chain devnet in %s (corridor-1, cnbank-1, mnbank-1, the Go relayer v2.6.0)", d.dir)
	}
	transfers, payIns := 500, 50
	if cfg.short {
		transfers, payIns = 100, 10
	}
	r := &ibcRun{cfg: cfg, d: d, s: s, transfers: transfers, payIns: payIns}
	defer r.close()
	if err := r.setup(ctx); err != nil {
		return err
	}
	return r.burst(ctx)
}

// Transfer roles on cnbank-1: four senders whose packets have a long
// timeout, one whose packets time out while the relayer is down, the
// importer paying in, and cnbank issuing their CNY.
var (
	longSenders = []string{"mnbank", "marketmaker", "inspector", "customs-cn"}
	shortSender = "rubank"
	payer       = "importer"
)

const (
	transferAmount = 1000 // dep/CNY minor units per plain transfer
	legAmount      = 5000 // per pay-in leg, before its fee
	shortTimeout   = 25 * time.Second
	batch          = 25 // messages per transaction
)

type ibcRun struct {
	cfg               config
	d                 devnet
	s                 *scenario
	transfers, payIns int
	perSender         int // transfers per sender

	cn, co         *loadgen.Gen // cnbank-1, corridor-1
	cnConn, coConn *grpc.ClientConn
	voucher        string   // CNY's voucher on corridor-1
	ids            []uint64 // the pay-in instructions
	funding        []math.Int
	relayer        int // the relayer's PID
}

func (r *ibcRun) close() {
	for _, g := range []*loadgen.Gen{r.cn, r.co} {
		if g != nil {
			g.Close()
		}
	}
	for _, c := range []*grpc.ClientConn{r.cnConn, r.coConn} {
		if c != nil {
			c.Close()
		}
	}
}

func (r *ibcRun) explain(err error) error {
	return fmt.Errorf("%w\n--- last lines of the relayer's log:\n%s", err, tail(filepath.Join(r.d.dir, "relayer.log"), 20))
}

// setup: CNY on cnbank-1 for the senders, a cleared lot and the pay-in
// instructions on corridor-1 (the exporter's lot leg funded, the importer's
// CNY leg waiting for its pay-in).
func (r *ibcRun) setup(ctx context.Context) error {
	var err error
	if r.cn, err = loadgen.New(ctx, filepath.Join(r.d.dir, "cnbank-1"), r.d.grpc(1), r.d.rpc(1), "cnbank-1"); err != nil {
		return fmt.Errorf("cnbank-1: %w", err)
	}
	if r.co, err = loadgen.New(ctx, filepath.Join(r.d.dir, "corridor-1"), r.d.grpc(0), r.d.rpc(0), "corridor-1"); err != nil {
		return fmt.Errorf("corridor-1: %w", err)
	}
	for _, c := range []struct {
		conn **grpc.ClientConn
		addr string
	}{{&r.cnConn, r.d.grpc(1)}, {&r.coConn, r.d.grpc(0)}} {
		if *c.conn, err = grpc.NewClient(c.addr, grpc.WithTransportCredentials(insecure.NewCredentials())); err != nil {
			return err
		}
	}
	cur, err := st.NewQueryClient(r.coConn).Currency(ctx, &st.QueryCurrencyRequest{Code: "CNY"})
	if err != nil {
		return err
	}
	r.voucher = cur.Currency.Denoms[0].Denom

	var issue []sdk.Msg
	for _, k := range append([]string{shortSender, payer}, longSenders...) {
		issue = append(issue, &st.MsgIssue{Issuer: r.cn.Addr("cnbank"), Currency: "CNY", Amount: math.NewInt(100_000_000), Recipient: r.cn.Addr(k)})
	}
	if _, _, err := r.cn.Burst(ctx, []loadgen.Stream{{Signers: []string{"cnbank"}, Msgs: func(int) []sdk.Msg { return issue }}}, 1, nil, false); err != nil {
		return fmt.Errorf("issuing CNY on cnbank-1: %w", err)
	}

	tq, sq := tk.NewQueryClient(r.coConn), st.NewQueryClient(r.coConn)
	lots, err := tq.Lots(ctx, &tk.QueryLotsRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	if err != nil {
		return err
	}
	lot := lots.Pagination.Total + 1
	h := func(s string) string { x := sha256.Sum256([]byte(s)); return hex.EncodeToString(x[:]) }
	co := r.co
	steps := []struct {
		from string
		msg  sdk.Msg
	}{
		{"exporter", &tk.MsgRegisterLot{Exporter: co.Addr("exporter"), ClassCode: "COAL", Quantity: math.NewInt(int64(r.payIns) * 1000),
			Origin: tk.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN"}},
		{"inspector", &tk.MsgAttest{Attester: co.Addr("inspector"), LotId: lot, Kind: tk.ATTESTATION_KIND_INSPECTION,
			Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: h(fmt.Sprint("chaos-insp-", lot)), Reference: "CHAOS"}},
		{"customs-mn", &tk.MsgAttest{Attester: co.Addr("customs-mn"), LotId: lot, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT,
			Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: h(fmt.Sprint("chaos-cust-", lot)), Reference: "CHAOS"}},
	}
	for _, step := range steps {
		if _, _, err := co.Burst(ctx, []loadgen.Stream{{Signers: []string{step.from}, Msgs: func(int) []sdk.Msg { return []sdk.Msg{step.msg} }}}, 1, nil, false); err != nil {
			return fmt.Errorf("the lot on corridor-1: %w", err)
		}
	}
	ins, err := sq.Instructions(ctx, &st.QueryInstructionsRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	if err != nil {
		return err
	}
	first := ins.Pagination.Total + 1
	var creates []sdk.Msg
	for range r.payIns {
		creates = append(creates, &st.MsgCreateInstruction{Creator: co.Addr("exporter"), Type: st.INSTRUCTION_TYPE_DVP, Fund: true,
			Deadline: time.Now().Add(time.Hour),
			Legs: []st.LegInput{
				{From: co.Addr("exporter"), To: co.Addr(payer), Denom: tk.LotDenom(lot), Amount: math.NewInt(1000)},
				{From: co.Addr(payer), To: co.Addr("exporter"), Denom: r.voucher, Amount: math.NewInt(legAmount)},
			}})
	}
	if _, _, err := co.Burst(ctx, []loadgen.Stream{{Signers: []string{"exporter"}, Msgs: func(int) []sdk.Msg { return creates },
		Gas: uint64(300_000 * len(creates))}}, 1, nil, false); err != nil {
		return fmt.Errorf("the instructions on corridor-1: %w", err)
	}
	for i := range r.payIns {
		id := first + uint64(i)
		res, err := sq.Instruction(ctx, &st.QueryInstructionRequest{Id: id})
		if err != nil {
			return fmt.Errorf("instruction %d: %w", id, err)
		}
		in := res.Instruction
		if in.Creator != co.Addr("exporter") || len(in.Legs) != 2 || in.Legs[1].Denom != r.voucher || !in.Legs[0].Funded {
			return fmt.Errorf("instruction %d is not the one created: %v", id, in)
		}
		r.ids = append(r.ids, id)
		r.funding = append(r.funding, in.Legs[1].Amount.Add(in.Legs[1].Fee))
	}
	r.s.did("cnbank issued CNY on cnbank-1 to six senders; on corridor-1 a cleared lot and %d DVPs (lot against %d CNY minor units, the lot leg funded) wait for their CNY legs' pay-ins",
		r.payIns, legAmount)
	return nil
}

// counts is the state of both chains the scenario reconciles.
type counts struct {
	nextSend  uint64              // cnbank-1 channel-0's next send sequence
	escrow    math.Int            // dep/CNY escrowed on cnbank-1
	vouchers  math.Int            // CNY voucher supply on corridor-1
	home, far map[string]math.Int // each sender's dep/CNY on cnbank-1, voucher on corridor-1
	exporter  math.Int            // the exporter's vouchers on corridor-1
}

func (r *ibcRun) counts(ctx context.Context) (counts, error) {
	c := counts{home: map[string]math.Int{}, far: map[string]math.Int{}}
	seq, err := channeltypes.NewQueryClient(r.cnConn).NextSequenceSend(ctx, &channeltypes.QueryNextSequenceSendRequest{PortId: "transfer", ChannelId: "channel-0"})
	if err != nil {
		return c, err
	}
	c.nextSend = seq.NextSequenceSend
	esc, err := transfertypes.NewQueryClient(r.cnConn).TotalEscrowForDenom(ctx, &transfertypes.QueryTotalEscrowForDenomRequest{Denom: "dep/CNY"})
	if err != nil {
		return c, err
	}
	c.escrow = esc.Amount.Amount
	sup, err := banktypes.NewQueryClient(r.coConn).SupplyOf(ctx, &banktypes.QuerySupplyOfRequest{Denom: r.voucher})
	if err != nil {
		return c, err
	}
	c.vouchers = sup.Amount.Amount
	bal := func(conn *grpc.ClientConn, addr, denom string) (math.Int, error) {
		b, err := banktypes.NewQueryClient(conn).Balance(ctx, &banktypes.QueryBalanceRequest{Address: addr, Denom: denom})
		if err != nil {
			return math.Int{}, err
		}
		return b.Balance.Amount, nil
	}
	for _, k := range append([]string{shortSender, payer}, longSenders...) {
		if c.home[k], err = bal(r.cnConn, r.cn.Addr(k), "dep/CNY"); err != nil {
			return c, err
		}
		if c.far[k], err = bal(r.coConn, r.co.Addr(k), r.voucher); err != nil {
			return c, err
		}
	}
	c.exporter, err = bal(r.coConn, r.co.Addr("exporter"), r.voucher)
	return c, err
}

// received is how many of the sequences [from, to) corridor-1 has received.
func (r *ibcRun) received(ctx context.Context, from, to uint64) (int, error) {
	if to <= from {
		return 0, nil
	}
	seqs := make([]uint64, 0, to-from)
	for q := from; q < to; q++ {
		seqs = append(seqs, q)
	}
	res, err := channeltypes.NewQueryClient(r.coConn).UnreceivedPackets(ctx, &channeltypes.QueryUnreceivedPacketsRequest{
		PortId: "transfer", ChannelId: "channel-0", PacketCommitmentSequences: seqs})
	if err != nil {
		return 0, err
	}
	return len(seqs) - len(res.Sequences), nil
}

// pending is how many packets cnbank-1 has sent on channel-0 that are not
// yet acknowledged or timed out (their commitments remain).
func (r *ibcRun) pending(ctx context.Context) (int, error) {
	res, err := channeltypes.NewQueryClient(r.cnConn).PacketCommitments(ctx, &channeltypes.QueryPacketCommitmentsRequest{
		PortId: "transfer", ChannelId: "channel-0", Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	if err != nil {
		return 0, err
	}
	return int(res.Pagination.Total), nil
}

// relayerPID is the devnet relayer's PID (devnet.sh writes it).
func (r *ibcRun) relayerPID() (int, error) {
	b, err := os.ReadFile(filepath.Join(r.d.dir, "relayer.pid"))
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(b)))
}

// burst sends the transfers and pay-ins in two halves, kills the relayer
// after the first half has begun arriving, sends the second half, lets the
// short timeouts pass, restarts the relayer and waits until every packet is
// acknowledged or timed out; then reconciles.
func (r *ibcRun) burst(ctx context.Context) error {
	before, err := r.counts(ctx)
	if err != nil {
		return err
	}
	if n, err := r.pending(ctx); err != nil || n != 0 {
		return fmt.Errorf("cnbank-1 has %d packets in flight before the burst (%v)", n, err)
	}
	cn := r.cn
	transfer := func(from string, timeout time.Duration, amount int64, memo string) sdk.Msg {
		return transfertypes.NewMsgTransfer("transfer", "channel-0", sdk.NewInt64Coin("dep/CNY", amount), cn.Addr(from), cn.Addr(from),
			clienttypes.ZeroHeight(), uint64(time.Now().Add(timeout).UnixNano()), memo)
	}
	// Each sender has an equal share of the transfers, in transactions of
	// up to `batch` messages: the first half of each sender's transactions
	// go before the kill, the second half after it.
	perSender := r.transfers / (len(longSenders) + 1)
	txsPer := max(2, (perSender+batch-1)/batch)
	per := (perSender + txsPer - 1) / txsPer
	r.perSender = txsPer * per
	var shortDeadline time.Time
	streams := func(half int) []loadgen.Stream {
		var ss []loadgen.Stream
		for _, k := range append([]string{shortSender}, longSenders...) {
			timeout := 10 * time.Minute
			if k == shortSender {
				timeout = shortTimeout
			}
			ss = append(ss, loadgen.Stream{Signers: []string{k}, Gas: uint64(per) * 150_000, Msgs: func(i int) []sdk.Msg {
				var msgs []sdk.Msg
				for range per {
					msgs = append(msgs, transfer(k, timeout, transferAmount, ""))
				}
				if k == shortSender {
					shortDeadline = time.Now().Add(timeout)
				}
				return msgs
			}})
		}
		// the pay-ins: the first half's instructions, then the second's
		ids := r.ids[:len(r.ids)/2]
		if half == 1 {
			ids = r.ids[len(r.ids)/2:]
		}
		off := 0
		if half == 1 {
			off = len(r.ids) / 2
		}
		ss = append(ss, loadgen.Stream{Signers: []string{payer}, Gas: uint64(len(ids)) * 200_000, Msgs: func(int) []sdk.Msg {
			var msgs []sdk.Msg
			for j, id := range ids {
				memo := fmt.Sprintf(`{"corridor_pay_in":{"instruction_id":%d,"leg":1}}`, id)
				msgs = append(msgs, transfertypes.NewMsgTransfer("transfer", "channel-0", sdk.NewCoin("dep/CNY", r.funding[off+j]),
					cn.Addr(payer), r.co.Addr(payer), clienttypes.ZeroHeight(), uint64(time.Now().Add(10*time.Minute).UnixNano()), memo))
			}
			return msgs
		}})
		return ss
	}
	half := txsPer / 2
	// the burst's first half: each sender's first `half` transactions and the first pay-ins
	first := streams(0)
	sendStart := time.Now()
	if err := r.send(ctx, first, half); err != nil {
		return err
	}
	sent0, _ := r.counts(ctx)
	r.s.did("the burst's first half sent from cnbank-1: %d transfers and %d pay-ins (%d messages per transaction)",
		half*per*(len(first)-1), len(r.ids)/2, per)
	// mid-burst: the relayer is delivering the first half when it dies
	err = poll(ctx, "the relayer to start delivering the burst", 50*time.Millisecond, func() (bool, error) {
		n, err := r.received(ctx, before.nextSend, sent0.nextSend)
		return n > 0, err
	})
	if err != nil {
		return r.explain(err)
	}
	pid, err := r.relayerPID()
	if err != nil {
		return err
	}
	// the PID file names the devnet's relayer: make sure it still is one
	if cmd, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid)); err != nil ||
		!strings.Contains(string(cmd), filepath.Base(r.cfg.rly)) || !strings.Contains(string(cmd), "start") {
		return fmt.Errorf("pid %d in %s is not the devnet's relayer (%q)", pid, filepath.Join(r.d.dir, "relayer.pid"), cmd)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		return fmt.Errorf("killing the relayer (pid %d): %w", pid, err)
	}
	gc, gcancel := context.WithTimeout(ctx, 10*time.Second)
	err = poll(gc, "the killed relayer to exit", 100*time.Millisecond, func() (bool, error) { return gone(pid), nil })
	gcancel()
	if err != nil {
		return err
	}
	atKill, err := r.received(ctx, before.nextSend, sent0.nextSend)
	if err != nil {
		return err
	}
	unacked, err := r.pending(ctx)
	if err != nil {
		return err
	}
	r.s.did("kill -9 the relayer (pid %d) with %d of the first half's %d packets received on corridor-1", pid, atKill, sent0.nextSend-before.nextSend)
	r.s.figure("packets of the first half received before the kill", "%d of %d", atKill, sent0.nextSend-before.nextSend)
	r.s.figure("packets of the first half not yet acknowledged on cnbank-1 at the kill", "%d", unacked)
	if unacked == 0 {
		return fmt.Errorf("the relayer had acknowledged every packet before it was killed: not mid-burst")
	}

	// the second half, with the relayer down
	second := streams(1)
	if err := r.send(ctx, second, txsPer-half); err != nil {
		return err
	}
	sent, err := r.counts(ctx)
	if err != nil {
		return err
	}
	total := int(sent.nextSend - before.nextSend)
	r.s.did("the second half sent with the relayer down: %d packets in all in %.1f s (%d transfers, %d pay-ins; %s's with a %s timeout)",
		total, time.Since(sendStart).Seconds(), total-len(r.ids), len(r.ids), shortSender, shortTimeout)
	if want := (len(longSenders)+1)*r.perSender + len(r.ids); total != want {
		return fmt.Errorf("cnbank-1 sent %d packets, want %d", total, want)
	}
	// what the relayer had broadcast before it died is still included (it
	// was in corridor-1's mempool); after that, nothing arrives
	landed, err := r.received(ctx, before.nextSend, sent.nextSend)
	if err != nil {
		return err
	}
	r.s.figure("packets received after the kill from the dead relayer's last transactions (already in the mempool)", "%d", landed-atKill)
	// let the short timeouts pass on corridor-1 before the relayer returns
	err = poll(ctx, "corridor-1's clock to pass the short timeouts", 500*time.Millisecond, func() (bool, error) {
		b, err := blockAt(ctx, r.d.rpc(0), 0)
		if err != nil {
			return false, err
		}
		return b.Time.After(shortDeadline.Add(2 * time.Second)), nil
	})
	if err != nil {
		return err
	}
	down, err := r.received(ctx, before.nextSend, sent.nextSend)
	if err != nil {
		return err
	}
	if down != landed {
		return fmt.Errorf("corridor-1 received %d packets with no relayer running", down-landed)
	}
	p, err := start("relayer", filepath.Join(r.d.dir, "relayer.log"), nil, "bash", filepath.Join(r.d.dir, "relayer-start.sh"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(r.d.dir, "relayer.pid"), []byte(strconv.Itoa(p.pid())+"\n"), 0o644); err != nil {
		return err
	}
	restart := time.Now()
	r.s.did("the relayer restarted (pid %d) after %.0f s down; nothing arrived on corridor-1 while it was down", p.pid(), time.Since(sendStart).Seconds())
	c, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	err = poll(c, "every packet acknowledged or timed out on cnbank-1", time.Second, func() (bool, error) {
		if !p.alive() {
			return false, fmt.Errorf("the restarted relayer exited")
		}
		n, err := r.pending(c)
		return n == 0, err
	})
	if err != nil {
		return r.explain(err)
	}
	r.s.figure("packets not received when the relayer was killed, or sent after", "%d of %d", total-atKill, total)
	r.s.figure("time from the restart until every packet was acknowledged or refunded", "%.1f s", time.Since(restart).Seconds())
	return r.reconcile(ctx, before, total)
}

// send runs `each` transactions on each transfer stream and one on the
// pay-in stream (the last).
func (r *ibcRun) send(ctx context.Context, streams []loadgen.Stream, each int) error {
	// Burst spreads transaction i over stream i mod len(streams); the
	// pay-in stream sends one transaction, the others `each`.
	if err := r.cn.SyncHeight(ctx); err != nil {
		return err
	}
	for k := 0; k < each; k++ {
		ss := streams
		if k > 0 {
			ss = streams[:len(streams)-1]
		}
		if _, _, err := r.cn.Burst(ctx, ss, len(ss), nil, false); err != nil {
			return fmt.Errorf("sending on cnbank-1: %w", err)
		}
	}
	return nil
}

// reconcile counts both chains after the burst.
func (r *ibcRun) reconcile(ctx context.Context, before counts, total int) error {
	after, err := r.counts(ctx)
	if err != nil {
		return err
	}
	// received: the receipts on corridor-1; refunded: the CNY the short
	// sender got back on cnbank-1, in transfers; the two are read apart
	received, err := r.received(ctx, before.nextSend, after.nextSend)
	if err != nil {
		return err
	}
	shorts := total - len(r.ids) - len(longSenders)*r.perSender
	kept := before.home[shortSender].Sub(after.home[shortSender])
	refunded := shorts - int(kept.Int64()/transferAmount)
	s := r.s
	s.reconcile("packets sent by cnbank-1 = received on corridor-1 (receipts) + refunded on cnbank-1 (CNY back with "+shortSender+")",
		total, fmt.Sprintf("%d = %d + %d", received+refunded, received, refunded))
	if received+refunded != total || kept.Int64()%transferAmount != 0 {
		return fmt.Errorf("sent %d, received %d, refunded %d (%s of %s's CNY left cnbank-1)", total, received, refunded, kept, shortSender)
	}
	if refunded == 0 {
		return fmt.Errorf("no packet timed out: the relayer was not down long enough to test refunds")
	}
	s.reconcile("CNY escrowed on cnbank-1 = CNY vouchers on corridor-1", fmt.Sprintf("%s = %s", before.escrow, before.vouchers),
		fmt.Sprintf("%s = %s", after.escrow, after.vouchers))
	if !after.escrow.Equal(after.vouchers) || !before.escrow.Equal(before.vouchers) {
		return fmt.Errorf("escrow %s and voucher supply %s differ", after.escrow, after.vouchers)
	}
	// each sender: what left cnbank-1 arrived on corridor-1, and nothing more
	for _, k := range append([]string{shortSender}, longSenders...) {
		left := before.home[k].Sub(after.home[k])
		arrived := after.far[k].Sub(before.far[k])
		s.reconcile(fmt.Sprintf("%s: CNY that left cnbank-1 (net of refunds) = vouchers that arrived on corridor-1", k),
			before.home[k].String()+" / "+before.far[k].String(), fmt.Sprintf("%s / %s (%s = %s)", after.home[k], after.far[k], left, arrived))
		if !left.Equal(arrived) {
			return fmt.Errorf("%s: %s left cnbank-1, %s arrived on corridor-1", k, left, arrived)
		}
	}
	s.reconcile(shortSender+"'s transfers (25 s timeout) refunded on cnbank-1 after timing out with the relayer down", fmt.Sprintf("0 of %d", shorts),
		fmt.Sprintf("%d of %d", refunded, shorts))
	for _, k := range longSenders {
		if want := math.NewInt(int64(r.perSender) * transferAmount); !after.far[k].Sub(before.far[k]).Equal(want) {
			return fmt.Errorf("%s's transfers (long timeout) brought %s to corridor-1, want all %s", k, after.far[k].Sub(before.far[k]), want)
		}
	}
	payIn := math.ZeroInt()
	for _, f := range r.funding {
		payIn = payIn.Add(f)
	}
	paidIn := before.home[payer].Sub(after.home[payer])
	s.reconcile("the importer's pay-ins: CNY that left cnbank-1 = the legs' funding (amount + fee)", payIn, paidIn)
	if !paidIn.Equal(payIn) || !after.far[payer].Equal(before.far[payer]) {
		return fmt.Errorf("the importer paid in %s, the legs' funding is %s (its vouchers on corridor-1 went from %s to %s)",
			paidIn, payIn, before.far[payer], after.far[payer])
	}
	sq := st.NewQueryClient(r.coConn)
	settled := 0
	for _, id := range r.ids {
		res, err := sq.Instruction(ctx, &st.QueryInstructionRequest{Id: id})
		if err != nil {
			return err
		}
		if res.Instruction.Status == st.INSTRUCTION_STATUS_SETTLED {
			settled++
		}
	}
	s.reconcile("pay-in DVPs settled on corridor-1", fmt.Sprintf("0 of %d", len(r.ids)), fmt.Sprintf("%d of %d", settled, len(r.ids)))
	paid := after.exporter.Sub(before.exporter)
	s.reconcile("the exporter's CNY proceeds on corridor-1", before.exporter, fmt.Sprintf("%s (+%s = %d × %d)", after.exporter, paid, len(r.ids), legAmount))
	if settled != len(r.ids) || !paid.Equal(math.NewInt(int64(len(r.ids))*legAmount)) {
		return fmt.Errorf("%d of %d pay-in DVPs settled, the exporter received %s", settled, len(r.ids), paid)
	}
	return nil
}

// gone says whether a process has exited (a zombie its parent has not yet
// reaped counts as exited).
func gone(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	// the state follows the command name in parentheses
	i := strings.LastIndexByte(string(b), ')')
	return i < 0 || i+2 >= len(b) || b[i+2] == 'Z' || b[i+2] == 'X'
}
