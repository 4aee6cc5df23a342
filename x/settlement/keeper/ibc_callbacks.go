package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	ibccallbackstypes "github.com/cosmos/ibc-go/v11/modules/apps/callbacks/types"
	clienttypes "github.com/cosmos/ibc-go/v11/modules/core/02-client/types"
	channeltypes "github.com/cosmos/ibc-go/v11/modules/core/04-channel/types"
	ibcexported "github.com/cosmos/ibc-go/v11/modules/core/exported"

	"github.com/corridor-chain/corridor/x/settlement/types"
)

// CallbacksKeeper is the ContractKeeper of ibc-go's callbacks middleware on
// the ICS-20 stack: an incoming transfer whose memo names a callback address
// reaches x/settlement here. Until instruction legs exist (the pay-in work),
// a destination callback is refused with ErrPayInUnavailable, which the
// middleware records without blocking the transfer itself; source callbacks
// (send, acknowledgement, timeout) need no action.
type CallbacksKeeper struct{ k Keeper }

var _ ibccallbackstypes.ContractKeeper = CallbacksKeeper{}

// CallbacksKeeper returns the callbacks entry points of x/settlement.
func (k Keeper) CallbacksKeeper() CallbacksKeeper { return CallbacksKeeper{k: k} }

// IBCSendPacketCallback accepts every send.
func (CallbacksKeeper) IBCSendPacketCallback(sdk.Context, string, string, clienttypes.Height, uint64, []byte, string, string, string) error {
	return nil
}

// IBCOnAcknowledgementPacketCallback has nothing to settle yet.
func (CallbacksKeeper) IBCOnAcknowledgementPacketCallback(sdk.Context, channeltypes.Packet, []byte, sdk.AccAddress, string, string, string) error {
	return nil
}

// IBCOnTimeoutPacketCallback has nothing to refund yet: ICS-20 itself refunds.
func (CallbacksKeeper) IBCOnTimeoutPacketCallback(sdk.Context, channeltypes.Packet, sdk.AccAddress, string, string, string) error {
	return nil
}

// IBCReceivePacketCallback refuses pay-in until instruction legs exist.
func (CallbacksKeeper) IBCReceivePacketCallback(_ sdk.Context, packet ibcexported.PacketI, _ ibcexported.Acknowledgement, contractAddress, _ string) error {
	return types.ErrPayInUnavailable.Wrapf("callback to %s on %s/%s", contractAddress, packet.GetDestPort(), packet.GetDestChannel())
}
