package chain

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// A node that has just restarted answers queries, until it has a block in
// its query state, with the SDK's invalid height error (as a restarted
// localnet node answered the reliability run's replica): the chain is not
// ready, so it is unavailable (503, retry), not an internal error (500).
func TestClassifyANodeNotYetReadyAsUnavailable(t *testing.T) {
	err := status.Error(codes.Unknown, "codespace sdk code 26: invalid height: context did not contain latest block height in either check state or finalize block state (15)")
	nf, out := classify(err)
	require.False(t, nf)
	require.True(t, errors.Is(out, ErrUnavailable), "got %v", out)
	_, out = classify(status.Error(codes.Unknown, "codespace sdk code 26: invalid height: latest height 0 is not ready; please wait for first block"))
	require.True(t, errors.Is(out, ErrUnavailable), "a new node: got %v", out)
	// the same replica's broadcast to its node, a moment later, still syncing
	_, out = classify(status.Error(codes.Unknown, "endpoint is closed while node is catching up"))
	require.True(t, errors.Is(out, ErrUnavailable), "a syncing node: got %v", out)
	_, out = classify(status.Error(codes.Unknown, "mempool is full: number of txs 5000 (max: 5000), total txs bytes 1048576 (max: 1073741824)"))
	require.True(t, errors.Is(out, ErrUnavailable), "a full mempool: got %v", out)
	_, out = classify(status.Error(codes.Unknown, "codespace finance code 5: declaration not found"))
	require.False(t, errors.Is(out, ErrUnavailable))

	// other errors keep their meaning
	nf, out = classify(status.Error(codes.NotFound, "lot 7 not found"))
	require.True(t, nf)
	require.NoError(t, out)
	_, out = classify(status.Error(codes.InvalidArgument, "bad lot id"))
	require.False(t, errors.Is(out, ErrUnavailable))
	_, out = classify(status.Error(codes.Unavailable, "connection refused"))
	require.True(t, errors.Is(out, ErrUnavailable))
	// a node older than this gateway, without a query it sends: not served
	// until the node is upgraded, and the log says so
	_, out = classify(status.Error(codes.Unimplemented, "unknown method Holdings for service corridor.tokenize.v1.Query"))
	require.True(t, errors.Is(out, ErrUnavailable))
	require.Contains(t, out.Error(), "upgrade the node")
}
