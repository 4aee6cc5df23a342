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

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

type queryServer struct{ k Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the Query service implementation.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k: k} }

// grpcErr maps a keeper error to a gRPC status.
func grpcErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, types.ErrParticipantNotFound), errors.Is(err, types.ErrClassNotFound),
		errors.Is(err, types.ErrLotNotFound), errors.Is(err, types.ErrPackageNotFound), errors.Is(err, types.ErrPledgeNotFound):
		return status.Error(codes.NotFound, err.Error())
	case errors.Is(err, types.ErrInvalidAddress):
		return status.Error(codes.InvalidArgument, err.Error())
	default:
		return status.Error(codes.Internal, err.Error())
	}
}

func (q queryServer) addr(field, s string) (sdk.AccAddress, error) {
	a, err := q.k.addressCodec.StringToBytes(s)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "invalid %s address: %s", field, err)
	}
	return a, nil
}

// Params returns the module parameters.
func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.k.GetParams(ctx)
	return &types.QueryParamsResponse{Params: p}, grpcErr(err)
}

// Participant returns one participant.
func (q queryServer) Participant(ctx context.Context, req *types.QueryParticipantRequest) (*types.QueryParticipantResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.k.GetParticipant(ctx, req.Address)
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryParticipantResponse{Participant: p}, nil
}

// Participants lists participants, all or those holding a role (in a jurisdiction).
func (q queryServer) Participants(ctx context.Context, req *types.QueryParticipantsRequest) (*types.QueryParticipantsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if req.Jurisdiction != "" && req.Role == types.ROLE_UNSPECIFIED {
		return nil, status.Error(codes.InvalidArgument, "jurisdiction filters a role: give role too")
	}
	if req.Role != types.ROLE_UNSPECIFIED && !types.ValidRole(req.Role) {
		return nil, status.Errorf(codes.InvalidArgument, "unknown role %d", req.Role)
	}
	if req.Role != types.ROLE_UNSPECIFIED && req.Jurisdiction != "" {
		out, page, err := query.CollectionPaginate(ctx, q.k.RoleIndex, req.Pagination,
			func(key collections.Pair[string, sdk.AccAddress], _ collections.NoValue) (types.Participant, error) {
				return q.k.Participants.Get(ctx, key.K2())
			}, query.WithCollectionPaginationPairPrefix[string, sdk.AccAddress](RoleKey(req.Role, req.Jurisdiction)))
		if err != nil {
			return nil, grpcErr(err)
		}
		return &types.QueryParticipantsResponse{Participants: out, Pagination: page}, nil
	}
	out, page, err := query.CollectionFilteredPaginate(ctx, q.k.Participants, req.Pagination,
		func(_ sdk.AccAddress, p types.Participant) (bool, error) {
			return req.Role == types.ROLE_UNSPECIFIED || p.HasAnyJurisdiction(req.Role), nil
		},
		func(_ sdk.AccAddress, p types.Participant) (types.Participant, error) { return p, nil })
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryParticipantsResponse{Participants: out, Pagination: page}, nil
}

// Class returns one commodity class.
func (q queryServer) Class(ctx context.Context, req *types.QueryClassRequest) (*types.QueryClassResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	c, err := q.k.GetClass(ctx, req.Code)
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryClassResponse{Class: c}, nil
}

// Classes lists commodity classes.
func (q queryServer) Classes(ctx context.Context, req *types.QueryClassesRequest) (*types.QueryClassesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	out, page, err := query.CollectionPaginate(ctx, q.k.Classes, req.Pagination,
		func(_ string, c types.CommodityClass) (types.CommodityClass, error) { return c, nil })
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryClassesResponse{Classes: out, Pagination: page}, nil
}

// Lot returns one lot, its active holds and whether its units may move.
func (q queryServer) Lot(ctx context.Context, req *types.QueryLotRequest) (*types.QueryLotResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	lot, err := q.k.GetLot(ctx, req.Id)
	if err != nil {
		return nil, grpcErr(err)
	}
	res := &types.QueryLotResponse{Lot: lot, Transferable: true}
	err = q.k.ActiveHolds.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint64](lot.Id), func(key collections.Pair[uint64, uint64]) (bool, error) {
		h, err := q.k.Holds.Get(ctx, key.K2())
		res.ActiveHolds = append(res.ActiveHolds, h)
		return false, err
	})
	if err != nil {
		return nil, grpcErr(err)
	}
	if !lot.IsLive() {
		res.Transferable, res.Reason = false, "lot is "+lot.Status.String()
	} else if err := q.k.CheckLotMovable(ctx, lot.Id); err != nil {
		res.Transferable, res.Reason = false, err.Error()
	}
	return res, nil
}

