package keeperkit

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/types/query"
)

// PageOfPrefix pages the records a (prefix, id) index lists under prefix,
// read by get, keeping those keep accepts (all when keep is nil).
func PageOfPrefix[K, V any](ctx context.Context, index collections.KeySet[collections.Pair[K, uint64]],
	get func(context.Context, uint64) (V, error), prefix K, page *query.PageRequest, keep func(V) bool,
) ([]V, *query.PageResponse, error) {
	return query.CollectionFilteredPaginate(ctx, index, page,
		func(key collections.Pair[K, uint64], _ collections.NoValue) (bool, error) {
			v, err := get(ctx, key.K2())
			return err == nil && (keep == nil || keep(v)), err
		},
		func(key collections.Pair[K, uint64], _ collections.NoValue) (V, error) {
			return get(ctx, key.K2())
		}, query.WithCollectionPaginationPairPrefix[K, uint64](prefix))
}
