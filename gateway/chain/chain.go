// Package chain is the gateway's only way to the corridor chain: queries
// over gRPC with the generated clients, and transactions signed with a
// keyring key and broadcast through the gRPC tx service. It never touches
// a keeper.
package chain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"

	financetypes "github.com/corridor-chain/corridor/x/finance/types"
	settlementtypes "github.com/corridor-chain/corridor/x/settlement/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// ErrUnavailable is a chain that did not answer (or answered that it is
// not serving); the gateway maps it to 503.
var ErrUnavailable = errors.New("chain unavailable")

// ErrRejected is a transaction the chain refused (CheckTx or DeliverTx);
// the gateway maps it to 422 with the chain's log.
var ErrRejected = errors.New("transaction rejected by the chain")

// LotView is a lot with its active customs holds and whether it may move.
type LotView struct {
	Lot          tokenizetypes.Lot
	ActiveHolds  []tokenizetypes.Hold
	Transferable bool
	Reason       string
}

// Result is an included transaction.
type Result struct {
	TxHash string
	Height int64
	// AttestationIDs are the ids the chain assigned, one per MsgAttest.
	AttestationIDs []uint64
	// DeclarationID is the x/finance record the transaction made (0: none).
	DeclarationID uint64
	// ApplicationID and LoanID are the financing application and the loan
	// the transaction made (0: none).
	ApplicationID, LoanID uint64
}

// Decision is what one customs decision signs, in one transaction: one
// MsgAttest per linked lot and, for a clearance of an export declaration,
// its x/finance record with the value customs verified.
type Decision struct {
	Attests []*tokenizetypes.MsgAttest
	Record  *financetypes.MsgRecordDeclaration
}

// Msgs are the decision's messages in transaction order.
func (d Decision) Msgs() []sdk.Msg {
	out := make([]sdk.Msg, 0, len(d.Attests)+1)
	for _, m := range d.Attests {
		out = append(out, m)
	}
	if d.Record != nil {
		out = append(out, d.Record)
	}
	return out
}

// Settled is a settled instruction with the time of the block that
// settled it.
type Settled struct {
	Instruction settlementtypes.Instruction
	At          time.Time
}

// Financing is a declaration's record on chain with its financing balance.
type Financing = financetypes.QueryDeclarationResponse

// Holdings is a holder's record and its position in each lot asked for.
type Holdings = tokenizetypes.QueryHoldingsResponse

// Client is what the gateway asks of the chain. A not-found lot, class or
// participant is (nil, nil); a chain that does not answer is
// ErrUnavailable.
type Client interface {
	Lot(ctx context.Context, id uint64) (*LotView, error)
	Class(ctx context.Context, code string) (*tokenizetypes.CommodityClass, error)
	// Holdings is what a verify reads, in one query and so of one block:
	// the holder's participant record (nil: none) and, for each lot in the
	// order given (at most 32, distinct), the lot (nil: no such lot), its
	// class, the holder's balance of its units and active pledges of them.
	Holdings(ctx context.Context, holder string, lotIDs []uint64) (*Holdings, error)
	Attestations(ctx context.Context, lotID uint64) ([]tokenizetypes.Attestation, error)
	// Currency is a registered currency.
	Currency(ctx context.Context, code string) (*settlementtypes.Currency, error)
	// Financing is the x/finance record of a declaration by jurisdiction
	// and number, with its balance and loans.
	Financing(ctx context.Context, jurisdiction, number string) (*Financing, error)
	// FinancingByID is an x/finance record by its on-chain id.
	FinancingByID(ctx context.Context, id uint64) (*Financing, error)
	// DeclarationOfLot is the x/finance record that declares a lot.
	DeclarationOfLot(ctx context.Context, lotID uint64) (*financetypes.Declaration, error)
	// Applications are the financing applications by bank and/or borrower
	// (empty: any) in a status (UNSPECIFIED: any), newest last.
	Applications(ctx context.Context, bank, borrower string, status financetypes.ApplicationStatus) ([]financetypes.Application, error)
	// Application is one application by id.
	Application(ctx context.Context, id uint64) (*financetypes.Application, error)
	// Settled are the instructions settled at or after since (of the
	// newest 5,000).
	Settled(ctx context.Context, since time.Time) ([]Settled, error)
	// Banks are the active participants holding the BANK role.
	Banks(ctx context.Context) ([]tokenizetypes.Participant, error)
	// Loans are the loans by lender and/or borrower (empty: any).
	Loans(ctx context.Context, lender, borrower string) ([]financetypes.Loan, error)
	// LotHistory is a lot's attestations, status changes and holds.
	LotHistory(ctx context.Context, lotID uint64) (*tokenizetypes.QueryLotHistoryResponse, error)
	Ping(ctx context.Context) error

	// Send signs msgs as signer (the subject's own key, or this replica's
	// grantee under the signer's x/authz grant), broadcasts them and waits
	// for their block. It is for messages the chain itself makes
	// idempotent (an application is approved once), unlike Submit. An
	// error after the broadcast comes with the Result's TxHash set: the
	// transaction may still be included.
	Send(ctx context.Context, signer string, msgs ...sdk.Msg) (Result, error)

	// Submit signs msgs, calls keep with the signed bytes before sending
	// them, broadcasts them and waits for their block; one signer's
	// transactions get consecutive sequences however many are in flight.
	Submit(ctx context.Context, d Decision, keep func(txBytes []byte, txHash string) error) (Result, error)
	// Broadcast sends signed bytes (sync) and waits for their block. A
	// transaction already known to the chain (a retry) is waited for too.
	Broadcast(ctx context.Context, txBytes []byte, txHash string) (Result, error)
	// FindTx looks up an included transaction: (nil, nil) when unknown.
	FindTx(ctx context.Context, txHash string) (*Result, error)
}

// classify turns a gRPC error into ErrUnavailable or a not-found nil.
func classify(err error) (notFound bool, out error) {
	if err == nil {
		return false, nil
	}
	switch status.Code(err) {
	case codes.NotFound:
		return true, nil
	case codes.Unimplemented:
		// a node older than this gateway does not serve a query it needs
		return false, fmt.Errorf("%w: the node does not serve this gateway's queries (upgrade the node): %v", ErrUnavailable, err)
	case codes.Unavailable, codes.DeadlineExceeded, codes.Canceled, codes.Aborted, codes.ResourceExhausted:
		return false, fmt.Errorf("%w: %v", ErrUnavailable, err)
	case codes.Unknown:
		// a node that has just restarted has no block in its query state
		// yet and answers every query at the latest height with the SDK's
		// invalid height error: not ready, like a node that is down
		// a node still catching up refuses broadcasts (CometBFT's
		// ErrEndpointClosedCatchingUp) and a full mempool refuses new
		// transactions: both pass
		msg := status.Convert(err).Message()
		if strings.HasPrefix(msg, notReady) || strings.Contains(msg, catchingUp) || strings.Contains(msg, "mempool is full") {
			return false, fmt.Errorf("%w: the node is not ready: %v", ErrUnavailable, err)
		}
	}
	return false, err
}

// notReady begins the SDK's answer (sdkerrors.ErrInvalidHeight) to a query
// at the latest height before the node has committed or replayed a block
// ("context did not contain latest block height…", or "…is not ready;
// please wait for first block" on a new node). The gateway queries only at
// the latest height, so the error can mean nothing else.
const notReady = "codespace sdk code 26: invalid height"

// catchingUp is CometBFT's refusal to broadcast while the node syncs.
const catchingUp = "endpoint is closed while node is catching up"
