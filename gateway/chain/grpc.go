package chain

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	lru "github.com/hashicorp/golang-lru/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/grpc/cmtservice"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	"github.com/cosmos/cosmos-sdk/std"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	txsigning "github.com/cosmos/cosmos-sdk/x/tx/signing"

	"github.com/corridor-chain/corridor/internal/txsign"
	financetypes "github.com/corridor-chain/corridor/x/finance/types"
	settlementtypes "github.com/corridor-chain/corridor/x/settlement/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// Bech32Prefix is the corridor account prefix.
const Bech32Prefix = "corridor"

// Config is how the client reaches the chain and signs.
type Config struct {
	GRPC    string // host:port of the node's gRPC server
	ChainID string
	Keyring keyring.Keyring
	// Fees paid per transaction, e.g. "0ucgas" (empty: none).
	Fees string
	// GasAdjustment multiplies the simulated gas.
	GasAdjustment float64
	// WaitTimeout bounds the wait for a broadcast tx's block.
	WaitTimeout time.Duration
	// PollInterval is how often the wait asks for the tx.
	PollInterval time.Duration
	// Grantee, when set, is this replica's own key (an address in the
	// keyring): it signs every decision as an x/authz MsgExec of the
	// authority's MsgAttest, under a grant the authority gave it on chain.
	// No two replicas share a key, so none collide on a sequence. Empty:
	// the authority's own key signs (one process per authority key).
	Grantee string
	// TLS, when set, reaches the node's gRPC over TLS (nil: plaintext, for
	// a node on the same host or the devnet).
	TLS *tls.Config
}

// GRPC is the Client over a node's gRPC server.
type GRPC struct {
	cfg   Config
	conn  *grpc.ClientConn
	tok   tokenizetypes.QueryClient
	set   settlementtypes.QueryClient
	fin   financetypes.QueryClient
	auth  authtypes.QueryClient
	tx    txtypes.ServiceClient
	cmt   cmtservice.ServiceClient
	txCfg client.TxConfig
	cdc   codec.Codec
	fees  sdk.Coins
	// seqMu guards signers and next: one lock per signer, held from signing
	// to CheckTx, and the next sequence of each signer as this process
	// signed it (the chain's committed sequence lags while txs wait in the
	// mempool).
	seqMu   sync.Mutex
	signers map[string]*sync.Mutex
	next    map[string]uint64
	// blockTimes caches the time of each block asked for (it never changes)
	blockTimes *lru.Cache[int64, time.Time]
	// classes caches registered commodity classes: no message changes or
	// removes one once registered (x/tokenize has RegisterClass only), so
	// a class read once is read for the process's life; an unknown code is
	// not cached (it may be registered next block)
	classes *lru.Cache[string, tokenizetypes.CommodityClass]
}

// NewCodec is the codec of what the gateway encodes and signs: the SDK's
// standard types, accounts and x/tokenize's messages.
func NewCodec() (codec.Codec, error) {
	ir, err := codectypes.NewInterfaceRegistryWithOptions(codectypes.InterfaceRegistryOptions{
		ProtoFiles: proto.HybridResolver,
		SigningOptions: txsigning.Options{
			AddressCodec:          address.Bech32Codec{Bech32Prefix: Bech32Prefix},
			ValidatorAddressCodec: address.Bech32Codec{Bech32Prefix: Bech32Prefix + "valoper"},
		},
	})
	if err != nil {
		return nil, err
	}
	std.RegisterInterfaces(ir)
	authtypes.RegisterInterfaces(ir) // accounts, to read the signer's number and sequence
	authz.RegisterInterfaces(ir)     // a replica signs MsgExec
	tokenizetypes.RegisterInterfaces(ir)
	financetypes.RegisterInterfaces(ir) // a clearance records the declaration
	return codec.NewProtoCodec(ir), nil
}

