package types

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	settlementtypes "github.com/corridor-chain/corridor/x/settlement/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// BankKeeper is what x/finance needs of x/bank: principal and repayments
// move account to account.
type BankKeeper interface {
	SendCoins(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error
	SpendableCoin(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
}

// TokenizeKeeper is what x/finance needs of x/tokenize: participants (never
// copied), lots and their attestations, and pledges it manages.
type TokenizeKeeper interface {
	ActiveParticipant(ctx context.Context, addr string) (tokenizetypes.Participant, error)
	GetLot(ctx context.Context, id uint64) (tokenizetypes.Lot, error)
	CheckLotMovable(ctx context.Context, id uint64) error
	GetPledge(ctx context.Context, id uint64) (tokenizetypes.Pledge, error)
	LatestAttestation(ctx context.Context, lotID uint64, kind tokenizetypes.AttestationKind) (tokenizetypes.Attestation, bool, error)
	OpenManagedPledge(ctx context.Context, manager, holder, lender string, coin sdk.Coin, reference string) (uint64, error)
	CloseManagedPledge(ctx context.Context, manager string, id uint64, status tokenizetypes.PledgeStatus) error
	ReassignManagedPledge(ctx context.Context, manager string, id uint64, lender string) error
	SellManagedPledge(ctx context.Context, manager string, id uint64, buyer string, units math.Int) error
}

// SettlementKeeper is what x/finance reads of x/settlement: currencies and
// firm quotes, and a spot exchange at a quote for a refinancing in another
// currency.
type SettlementKeeper interface {
	GetCurrency(ctx context.Context, code string) (settlementtypes.Currency, error)
	CurrencyOf(ctx context.Context, denom string) (settlementtypes.Currency, bool, error)
	GetQuote(ctx context.Context, id uint64) (settlementtypes.Quote, error)
	ExchangeAtQuote(ctx context.Context, quoteID uint64, payer sdk.AccAddress, payDenom string, receiver sdk.AccAddress, amount math.Int) (math.Int, error)
}
