// Package chaintest is an in-memory chain.Client for the handler tests and
// the gateway-overhead benchmark: lots, classes, participants and balances
// set by the test; attestations it records; an outage and a refusal it can
// be told to simulate. The integration test runs the same handlers against
// a real node instead.
package chaintest

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/gateway/chain"
	financetypes "github.com/corridor-chain/corridor/x/finance/types"
	settlementtypes "github.com/corridor-chain/corridor/x/settlement/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// Fake is the in-memory chain.
type Fake struct {
	mu           sync.Mutex
	Lots         map[uint64]*tokenizetypes.Lot
	Classes      map[string]*tokenizetypes.CommodityClass
	Participants map[string]*tokenizetypes.Participant
	Balances     map[string]math.Int // address + "|" + denom
	Pledges      []tokenizetypes.Pledge
	Records      []tokenizetypes.Attestation
	// Currencies are the registered currencies by code.
	Currencies map[string]*settlementtypes.Currency
	// Declarations are the x/finance records the decisions made.
	Declarations []financetypes.Declaration
	// Trades are the settled instructions.
	Trades []chain.Settled
	// Apps and LoanBook are x/finance's applications and loans.
	Apps     []financetypes.Application
	LoanBook []financetypes.Loan
	txs      map[string]chain.Result
	pending  map[string]chain.Decision
	// Down makes every call fail as unavailable.
	Down bool
	// LoseBroadcast accepts a broadcast but never includes it (a node that
	// crashed after CheckTx): the caller times out.
	LoseBroadcast bool
	// MissIncluded makes included transactions invisible to FindTx and
	// their re-broadcast refused as a spent sequence (an indexer that lags
	// or pruned): the gateway must learn from the lots what landed.
	MissIncluded bool
	// SendUnconfirmed makes Send apply its messages (they land) but answer
	// as a node that stopped answering after the broadcast; SendLost makes
	// it answer so without applying them (still in a mempool somewhere).
	SendUnconfirmed, SendLost bool
	// Panic makes every call panic (a bug in a handler's path).
	Panic bool
	// Broadcasts counts the transactions included.
	Broadcasts int
	height     int64
}

// New is an empty chain.
func New() *Fake {
	return &Fake{Lots: map[uint64]*tokenizetypes.Lot{}, Classes: map[string]*tokenizetypes.CommodityClass{},
		Participants: map[string]*tokenizetypes.Participant{}, Balances: map[string]math.Int{},
		Currencies: map[string]*settlementtypes.Currency{},
		txs:        map[string]chain.Result{}, pending: map[string]chain.Decision{}, height: 10}
}

var _ chain.Client = (*Fake)(nil)

func (f *Fake) down() error {
	if f.Panic {
		panic("chaintest: injected panic")
	}
	if f.Down {
		return fmt.Errorf("%w: the fake node is down", chain.ErrUnavailable)
	}
	return nil
}

// SetBalance sets a balance.
func (f *Fake) SetBalance(addr, denom string, amt int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Balances[addr+"|"+denom] = math.NewInt(amt)
}

// Lot implements chain.Client.
func (f *Fake) Lot(_ context.Context, id uint64) (*chain.LotView, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.down(); err != nil {
		return nil, err
	}
	l, ok := f.Lots[id]
	if !ok {
		return nil, nil
	}
	cp := copyLot(l)
	return &chain.LotView{Lot: *cp, Transferable: !cp.CustomsRejected()}, nil
}

// Class implements chain.Client.
func (f *Fake) Class(_ context.Context, code string) (*tokenizetypes.CommodityClass, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.down(); err != nil {
		return nil, err
	}
	return f.Classes[code], nil
}

// copyLot is a lot the caller may keep: its slices are its own.
func copyLot(l *tokenizetypes.Lot) *tokenizetypes.Lot {
	cp := *l
	cp.Documents = append([]tokenizetypes.Document(nil), l.Documents...)
	cp.Results = append([]tokenizetypes.KindResult(nil), l.Results...)
	return &cp
}

