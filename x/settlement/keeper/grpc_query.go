package keeper

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
)

type queryServer struct{ k Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the Query service implementation.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k: k} }

func grpcErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, types.ErrCurrencyNotFound), errors.Is(err, types.ErrQuoteNotFound),
		errors.Is(err, types.ErrInstructionNotFound), errors.Is(err, types.ErrCycleNotFound),
		errors.Is(err, types.ErrPayoutNotFound):
		return status.Error(codes.NotFound, err.Error())
	default:
		return status.Error(codes.Internal, err.Error())
	}
}

var errEmpty = status.Error(codes.InvalidArgument, "empty request")

// Params returns the module parameters.
func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	p, err := q.k.GetParams(ctx)
	return &types.QueryParamsResponse{Params: p}, grpcErr(err)
}

// Currency returns one currency.
func (q queryServer) Currency(ctx context.Context, req *types.QueryCurrencyRequest) (*types.QueryCurrencyResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	c, err := q.k.GetCurrency(ctx, req.Code)
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryCurrencyResponse{Currency: c}, nil
}

// Currencies lists currencies.
func (q queryServer) Currencies(ctx context.Context, req *types.QueryCurrenciesRequest) (*types.QueryCurrenciesResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	out, page, err := query.CollectionPaginate(ctx, q.k.Currencies, req.Pagination,
		func(_ string, c types.Currency) (types.Currency, error) { return c, nil })
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryCurrenciesResponse{Currencies: out, Pagination: page}, nil
}

// Quote returns one quote.
func (q queryServer) Quote(ctx context.Context, req *types.QueryQuoteRequest) (*types.QueryQuoteResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	qt, err := q.k.GetQuote(ctx, req.Id)
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryQuoteResponse{Quote: qt}, nil
}

// Quotes lists quotes, optionally of one pair.
func (q queryServer) Quotes(ctx context.Context, req *types.QueryQuotesRequest) (*types.QueryQuotesResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	if (req.Base == "") != (req.Quote == "") {
		return nil, status.Error(codes.InvalidArgument, "give base and quote together")
	}
	if req.Base == "" {
		out, page, err := query.CollectionPaginate(ctx, q.k.Quotes, req.Pagination,
			func(_ uint64, qt types.Quote) (types.Quote, error) { return qt, nil })
		if err != nil {
			return nil, grpcErr(err)
		}
		return &types.QueryQuotesResponse{Quotes: out, Pagination: page}, nil
	}
	out, page, err := query.CollectionPaginate(ctx, q.k.QuotesByPair, req.Pagination,
		func(key collections.Pair[string, uint64], _ collections.NoValue) (types.Quote, error) {
			return q.k.Quotes.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[string, uint64](pairKey(req.Base, req.Quote)))
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryQuotesResponse{Quotes: out, Pagination: page}, nil
}

// Instruction returns one instruction.
func (q queryServer) Instruction(ctx context.Context, req *types.QueryInstructionRequest) (*types.QueryInstructionResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	in, err := q.k.GetInstruction(ctx, req.Id)
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryInstructionResponse{Instruction: in}, nil
}

// Instructions lists instructions of a party and/or in a status.
func (q queryServer) Instructions(ctx context.Context, req *types.QueryInstructionsRequest) (*types.QueryInstructionsResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	keep := func(in types.Instruction) bool {
		return req.Status == types.INSTRUCTION_STATUS_UNSPECIFIED || in.Status == req.Status
	}
	var (
		out  []types.Instruction
		page *query.PageResponse
		err  error
	)
	switch {
	case req.Party != "":
		a, aerr := q.k.addressCodec.StringToBytes(req.Party)
		if aerr != nil {
			return nil, status.Errorf(codes.InvalidArgument, "invalid party address: %s", aerr)
		}
		out, page, err = keeperkit.PageOfPrefix(ctx, q.k.InstructionsByParty, q.k.Instructions.Get, sdk.AccAddress(a), req.Pagination, keep)
	case req.Status != types.INSTRUCTION_STATUS_UNSPECIFIED:
		out, page, err = query.CollectionPaginate(ctx, q.k.Instructions.Indexes.Status, req.Pagination,
			func(key collections.Pair[int32, uint64], _ collections.NoValue) (types.Instruction, error) {
				return q.k.Instructions.Get(ctx, key.K2())
			}, query.WithCollectionPaginationPairPrefix[int32, uint64](int32(req.Status)))
	default:
		out, page, err = query.CollectionPaginate(ctx, q.k.Instructions, req.Pagination,
			func(_ uint64, in types.Instruction) (types.Instruction, error) { return in, nil })
	}
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryInstructionsResponse{Instructions: out, Pagination: page}, nil
}

// Cycle returns a netting cycle report.
func (q queryServer) Cycle(ctx context.Context, req *types.QueryCycleRequest) (*types.QueryCycleResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	c, err := q.k.Cycles.Get(ctx, req.Id)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, grpcErr(types.ErrCycleNotFound.Wrapf("cycle %d", req.Id))
	} else if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryCycleResponse{Cycle: c}, nil
}