// SetAddressPrefixes makes sdk.AccAddress print corridor addresses.
func SetAddressPrefixes() {
	c := sdk.GetConfig()
	c.SetBech32PrefixForAccount(Bech32Prefix, Bech32Prefix+"pub")
	c.SetBech32PrefixForValidator(Bech32Prefix+"valoper", Bech32Prefix+"valoperpub")
	c.SetBech32PrefixForConsensusNode(Bech32Prefix+"valcons", Bech32Prefix+"valconspub")
}

// Dial connects (lazily: a node that is down makes calls fail with
// ErrUnavailable, not Dial).
func Dial(cfg Config, cdc codec.Codec) (*GRPC, error) {
	// reconnect quickly after an outage (gRPC's default backoff grows to 2 min)
	creds := insecure.NewCredentials()
	if cfg.TLS != nil {
		creds = credentials.NewTLS(cfg.TLS)
	}
	conn, err := grpc.NewClient(cfg.GRPC, grpc.WithTransportCredentials(creds),
		grpc.WithConnectParams(grpc.ConnectParams{Backoff: backoff.Config{BaseDelay: 100 * time.Millisecond,
			Multiplier: 1.6, Jitter: 0.2, MaxDelay: 3 * time.Second}, MinConnectTimeout: 5 * time.Second}))
	if err != nil {
		return nil, fmt.Errorf("chain: %w", err)
	}
	fees, err := sdk.ParseCoinsNormalized(cfg.Fees)
	if err != nil {
		return nil, fmt.Errorf("chain: fees: %w", err)
	}
	if cfg.GasAdjustment == 0 {
		cfg.GasAdjustment = 1.5
	}
	if cfg.WaitTimeout == 0 {
		cfg.WaitTimeout = 20 * time.Second
	}
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 250 * time.Millisecond
	}
	blockTimes, err := lru.New[int64, time.Time](100_000)
	if err != nil {
		return nil, err
	}
	classes, err := lru.New[string, tokenizetypes.CommodityClass](1_000)
	if err != nil {
		return nil, err
	}
	return &GRPC{
		cfg: cfg, conn: conn, fees: fees, blockTimes: blockTimes, classes: classes,
		tok: tokenizetypes.NewQueryClient(conn),
		set: settlementtypes.NewQueryClient(conn), fin: financetypes.NewQueryClient(conn),
		auth: authtypes.NewQueryClient(conn), tx: txtypes.NewServiceClient(conn), cmt: cmtservice.NewServiceClient(conn),
		txCfg: authtx.NewTxConfig(cdc, authtx.DefaultSignModes), cdc: cdc,
	}, nil
}

// Close closes the connection.
func (g *GRPC) Close() error { return g.conn.Close() }

// Lot reads a lot with its holds.
func (g *GRPC) Lot(ctx context.Context, id uint64) (*LotView, error) {
	r, err := g.tok.Lot(ctx, &tokenizetypes.QueryLotRequest{Id: id})
	if nf, err := classify(err); nf || err != nil {
		return nil, err
	}
	return &LotView{Lot: r.Lot, ActiveHolds: r.ActiveHolds, Transferable: r.Transferable, Reason: r.Reason}, nil
}

// Class reads a commodity class (once: classes never change).
func (g *GRPC) Class(ctx context.Context, code string) (*tokenizetypes.CommodityClass, error) {
	if c, ok := g.classes.Get(code); ok {
		return &c, nil
	}
	r, err := g.tok.Class(ctx, &tokenizetypes.QueryClassRequest{Code: code})
	if nf, err := classify(err); nf || err != nil {
		return nil, err
	}
	g.classes.Add(code, r.Class)
	return &r.Class, nil
}

// Currency reads a registered currency.
func (g *GRPC) Currency(ctx context.Context, code string) (*settlementtypes.Currency, error) {
	r, err := g.set.Currency(ctx, &settlementtypes.QueryCurrencyRequest{Code: code})
	if nf, err := classify(err); nf || err != nil {
		return nil, err
	}
	return &r.Currency, nil
}

// Financing reads a declaration's x/finance record by jurisdiction and number.
func (g *GRPC) Financing(ctx context.Context, jurisdiction, number string) (*Financing, error) {
	r, err := g.fin.Declaration(ctx, &financetypes.QueryDeclarationRequest{Jurisdiction: jurisdiction, Number: number})
	if nf, err := classify(err); nf || err != nil {
		return nil, err
	}
	return r, nil
}

