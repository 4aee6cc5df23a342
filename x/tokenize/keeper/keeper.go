package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// Keeper owns the x/tokenize state.
type Keeper struct {
	addressCodec address.Codec
	authority    string

	Schema collections.Schema
	Params collections.Item[types.Params]
}

// NewKeeper builds the keeper; authority is the governance module account.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, ac address.Codec, authority string) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		addressCodec: ac,
		authority:    authority,
		Params:       collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// Authority returns the governance account allowed to change the params.
func (k Keeper) Authority() string { return k.authority }

// AddressCodec returns the account address codec.
func (k Keeper) AddressCodec() address.Codec { return k.addressCodec }

// GetParams returns the module parameters.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) {
	p, err := k.Params.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return types.Params{}, err
	}
	return p, nil
}
