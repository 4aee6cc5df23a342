package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	transfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	clienttypes "github.com/cosmos/ibc-go/v11/modules/core/02-client/types"
	channeltypes "github.com/cosmos/ibc-go/v11/modules/core/04-channel/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/settlement/types"
)

// PayIn funds the leg a received ICS-20 transfer's memo names. The transfer
// has already credited the receiver; the leg is funded from that account in
// a nested cache, so a memo that cannot be honoured (unknown, closed,
// netting or expired instruction, a leg the receiver does not pay, a funded
// leg, another denom or amount than the leg's funding) changes nothing and
// leaves the tokens with the receiver, who can fund the leg by MsgFundLeg or
// use them otherwise. The packet is acknowledged with success either way:
// the money has arrived, and only the memo was wrong. A transfer without the
// pay-in key is an ordinary transfer.
func (k Keeper) PayIn(ctx sdk.Context, packet channeltypes.Packet, data transfertypes.InternalTransferRepresentation) error {
	memo, ok, perr := types.ParsePayInMemo(data.Memo)
	if !ok {
		return nil
	}
	coin, err := receivedCoin(packet, data)
	if err != nil {
		return err
	}
	fail := func(reason error) error {
		return keeperkit.Emit(ctx, &types.EventPayInUnapplied{Channel: packet.DestinationChannel, Sequence: packet.Sequence,
			Receiver: data.Receiver, Denom: coin.Denom, Amount: coin.Amount, Reason: reason.Error()})
	}
	if perr != nil {
		return fail(types.ErrPayInUnapplied.Wrap(perr.Error()))
	}
	cache, write := ctx.CacheContext()
	if err := k.applyPayIn(cache, memo, data.Receiver, coin); err != nil {
		return fail(err)
	}
	write()
	return keeperkit.Emit(ctx, &types.EventPayInApplied{InstructionId: memo.InstructionID, Leg: memo.Leg,
		Channel: packet.DestinationChannel, Sequence: packet.Sequence, Sender: data.Sender, Receiver: data.Receiver,
		Denom: coin.Denom, Amount: coin.Amount})
}

func (k Keeper) applyPayIn(ctx sdk.Context, memo types.PayIn, receiver string, coin sdk.Coin) error {
	in, err := k.openFor(ctx, memo.InstructionID, false)
	if err != nil {
		return err
	}
	if int(memo.Leg) >= len(in.Legs) {
		return types.ErrPayInUnapplied.Wrapf("instruction %d has %d legs", in.Id, len(in.Legs))
	}
	leg := in.Legs[memo.Leg]
	if leg.From != receiver {
		return types.ErrNotPayer.Wrapf("leg %d is paid by %s, the transfer went to %s", memo.Leg, leg.From, receiver)
	}
	if leg.Funded {
		return types.ErrAlreadyFunded.Wrapf("instruction %d leg %d", in.Id, memo.Leg)
	}
	if want := funding(leg); !coin.Equal(want) {
		return types.ErrPayInUnapplied.Wrapf("leg %d is funded with %s, the transfer brought %s", memo.Leg, want, coin)
	}
	_, err = k.fund(ctx, k.newParticipants(), in, []uint32{memo.Leg})
	return err
}

// receivedCoin is the coin an ICS-20 packet credited on this chain: the
// unwound denom for a token returning home, else the voucher of this end.
func receivedCoin(packet channeltypes.Packet, data transfertypes.InternalTransferRepresentation) (sdk.Coin, error) {
	amount, ok := math.NewIntFromString(data.Token.Amount)
	if !ok {
		return sdk.Coin{}, transfertypes.ErrInvalidAmount.Wrap(data.Token.Amount)
	}
	denom := data.Token.Denom
	trace := append([]transfertypes.Hop(nil), denom.Trace...)
	if denom.HasPrefix(packet.SourcePort, packet.SourceChannel) {
		trace = trace[1:]
	} else {
		trace = append([]transfertypes.Hop{transfertypes.NewHop(packet.DestinationPort, packet.DestinationChannel)}, trace...)
	}
	return sdk.NewCoin(transfertypes.NewDenom(denom.Base, trace...).IBCDenom(), amount), nil
}