// FinancingByID reads an x/finance record by its on-chain id.
func (g *GRPC) FinancingByID(ctx context.Context, id uint64) (*Financing, error) {
	r, err := g.fin.Declaration(ctx, &financetypes.QueryDeclarationRequest{Id: id})
	if nf, err := classify(err); nf || err != nil {
		return nil, err
	}
	return r, nil
}

// DeclarationOfLot reads the x/finance record that declares a lot.
func (g *GRPC) DeclarationOfLot(ctx context.Context, lotID uint64) (*financetypes.Declaration, error) {
	r, err := g.fin.Declarations(ctx, &financetypes.QueryDeclarationsRequest{LotId: lotID, Pagination: &query.PageRequest{Limit: 1}})
	if nf, err := classify(err); nf || err != nil {
		return nil, err
	}
	if len(r.Declarations) == 0 {
		return nil, nil
	}
	return &r.Declarations[0], nil
}

// Holdings reads a holder's record and its position in each lot.
func (g *GRPC) Holdings(ctx context.Context, holder string, lotIDs []uint64) (*Holdings, error) {
	r, err := g.tok.Holdings(ctx, &tokenizetypes.QueryHoldingsRequest{Holder: holder, LotIds: lotIDs})
	if _, err := classify(err); err != nil {
		return nil, err
	}
	if r == nil || !slices.EqualFunc(r.Holdings, lotIDs, func(h tokenizetypes.Holding, id uint64) bool { return h.LotId == id }) {
		return nil, fmt.Errorf("%w: the node answered a holdings query with another set of lots", ErrUnavailable)
	}
	return r, nil
}

// Attestations reads a lot's attestations.
func (g *GRPC) Attestations(ctx context.Context, lotID uint64) ([]tokenizetypes.Attestation, error) {
	r, err := g.tok.LotHistory(ctx, &tokenizetypes.QueryLotHistoryRequest{Id: lotID})
	if nf, err := classify(err); nf || err != nil {
		return nil, err
	}
	return r.Attestations, nil
}

// LotHistory reads a lot's attestations, status changes and holds.
func (g *GRPC) LotHistory(ctx context.Context, lotID uint64) (*tokenizetypes.QueryLotHistoryResponse, error) {
	r, err := g.tok.LotHistory(ctx, &tokenizetypes.QueryLotHistoryRequest{Id: lotID})
	if nf, err := classify(err); nf || err != nil {
		return nil, err
	}
	return r, nil
}

// pages calls one page after another until the last; at most max items.
func pages[T any](ctx context.Context, max int, page func(key []byte) ([]T, *query.PageResponse, error)) ([]T, error) {
	var out []T
	var key []byte
	for {
		items, pr, err := page(key)
		if _, err := classify(err); err != nil {
			return nil, err
		}
		out = append(out, items...)
		if pr == nil || len(pr.NextKey) == 0 || len(out) >= max {
			return out, nil
		}
		key = pr.NextKey
	}
}

// Applications implements Client (at most 1000).
func (g *GRPC) Applications(ctx context.Context, bank, borrower string, status financetypes.ApplicationStatus) ([]financetypes.Application, error) {
	return pages(ctx, 1000, func(key []byte) ([]financetypes.Application, *query.PageResponse, error) {
		r, err := g.fin.Applications(ctx, &financetypes.QueryApplicationsRequest{Bank: bank, Borrower: borrower, Status: status, Pagination: pageReq(key)})
		if err != nil {
			return nil, nil, err
		}
		return r.Applications, r.Pagination, nil
	})
}

