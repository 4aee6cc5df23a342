package chain

import (
	"context"
	"net"
	"strconv"
	"sync"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	grpctypes "github.com/cosmos/cosmos-sdk/types/grpc"

	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// heightServer answers Participant as a node's gRPC server does: from the
// block the request names in x-cosmos-block-height, else from its latest,
// which it advances by one after every answer; it names the block it
// answered from in the response header.
type heightServer struct {
	tokenizetypes.UnimplementedQueryServer
	mu     sync.Mutex
	latest int64
	asked  []string // the height header of each request ("" when none)
}

func (s *heightServer) Participant(ctx context.Context, req *tokenizetypes.QueryParticipantRequest) (*tokenizetypes.QueryParticipantResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	md, _ := metadata.FromIncomingContext(ctx)
	at := s.latest
	asked := ""
	if v := md.Get(grpctypes.GRPCBlockHeightHeader); len(v) == 1 {
		asked = v[0]
		at, _ = strconv.ParseInt(v[0], 10, 64)
	}
	s.asked = append(s.asked, asked)
	s.latest++
	if err := grpc.SetHeader(ctx, metadata.Pairs(grpctypes.GRPCBlockHeightHeader, strconv.FormatInt(at, 10))); err != nil {
		return nil, err
	}
	return &tokenizetypes.QueryParticipantResponse{Participant: tokenizetypes.Participant{Address: req.Address}}, nil
}

func TestReadsSeeBlocksAndPinOne(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	hs := &heightServer{latest: 10}
	tokenizetypes.RegisterQueryServer(srv, hs)
	go func() { _ = srv.Serve(ln) }()
	defer srv.Stop()
	cdc, err := NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	g, err := Dial(Config{GRPC: ln.Addr().String(), ChainID: "test"}, cdc)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()

	// two reads across a block: not one height, the newest is 11
	ctx, reads := Recording(context.Background())
	for range 2 {
		if _, err := g.Participant(ctx, "corridor1a"); err != nil {
			t.Fatal(err)
		}
	}
	if h, same := reads.Height(); same || h != 11 {
		t.Fatalf("reads at 10 and 11: got height %d, same %v; want 11, false", h, same)
	}
	// read again at 11: every answer from block 11, and the node was asked for it
	pinned, again := Recording(AtHeight(context.Background(), 11))
	for range 3 {
		if _, err := g.Participant(pinned, "corridor1a"); err != nil {
			t.Fatal(err)
		}
	}
	if h, same := again.Height(); !same || h != 11 {
		t.Fatalf("reads pinned at 11: got height %d, same %v", h, same)
	}
	// a context that neither records nor pins sends no height
	if _, err := g.Participant(context.Background(), "corridor1a"); err != nil {
		t.Fatal(err)
	}
	want := []string{"", "", "11", "11", "11", ""}
	hs.mu.Lock()
	defer hs.mu.Unlock()
	if len(hs.asked) != len(want) {
		t.Fatalf("requests asked for %q, want %q", hs.asked, want)
	}
	for i := range want {
		if hs.asked[i] != want[i] {
			t.Fatalf("requests asked for %q, want %q", hs.asked, want)
		}
	}
}