// Lots lists lots, optionally by one of class, status or issuer.
func (q queryServer) Lots(ctx context.Context, req *types.QueryLotsRequest) (*types.QueryLotsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	filters := 0
	for _, set := range []bool{req.ClassCode != "", req.Status != types.LOT_STATUS_UNSPECIFIED, req.Issuer != ""} {
		if set {
			filters++
		}
	}
	if filters > 1 {
		return nil, status.Error(codes.InvalidArgument, "filter by at most one of class_code, status, issuer")
	}
	var (
		out  []types.Lot
		page *query.PageResponse
		err  error
	)
	switch {
	case req.ClassCode != "":
		out, page, err = paginateIndex(ctx, q.k, q.k.Lots.Indexes.Class, req.ClassCode, req.Pagination)
	case req.Status != types.LOT_STATUS_UNSPECIFIED:
		out, page, err = paginateIndex(ctx, q.k, q.k.Lots.Indexes.Status, int32(req.Status), req.Pagination)
	case req.Issuer != "":
		a, aerr := q.addr("issuer", req.Issuer)
		if aerr != nil {
			return nil, aerr
		}
		out, page, err = paginateIndex(ctx, q.k, q.k.Lots.Indexes.Issuer, a, req.Pagination)
	default:
		out, page, err = query.CollectionPaginate(ctx, q.k.Lots, req.Pagination,
			func(_ uint64, l types.Lot) (types.Lot, error) { return l, nil })
	}
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryLotsResponse{Lots: out, Pagination: page}, nil
}

// indexColl is a Multi index as pagination sees it.
type indexColl[R any] interface {
	query.Collection[collections.Pair[R, uint64], collections.NoValue]
}

func paginateIndex[R any](ctx context.Context, k Keeper, idx indexColl[R], ref R, page *query.PageRequest) ([]types.Lot, *query.PageResponse, error) {
	return query.CollectionPaginate(ctx, idx, page,
		func(key collections.Pair[R, uint64], _ collections.NoValue) (types.Lot, error) {
			return k.Lots.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[R, uint64](ref))
}

// LotHistory returns everything recorded about a lot.
func (q queryServer) LotHistory(ctx context.Context, req *types.QueryLotHistoryRequest) (*types.QueryLotHistoryResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	lot, err := q.k.GetLot(ctx, req.Id)
	if err != nil {
		return nil, grpcErr(err)
	}
	res := &types.QueryLotHistoryResponse{Parents: lot.Parents, Children: lot.Children}
	r := collections.NewPrefixedPairRange[uint64, uint64](lot.Id)
	if err := q.k.Attestations.Walk(ctx, r, func(_ collections.Pair[uint64, uint64], a types.Attestation) (bool, error) {
		res.Attestations = append(res.Attestations, a)
		return false, nil
	}); err != nil {
		return nil, grpcErr(err)
	}
	if err := q.k.StatusChanges.Walk(ctx, r, func(_ collections.Pair[uint64, uint64], s types.StatusChange) (bool, error) {
		res.StatusChanges = append(res.StatusChanges, s)
		return false, nil
	}); err != nil {
		return nil, grpcErr(err)
	}
	if err := q.k.LotHolds.Walk(ctx, r, func(key collections.Pair[uint64, uint64]) (bool, error) {
		h, err := q.k.Holds.Get(ctx, key.K2())
		res.Holds = append(res.Holds, h)
		return false, err
	}); err != nil {
		return nil, grpcErr(err)
	}
	return res, nil
}

// Package returns one package.
func (q queryServer) Package(ctx context.Context, req *types.QueryPackageRequest) (*types.QueryPackageResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.k.GetPackage(ctx, req.Id)
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryPackageResponse{Package: p}, nil
}

// Packages lists packages.
func (q queryServer) Packages(ctx context.Context, req *types.QueryPackagesRequest) (*types.QueryPackagesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	out, page, err := query.CollectionPaginate(ctx, q.k.Packages, req.Pagination,
		func(_ uint64, p types.Package) (types.Package, error) { return p, nil })
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryPackagesResponse{Packages: out, Pagination: page}, nil
}

// Pledges lists pledges by exactly one of lender or holder.
func (q queryServer) Pledges(ctx context.Context, req *types.QueryPledgesRequest) (*types.QueryPledgesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if (req.Lender == "") == (req.Holder == "") {
		return nil, status.Error(codes.InvalidArgument, "give exactly one of lender or holder")
	}
	idx, who, field := q.k.Pledges.Indexes.Lender, req.Lender, "lender"
	if req.Holder != "" {
		idx, who, field = q.k.Pledges.Indexes.Holder, req.Holder, "holder"
	}
	a, err := q.addr(field, who)
	if err != nil {
		return nil, err
	}
	out, page, err := query.CollectionPaginate(ctx, idx, req.Pagination,
		func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Pledge, error) {
			return q.k.Pledges.Get(ctx, key.K2())
		}, query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](a))
	if err != nil {
		return nil, grpcErr(err)
	}
	return &types.QueryPledgesResponse{Pledges: out, Pagination: page}, nil
}

