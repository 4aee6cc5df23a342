package keeper

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/finance/types"
)

type queryServer struct{ k Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the Query service implementation.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k: k} }

// maxLoansPerDeclaration bounds the loans a declaration query lists.
const maxLoansPerDeclaration = 100

var errEmpty = status.Error(codes.InvalidArgument, "empty request")

func grpcErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, types.ErrDeclarationNotFound), errors.Is(err, types.ErrLoanNotFound), errors.Is(err, types.ErrApplicationNotFound):
		return status.Error(codes.NotFound, err.Error())
	default:
		return status.Error(codes.Internal, err.Error())
	}
}

func (q queryServer) address(field, s string) (sdk.AccAddress, error) {
	a, err := q.k.addressCodec.StringToBytes(s)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "invalid %s address: %s", field, err)
	}
	return a, nil
}

// Params returns the module parameters.
func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	p, err := q.k.GetParams(ctx)
	return &types.QueryParamsResponse{Params: p}, grpcErr(err)
}

// Declaration returns a declaration, its balance, whether it is cleared on
// chain and its loans (the first 100).
func (q queryServer) Declaration(ctx context.Context, req *types.QueryDeclarationRequest) (*types.QueryDeclarationResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	id := req.Id
	if id == 0 {
		if req.Jurisdiction == "" || req.Number == "" {
			return nil, status.Error(codes.InvalidArgument, "name a declaration by id, or by jurisdiction and number")
		}
		var err error
		id, err = q.k.DeclarationByNumber.Get(ctx, types.NumberKey(req.Jurisdiction, req.Number))
		if errors.Is(err, collections.ErrNotFound) {
			return nil, status.Errorf(codes.NotFound, "no %s declaration %s is recorded", req.Jurisdiction, req.Number)
		} else if err != nil {
			return nil, grpcErr(err)
		}
	}
	d, err := q.k.GetDeclaration(ctx, id)
	if err != nil {
		return nil, grpcErr(err)
	}
	cleared, _, err := q.k.Cleared(ctx, d)
	if err != nil {
		return nil, grpcErr(err)
	}
	loans, _, err := keeperkit.PageOfPrefix(ctx, q.k.LoansByDeclaration, q.k.GetLoan, d.Id, &query.PageRequest{Limit: maxLoansPerDeclaration}, nil)
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryDeclarationResponse{Declaration: d, Remaining: d.Remaining().String(), Cleared: cleared, Loans: loans}, nil
}

// Declarations lists declarations, optionally of one exporter.
func (q queryServer) Declarations(ctx context.Context, req *types.QueryDeclarationsRequest) (*types.QueryDeclarationsResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	var (
		out  []types.Declaration
		page *query.PageResponse
		err  error
	)
	switch {
	case req.Exporter != "":
		a, aerr := q.address("exporter", req.Exporter)
		if aerr != nil {
			return nil, aerr
		}
		out, page, err = keeperkit.PageOfPrefix(ctx, q.k.DeclarationsByExporter, q.k.GetDeclaration, a, req.Pagination, nil)
	case req.LotId != 0:
		out, page, err = keeperkit.PageOfPrefix(ctx, q.k.DeclarationsByLot, q.k.GetDeclaration, req.LotId, req.Pagination, nil)
	default:
		out, page, err = query.CollectionPaginate(ctx, q.k.Declarations, req.Pagination,
			func(_ uint64, d types.Declaration) (types.Declaration, error) { return d, nil })
	}
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryDeclarationsResponse{Declarations: out, Pagination: page}, nil
}

// Loan returns a loan and, while it is active, what repays it now.
func (q queryServer) Loan(ctx context.Context, req *types.QueryLoanRequest) (*types.QueryLoanResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	l, err := q.k.GetLoan(ctx, req.Id)
	if err != nil {
		return nil, grpcErr(err)
	}
	interest, total := math.ZeroInt(), math.ZeroInt()
	if l.Live() {
		interest, total = l.Due(blockTime(ctx))
	}
	return &types.QueryLoanResponse{Loan: l, InterestDue: interest.String(), TotalDue: total.String()}, nil
}