// payout sends leg i's proceeds to its target over ICS-20 from
// types.PayoutAccount. A send that fails at once (a closed or unknown
// channel, a rate limit, transfers disabled) leaves the proceeds in escrow as
// a claimable payout: settlement never fails on a payout.
func (k Keeper) payout(ctx context.Context, in types.Instruction, i uint32, pay sdk.Coin) error {
	id, err := k.PayoutSeq.Next(ctx)
	if err != nil {
		return err
	}
	l := in.Legs[i]
	p := types.Payout{Id: id, InstructionId: in.Id, Leg: i, Owner: l.To, Target: *l.Payout,
		Denom: pay.Denom, Amount: pay.Amount, SentHeight: blockHeight(ctx), Status: types.PAYOUT_STATUS_IN_FLIGHT}
	cache, write := sdk.UnwrapSDKContext(ctx).CacheContext()
	seq, err := k.sendPayout(cache, p, pay)
	if err != nil {
		p.Status, p.Reason, p.ClosedHeight = types.PAYOUT_STATUS_CLAIMABLE, "send failed: "+err.Error(), blockHeight(ctx)
		if err := k.setPayout(ctx, p); err != nil {
			return err
		}
		return keeperkit.Emit(ctx, &types.EventPayoutClosed{PayoutId: p.Id, Status: p.Status, Reason: p.Reason})
	}
	write()
	p.Sequence = seq
	if err := k.setPayout(ctx, p); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventPayoutSent{Payout: p})
}

func (k Keeper) sendPayout(ctx sdk.Context, p types.Payout, pay sdk.Coin) (uint64, error) {
	if k.transfer == nil {
		return 0, errors.New("no ICS-20 transfer on this chain")
	}
	params, err := k.GetParams(ctx)
	if err != nil {
		return 0, err
	}
	sender, err := k.addressCodec.BytesToString(types.PayoutAccount)
	if err != nil {
		return 0, err
	}
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, types.PayoutAccount, sdk.NewCoins(pay)); err != nil {
		return 0, err
	}
	timeout := uint64(ctx.BlockTime().Add(params.PayoutTimeout).UnixNano())
	res, err := k.transfer.Transfer(ctx, transfertypes.NewMsgTransfer(transfertypes.PortID, p.Target.Channel, pay,
		sender, p.Target.Receiver, clienttypes.ZeroHeight(), timeout, types.PayoutMemo(p)))
	if err != nil {
		return 0, err
	}
	return res.Sequence, nil
}

// ClosePayout settles the payout sent as packet (channel, sequence), if the
// packet is one: delivered when failure is empty, else (an error
// acknowledgement or a timeout, after ICS-20 refunded the payout account)
// the funds return to escrow as a claimable balance of the payout's owner.
func (k Keeper) ClosePayout(ctx sdk.Context, channel string, sequence uint64, failure string) error {
	id, err := k.PayoutsByPacket.Get(ctx, collections.Join(channel, sequence))
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	p, err := k.Payouts.Get(ctx, id)
	if err != nil {
		return err
	}
	p.Status, p.ClosedHeight = types.PAYOUT_STATUS_DELIVERED, ctx.BlockHeight()
	if failure != "" {
		refund := sdk.NewCoins(sdk.NewCoin(p.Denom, p.Amount))
		if err := k.bank.SendCoinsFromAccountToModule(ctx, types.PayoutAccount, types.ModuleName, refund); err != nil {
			return fmt.Errorf("payout %d: taking the ICS-20 refund back into escrow: %w", p.Id, err)
		}
		p.Status, p.Reason = types.PAYOUT_STATUS_CLAIMABLE, failure
	}
	if err := k.setPayout(ctx, p); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventPayoutClosed{PayoutId: p.Id, Status: p.Status, Reason: p.Reason})
}

// setPayout stores p with its indexes: its owner's always, its packet's
// while it is in flight (and no longer once it is closed).
func (k Keeper) setPayout(ctx context.Context, p types.Payout) error {
	owner, err := k.addressCodec.StringToBytes(p.Owner)
	if err != nil {
		return err
	}
	if err := k.PayoutsByOwner.Set(ctx, collections.Join(sdk.AccAddress(owner), p.Id)); err != nil {
		return err
	}
	packet := collections.Join(p.Target.Channel, p.Sequence)
	if p.Status == types.PAYOUT_STATUS_IN_FLIGHT {
		err = k.PayoutsByPacket.Set(ctx, packet, p.Id)
	} else if p.Sequence != 0 {
		err = k.PayoutsByPacket.Remove(ctx, packet)
	}
	if err != nil {
		return err
	}
	return k.Payouts.Set(ctx, p.Id, p)
}

// GetPayout returns a payout.
func (k Keeper) GetPayout(ctx context.Context, id uint64) (types.Payout, error) {
	p, err := k.Payouts.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return p, types.ErrPayoutNotFound.Wrapf("payout %d", id)
	}
	return p, err
}