// MaxHoldingsPledgeScan bounds the pledges of the holder (every status, every
// denom: closed ones stay on record) one Holdings query walks for the active
// ones of its lots; a holder with more is refused rather than read at any cost.
const MaxHoldingsPledgeScan = 10_000

// Holdings reads a holder's participant record and its position in each
// lot asked for, all from the one state the query runs against.
func (q queryServer) Holdings(ctx context.Context, req *types.QueryHoldingsRequest) (*types.QueryHoldingsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	holder, err := q.addr("holder", req.Holder)
	if err != nil {
		return nil, err
	}
	if len(req.LotIds) == 0 || len(req.LotIds) > types.MaxHoldingsLots {
		return nil, status.Errorf(codes.InvalidArgument, "name 1 to %d lots", types.MaxHoldingsLots)
	}
	res := &types.QueryHoldingsResponse{Holdings: make([]types.Holding, len(req.LotIds))}
	at := make(map[string]int, len(req.LotIds)) // denom → index in Holdings, for the pledges below
	for i, id := range req.LotIds {
		denom := types.LotDenom(id)
		if _, dup := at[denom]; dup {
			return nil, status.Errorf(codes.InvalidArgument, "lot %d is named twice", id)
		}
		at[denom] = i
		h := &res.Holdings[i]
		h.LotId, h.Balance = id, math.ZeroInt()
		lot, err := q.k.Lots.Get(ctx, id)
		if errors.Is(err, collections.ErrNotFound) {
			continue
		} else if err != nil {
			return nil, grpcErr(err)
		}
		h.Lot = &lot
		class, err := q.k.Classes.Get(ctx, lot.ClassCode)
		if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return nil, grpcErr(err)
		} else if err == nil {
			h.Class = &class
		}
		h.Balance = q.k.bank.GetBalance(ctx, holder, denom).Amount
	}
	p, err := q.k.Participants.Get(ctx, holder)
	if err == nil {
		res.Participant = &p
	} else if !errors.Is(err, collections.ErrNotFound) {
		return nil, grpcErr(err)
	}
	// the holder's pledges in id order, the active ones of the lots asked for
	walked := 0
	err = q.k.Pledges.Indexes.Holder.Walk(ctx, collections.NewPrefixedPairRange[sdk.AccAddress, uint64](holder),
		func(_ sdk.AccAddress, id uint64) (bool, error) {
			if walked++; walked > MaxHoldingsPledgeScan {
				return true, nil
			}
			pl, err := q.k.Pledges.Get(ctx, id)
			if err != nil {
				return true, err
			}
			if i, ok := at[pl.Denom]; ok && pl.Status == types.PLEDGE_STATUS_ACTIVE && res.Holdings[i].Lot != nil {
				res.Holdings[i].ActivePledges = append(res.Holdings[i].ActivePledges, pl)
			}
			return false, nil
		})
	if err != nil {
		return nil, grpcErr(err)
	}
	if walked > MaxHoldingsPledgeScan {
		return nil, status.Errorf(codes.FailedPrecondition,
			"the holder has more than %d pledges on record: read them with the Pledges query, page by page", MaxHoldingsPledgeScan)
	}
	return res, nil
}