// Holdings implements chain.Client as the chain's query does: one read
// under one lock (one block).
func (f *Fake) Holdings(_ context.Context, holder string, lotIDs []uint64) (*chain.Holdings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.down(); err != nil {
		return nil, err
	}
	if len(lotIDs) == 0 || len(lotIDs) > tokenizetypes.MaxHoldingsLots {
		return nil, status.Errorf(codes.InvalidArgument, "name 1 to %d lots", tokenizetypes.MaxHoldingsLots)
	}
	out := &chain.Holdings{Holdings: make([]tokenizetypes.Holding, len(lotIDs))}
	if p, ok := f.Participants[holder]; ok {
		cp := *p
		out.Participant = &cp
	}
	for i, id := range lotIDs {
		h := &out.Holdings[i]
		h.LotId, h.Balance = id, math.ZeroInt()
		if slices.Contains(lotIDs[:i], id) {
			return nil, status.Errorf(codes.InvalidArgument, "lot %d is named twice", id)
		}
		l, ok := f.Lots[id]
		if !ok {
			continue
		}
		h.Lot = copyLot(l)
		if c, ok := f.Classes[l.ClassCode]; ok {
			cc := *c
			h.Class = &cc
		}
		denom := tokenizetypes.LotDenom(id)
		if b, ok := f.Balances[holder+"|"+denom]; ok {
			h.Balance = b
		}
		for _, p := range f.Pledges {
			if p.Holder == holder && p.Denom == denom && p.Status == tokenizetypes.PLEDGE_STATUS_ACTIVE {
				h.ActivePledges = append(h.ActivePledges, p)
			}
		}
		// the chain reads them in id order
		slices.SortFunc(h.ActivePledges, func(a, b tokenizetypes.Pledge) int { return cmp.Compare(a.Id, b.Id) })
	}
	return out, nil
}

// Attestations implements chain.Client.
func (f *Fake) Attestations(_ context.Context, lotID uint64) ([]tokenizetypes.Attestation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.down(); err != nil {
		return nil, err
	}
	var out []tokenizetypes.Attestation
	for _, a := range f.Records {
		if a.LotId == lotID {
			out = append(out, a)
		}
	}
	return out, nil
}

// Currency implements chain.Client.
func (f *Fake) Currency(_ context.Context, code string) (*settlementtypes.Currency, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.Currencies[code], f.down()
}

// Financing implements chain.Client: the record, cleared when every lot's
// latest CUSTOMS_EXPORT is accepted on its document, with no loans.
func (f *Fake) Financing(_ context.Context, jurisdiction, number string) (*chain.Financing, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.down(); err != nil {
		return nil, err
	}
	for _, d := range f.Declarations {
		if d.Jurisdiction == jurisdiction && d.Number == number {
			cleared := true
			for _, l := range d.Lots {
				cleared = cleared && f.accepted(l.LotId, d.Sha256)
			}
			fin := &chain.Financing{Declaration: d, Remaining: d.Remaining().String(), Cleared: cleared}
			for _, l := range f.LoanBook {
				if l.DeclarationId == d.Id {
					fin.Loans = append(fin.Loans, l)
				}
			}
			return fin, nil
		}
	}
	return nil, nil
}

// FinancingByID implements chain.Client.
func (f *Fake) FinancingByID(ctx context.Context, id uint64) (*chain.Financing, error) {
	f.mu.Lock()
	var j, n string
	for _, d := range f.Declarations {
		if d.Id == id {
			j, n = d.Jurisdiction, d.Number
		}
	}
	f.mu.Unlock()
	if j == "" {
		return nil, nil
	}
	return f.Financing(ctx, j, n)
}

func (f *Fake) accepted(lot uint64, doc string) bool {
	ok := false
	for _, a := range f.Records {
		if a.LotId == lot && a.Kind == tokenizetypes.ATTESTATION_KIND_CUSTOMS_EXPORT {
			ok = a.Result == tokenizetypes.ATTESTATION_RESULT_ACCEPTED && a.DocumentSha256 == doc
		}
	}
	return ok
}

// DeclarationOfLot implements chain.Client.
func (f *Fake) DeclarationOfLot(_ context.Context, lotID uint64) (*financetypes.Declaration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, d := range f.Declarations {
		if d.Lot(lotID) >= 0 {
			return &d, f.down()
		}
	}
	return nil, f.down()
}

// Ping implements chain.Client.
func (f *Fake) Ping(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.down()
}

// Sign signs as Submit does, without sending: the "bytes" name the
// messages (tests use it to leave a signed claim behind).
func (f *Fake) Sign(_ context.Context, d chain.Decision) ([]byte, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.down(); err != nil {
		return nil, "", err
	}
	var b strings.Builder
	for _, m := range d.Attests {
		if err := f.checkAttest(m); err != nil {
			return nil, "", err
		}
		fmt.Fprintf(&b, "%s|%d|%s|%s|%s;", m.Attester, m.LotId, m.Kind, m.Result, m.DocumentSha256)
	}
	if r := d.Record; r != nil {
		fmt.Fprintf(&b, "record %s|%s|%s|%s;", r.Jurisdiction, r.Number, r.Value, r.Currency)
	}
	binary.Write(&b, binary.BigEndian, int64(len(f.pending))) //nolint:errcheck // a strings.Builder does not fail
	bz := []byte(b.String())
	hash := chain.TxHash(bz)
	f.pending[hash] = d
	return bz, hash, nil
}

