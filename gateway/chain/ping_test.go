package chain

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// holdingsOnly answers Holdings as a node of this release does a request
// with no holder.
type holdingsOnly struct {
	tokenizetypes.UnimplementedQueryServer
}

func (holdingsOnly) Holdings(context.Context, *tokenizetypes.QueryHoldingsRequest) (*tokenizetypes.QueryHoldingsResponse, error) {
	return nil, status.Error(codes.InvalidArgument, "invalid holder address: empty address string is not allowed")
}

// olderNode answers what a node before Holdings did (its params) and
// nothing else.
type olderNode struct {
	tokenizetypes.UnimplementedQueryServer
}

func (olderNode) Params(context.Context, *tokenizetypes.QueryParamsRequest) (*tokenizetypes.QueryParamsResponse, error) {
	return &tokenizetypes.QueryParamsResponse{Params: tokenizetypes.DefaultParams()}, nil
}

// serve runs a gRPC server on loopback with what register puts on it.
func serve(t *testing.T, register func(*grpc.Server)) *GRPC {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := grpc.NewServer()
	register(s)
	go func() { _ = s.Serve(lis) }()
	t.Cleanup(s.Stop)
	cdc, err := NewCodec()
	require.NoError(t, err)
	g, err := Dial(Config{GRPC: lis.Addr().String()}, cdc)
	require.NoError(t, err)
	t.Cleanup(func() { _ = g.Close() })
	return g
}

// Readiness asks the node the verify's query: a node of this release is
// ready; one older than the gateway (no Holdings: Unimplemented) is not,
// and says to upgrade it.
func TestPingNeedsTheHoldingsQuery(t *testing.T) {
	ready := serve(t, func(s *grpc.Server) { tokenizetypes.RegisterQueryServer(s, &holdingsOnly{}) })
	require.NoError(t, ready.Ping(context.Background()))

	old := serve(t, func(s *grpc.Server) { tokenizetypes.RegisterQueryServer(s, &olderNode{}) })
	err := old.Ping(context.Background())
	require.True(t, errors.Is(err, ErrUnavailable), "got %v", err)
	require.Contains(t, err.Error(), "upgrade the node")
}
