package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/chain/app/apptesting"
)

// TestInProcessNetwork starts corridord on a real CometBFT node in process,
// sends a bank transfer through the gRPC tx service and queries it back.
func TestInProcessNetwork(t *testing.T) {
	n := apptesting.StartNetwork(t, nil, nil)
	recipient := sdk.AccAddress([]byte("corridor-recipient01"))
	coins := sdk.NewCoins(sdk.NewCoin("node0token", sdkmath.NewInt(4242)))
	res := n.Broadcast(t, "val", banktypes.NewMsgSend(n.Val.Address, recipient, coins))
	require.Zero(t, res.Code, res.RawLog)

	bal, err := banktypes.NewQueryClient(n.Conn).Balance(t.Context(), &banktypes.QueryBalanceRequest{Address: recipient.String(), Denom: "node0token"})
	require.NoError(t, err)
	require.Equal(t, coins[0], *bal.Balance)
}
