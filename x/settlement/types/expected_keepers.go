package types

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	transfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"

	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// BankKeeper is what x/settlement needs of x/bank.
type BankKeeper interface {
	MintCoins(ctx context.Context, moduleName string, amt sdk.Coins) error
	BurnCoins(ctx context.Context, moduleName string, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, senderModule string, recipientAddr sdk.AccAddress, amt sdk.Coins) error
	SendCoinsFromAccountToModule(ctx context.Context, senderAddr sdk.AccAddress, recipientModule string, amt sdk.Coins) error
	SendCoinsFromModuleToModule(ctx context.Context, senderModule, recipientModule string, amt sdk.Coins) error
	GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
	GetAllBalances(ctx context.Context, addr sdk.AccAddress) sdk.Coins
	SpendableCoin(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
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