// Settled implements Client: of the newest 5,000 settled instructions,
// those whose block is at or after since, each with its block's time.
func (g *GRPC) Settled(ctx context.Context, since time.Time) ([]Settled, error) {
	ins, err := pages(ctx, 5000, func(key []byte) ([]settlementtypes.Instruction, *query.PageResponse, error) {
		r, err := g.set.Instructions(ctx, &settlementtypes.QueryInstructionsRequest{Status: settlementtypes.INSTRUCTION_STATUS_SETTLED,
			Pagination: &query.PageRequest{Key: key, Limit: 200, Reverse: true}})
		if err != nil {
			return nil, nil, err
		}
		return r.Instructions, r.Pagination, nil
	})
	if err != nil {
		return nil, err
	}
	var out []Settled
	for _, in := range ins {
		at, ok := g.blockTimes.Get(in.ClosedHeight)
		if !ok {
			b, err := g.cmt.GetBlockByHeight(ctx, &cmtservice.GetBlockByHeightRequest{Height: in.ClosedHeight})
			if _, cerr := classify(err); errors.Is(cerr, ErrUnavailable) {
				return nil, cerr
			}
			if err != nil || b == nil || b.SdkBlock == nil {
				continue // a block the node pruned: its instructions are older than anyone's week
			}
			at = b.SdkBlock.Header.Time.UTC()
			g.blockTimes.Add(in.ClosedHeight, at)
		}
		if !at.Before(since) {
			out = append(out, Settled{Instruction: in, At: at})
		}
	}
	return out, nil
}

// Banks implements Client (at most 1000).
func (g *GRPC) Banks(ctx context.Context) ([]tokenizetypes.Participant, error) {
	ps, err := pages(ctx, 1000, func(key []byte) ([]tokenizetypes.Participant, *query.PageResponse, error) {
		r, err := g.tok.Participants(ctx, &tokenizetypes.QueryParticipantsRequest{Role: tokenizetypes.ROLE_BANK, Pagination: pageReq(key)})
		if err != nil {
			return nil, nil, err
		}
		return r.Participants, r.Pagination, nil
	})
	var out []tokenizetypes.Participant
	for _, p := range ps {
		if p.Status == tokenizetypes.PARTICIPANT_STATUS_ACTIVE {
			out = append(out, p)
		}
	}
	return out, err
}

// Application implements Client.
func (g *GRPC) Application(ctx context.Context, id uint64) (*financetypes.Application, error) {
	r, err := g.fin.Application(ctx, &financetypes.QueryApplicationRequest{Id: id})
	if nf, err := classify(err); nf || err != nil {
		return nil, err
	}
	return &r.Application, nil
}

// Loans implements Client (at most 1000).
func (g *GRPC) Loans(ctx context.Context, lender, borrower string) ([]financetypes.Loan, error) {
	return pages(ctx, 1000, func(key []byte) ([]financetypes.Loan, *query.PageResponse, error) {
		r, err := g.fin.Loans(ctx, &financetypes.QueryLoansRequest{Lender: lender, Borrower: borrower, Pagination: pageReq(key)})
		if err != nil {
			return nil, nil, err
		}
		return r.Loans, r.Pagination, nil
	})
}

// Ping tells whether the node can answer this gateway's queries now.
func (g *GRPC) Ping(ctx context.Context) error {
	// the query a verify sends, with no holder: a ready node that serves it
	// refuses the request as invalid; a node with no block yet, or one
	// older than this gateway (Unimplemented), is not ready for it
	_, err := g.tok.Holdings(ctx, &tokenizetypes.QueryHoldingsRequest{})
	if err == nil || status.Code(err) == codes.InvalidArgument {
		return nil
	}
	if _, cerr := classify(err); cerr != nil {
		return cerr
	}
	return err
}

// Submit signs msgs, lets keep record the signed bytes (before anything is
// sent), broadcasts them and waits for their block. Signing and CheckTx are
// serialised per signer and sequences are tracked here, so that several
// decisions by one authority in one block get consecutive sequences instead
// of colliding; a sequence the node disagrees with is corrected from its
// answer and the transaction signed again once (keep sees the new bytes).
func (g *GRPC) Submit(ctx context.Context, d Decision, keep func(txBytes []byte, txHash string) error) (Result, error) {
	if len(d.Attests) == 0 {
		return Result{}, fmt.Errorf("chain: nothing to sign")
	}
	return g.submit(ctx, d.Attests[0].Attester, d.Msgs(), keep)
}

