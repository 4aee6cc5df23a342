package chain

import (
	"context"
	"strconv"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	grpctypes "github.com/cosmos/cosmos-sdk/types/grpc"
)

// A node answers each gRPC query from its latest committed block and says
// which in the x-cosmos-block-height header; a query that sends that header
// is answered from the block it names. Reads uses both so that the several
// queries of one check (a verify's participant, lots, balances, pledges),
// sent at once, describe one block: they are recorded, and if a block was
// committed between them the caller reads again at one height.

type readsKey struct{}
type atKey struct{}

// Reads records the block height each query of a context answered at.
type Reads struct {
	mu      sync.Mutex
	heights []int64
}

// Recording returns a context whose queries record their heights in the
// returned Reads.
func Recording(ctx context.Context) (context.Context, *Reads) {
	r := &Reads{}
	return context.WithValue(ctx, readsKey{}, r), r
}

// AtHeight returns a context whose queries read the state of block h.
func AtHeight(ctx context.Context, h int64) context.Context {
	return context.WithValue(ctx, atKey{}, h)
}

// Height is the block every recorded query answered at and true, or the
// newest of their blocks and false when they answered at different ones.
// No recorded query (a client that does not report heights): 0, true.
func (r *Reads) Height() (int64, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var newest int64
	same := true
	for i, h := range r.heights {
		same = same && (i == 0 || h == r.heights[0])
		newest = max(newest, h)
	}
	return newest, same
}

func (r *Reads) add(h int64) {
	r.mu.Lock()
	r.heights = append(r.heights, h)
	r.mu.Unlock()
}

// heights is the client interceptor behind Recording and AtHeight.
func heights(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	if h, ok := ctx.Value(atKey{}).(int64); ok {
		ctx = metadata.AppendToOutgoingContext(ctx, grpctypes.GRPCBlockHeightHeader, strconv.FormatInt(h, 10))
	}
	r, _ := ctx.Value(readsKey{}).(*Reads)
	if r == nil {
		return invoker(ctx, method, req, reply, cc, opts...)
	}
	var header, trailer metadata.MD
	err := invoker(ctx, method, req, reply, cc, append(opts, grpc.Header(&header), grpc.Trailer(&trailer))...)
	// the node sends the height in the header, or in the trailer when the
	// header had gone
	for _, md := range []metadata.MD{header, trailer} {
		if v := md.Get(grpctypes.GRPCBlockHeightHeader); len(v) == 1 {
			if h, perr := strconv.ParseInt(v[0], 10, 64); perr == nil {
				r.add(h)
				break
			}
		}
	}
	return err
}
