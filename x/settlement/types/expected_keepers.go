package types

import (
	"context"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	transfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"

	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// BankKeeper is what x/settlement needs of x/bank.
type BankKeeper interface {
	MintCoins(ctx context.Context, moduleName string, amt sdk.Coins) error
	BurnCoins(ctx context.Context, moduleName string, amt sdk.Coins) error
	SendCoins(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, senderModule string, recipientAddr sdk.AccAddress, amt sdk.Coins) error
	SendCoinsFromAccountToModule(ctx context.Context, senderAddr sdk.AccAddress, recipientModule string, amt sdk.Coins) error
	SendCoinsFromModuleToModule(ctx context.Context, senderModule, recipientModule string, amt sdk.Coins) error
	GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
	GetAllBalances(ctx context.Context, addr sdk.AccAddress) sdk.Coins
	SpendableCoin(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
	BlockedAddr(addr sdk.AccAddress) bool
}

// TokenizeKeeper is what x/settlement reads of x/tokenize: participants and
// their roles (never copied), lot state and the lot transfer rules.
type TokenizeKeeper interface {
	ActiveParticipant(ctx context.Context, addr string) (tokenizetypes.Participant, error)
	GetLot(ctx context.Context, id uint64) (tokenizetypes.Lot, error)
	CheckLotMovable(ctx context.Context, id uint64) error
	CheckSettleable(ctx context.Context, id uint64) error
}

// TransferKeeper sends payouts over ICS-20 (ibc-go's transfer keeper).
type TransferKeeper interface {
	Transfer(ctx context.Context, msg *transfertypes.MsgTransfer) (*transfertypes.MsgTransferResponse, error)
}

// FinanceKeeper is x/finance as settlement sees it: the loans whose pledged
// units a DVP's lot leg sells, and the declarations whose lots' sales close
// their financing balance. Nil on a chain without x/finance.
type FinanceKeeper interface {
	// CheckSale checks that loanID secures the lot leg's units (the seller
	// is its borrower, the units are pledged to it, no other sale holds it)
	// and that proceeds — what the seller receives — cover what repays the
	// loan at the deadline.
	CheckSale(ctx context.Context, loanID uint64, lotLeg Leg, proceeds sdk.Coin, deadline time.Time) error
	// StartSale commits the loan's pledge to instruction: its lot leg is funded.
	StartSale(ctx context.Context, loanID, instructionID uint64) error
	// EndSale frees the pledge of an instruction that closed unsettled.
	EndSale(ctx context.Context, loanID, instructionID uint64) error
	// SettleSale delivers the sold units from the pledge to buyer and repays
	// the loan from proceeds: it returns the lender and what is due to it,
	// which the caller pays from proceeds before the seller.
	SettleSale(ctx context.Context, loanID, instructionID uint64, buyer string, units math.Int, proceeds sdk.Coin) (sdk.AccAddress, math.Int, error)
	// LotSold records units of a lot settled away from seller.
	LotSold(ctx context.Context, lotID uint64, seller string, units math.Int) error
}