// Send implements Client.
func (g *GRPC) Send(ctx context.Context, signer string, msgs ...sdk.Msg) (Result, error) {
	if len(msgs) == 0 {
		return Result{}, fmt.Errorf("chain: nothing to sign")
	}
	return g.submit(ctx, signer, msgs, func([]byte, string) error { return nil })
}

// submit signs msgs as owner's (see signerOf), keeps, broadcasts and waits.
func (g *GRPC) submit(ctx context.Context, owner string, msgs []sdk.Msg, keep func(txBytes []byte, txHash string) error) (Result, error) {
	signer := g.signerOf(owner)
	lock := g.signerLock(signer)
	lock.Lock()
	var txHash string
	for attempt := 0; ; attempt++ {
		txBytes, hash, err := g.sign(ctx, signer, msgs)
		if err != nil {
			lock.Unlock()
			return Result{}, err
		}
		if err := keep(txBytes, hash); err != nil {
			g.unsign(signer)
			lock.Unlock()
			return Result{}, err
		}
		err = g.checkTx(ctx, txBytes)
		var ref *Refusal
		if errors.As(err, &ref) && ref.Codespace == "sdk" && ref.Code == wrongSequenceCode && attempt < 3 {
			// the node expects another sequence: take its word (or re-read)
			g.unsign(signer)
			if m := expectedSeqRe.FindStringSubmatch(ref.Reason); m != nil {
				var expected uint64
				fmt.Sscan(m[1], &expected)
				g.setNext(signer, expected)
			} else {
				g.forget(signer)
			}
			continue
		}
		if errors.As(err, &ref) {
			g.unsign(signer) // refused: the sequence was not used
		}
		if err != nil {
			lock.Unlock()
			return Result{}, err
		}
		txHash = hash
		break
	}
	lock.Unlock()
	return g.wait(ctx, txHash)
}

// wrongSequenceCode is the SDK's ErrWrongSequence.
const wrongSequenceCode = 32

var expectedSeqRe = regexp.MustCompile(`account sequence mismatch, expected (\d+)`)

func (g *GRPC) signerLock(addr string) *sync.Mutex {
	g.seqMu.Lock()
	defer g.seqMu.Unlock()
	if g.signers == nil {
		g.signers, g.next = map[string]*sync.Mutex{}, map[string]uint64{}
	}
	l, ok := g.signers[addr]
	if !ok {
		l = &sync.Mutex{}
		g.signers[addr] = l
	}
	return l
}

func (g *GRPC) nextSeq(addr string, chainSeq uint64) uint64 {
	g.seqMu.Lock()
	defer g.seqMu.Unlock()
	return max(chainSeq, g.next[addr])
}

func (g *GRPC) used(addr string, seq uint64) {
	g.seqMu.Lock()
	defer g.seqMu.Unlock()
	g.next[addr] = seq + 1
}

// unsign gives back the sequence of the last transaction signed.
func (g *GRPC) unsign(addr string) {
	g.seqMu.Lock()
	defer g.seqMu.Unlock()
	if g.next[addr] > 0 {
		g.next[addr]--
	}
}

func (g *GRPC) setNext(addr string, seq uint64) {
	g.seqMu.Lock()
	defer g.seqMu.Unlock()
	g.next[addr] = seq
}

func (g *GRPC) forget(addr string) {
	g.seqMu.Lock()
	defer g.seqMu.Unlock()
	delete(g.next, addr)
}

// signerOf is the account that signs owner's messages: the replica's
// grantee key, or the owner (for a decision the authority, the attester
// who also records) itself.
func (g *GRPC) signerOf(owner string) string {
	if g.cfg.Grantee != "" {
		return g.cfg.Grantee
	}
	return owner
}

