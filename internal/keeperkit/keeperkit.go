// Package keeperkit holds the small helpers every Corridor keeper uses:
// ids from a sequence, typed events, and collection walks.
package keeperkit

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/gogoproto/proto"
)

// NextID draws from a sequence whose first id is 1 (a fresh sequence
// starts at 0).
func NextID(ctx context.Context, seq collections.Sequence) (uint64, error) {
	id, err := seq.Next(ctx)
	if err == nil && id == 0 {
		return seq.Next(ctx)
	}
	return id, err
}

// Emit emits typed events in order.
func Emit(ctx context.Context, evs ...proto.Message) error {
	em := sdk.UnwrapSDKContext(ctx).EventManager()
	for _, e := range evs {
		if err := em.EmitTypedEvent(e); err != nil {
			return err
		}
	}
	return nil
}

// Walker is any collection that walks its values in key order.
type Walker[K, V any] interface {
	Walk(ctx context.Context, r collections.Ranger[K], fn func(K, V) (bool, error)) error
}

// Collect appends every value of w, in key order, to out.
func Collect[K, V any](ctx context.Context, w Walker[K, V], out *[]V) error {
	return CollectWhere(ctx, w, out, nil)
}

// CollectWhere appends the values of w that keep accepts (all when keep is
// nil), in key order, to out.
func CollectWhere[K, V any](ctx context.Context, w Walker[K, V], out *[]V, keep func(V) bool) error {
	return w.Walk(ctx, nil, func(_ K, v V) (bool, error) {
		if keep == nil || keep(v) {
			*out = append(*out, v)
		}
		return false, nil
	})
}