// checkAttest refuses what the chain refuses: a second accepted result of
// a kind, the same (lot, kind, document) twice, an unknown lot.
func (f *Fake) checkAttest(m *tokenizetypes.MsgAttest) error {
	l, ok := f.Lots[m.LotId]
	if !ok {
		return refusal(tokenizetypes.ErrLotNotFound, fmt.Sprintf("lot %d", m.LotId))
	}
	for _, a := range f.Records {
		if a.LotId == m.LotId && a.Kind == m.Kind && a.DocumentSha256 == m.DocumentSha256 {
			return refusal(tokenizetypes.ErrDuplicateAttestation, fmt.Sprintf("lot %d %s %s", m.LotId, m.Kind, m.DocumentSha256))
		}
	}
	if m.Result == tokenizetypes.ATTESTATION_RESULT_ACCEPTED && l.Accepted(m.Kind) {
		return refusal(tokenizetypes.ErrDuplicateAttestation, fmt.Sprintf("%s already accepted on lot %d", m.Kind, m.LotId))
	}
	return nil
}

// refusal is what the gateway's gRPC client makes of a chain refusal.
func refusal(e *errorsmod.Error, detail string) error {
	return &chain.Refusal{Codespace: e.Codespace(), Code: e.ABCICode(), Reason: detail + ": " + e.Error()}
}

// Submit implements chain.Client.
func (f *Fake) Submit(ctx context.Context, d chain.Decision, keep func([]byte, string) error) (chain.Result, error) {
	txBytes, txHash, err := f.Sign(ctx, d)
	if err != nil {
		return chain.Result{}, err
	}
	if err := keep(txBytes, txHash); err != nil {
		return chain.Result{}, err
	}
	return f.Broadcast(ctx, txBytes, txHash)
}

// Broadcast implements chain.Client.
func (f *Fake) Broadcast(_ context.Context, txBytes []byte, txHash string) (chain.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.down(); err != nil {
		return chain.Result{}, err
	}
	if r, ok := f.txs[txHash]; ok {
		if f.MissIncluded {
			return chain.Result{}, &chain.Refusal{Codespace: "sdk", Code: 32, Reason: "account sequence mismatch: incorrect account sequence"}
		}
		return r, nil
	}
	d, ok := f.pending[txHash]
	if !ok || chain.TxHash(txBytes) != txHash {
		return chain.Result{}, fmt.Errorf("%w: unknown transaction", chain.ErrRejected)
	}
	if f.LoseBroadcast {
		return chain.Result{}, fmt.Errorf("%w: tx %s not included", chain.ErrUnavailable, txHash)
	}
	return f.apply(txHash, d)
}

func (f *Fake) apply(txHash string, d chain.Decision) (chain.Result, error) {
	msgs := d.Attests
	for _, m := range msgs {
		if err := f.checkAttest(m); err != nil {
			return chain.Result{}, err
		}
	}
	if r := d.Record; r != nil {
		for _, x := range f.Declarations {
			if x.Jurisdiction == r.Jurisdiction && x.Number == r.Number {
				return chain.Result{}, refusal(financetypes.ErrDeclarationExists, r.Number)
			}
		}
	}
	f.height++
	res := chain.Result{TxHash: txHash, Height: f.height}
	for _, m := range msgs {
		id := uint64(len(f.Records) + 1)
		f.Records = append(f.Records, tokenizetypes.Attestation{Id: id, LotId: m.LotId, Kind: m.Kind, Result: m.Result,
			Attester: m.Attester, Jurisdiction: "MN", DocumentSha256: m.DocumentSha256, Reference: m.Reference, Note: m.Note, Height: f.height})
		l := f.Lots[m.LotId]
		l.Results = tokenizetypes.SetResult(l.Results, tokenizetypes.KindResult{Kind: m.Kind, Result: m.Result, AttestationId: id})
		l.Status = tokenizetypes.DeriveStatus(l.Results)
		res.AttestationIDs = append(res.AttestationIDs, id)
	}
	if r := d.Record; r != nil {
		rec := financetypes.Declaration{Id: uint64(len(f.Declarations) + 1), Jurisdiction: r.Jurisdiction, Number: r.Number,
			CustomsOffice: r.CustomsOffice, Sha256: r.Sha256, Exporter: r.Exporter, Customs: r.Customs, Value: r.Value,
			Currency: r.Currency, Financed: math.ZeroInt(), Closed: math.ZeroInt(), RecordedHeight: f.height}
		for _, l := range r.Lots {
			rec.Lots = append(rec.Lots, financetypes.DeclaredLot{LotId: l.LotId, Units: l.Units, Sold: math.ZeroInt()})
		}
		f.Declarations = append(f.Declarations, rec)
		res.DeclarationID = rec.Id
	}
	f.txs[txHash] = res
	f.Broadcasts++
	return res, nil
}