// sign builds, simulates and signs; the caller holds the signer's lock.
func (g *GRPC) sign(ctx context.Context, signer string, sdkMsgs []sdk.Msg) ([]byte, string, error) {
	rec, err := g.keyFor(signer)
	if err != nil {
		return nil, "", err
	}
	acc, err := g.account(ctx, signer)
	if err != nil {
		return nil, "", err
	}
	seq := g.nextSeq(signer, acc.GetSequence())
	if g.cfg.Grantee != "" {
		grantee, err := sdk.AccAddressFromBech32(signer)
		if err != nil {
			return nil, "", fmt.Errorf("chain: grantee %s: %w", signer, err)
		}
		exec := authz.NewMsgExec(grantee, sdkMsgs)
		sdkMsgs = []sdk.Msg{&exec}
	}
	b := g.txCfg.NewTxBuilder()
	if err := b.SetMsgs(sdkMsgs...); err != nil {
		return nil, "", err
	}
	b.SetFeeAmount(g.fees)
	pub, err := rec.GetPubKey()
	if err != nil {
		return nil, "", err
	}
	var sim *txtypes.SimulateResponse
	for attempt := 0; ; attempt++ {
		// simulate with an empty signature to price the gas (against the
		// node's mempool state, where our earlier txs already count)
		if err := b.SetSignatures(signing.SignatureV2{PubKey: pub, Sequence: seq,
			Data: &signing.SingleSignatureData{SignMode: signing.SignMode_SIGN_MODE_DIRECT}}); err != nil {
			return nil, "", err
		}
		simBytes, err := g.txCfg.TxEncoder()(b.GetTx())
		if err != nil {
			return nil, "", err
		}
		sim, err = g.tx.Simulate(ctx, &txtypes.SimulateRequest{TxBytes: simBytes})
		if err == nil {
			break
		}
		if _, cerr := classify(err); errors.Is(cerr, ErrUnavailable) {
			return nil, "", cerr
		}
		if m := expectedSeqRe.FindStringSubmatch(err.Error()); m != nil && attempt < 8 {
			var expected uint64
			fmt.Sscan(m[1], &expected)
			if expected > seq { // behind the node: take its word
				seq = expected
				continue
			}
			// ahead of the node's check state: it is re-checking its mempool
			// after a block (our earlier txs count again in a moment)
			select {
			case <-ctx.Done():
				return nil, "", fmt.Errorf("%w: %v", ErrUnavailable, ctx.Err())
			case <-time.After(time.Duration(attempt+1) * 100 * time.Millisecond):
			}
			continue
		}
		return nil, "", refusedSimulation(err.Error())
	}
	b.SetGasLimit(uint64(float64(sim.GasInfo.GasUsed) * g.cfg.GasAdjustment))
	if err := txsign.Sign(ctx, g.txCfg, g.cfg.Keyring, g.cfg.ChainID, b,
		txsign.Signer{Name: rec.Name, AccountNumber: acc.GetAccountNumber(), Sequence: seq}); err != nil {
		return nil, "", err
	}
	txBytes, err := g.txCfg.TxEncoder()(b.GetTx())
	if err != nil {
		return nil, "", err
	}
	g.used(signer, seq)
	return txBytes, TxHash(txBytes), nil
}

// TxHash is the CometBFT hash of tx bytes, upper-case hex.
func TxHash(txBytes []byte) string {
	h := sha256.Sum256(txBytes)
	return strings.ToUpper(hex.EncodeToString(h[:]))
}

func (g *GRPC) keyFor(addr string) (*keyring.Record, error) {
	a, err := sdk.AccAddressFromBech32(addr)
	if err != nil {
		return nil, fmt.Errorf("chain: signer %s: %w", addr, err)
	}
	rec, err := g.cfg.Keyring.KeyByAddress(a)
	if err != nil {
		return nil, fmt.Errorf("chain: no key for %s in the keyring: %w", addr, err)
	}
	return rec, nil
}