// Escrow lists what an instruction holds in escrow: its funded gross legs.
func (q queryServer) Escrow(ctx context.Context, req *types.QueryEscrowRequest) (*types.QueryEscrowResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	in, err := q.k.GetInstruction(ctx, req.InstructionId)
	if err != nil {
		return nil, grpcErr(err)
	}
	held := sdk.NewCoins()
	for _, c := range escrowOf(in) {
		held = held.Add(c)
	}
	return &types.QueryEscrowResponse{Held: denomAmounts(held)}, nil
}

// Payout returns one payout.
func (q queryServer) Payout(ctx context.Context, req *types.QueryPayoutRequest) (*types.QueryPayoutResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	p, err := q.k.GetPayout(ctx, req.Id)
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryPayoutResponse{Payout: p}, nil
}

// Payouts lists payouts of an owner and/or in a status, with the claimable
// total of the page per denom.
func (q queryServer) Payouts(ctx context.Context, req *types.QueryPayoutsRequest) (*types.QueryPayoutsResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	keep := func(p types.Payout) bool {
		return req.Status == types.PAYOUT_STATUS_UNSPECIFIED || p.Status == req.Status
	}
	var (
		out  []types.Payout
		page *query.PageResponse
		err  error
	)
	if req.Owner != "" {
		a, aerr := q.k.addressCodec.StringToBytes(req.Owner)
		if aerr != nil {
			return nil, status.Errorf(codes.InvalidArgument, "invalid owner address: %s", aerr)
		}
		out, page, err = keeperkit.PageOfPrefix(ctx, q.k.PayoutsByOwner, q.k.Payouts.Get, sdk.AccAddress(a), req.Pagination, keep)
	} else {
		out, page, err = query.CollectionFilteredPaginate(ctx, q.k.Payouts, req.Pagination,
			func(_ uint64, p types.Payout) (bool, error) { return keep(p), nil },
			func(_ uint64, p types.Payout) (types.Payout, error) { return p, nil })
	}
	if err != nil {
		return nil, grpcErr(err)
	}
	claimable := sdk.NewCoins()
	for _, p := range out {
		if p.Status == types.PAYOUT_STATUS_CLAIMABLE {
			claimable = claimable.Add(sdk.NewCoin(p.Denom, p.Amount))
		}
	}
	return &types.QueryPayoutsResponse{Payouts: out, Claimable: denomAmounts(claimable), Pagination: page}, nil
}

func denomAmounts(cs sdk.Coins) []types.DenomAmount {
	out := make([]types.DenomAmount, len(cs))
	for i, c := range cs {
		out[i] = types.DenomAmount{Denom: c.Denom, Amount: c.Amount}
	}
	return out
}

// escrowOf is what an open gross instruction holds: each funded leg's funding.
func escrowOf(in types.Instruction) []sdk.Coin {
	if in.Status != types.INSTRUCTION_STATUS_OPEN || in.Netting {
		return nil
	}
	var out []sdk.Coin
	for _, l := range in.Legs {
		if l.Funded && l.LoanId == 0 {
			out = append(out, funding(l))
		}
	}
	return out
}
