package apptesting

import (
	"context"
	"sync"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/corridor-chain/corridor/chain/app"
)

// Blocks records the FinalizeBlock results of an app, as an indexer or a
// bank's back office would receive them.
type Blocks struct {
	mu   sync.Mutex
	last abci.ResponseFinalizeBlock
}

// RecordBlocks makes a's every FinalizeBlock result readable through Last.
func RecordBlocks(t *testing.T, a *app.App) *Blocks {
	t.Helper()
	b := &Blocks{}
	a.SetStreamingManager(storetypes.StreamingManager{ABCIListeners: []storetypes.ABCIListener{b}})
	return b
}

// ListenFinalizeBlock implements storetypes.ABCIListener.
func (b *Blocks) ListenFinalizeBlock(_ context.Context, _ abci.RequestFinalizeBlock, res abci.ResponseFinalizeBlock) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.last = res
	return nil
}

// ListenCommit implements storetypes.ABCIListener.
func (*Blocks) ListenCommit(context.Context, abci.ResponseCommit, []*storetypes.StoreKVPair) error {
	return nil
}

// Last returns the latest block's FinalizeBlock result.
func (b *Blocks) Last() abci.ResponseFinalizeBlock {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.last
}

// CountEvents counts the events of type name in a block's results: its
// block-level events (BeginBlock, EndBlock) and every transaction's. name is
// a typed event's message (proto.MessageName) or a plain type ("transfer");
// attrs are key, value pairs the event must carry (a typed event's values
// are JSON: a string value is quoted).
func CountEvents(res abci.ResponseFinalizeBlock, name string, attrs ...string) int {
	n := 0
	count := func(evs []abci.Event) {
		for _, e := range evs {
			if e.Type == name && hasAttrs(e, attrs) {
				n++
			}
		}
	}
	count(res.Events)
	for _, tx := range res.TxResults {
		count(tx.Events)
	}
	return n
}

// TypedName is the event type a typed event is emitted under.
func TypedName(ev proto.Message) string { return proto.MessageName(ev) }

func hasAttrs(e abci.Event, attrs []string) bool {
	for i := 0; i+1 < len(attrs); i += 2 {
		found := false
		for _, a := range e.Attributes {
			found = found || (a.Key == attrs[i] && a.Value == attrs[i+1])
		}
		if !found {
			return false
		}
	}
	return true
}