// Loans lists loans by lender, borrower or declaration, filtered by status.
func (q queryServer) Loans(ctx context.Context, req *types.QueryLoansRequest) (*types.QueryLoansResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	keep := func(l types.Loan) bool { return req.Status == types.LOAN_STATUS_UNSPECIFIED || l.Status == req.Status }
	var (
		out  []types.Loan
		page *query.PageResponse
		err  error
	)
	switch {
	case req.Lender != "":
		a, aerr := q.address("lender", req.Lender)
		if aerr != nil {
			return nil, aerr
		}
		out, page, err = keeperkit.PageOfPrefix(ctx, q.k.LoansByLender, q.k.GetLoan, a, req.Pagination, keep)
	case req.Borrower != "":
		a, aerr := q.address("borrower", req.Borrower)
		if aerr != nil {
			return nil, aerr
		}
		out, page, err = keeperkit.PageOfPrefix(ctx, q.k.LoansByBorrower, q.k.GetLoan, a, req.Pagination, keep)
	case req.DeclarationId != 0:
		out, page, err = keeperkit.PageOfPrefix(ctx, q.k.LoansByDeclaration, q.k.GetLoan, req.DeclarationId, req.Pagination, keep)
	case req.Status != types.LOAN_STATUS_UNSPECIFIED:
		// a back office's "every active loan" reads the status index, not every loan ever made
		out, page, err = query.CollectionPaginate(ctx, q.k.Loans.Indexes.Status, req.Pagination,
			func(key collections.Pair[int32, uint64], _ collections.NoValue) (types.Loan, error) {
				return q.k.GetLoan(ctx, key.K2())
			}, query.WithCollectionPaginationPairPrefix[int32, uint64](int32(req.Status)))
	default:
		out, page, err = query.CollectionPaginate(ctx, q.k.Loans, req.Pagination,
			func(_ uint64, l types.Loan) (types.Loan, error) { return l, nil })
	}
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryLoansResponse{Loans: out, Pagination: page}, nil
}

// Application returns one application.
func (q queryServer) Application(ctx context.Context, req *types.QueryApplicationRequest) (*types.QueryApplicationResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	a, err := q.k.GetApplication(ctx, req.Id)
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryApplicationResponse{Application: a}, nil
}

// Applications lists applications by bank or borrower, filtered by status.
func (q queryServer) Applications(ctx context.Context, req *types.QueryApplicationsRequest) (*types.QueryApplicationsResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	keep := func(a types.Application) bool {
		return req.Status == types.APPLICATION_STATUS_UNSPECIFIED || a.Status == req.Status
	}
	var (
		out  []types.Application
		page *query.PageResponse
		err  error
	)
	switch {
	case req.Bank != "":
		a, aerr := q.address("bank", req.Bank)
		if aerr != nil {
			return nil, aerr
		}
		out, page, err = keeperkit.PageOfPrefix(ctx, q.k.ApplicationsByBank, q.k.GetApplication, a, req.Pagination, keep)
	case req.Borrower != "":
		a, aerr := q.address("borrower", req.Borrower)
		if aerr != nil {
			return nil, aerr
		}
		out, page, err = keeperkit.PageOfPrefix(ctx, q.k.ApplicationsByBorrower, q.k.GetApplication, a, req.Pagination, keep)
	default:
		out, page, err = query.CollectionFilteredPaginate(ctx, q.k.Applications, req.Pagination,
			func(_ uint64, a types.Application) (bool, error) { return keep(a), nil },
			func(_ uint64, a types.Application) (types.Application, error) { return a, nil })
	}
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryApplicationsResponse{Applications: out, Pagination: page}, nil
}
