package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/settlement/types"
)

// InstructionIndexes are the secondary indexes of Instructions.
type InstructionIndexes struct {
	Status *indexes.Multi[int32, uint64, types.Instruction]
}

// IndexesList implements collections.Indexes.
func (i InstructionIndexes) IndexesList() []collections.Index[uint64, types.Instruction] {
	return []collections.Index[uint64, types.Instruction]{i.Status}
}

// Keeper owns the x/settlement state.
type Keeper struct {
	addressCodec address.Codec
	authority    string
	bank         types.BankKeeper
	tokenize     types.TokenizeKeeper
	transfer     types.TransferKeeper
	// finance is x/finance, set once the app has built it (SetFinance);
	// shared by every copy of the keeper.
	finance *financeRef
	// test lets this package's tests inject a failure into EndBlock items.
	test *testHooks

	Schema        collections.Schema
	Params        collections.Item[types.Params]
	Currencies    collections.Map[string, types.Currency]
	DenomCurrency collections.Map[string, string]
	Quotes        collections.Map[uint64, types.Quote]
	// QuotesByPair: ("BASE/QUOTE", quote id).
	QuotesByPair collections.KeySet[collections.Pair[string, uint64]]
	QuoteSeq     collections.Sequence
	QuoteExpiry  collections.KeySet[collections.Pair[time.Time, uint64]]
	Instructions *collections.IndexedMap[uint64, types.Instruction, InstructionIndexes]
	// InstructionsByParty: (party, instruction id) for every party of every instruction.
	InstructionsByParty collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
	InstructionSeq      collections.Sequence
	// DeadlineQueue: (deadline, id) of open instructions, drained in EndBlock.
	DeadlineQueue collections.KeySet[collections.Pair[time.Time, uint64]]
	// PendingSettlement: funded gross instructions whose conditions do not hold yet.
	PendingSettlement collections.KeySet[uint64]
	// WaitingByLot: (lot, instruction id) for every lot a pending instruction
	// involves (its conditions and lot legs).
	WaitingByLot collections.KeySet[collections.Pair[uint64, uint64]]
	// TouchedLots: lot -> the last instruction id retried under it, for lots
	// that changed while instructions wait on them; drained in EndBlock.
	TouchedLots collections.Map[uint64, uint64]
	// RetryCursor: the last pending instruction the round-robin retry visited.
	RetryCursor collections.Item[uint64]
	// NettingCursor: the last queued netting instruction a cycle took.
	NettingCursor collections.Item[uint64]
	// NettingQueue: fully affirmed netting instructions awaiting a cycle.
	NettingQueue collections.KeySet[uint64]
	Cycles       collections.Map[uint64, types.Cycle]
	CycleSeq     collections.Sequence
	Payouts      collections.Map[uint64, types.Payout]
	// PayoutsByPacket: (source channel, sequence) -> payout id, while in flight.
	PayoutsByPacket collections.Map[collections.Pair[string, uint64], uint64]
	// PayoutsByOwner: (owner, payout id) for every payout.
	PayoutsByOwner collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
	PayoutSeq      collections.Sequence
}

// NewKeeper builds the keeper; authority is the governance module account,
// transfer the ICS-20 keeper that carries payouts (nil: every payout becomes
// claimable at once). Fees go to the fee collector module account.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, ac address.Codec, authority string,
	bank types.BankKeeper, tokenize types.TokenizeKeeper, transfer types.TransferKeeper,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		addressCodec: ac, authority: authority, bank: bank, tokenize: tokenize, transfer: transfer, test: &testHooks{}, finance: &financeRef{},
		Params:        collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Currencies:    collections.NewMap(sb, types.CurrenciesKey, "currencies", collections.StringKey, codec.CollValue[types.Currency](cdc)),
		DenomCurrency: collections.NewMap(sb, types.DenomCurrencyKey, "denom_currency", collections.StringKey, collections.StringValue),
		Quotes:        collections.NewMap(sb, types.QuotesKey, "quotes", collections.Uint64Key, codec.CollValue[types.Quote](cdc)),
		QuotesByPair:  collections.NewKeySet(sb, types.QuotesByPairKey, "quotes_by_pair", collections.PairKeyCodec(collections.StringKey, collections.Uint64Key)),
		QuoteSeq:      collections.NewSequence(sb, types.QuoteSeqKey, "quote_seq"),
		QuoteExpiry:   collections.NewKeySet(sb, types.QuoteExpiryKey, "quote_expiry", collections.PairKeyCodec(sdk.TimeKey, collections.Uint64Key)),
		Instructions: collections.NewIndexedMap(sb, types.InstructionsKey, "instructions", collections.Uint64Key, codec.CollValue[types.Instruction](cdc),
			InstructionIndexes{Status: indexes.NewMulti(sb, types.InstructionsByStatusKey, "instructions_by_status", collections.Int32Key, collections.Uint64Key,
				func(_ uint64, in types.Instruction) (int32, error) { return int32(in.Status), nil })}),
		InstructionsByParty: collections.NewKeySet(sb, types.InstructionsByPartyKey, "instructions_by_party", collections.PairKeyCodec(sdk.AccAddressKey, collections.Uint64Key)),
		InstructionSeq:      collections.NewSequence(sb, types.InstructionSeqKey, "instruction_seq"),
		DeadlineQueue:       collections.NewKeySet(sb, types.DeadlineQueueKey, "deadline_queue", collections.PairKeyCodec(sdk.TimeKey, collections.Uint64Key)),
		PendingSettlement:   collections.NewKeySet(sb, types.PendingSettlementKey, "pending_settlement", collections.Uint64Key),
		WaitingByLot: collections.NewKeySet(sb, types.WaitingByLotKey, "waiting_by_lot",
			collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)),
		TouchedLots:   collections.NewMap(sb, types.TouchedLotsKey, "touched_lots", collections.Uint64Key, collections.Uint64Value),
		RetryCursor:   collections.NewItem(sb, types.RetryCursorKey, "retry_cursor", collections.Uint64Value),
		NettingCursor: collections.NewItem(sb, types.NettingCursorKey, "netting_cursor", collections.Uint64Value),
		NettingQueue:  collections.NewKeySet(sb, types.NettingQueueKey, "netting_queue", collections.Uint64Key),
		Cycles:        collections.NewMap(sb, types.CyclesKey, "cycles", collections.Uint64Key, codec.CollValue[types.Cycle](cdc)),
		CycleSeq:      collections.NewSequence(sb, types.CycleSeqKey, "cycle_seq"),
		Payouts:       collections.NewMap(sb, types.PayoutsKey, "payouts", collections.Uint64Key, codec.CollValue[types.Payout](cdc)),
		PayoutsByPacket: collections.NewMap(sb, types.PayoutsByPacketKey, "payouts_by_packet",
			collections.PairKeyCodec(collections.StringKey, collections.Uint64Key), collections.Uint64Value),
		PayoutsByOwner: collections.NewKeySet(sb, types.PayoutsByOwnerKey, "payouts_by_owner", collections.PairKeyCodec(sdk.AccAddressKey, collections.Uint64Key)),
		PayoutSeq:      collections.NewSequence(sb, types.PayoutSeqKey, "payout_seq"),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

type financeRef struct{ k types.FinanceKeeper }

// SetFinance connects x/finance: financed lot legs and declaration closing.
func (k Keeper) SetFinance(f types.FinanceKeeper) { k.finance.k = f }

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

func blockTime(ctx context.Context) time.Time { return sdk.UnwrapSDKContext(ctx).BlockTime() }

func blockHeight(ctx context.Context) int64 { return sdk.UnwrapSDKContext(ctx).BlockHeight() }
