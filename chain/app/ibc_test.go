package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	ratelimitkeeper "github.com/cosmos/ibc-go/v11/modules/apps/rate-limiting/keeper"
	ratelimittypes "github.com/cosmos/ibc-go/v11/modules/apps/rate-limiting/types"
	transfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	clienttypes "github.com/cosmos/ibc-go/v11/modules/core/02-client/types"
	channeltypes "github.com/cosmos/ibc-go/v11/modules/core/04-channel/types"
	ibctesting "github.com/cosmos/ibc-go/v11/testing"
)

// setupTransferPath links two corridord chains with an ICS-20 channel, after
// admitting each chain's sender as a relayer.
func balance(t *testing.T, chain *ibctesting.TestChain, addr sdk.AccAddress, denom string) sdkmath.Int {
	t.Helper()
	return corridorApp(t, chain).BankKeeper.GetBalance(chain.GetContext(), addr, denom).Amount
}

// sendTransfer sends coin from one end of the path and returns the packet.
func sendTransfer(t *testing.T, from, to *ibctesting.Endpoint, coin sdk.Coin, timeout clienttypes.Height) (channeltypes.Packet, error) {
	t.Helper()
	msg := transfertypes.NewMsgTransfer(from.ChannelConfig.PortID, from.ChannelID, coin,
		from.Chain.SenderAccount.GetAddress().String(), to.Chain.SenderAccount.GetAddress().String(), timeout, 0, "")
	res, err := from.Chain.SendMsgs(msg)
	if err != nil {
		return channeltypes.Packet{}, err
	}
	packet, err := ibctesting.ParsePacketFromEvents(res.Events)
	require.NoError(t, err)
	return packet, nil
}

func TestICS20TransferThereAndBack(t *testing.T) {
	_, path := setupTransferPath(t)
	chainA, chainB := path.EndpointA.Chain, path.EndpointB.Chain
	senderA, receiverB := chainA.SenderAccount.GetAddress(), chainB.SenderAccount.GetAddress()
	amount := sdkmath.NewInt(1_000_000)
	startA := balance(t, chainA, senderA, testDenom)

	packet, err := sendTransfer(t, path.EndpointA, path.EndpointB, sdk.NewCoin(testDenom, amount), chainB.GetTimeoutHeight())
	require.NoError(t, err)
	require.NoError(t, path.RelayPacket(packet))

	voucher := transfertypes.NewDenom(testDenom, transfertypes.NewHop(path.EndpointB.ChannelConfig.PortID, path.EndpointB.ChannelID))
	require.Equal(t, amount, balance(t, chainB, receiverB, voucher.IBCDenom()))
	require.Equal(t, startA.Sub(amount), balance(t, chainA, senderA, testDenom))

	// and back: the voucher burns on B, the escrow on A releases.
	packet, err = sendTransfer(t, path.EndpointB, path.EndpointA, sdk.NewCoin(voucher.IBCDenom(), amount), chainA.GetTimeoutHeight())
	require.NoError(t, err)
	require.NoError(t, path.RelayPacket(packet))
	require.True(t, balance(t, chainB, receiverB, voucher.IBCDenom()).IsZero())
	require.Equal(t, startA, balance(t, chainA, senderA, testDenom))
}

func TestICS20TimeoutRefunds(t *testing.T) {
	coord, path := setupTransferPath(t)
	chainA, chainB := path.EndpointA.Chain, path.EndpointB.Chain
	senderA := chainA.SenderAccount.GetAddress()
	startA := balance(t, chainA, senderA, testDenom)
	amount := sdkmath.NewInt(777)

	timeout := clienttypes.NewHeight(clienttypes.ParseChainID(chainB.ChainID), uint64(chainB.LatestCommittedHeader.GetHeight().GetRevisionHeight())+2)
	packet, err := sendTransfer(t, path.EndpointA, path.EndpointB, sdk.NewCoin(testDenom, amount), timeout)
	require.NoError(t, err)
	require.Equal(t, startA.Sub(amount), balance(t, chainA, senderA, testDenom))

	// chainB moves past the timeout height without receiving the packet.
	coord.CommitNBlocks(chainB, 3)
	require.NoError(t, path.EndpointA.UpdateClient())
	require.NoError(t, path.EndpointA.TimeoutPacket(packet))
	require.Equal(t, startA, balance(t, chainA, senderA, testDenom), "timeout must refund the sender")
}

func TestICS20RateLimitRefusesOverLimit(t *testing.T) {
	_, path := setupTransferPath(t)
	chainA := path.EndpointA.Chain
	a := corridorApp(t, chainA)
	senderA := chainA.SenderAccount.GetAddress()

	// governance caps sends of testDenom on this channel at 1% of its supply per day.
	_, err := ratelimitkeeper.NewMsgServerImpl(a.RateLimitKeeper).AddRateLimit(chainA.GetContext(), &ratelimittypes.MsgAddRateLimit{
		Signer: govAddr, Denom: testDenom, ChannelOrClientId: path.EndpointA.ChannelID,
		MaxPercentSend: sdkmath.NewInt(1), MaxPercentRecv: sdkmath.NewInt(1), DurationHours: 24,
	})
	require.NoError(t, err)
	chainA.NextBlock()

	supply := a.BankKeeper.GetSupply(chainA.GetContext(), testDenom).Amount
	under, over := supply.QuoRaw(200), supply.QuoRaw(50) // 0.5% and 2%
	start := balance(t, chainA, senderA, testDenom)

	_, err = sendTransfer(t, path.EndpointA, path.EndpointB, sdk.NewCoin(testDenom, under), path.EndpointB.Chain.GetTimeoutHeight())
	require.NoError(t, err, "a transfer within the limit goes through")

	_, err = sendTransfer(t, path.EndpointA, path.EndpointB, sdk.NewCoin(testDenom, over), path.EndpointB.Chain.GetTimeoutHeight())
	require.ErrorContains(t, err, ratelimittypes.ErrQuotaExceeded.Error())
	require.Equal(t, start.Sub(under), balance(t, chainA, senderA, testDenom), "the refused transfer moves nothing")
}
