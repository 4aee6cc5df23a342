package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// LotIndexes are the secondary indexes of Lots.
type LotIndexes struct {
	Class  *indexes.Multi[string, uint64, types.Lot]
	Status *indexes.Multi[int32, uint64, types.Lot]
	Issuer *indexes.Multi[sdk.AccAddress, uint64, types.Lot]
}

// IndexesList implements collections.Indexes.
func (i LotIndexes) IndexesList() []collections.Index[uint64, types.Lot] {
	return []collections.Index[uint64, types.Lot]{i.Class, i.Status, i.Issuer}
}

// PledgeIndexes are the secondary indexes of Pledges.
type PledgeIndexes struct {
	Lender *indexes.Multi[sdk.AccAddress, uint64, types.Pledge]
	Holder *indexes.Multi[sdk.AccAddress, uint64, types.Pledge]
}

// IndexesList implements collections.Indexes.
func (i PledgeIndexes) IndexesList() []collections.Index[uint64, types.Pledge] {
	return []collections.Index[uint64, types.Pledge]{i.Lender, i.Holder}
}

// Keeper owns the x/tokenize state.
type Keeper struct {
	addressCodec address.Codec
	authority    string
	bank         types.BankKeeper
	moduleAddr   sdk.AccAddress
	// trusted are module accounts that may hold lot units (escrows).
	trusted []sdk.AccAddress
	// hooks is shared by every copy of the keeper, so SetHooks after the
	// keeper was handed to other modules still reaches them.
	hooks *lotHooks

	Schema             collections.Schema
	Params             collections.Item[types.Params]
	Participants       collections.Map[sdk.AccAddress, types.Participant]
	ActiveParticipants collections.KeySet[sdk.AccAddress]
	// RoleIndex: (role@jurisdiction, address) of every grant of every participant.
	RoleIndex          collections.KeySet[collections.Pair[string, sdk.AccAddress]]
	Classes            collections.Map[string, types.CommodityClass]
	Lots               *collections.IndexedMap[uint64, types.Lot, LotIndexes]
	LotSeq             collections.Sequence
	Attestations       collections.Map[collections.Pair[uint64, uint64], types.Attestation]
	AttestationSeq     collections.Sequence
	AttestationDigests collections.KeySet[collections.Triple[uint64, int32, string]]
	StatusChanges      collections.Map[collections.Pair[uint64, uint64], types.StatusChange]
	StatusChangeSeq    collections.Sequence
	Holds              collections.Map[uint64, types.Hold]
	HoldSeq            collections.Sequence
	LotHolds           collections.KeySet[collections.Pair[uint64, uint64]]
	ActiveHolds        collections.KeySet[collections.Pair[uint64, uint64]]
	TransferBlocks     collections.Map[uint64, types.TransferBlock]
	Packages           collections.Map[uint64, types.Package]
	PackageSeq         collections.Sequence
	Pledges            *collections.IndexedMap[uint64, types.Pledge, PledgeIndexes]
	PledgeSeq          collections.Sequence
}

