package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	transfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"

	"github.com/corridor-chain/corridor/chain/app/apptesting"
	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// The transfer rules hold on every path: bank send, multi-send, authz exec
// and ICS-20 transfer out, each as a real transaction.

func TestRestrictionBankSendAndMultiSend(t *testing.T) {
	f := newFixture(t)
	f.registerLot(1000)
	lot := sdk.NewInt64Coin("lot/1", 10)

	require.NoError(t, f.send(f.exporter, f.importer, lot), "participant to participant")
	require.ErrorIs(t, f.send(f.exporter, f.outsider, lot), types.ErrTransferNotAllowed, "to a non-participant")

	multi := &banktypes.MsgMultiSend{
		Inputs: []banktypes.Input{{Address: addr(f.exporter), Coins: sdk.NewCoins(sdk.NewInt64Coin("lot/1", 20))}},
		Outputs: []banktypes.Output{
			{Address: addr(f.importer), Coins: sdk.NewCoins(lot)},
			{Address: addr(f.outsider), Coins: sdk.NewCoins(lot)},
		},
	}
	_, err := f.deliver(multi)
	require.ErrorIs(t, err, types.ErrTransferNotAllowed, "multi-send with one outsider output")
	require.True(t, f.balance(f.outsider, "lot/1").IsZero())

	// a REJECTED customs attestation stops the units
	f.advance(1, inspection)
	require.NoError(t, f.attest(1, customsExport, rejected, f.customsMN))
	require.ErrorIs(t, f.send(f.exporter, f.importer, lot), types.ErrLotBlocked)
	// other denoms are untouched by the rules
	require.NoError(t, f.send(f.exporter, f.outsider, sdk.NewInt64Coin(apptesting.TestDenom, 1)))
	f.requireInvariants()
}

func TestRestrictionAuthzExec(t *testing.T) {
	f := newFixture(t)
	f.registerLot(1000)
	f.chain.NextBlock()

	grantee := f.importer.SenderAccount.GetAddress()
	g, err := authz.NewMsgGrant(f.exporter.SenderAccount.GetAddress(), grantee,
		banktypes.NewSendAuthorization(sdk.NewCoins(sdk.NewInt64Coin("lot/1", 1000)), nil), nil)
	require.NoError(t, err)
	_, err = f.chain.SendMsgsWithSender(f.exporter, g)
	require.NoError(t, err)

	exec := func(to string) error {
		send := &banktypes.MsgSend{FromAddress: addr(f.exporter), ToAddress: to, Amount: sdk.NewCoins(sdk.NewInt64Coin("lot/1", 5))}
		msg := authz.NewMsgExec(grantee, []sdk.Msg{send})
		_, err := f.chain.SendMsgsWithSender(f.importer, &msg)
		return err
	}
	require.NoError(t, exec(addr(f.importer)))
	err = exec(addr(f.outsider))
	require.ErrorContains(t, err, types.ErrTransferNotAllowed.Error())
	require.ErrorContains(t, err, "tokenize/19")

	_, err = f.chain.SendMsgsWithSender(f.customsMN, holdMsg(f, 1))
	require.NoError(t, err)
	err = exec(addr(f.importer))
	require.ErrorContains(t, err, "tokenize/18")
	require.Equal(t, int64(5), f.balance(f.importer, "lot/1").Int64())
	f.requireInvariants()
}

func TestRestrictionIBCTransferOut(t *testing.T) {
	coord, path := apptesting.SetupTransferPath(t)
	f := newFixtureOn(t, coord, path.EndpointA.Chain)
	f.registerLot(1000)
	f.chain.NextBlock()

	transfer := func(c sdk.Coin) error {
		msg := transfertypes.NewMsgTransfer(path.EndpointA.ChannelConfig.PortID, path.EndpointA.ChannelID, c,
			addr(f.exporter), path.EndpointB.Chain.SenderAccount.GetAddress().String(), f.chain.GetTimeoutHeight(), 0, "")
		_, err := f.chain.SendMsgsWithSender(f.exporter, msg)
		return err
	}
	// Lot units never leave over IBC: the transfer escrow is no participant.
	require.ErrorContains(t, transfer(sdk.NewInt64Coin("lot/1", 1)), "tokenize/19")
	require.Equal(t, int64(1000), f.balance(f.exporter, "lot/1").Int64())
	// the same channel carries other coins
	require.NoError(t, transfer(sdk.NewInt64Coin(apptesting.TestDenom, 1)))
	f.requireInvariants()
}