func (g *GRPC) account(ctx context.Context, addr string) (sdk.AccountI, error) {
	r, err := g.auth.Account(ctx, &authtypes.QueryAccountRequest{Address: addr})
	if nf, err := classify(err); err != nil {
		return nil, err
	} else if nf {
		return nil, fmt.Errorf("%w: account %s does not exist on chain", ErrRejected, addr)
	}
	var acc sdk.AccountI
	if err := g.cdc.InterfaceRegistry().UnpackAny(r.Account, &acc); err != nil {
		return nil, err
	}
	return acc, nil
}

// Broadcast sends the bytes and waits for inclusion.
func (g *GRPC) Broadcast(ctx context.Context, txBytes []byte, txHash string) (Result, error) {
	if err := g.checkTx(ctx, txBytes); err != nil {
		return Result{}, err
	}
	return g.wait(ctx, txHash)
}

// checkTx broadcasts in sync mode: the node's CheckTx answer.
func (g *GRPC) checkTx(ctx context.Context, txBytes []byte) error {
	r, err := g.tx.BroadcastTx(ctx, &txtypes.BroadcastTxRequest{TxBytes: txBytes, Mode: txtypes.BroadcastMode_BROADCAST_MODE_SYNC})
	if _, err := classify(err); err != nil {
		return err
	}
	// code 19: already in the mempool (a retry of the same bytes) — wait for it
	if r.TxResponse.Code != 0 && !(r.TxResponse.Codespace == "sdk" && r.TxResponse.Code == 19) {
		return refused(r.TxResponse.Codespace, r.TxResponse.Code, r.TxResponse.RawLog)
	}
	return nil
}

// wait polls for a broadcast transaction's block.
func (g *GRPC) wait(ctx context.Context, txHash string) (Result, error) {
	wait, cancel := context.WithTimeout(ctx, g.cfg.WaitTimeout)
	defer cancel()
	for {
		res, err := g.FindTx(wait, txHash)
		if err != nil {
			return Result{TxHash: txHash}, err
		}
		if res != nil {
			return *res, nil
		}
		select {
		case <-wait.Done():
			return Result{TxHash: txHash}, fmt.Errorf("%w: tx %s not included within %s", ErrUnavailable, txHash, g.cfg.WaitTimeout)
		case <-time.After(g.cfg.PollInterval):
		}
	}
}

// FindTx looks an included tx up; a failed one is ErrRejected.
func (g *GRPC) FindTx(ctx context.Context, txHash string) (*Result, error) {
	r, err := g.tx.GetTx(ctx, &txtypes.GetTxRequest{Hash: txHash})
	if nf, err := classify(err); err != nil {
		return nil, err
	} else if nf {
		return nil, nil
	}
	tr := r.TxResponse
	if tr.Code != 0 {
		return nil, refused(tr.Codespace, tr.Code, tr.RawLog)
	}
	out := &Result{TxHash: tr.TxHash, Height: tr.Height}
	// the ids from the typed events, in message order: they read the same
	// whether the authority signed or a replica's MsgExec did
	for _, ev := range tr.Events {
		switch ev.Type {
		case proto.MessageName(&tokenizetypes.EventLotAttested{}):
			out.AttestationIDs = append(out.AttestationIDs, eventID(ev.Attributes, "attestation"))
		case proto.MessageName(&financetypes.EventDeclarationRecorded{}):
			out.DeclarationID = eventID(ev.Attributes, "declaration")
		case proto.MessageName(&financetypes.EventFinancingApplied{}):
			out.ApplicationID = eventID(ev.Attributes, "application")
		case proto.MessageName(&financetypes.EventFinancingApproved{}):
			out.LoanID = eventID(ev.Attributes, "loan")
		}
	}
	return out, nil
}

func pageReq(key []byte) *query.PageRequest { return &query.PageRequest{Key: key, Limit: 100} }

// eventID reads the "id" of the JSON object a typed event carries under key.
func eventID(attrs []abci.EventAttribute, key string) uint64 {
	for _, a := range attrs {
		if a.Key != key {
			continue
		}
		var v struct {
			ID string `json:"id"`
		}
		if json.Unmarshal([]byte(a.Value), &v) == nil {
			id, _ := strconv.ParseUint(v.ID, 10, 64)
			return id
		}
	}
	return 0
}
