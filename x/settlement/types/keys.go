package types

import (
	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/address"
)

const (
	// ModuleName is the module's name, store key, router key and escrow account.
	ModuleName = "settlement"
	// StoreKey is the KV store key.
	StoreKey = ModuleName
)

// Store prefixes: numbered once, never reused.
var (
	ParamsKey               = collections.NewPrefix(0)
	CurrenciesKey           = collections.NewPrefix(1)
	DenomCurrencyKey        = collections.NewPrefix(2)
	QuotesKey               = collections.NewPrefix(3)
	QuotesByPairKey         = collections.NewPrefix(4)
	QuoteSeqKey             = collections.NewPrefix(5)
	QuoteExpiryKey          = collections.NewPrefix(6)
	InstructionsKey         = collections.NewPrefix(7)
	InstructionsByStatusKey = collections.NewPrefix(8)
	InstructionSeqKey       = collections.NewPrefix(9)
	InstructionsByPartyKey  = collections.NewPrefix(10)
	DeadlineQueueKey        = collections.NewPrefix(11)
	PendingSettlementKey    = collections.NewPrefix(12)
	NettingQueueKey         = collections.NewPrefix(13)
	CyclesKey               = collections.NewPrefix(14)
	CycleSeqKey             = collections.NewPrefix(15)
	PayoutsKey              = collections.NewPrefix(16)
	PayoutsByPacketKey      = collections.NewPrefix(17)
	PayoutsByOwnerKey       = collections.NewPrefix(18)
	PayoutSeqKey            = collections.NewPrefix(19)
	WaitingByLotKey         = collections.NewPrefix(20)
	TouchedLotsKey          = collections.NewPrefix(21)
	RetryCursorKey          = collections.NewPrefix(22)
	NettingCursorKey        = collections.NewPrefix(23)
)

// PayoutAccount sends payouts over ICS-20. The escrow itself cannot: ICS-20
// refuses senders that are blocked module accounts. It is a derived address
// with no permissions that holds funds only within the message that sends a
// payout and the acknowledgement that refunds one.
var PayoutAccount = sdk.AccAddress(address.Module(ModuleName, []byte("payout")))
