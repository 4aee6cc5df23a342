package settlement

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	transfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	clienttypes "github.com/cosmos/ibc-go/v11/modules/core/02-client/types"
	channeltypes "github.com/cosmos/ibc-go/v11/modules/core/04-channel/types"
	porttypes "github.com/cosmos/ibc-go/v11/modules/core/05-port/types"
	ibcexported "github.com/cosmos/ibc-go/v11/modules/core/exported"

	"github.com/corridor-chain/corridor/x/settlement/keeper"
)

// IBCMiddleware sits directly above ICS-20 on the transfer stack:
//   - a received transfer whose memo names a leg funds it (keeper.PayIn),
//     after ICS-20 has credited the receiver, in the same transaction;
//   - the acknowledgement or timeout of a payout packet closes the payout
//     (keeper.ClosePayout), after ICS-20 has refunded a failed one.
//
// Everything else passes through untouched.
type IBCMiddleware struct {
	app  porttypes.IBCModule
	ics4 porttypes.ICS4Wrapper
	k    keeper.Keeper
}

var _ porttypes.Middleware = (*IBCMiddleware)(nil)

// NewIBCMiddleware returns the middleware; the stack builder sets the
// application below and the wrapper above.
func NewIBCMiddleware(k keeper.Keeper) *IBCMiddleware { return &IBCMiddleware{k: k} }

// SetUnderlyingApplication sets the ICS-20 module below.
func (m *IBCMiddleware) SetUnderlyingApplication(app porttypes.IBCModule) { m.app = app }

// SetICS4Wrapper sets the middleware (or channel keeper) above.
func (m *IBCMiddleware) SetICS4Wrapper(w porttypes.ICS4Wrapper) { m.ics4 = w }

// OnChanOpenInit passes through.
func (m *IBCMiddleware) OnChanOpenInit(ctx sdk.Context, order channeltypes.Order, hops []string, portID, channelID string,
	cp channeltypes.Counterparty, version string,
) (string, error) {
	return m.app.OnChanOpenInit(ctx, order, hops, portID, channelID, cp, version)
}

// OnChanOpenTry passes through.
func (m *IBCMiddleware) OnChanOpenTry(ctx sdk.Context, order channeltypes.Order, hops []string, portID, channelID string,
	cp channeltypes.Counterparty, cpVersion string,
) (string, error) {
	return m.app.OnChanOpenTry(ctx, order, hops, portID, channelID, cp, cpVersion)
}

// OnChanOpenAck passes through.
func (m *IBCMiddleware) OnChanOpenAck(ctx sdk.Context, portID, channelID, cpChannelID, cpVersion string) error {
	return m.app.OnChanOpenAck(ctx, portID, channelID, cpChannelID, cpVersion)
}

// OnChanOpenConfirm passes through.
func (m *IBCMiddleware) OnChanOpenConfirm(ctx sdk.Context, portID, channelID string) error {
	return m.app.OnChanOpenConfirm(ctx, portID, channelID)
}

// OnChanCloseInit passes through.
func (m *IBCMiddleware) OnChanCloseInit(ctx sdk.Context, portID, channelID string) error {
	return m.app.OnChanCloseInit(ctx, portID, channelID)
}

// OnChanCloseConfirm passes through.
func (m *IBCMiddleware) OnChanCloseConfirm(ctx sdk.Context, portID, channelID string) error {
	return m.app.OnChanCloseConfirm(ctx, portID, channelID)
}

// OnRecvPacket lets ICS-20 credit the receiver, then applies a pay-in memo.
// A pay-in that cannot be applied leaves the tokens with the receiver and
// the acknowledgement successful; only a store failure turns it into an
// error acknowledgement, which refunds the sender.
func (m *IBCMiddleware) OnRecvPacket(ctx sdk.Context, version string, packet channeltypes.Packet, relayer sdk.AccAddress) ibcexported.Acknowledgement {
	ack := m.app.OnRecvPacket(ctx, version, packet, relayer)
	if ack == nil || !ack.Success() {
		return ack
	}
	data, err := transfertypes.UnmarshalPacketData(packet.GetData(), version, "")
	if err != nil {
		return ack
	}
	if err := m.k.PayIn(ctx, packet, data); err != nil {
		return channeltypes.NewErrorAcknowledgement(err)
	}
	return ack
}

// OnAcknowledgementPacket lets ICS-20 refund an error acknowledgement, then
// closes the payout the packet carried, if any.
func (m *IBCMiddleware) OnAcknowledgementPacket(ctx sdk.Context, version string, packet channeltypes.Packet, ackBz []byte, relayer sdk.AccAddress) error {
	if err := m.app.OnAcknowledgementPacket(ctx, version, packet, ackBz, relayer); err != nil {
		return err
	}
	var ack channeltypes.Acknowledgement
	if err := transfertypes.ModuleCdc.UnmarshalJSON(ackBz, &ack); err != nil {
		return err
	}
	failure := ""
	if !ack.Success() {
		failure = "error acknowledgement: " + ack.GetError()
	}
	return m.k.ClosePayout(ctx, packet.SourceChannel, packet.Sequence, failure)
}

// OnTimeoutPacket lets ICS-20 refund, then makes a payout claimable.
func (m *IBCMiddleware) OnTimeoutPacket(ctx sdk.Context, version string, packet channeltypes.Packet, relayer sdk.AccAddress) error {
	if err := m.app.OnTimeoutPacket(ctx, version, packet, relayer); err != nil {
		return err
	}
	return m.k.ClosePayout(ctx, packet.SourceChannel, packet.Sequence, "timed out")
}

// SendPacket passes through.
func (m *IBCMiddleware) SendPacket(ctx sdk.Context, sourcePort, sourceChannel string, timeoutHeight clienttypes.Height,
	timeoutTimestamp uint64, data []byte,
) (uint64, error) {
	return m.ics4.SendPacket(ctx, sourcePort, sourceChannel, timeoutHeight, timeoutTimestamp, data)
}

// WriteAcknowledgement passes through.
func (m *IBCMiddleware) WriteAcknowledgement(ctx sdk.Context, packet ibcexported.PacketI, ack ibcexported.Acknowledgement) error {
	return m.ics4.WriteAcknowledgement(ctx, packet, ack)
}

// GetAppVersion passes through.
func (m *IBCMiddleware) GetAppVersion(ctx sdk.Context, portID, channelID string) (string, bool) {
	return m.ics4.GetAppVersion(ctx, portID, channelID)
}

// UnmarshalPacketData lets middlewares above (packet forward) read ICS-20 data.
func (m *IBCMiddleware) UnmarshalPacketData(ctx sdk.Context, portID, channelID string, bz []byte) (any, string, error) {
	return m.app.(porttypes.PacketDataUnmarshaler).UnmarshalPacketData(ctx, portID, channelID, bz)
}