// FindTx implements chain.Client.
func (f *Fake) FindTx(_ context.Context, txHash string) (*chain.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.down(); err != nil {
		return nil, err
	}
	if r, ok := f.txs[txHash]; ok && !f.MissIncluded {
		return &r, nil
	}
	return nil, nil
}

// Include makes a transaction the fake "lost" land after all (it was in
// the mempool when the node went away).
func (f *Fake) Include(txHash string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, err := f.apply(txHash, f.pending[txHash])
	return err
}

// SeedStory puts the corridor story's start on the chain: the exporter
// (Tavan Tolgoi Coal LLC, MN 5012345, EXPORTER in MN) at address, the COAL
// class, and its lot 1 of 5,000 t, inspected and held whole by the exporter.
func (f *Fake) SeedStory(exporter string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Classes["COAL"] = &tokenizetypes.CommodityClass{Code: "COAL", HsPrefixes: []string{"2701.12"}, BaseUnit: "kg", DisplayUnit: "t", DisplayExponent: 3}
	f.Participants[exporter] = &tokenizetypes.Participant{Address: exporter, LegalName: "Tavan Tolgoi Coal LLC", Country: "MN",
		RegistrationId: "5012345", Roles: []tokenizetypes.RoleGrant{{Role: tokenizetypes.ROLE_EXPORTER, Jurisdiction: "MN"}},
		Status: tokenizetypes.PARTICIPANT_STATUS_ACTIVE}
	f.Lots[1] = &tokenizetypes.Lot{Id: 1, ClassCode: "COAL", Issuer: exporter, Quantity: math.NewInt(5_000_000),
		RegisteredQuantity: math.NewInt(5_000_000), Origin: tokenizetypes.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN",
		Status:  tokenizetypes.LOT_STATUS_INSPECTED,
		Results: []tokenizetypes.KindResult{{Kind: tokenizetypes.ATTESTATION_KIND_INSPECTION, Result: tokenizetypes.ATTESTATION_RESULT_ACCEPTED, AttestationId: 1}}}
	f.Balances[exporter+"|lot/1"] = math.NewInt(5_000_000)
}

// Anchor does what the issuer's MsgAnchorDocument does on chain.
func (f *Fake) Anchor(lot uint64, sha string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Lots[lot].Documents = append(f.Lots[lot].Documents, tokenizetypes.Document{Kind: "customs_declaration", Sha256: sha})
}

// LotHistory implements chain.Client: the attestations recorded.
func (f *Fake) LotHistory(_ context.Context, lotID uint64) (*tokenizetypes.QueryLotHistoryResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.down(); err != nil {
		return nil, err
	}
	if _, ok := f.Lots[lotID]; !ok {
		return nil, nil
	}
	out := &tokenizetypes.QueryLotHistoryResponse{}
	for _, a := range f.Records {
		if a.LotId == lotID {
			out.Attestations = append(out.Attestations, a)
		}
	}
	return out, nil
}

// Applications implements chain.Client.
func (f *Fake) Applications(_ context.Context, bank, borrower string, status financetypes.ApplicationStatus) ([]financetypes.Application, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []financetypes.Application
	for _, a := range f.Apps {
		if (bank == "" || a.Bank == bank) && (borrower == "" || a.Borrower == borrower) &&
			(status == financetypes.APPLICATION_STATUS_UNSPECIFIED || a.Status == status) {
			out = append(out, a)
		}
	}
	return out, f.down()
}

// Settled implements chain.Client.
func (f *Fake) Settled(_ context.Context, since time.Time) ([]chain.Settled, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []chain.Settled
	for _, t := range f.Trades {
		if !t.At.Before(since) {
			out = append(out, t)
		}
	}
	return out, f.down()
}