// NewKeeper builds the keeper; authority is the governance module account.
// trusted lists further module accounts (settlement escrow) that may hold
// lot and package units besides this module's own account.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, ac address.Codec, authority string,
	bank types.BankKeeper, ak types.AccountKeeper, trusted ...sdk.AccAddress,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	moduleAddr := ak.GetModuleAddress(types.ModuleName)
	k := Keeper{
		addressCodec: ac, hooks: &lotHooks{}, authority: authority, bank: bank, moduleAddr: moduleAddr,
		trusted:            append([]sdk.AccAddress{moduleAddr}, trusted...),
		Params:             collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Participants:       collections.NewMap(sb, types.ParticipantsKey, "participants", sdk.AccAddressKey, codec.CollValue[types.Participant](cdc)),
		ActiveParticipants: collections.NewKeySet(sb, types.ActiveParticipantsKey, "active_participants", sdk.AccAddressKey),
		RoleIndex:          collections.NewKeySet(sb, types.RoleIndexKey, "role_index", collections.PairKeyCodec(collections.StringKey, sdk.AccAddressKey)),
		Classes:            collections.NewMap(sb, types.ClassesKey, "classes", collections.StringKey, codec.CollValue[types.CommodityClass](cdc)),
		Lots: collections.NewIndexedMap(sb, types.LotsKey, "lots", collections.Uint64Key, codec.CollValue[types.Lot](cdc), LotIndexes{
			Class: indexes.NewMulti(sb, types.LotsByClassKey, "lots_by_class", collections.StringKey, collections.Uint64Key,
				func(_ uint64, l types.Lot) (string, error) { return l.ClassCode, nil }),
			Status: indexes.NewMulti(sb, types.LotsByStatusKey, "lots_by_status", collections.Int32Key, collections.Uint64Key,
				func(_ uint64, l types.Lot) (int32, error) { return int32(l.Status), nil }),
			Issuer: indexes.NewMulti(sb, types.LotsByIssuerKey, "lots_by_issuer", sdk.AccAddressKey, collections.Uint64Key,
				func(_ uint64, l types.Lot) (sdk.AccAddress, error) { return ac.StringToBytes(l.Issuer) }),
		}),
		LotSeq:             collections.NewSequence(sb, types.LotSeqKey, "lot_seq"),
		Attestations:       collections.NewMap(sb, types.AttestationsKey, "attestations", collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key), codec.CollValue[types.Attestation](cdc)),
		AttestationSeq:     collections.NewSequence(sb, types.AttestationSeqKey, "attestation_seq"),
		AttestationDigests: collections.NewKeySet(sb, types.AttestationDigestsKey, "attestation_digests", collections.TripleKeyCodec(collections.Uint64Key, collections.Int32Key, collections.StringKey)),
		StatusChanges:      collections.NewMap(sb, types.StatusChangesKey, "status_changes", collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key), codec.CollValue[types.StatusChange](cdc)),
		StatusChangeSeq:    collections.NewSequence(sb, types.StatusChangeSeqKey, "status_change_seq"),
		Holds:              collections.NewMap(sb, types.HoldsKey, "holds", collections.Uint64Key, codec.CollValue[types.Hold](cdc)),
		HoldSeq:            collections.NewSequence(sb, types.HoldSeqKey, "hold_seq"),
		LotHolds:           collections.NewKeySet(sb, types.LotHoldsKey, "lot_holds", collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)),
		ActiveHolds:        collections.NewKeySet(sb, types.ActiveHoldsKey, "active_holds", collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)),
		TransferBlocks:     collections.NewMap(sb, types.TransferBlocksKey, "transfer_blocks", collections.Uint64Key, codec.CollValue[types.TransferBlock](cdc)),
		Packages:           collections.NewMap(sb, types.PackagesKey, "packages", collections.Uint64Key, codec.CollValue[types.Package](cdc)),
		PackageSeq:         collections.NewSequence(sb, types.PackageSeqKey, "package_seq"),
		Pledges: collections.NewIndexedMap(sb, types.PledgesKey, "pledges", collections.Uint64Key, codec.CollValue[types.Pledge](cdc), PledgeIndexes{
			Lender: indexes.NewMulti(sb, types.PledgesByLenderKey, "pledges_by_lender", sdk.AccAddressKey, collections.Uint64Key,
				func(_ uint64, p types.Pledge) (sdk.AccAddress, error) { return ac.StringToBytes(p.Lender) }),
			Holder: indexes.NewMulti(sb, types.PledgesByHolderKey, "pledges_by_holder", sdk.AccAddressKey, collections.Uint64Key,
				func(_ uint64, p types.Pledge) (sdk.AccAddress, error) { return ac.StringToBytes(p.Holder) }),
		}),
		PledgeSeq: collections.NewSequence(sb, types.PledgeSeqKey, "pledge_seq"),
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

// ModuleAddress is the escrow of packaged and pledged units.
func (k Keeper) ModuleAddress() sdk.AccAddress { return k.moduleAddr }

// GetParams returns the module parameters.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) {
	p, err := k.Params.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return types.Params{}, err
	}
	return p, nil
}

func height(ctx context.Context) int64 { return sdk.UnwrapSDKContext(ctx).BlockHeight() }