// Banks implements chain.Client: the participants with a BANK role, by address.
func (f *Fake) Banks(_ context.Context) ([]tokenizetypes.Participant, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []tokenizetypes.Participant
	for _, p := range f.Participants {
		for _, r := range p.Roles {
			if r.Role == tokenizetypes.ROLE_BANK && p.Status == tokenizetypes.PARTICIPANT_STATUS_ACTIVE {
				out = append(out, *p)
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b tokenizetypes.Participant) int { return strings.Compare(a.Address, b.Address) })
	return out, f.down()
}

// Application implements chain.Client.
func (f *Fake) Application(_ context.Context, id uint64) (*financetypes.Application, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id == 0 || id > uint64(len(f.Apps)) {
		return nil, f.down()
	}
	a := f.Apps[id-1]
	return &a, f.down()
}

// Loans implements chain.Client.
func (f *Fake) Loans(_ context.Context, lender, borrower string) ([]financetypes.Loan, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []financetypes.Loan
	for _, l := range f.LoanBook {
		if (lender == "" || l.Lender == lender) && (borrower == "" || l.Borrower == borrower) {
			out = append(out, l)
		}
	}
	return out, f.down()
}

// Send implements chain.Client for x/finance's apply, approve and reject,
// with the refusals the chain makes of a second answer or a foreign bank.
func (f *Fake) Send(_ context.Context, signer string, msgs ...sdk.Msg) (chain.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.down(); err != nil {
		return chain.Result{}, err
	}
	f.height++
	res := chain.Result{TxHash: fmt.Sprintf("%064X", f.height), Height: f.height}
	if f.SendLost {
		return chain.Result{TxHash: res.TxHash}, fmt.Errorf("%w: tx %s not included in time", chain.ErrUnavailable, res.TxHash)
	}
	for _, m := range msgs {
		switch m := m.(type) {
		case *financetypes.MsgApplyFinancing:
			if m.Borrower != signer {
				return chain.Result{}, refusal(financetypes.ErrNotBorrower, "the borrower signs")
			}
			a := financetypes.Application{Id: uint64(len(f.Apps) + 1), DeclarationId: m.DeclarationId, Borrower: m.Borrower, Bank: m.Bank,
				Amount: m.Amount, Currency: m.Currency, CollateralDenom: tokenizetypes.LotDenom(m.Collateral.LotId), CollateralAmount: m.Collateral.Units,
				Tenor: m.Tenor, Status: financetypes.APPLICATION_STATUS_PENDING, Note: m.Note, CreatedHeight: f.height, MaxRateBps: m.MaxRateBps}
			f.Apps = append(f.Apps, a)
			res.ApplicationID = a.Id
		case *financetypes.MsgApproveFinancing:
			a, err := f.open(m.ApplicationId, m.Bank, signer)
			if err != nil {
				return chain.Result{}, err
			}
			l := financetypes.Loan{Id: uint64(len(f.LoanBook) + 1), DeclarationId: a.DeclarationId, ApplicationId: a.Id, Borrower: a.Borrower, Lender: m.Bank,
				Currency: a.Currency, Denom: m.Denom, Principal: m.Principal, Outstanding: m.Principal, Counted: m.Principal,
				RateBps: m.RateBps, Maturity: m.Maturity, Status: financetypes.LOAN_STATUS_ACTIVE,
				CollateralDenom: a.CollateralDenom, CollateralAmount: a.CollateralAmount}
			f.LoanBook = append(f.LoanBook, l)
			a.Status, a.LoanId, a.ClosedHeight = financetypes.APPLICATION_STATUS_APPROVED, l.Id, f.height
			res.LoanID = l.Id
		case *financetypes.MsgRejectFinancing:
			a, err := f.open(m.ApplicationId, m.Bank, signer)
			if err != nil {
				return chain.Result{}, err
			}
			a.Status, a.Reason, a.RejectNote, a.ClosedHeight = financetypes.APPLICATION_STATUS_REJECTED, m.Reason, m.Note, f.height
		default:
			return chain.Result{}, fmt.Errorf("%w: the fake chain does not run %T", chain.ErrRejected, m)
		}
	}
	f.txs[res.TxHash] = res
	if f.SendUnconfirmed {
		return chain.Result{TxHash: res.TxHash}, fmt.Errorf("%w: tx %s not included in time", chain.ErrUnavailable, res.TxHash)
	}
	return res, nil
}

// open is a submitted application to bank, answered by bank itself.
func (f *Fake) open(id uint64, bank, signer string) (*financetypes.Application, error) {
	if id == 0 || id > uint64(len(f.Apps)) {
		return nil, refusal(financetypes.ErrApplicationNotFound, fmt.Sprintf("application %d", id))
	}
	a := &f.Apps[id-1]
	switch {
	case bank != signer || a.Bank != bank:
		return nil, refusal(financetypes.ErrNotBank, "only the bank applied to answers")
	case a.Status != financetypes.APPLICATION_STATUS_PENDING:
		return nil, refusal(financetypes.ErrApplicationNotOpen, fmt.Sprintf("application %d is %s", id, a.Status))
	}
	return a, nil
}
