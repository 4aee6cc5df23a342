package keeper_test

import (
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	icacontrollertypes "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/controller/types"
	icatypes "github.com/cosmos/ibc-go/v11/modules/apps/27-interchain-accounts/types"
	ratelimittypes "github.com/cosmos/ibc-go/v11/modules/apps/rate-limiting/types"
	transfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	channeltypes "github.com/cosmos/ibc-go/v11/modules/core/04-channel/types"
	ibctesting "github.com/cosmos/ibc-go/v11/testing"

	"github.com/corridor-chain/corridor/chain/app/apptesting"
	"github.com/corridor-chain/corridor/x/settlement/keeper"
	"github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// bankDenom is the bank chain's deposit token in these tests: the coin
// ibc-go's test chains fund their senders with.
var bankDenom = apptesting.TestDenom

// ibcFixture is the corridor chain (the fixture's chain, endpoint A) linked
// by an ICS-20 channel to a bank chain (endpoint B) running the same app.
// On the corridor chain CNY also accepts the bank's token as it arrives over
// the channel (voucher).
type ibcFixture struct {
	*fixture
	bank    *ibctesting.TestChain
	path    *ibctesting.Path
	voucher string
}

func newIBCFixture(t *testing.T) *ibcFixture {
	t.Helper()
	coord := apptesting.NewCoordinator(t, 2)
	f := setupFixture(t, coord, coord.GetChain(ibctesting.GetChainID(1)))
	bank := coord.GetChain(ibctesting.GetChainID(2))
	apptesting.SetRelayers(t, f.chain, f.chain.SenderAccount.GetAddress().String())
	apptesting.SetRelayers(t, bank, bank.SenderAccount.GetAddress().String())
	path := ibctesting.NewTransferPath(f.chain, bank)
	path.Setup()
	x := &ibcFixture{fixture: f, bank: bank, path: path, voucher: types.VoucherDenom(path.EndpointA.ChannelID, bankDenom)}
	c := currency("CNY", f.cnbank, cny)
	c.Denoms = append(c.Denoms, types.AcceptedDenom{Denom: x.voucher, SourceChannel: path.EndpointA.ChannelID, BaseDenom: bankDenom})
	f.must(&types.MsgUpdateCurrency{Authority: f.gov, Currency: c})
	return x
}

func (x *ibcFixture) bankSender() string { return x.bank.SenderAccount.GetAddress().String() }

func (x *ibcFixture) bankBal(addr string) math.Int {
	return apptesting.App(x.t, x.bank).BankKeeper.GetBalance(x.bank.GetContext(), sdk.MustAccAddressFromBech32(addr), bankDenom).Amount
}

// sendFromBank sends amount of the bank token from the bank chain to
// receiver with memo and returns the packet, not yet relayed.
func (x *ibcFixture) sendFromBank(receiver string, amount math.Int, memo string) channeltypes.Packet {
	x.t.Helper()
	msg := transfertypes.NewMsgTransfer(transfertypes.PortID, x.path.EndpointB.ChannelID, sdk.NewCoin(bankDenom, amount),
		x.bankSender(), receiver, x.chain.GetTimeoutHeight(), 0, memo)
	res, err := x.bank.SendMsgs(msg)
	require.NoError(x.t, err)
	packet, err := ibctesting.ParsePacketFromEvents(res.Events)
	require.NoError(x.t, err)
	return packet
}

// payIn sends as sendFromBank does and relays the packet and its acknowledgement.
func (x *ibcFixture) payIn(receiver string, amount math.Int, memo string) {
	x.t.Helper()
	require.NoError(x.t, x.path.RelayPacket(x.sendFromBank(receiver, amount, memo)))
}

// dvp creates a DVP selling the fixture's lot to the importer for amount of
// denom, the exporter's lot leg escrowed at once; legs[1] is the importer's.
func (x *ibcFixture) dvp(denom string, amount math.Int, payout *types.PayoutTarget) uint64 {
	x.t.Helper()
	cash := types.LegInput{From: x.importer, To: x.exporter, Denom: denom, Amount: amount}
	if payout != nil {
		cash.PayoutChannel, cash.PayoutReceiver = payout.Channel, payout.Receiver
	}
	res := x.must(&types.MsgCreateInstruction{Creator: x.exporter, Type: types.INSTRUCTION_TYPE_DVP, Deadline: x.now().Add(time.Hour),
		Fund: true, Legs: []types.LegInput{{From: x.exporter, To: x.importer, Denom: tk.LotDenom(x.lot()), Amount: math.NewInt(5_000_000)}, cash}})
	return unpack(x.t, res, &types.MsgCreateInstructionResponse{}).InstructionId
}

func (x *ibcFixture) fundingOf(id uint64, leg int) sdk.Coin {
	l := x.instruction(id).Legs[leg]
	return sdk.NewCoin(l.Denom, l.Amount.Add(l.Fee))
}

func TestPayInFundsTheLegAndSettles(t *testing.T) {
	x := newIBCFixture(t)
	id := x.dvp(x.voucher, math.NewInt(5_000_000), nil)
	need := x.fundingOf(id, 1) // 5,000,000 + 5 bps fee
	require.Equal(t, int64(5_002_500), need.Amount.Int64())
	bankBefore := x.bankBal(x.bankSender())

	x.payIn(x.importer, need.Amount, types.PayInMemo(id, 1))

	in := x.instruction(id)
	require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, in.Status, in.BlockedReason)
	require.Equal(t, int64(5_000_000), x.bal(x.exporter, x.voucher).Int64(), "the exporter is paid in the bank's voucher")
	require.True(t, x.bal(x.importer, x.voucher).IsZero(), "nothing is left with the importer")
	require.Equal(t, bankBefore.Sub(need.Amount), x.bankBal(x.bankSender()), "the bank chain is debited once")
	x.requireInvariant()
}

func TestPayInBadMemosLandInTheReceiversAccount(t *testing.T) {
	x := newIBCFixture(t)
	amount := math.NewInt(1_000_000)
	funded := x.dvp(x.voucher, amount, nil)
	x.must(&types.MsgIssue{Issuer: x.cnbank, Currency: "CNY", Amount: math.NewInt(10_000_000), Recipient: x.importer})
	local := x.dvp(cny, amount, nil) // a leg paid in the local dep/CNY
	need := x.fundingOf(funded, 1).Amount
	x.payIn(x.importer, need, types.PayInMemo(funded, 1)) // funds and settles it
	require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, x.instruction(funded).Status)
	expiring := x.dvp(x.voucher, amount, nil)
	open := x.dvp(x.voucher, amount, nil)

	cases := []struct {
		name, receiver, memo string
		amount               math.Int
	}{
		{"unknown instruction", x.importer, types.PayInMemo(999, 1), need},
		{"already settled", x.importer, types.PayInMemo(funded, 1), need},
		{"leg out of range", x.importer, types.PayInMemo(open, 7), need},
		{"lot leg paid by the exporter", x.importer, types.PayInMemo(open, 0), need},
		{"receiver does not pay the leg", x.maker, types.PayInMemo(open, 1), need},
		{"wrong amount", x.importer, types.PayInMemo(open, 1), need.SubRaw(1)},
		{"wrong currency: the leg is paid in dep/CNY", x.importer, types.PayInMemo(local, 1), x.fundingOf(local, 1).Amount},
		{"malformed pay-in", x.importer, `{"corridor_pay_in":{"instruction_id":"x"}}`, need},
		{"unknown field", x.importer, `{"corridor_pay_in":{"instruction_id":1,"leg":1,"extra":1}}`, need},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, bank := x.bal(c.receiver, x.voucher), x.bankBal(x.bankSender())
			x.payIn(c.receiver, c.amount, c.memo)
			require.Equal(t, before.Add(c.amount), x.bal(c.receiver, x.voucher), "the tokens land with the receiver")
			require.Equal(t, bank.Sub(c.amount), x.bankBal(x.bankSender()), "acknowledged with success: no refund")
			require.False(t, x.instruction(open).Legs[1].Funded)
			require.False(t, x.instruction(local).Legs[1].Funded)
			x.requireInvariant()
		})
	}

	t.Run("expired instruction", func(t *testing.T) {
		x.coord.IncrementTimeBy(2 * time.Hour) // past the deadline, before EndBlock expires it
		before := x.bal(x.importer, x.voucher)
		x.payIn(x.importer, need, types.PayInMemo(expiring, 1))
		require.Equal(t, before.Add(need), x.bal(x.importer, x.voucher))
		require.NotEqual(t, types.INSTRUCTION_STATUS_SETTLED, x.instruction(expiring).Status)
		x.requireInvariant()
	})

	t.Run("no pay-in key: an ordinary transfer", func(t *testing.T) {
		before := x.bal(x.importer, x.voucher)
		x.payIn(x.importer, need, `{"note":"invoice 42"}`)
		require.Equal(t, before.Add(need), x.bal(x.importer, x.voucher))
	})
}

func TestPayInOverTheRateLimitIsRefused(t *testing.T) {
	x := newIBCFixture(t)
	x.payIn(x.maker, math.NewInt(10_000_000), "") // the voucher's supply here: 10,000,000
	_, err := x.app.MsgServiceRouter().Handler(&ratelimittypes.MsgAddRateLimit{})(x.ctx(), &ratelimittypes.MsgAddRateLimit{
		Signer: x.gov, Denom: x.voucher, ChannelOrClientId: x.path.EndpointA.ChannelID,
		MaxPercentSend: math.NewInt(10), MaxPercentRecv: math.NewInt(10), DurationHours: 24,
	})
	require.NoError(t, err)
	x.chain.NextBlock()

	id := x.dvp(x.voucher, math.NewInt(5_000_000), nil) // 50% of the supply: over the 10% inflow quota
	need := x.fundingOf(id, 1).Amount
	bank := x.bankBal(x.bankSender())
	x.payIn(x.importer, need, types.PayInMemo(id, 1))

	require.False(t, x.instruction(id).Legs[1].Funded)
	require.True(t, x.bal(x.importer, x.voucher).IsZero(), "nothing arrives")
	require.Equal(t, bank, x.bankBal(x.bankSender()), "the error acknowledgement refunds the bank chain sender")
	x.requireInvariant()
}

// settlePayout creates a DVP whose cash leg pays the exporter's proceeds to
// receiver on the bank chain, and funds it by pay-in; it returns the payout
// and the packet that carries it.
func (x *ibcFixture) settlePayout(receiver string) (types.Payout, channeltypes.Packet) {
	x.t.Helper()
	id := x.dvp(x.voucher, math.NewInt(3_000_000), &types.PayoutTarget{Channel: x.path.EndpointA.ChannelID, Receiver: receiver})
	in := x.sendFromBank(x.importer, x.fundingOf(id, 1).Amount, types.PayInMemo(id, 1))
	require.NoError(x.t, x.path.EndpointB.UpdateClient())
	require.NoError(x.t, x.path.EndpointA.UpdateClient())
	recv, err := x.path.EndpointA.RecvPacketWithResult(in)
	require.NoError(x.t, err)
	require.Equal(x.t, types.INSTRUCTION_STATUS_SETTLED, x.instruction(id).Status)
	out, err := ibctesting.ParsePacketFromEvents(recv.Events)
	require.NoError(x.t, err, "settlement sends the payout in the transaction that received the pay-in")
	ps, err := x.k().Payouts.Get(x.ctx(), 1)
	require.NoError(x.t, err)
	require.Equal(x.t, types.PAYOUT_STATUS_IN_FLIGHT, ps.Status)
	require.Equal(x.t, out.Sequence, ps.Sequence)
	require.True(x.t, x.bal(x.exporter, x.voucher).IsZero(), "the proceeds leave instead of landing here")
	x.requireInvariant()
	return ps, out
}

func TestPayoutDeliveredToTheBankChain(t *testing.T) {
	x := newIBCFixture(t)
	beneficiary := x.bank.SenderAccounts[3].SenderAccount.GetAddress().String()
	before := x.bankBal(beneficiary)
	p, packet := x.settlePayout(beneficiary)
	require.Equal(t, int64(3_000_000), p.Amount.Int64())

	require.NoError(t, x.path.RelayPacket(packet))
	require.Equal(t, before.Add(p.Amount), x.bankBal(beneficiary), "the beneficiary holds the bank's own token again")
	got, err := x.k().GetPayout(x.ctx(), p.Id)
	require.NoError(t, err)
	require.Equal(t, types.PAYOUT_STATUS_DELIVERED, got.Status)
	require.True(t, x.bal(types.PayoutAccount.String(), x.voucher).IsZero())
	x.requireInvariant()
}

func TestPayoutErrorAcknowledgementBecomesClaimable(t *testing.T) {
	x := newIBCFixture(t)
	p, packet := x.settlePayout("not-an-address") // the bank chain refuses the receiver
	require.NoError(t, x.path.RelayPacket(packet))

	got, err := x.k().GetPayout(x.ctx(), p.Id)
	require.NoError(t, err)
	require.Equal(t, types.PAYOUT_STATUS_CLAIMABLE, got.Status)
	require.Contains(t, got.Reason, "error acknowledgement")
	x.requireInvariant() // the escrow holds the claimable payout

	// the owner's claimable balance, and an unknown payout
	qs := keeper.NewQueryServerImpl(x.k())
	res, err := qs.Payouts(x.ctx(), &types.QueryPayoutsRequest{Owner: got.Owner, Status: types.PAYOUT_STATUS_CLAIMABLE})
	require.NoError(t, err)
	require.Len(t, res.Payouts, 1)
	require.Equal(t, []types.DenomAmount{{Denom: got.Denom, Amount: got.Amount}}, res.Claimable)
	res, err = qs.Payouts(x.ctx(), &types.QueryPayoutsRequest{Owner: x.importer})
	require.NoError(t, err)
	require.Empty(t, res.Payouts)
	_, err = qs.Payout(x.ctx(), &types.QueryPayoutRequest{Id: 99})
	require.Equal(t, codes.NotFound, status.Code(err))
	x.requireClaim(got)
}

func TestPayoutTimeoutBecomesClaimable(t *testing.T) {
	x := newIBCFixture(t)
	p, packet := x.settlePayout(x.bankSender())
	// the bank chain moves past the payout timeout (params: 1 h) without receiving it.
	x.coord.IncrementTimeBy(types.DefaultParams().PayoutTimeout + time.Minute)
	x.bank.NextBlock()
	require.NoError(t, x.path.EndpointA.UpdateClient())
	require.NoError(t, x.path.EndpointA.TimeoutPacket(packet))

	got, err := x.k().GetPayout(x.ctx(), p.Id)
	require.NoError(t, err)
	require.Equal(t, types.PAYOUT_STATUS_CLAIMABLE, got.Status)
	require.Equal(t, "timed out", got.Reason)
	x.requireInvariant()
	x.requireClaim(got)
}

func TestPayoutThatCannotBeSentIsClaimableAtOnce(t *testing.T) {
	x := newIBCFixture(t)
	// governance accepts a voucher over a channel that does not exist here.
	dead := types.VoucherDenom("channel-9", bankDenom)
	c := currency("MNT", x.mnbank, mnt)
	c.Denoms = append(c.Denoms, types.AcceptedDenom{Denom: dead, SourceChannel: "channel-9", BaseDenom: bankDenom})
	x.must(&types.MsgUpdateCurrency{Authority: x.gov, Currency: c})
	// no channel can bring that voucher: mint it to the importer directly.
	coins := sdk.NewCoins(sdk.NewInt64Coin(dead, 2_000_000))
	require.NoError(t, x.app.BankKeeper.MintCoins(x.ctx(), types.ModuleName, coins))
	require.NoError(t, x.app.BankKeeper.SendCoinsFromModuleToAccount(x.ctx(), types.ModuleName, sdk.MustAccAddressFromBech32(x.importer), coins))

	id := x.dvp(dead, math.NewInt(1_000_000), &types.PayoutTarget{Channel: "channel-9", Receiver: x.bankSender()})
	res := x.must(&types.MsgFundLeg{Payer: x.importer, InstructionId: id, Leg: 1})
	require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, unpack(t, res, &types.MsgFundLegResponse{}).Status, "a payout never blocks settlement")
	p, err := x.k().GetPayout(x.ctx(), 1)
	require.NoError(t, err)
	require.Equal(t, types.PAYOUT_STATUS_CLAIMABLE, p.Status)
	require.Contains(t, p.Reason, "send failed")
	x.requireInvariant()
	x.requireClaim(p)
}

func TestPayoutLegRefusals(t *testing.T) {
	x := newIBCFixture(t)
	ch := x.path.EndpointA.ChannelID
	lot := x.lot()
	for name, legs := range map[string][]types.LegInput{
		"local denom has no home channel": {
			{From: x.exporter, To: x.importer, Denom: tk.LotDenom(lot), Amount: math.NewInt(1)},
			{From: x.importer, To: x.exporter, Denom: cny, Amount: math.NewInt(1), PayoutChannel: ch, PayoutReceiver: x.bankSender()},
		},
		"voucher of another channel": {
			{From: x.exporter, To: x.importer, Denom: tk.LotDenom(lot), Amount: math.NewInt(1)},
			{From: x.importer, To: x.exporter, Denom: x.voucher, Amount: math.NewInt(1), PayoutChannel: "channel-7", PayoutReceiver: x.bankSender()},
		},
		"lot leg": {
			{From: x.exporter, To: x.importer, Denom: tk.LotDenom(lot), Amount: math.NewInt(1), PayoutChannel: ch, PayoutReceiver: x.bankSender()},
			{From: x.importer, To: x.exporter, Denom: x.voucher, Amount: math.NewInt(1)},
		},
		"channel without receiver": {
			{From: x.exporter, To: x.importer, Denom: tk.LotDenom(lot), Amount: math.NewInt(1)},
			{From: x.importer, To: x.exporter, Denom: x.voucher, Amount: math.NewInt(1), PayoutChannel: ch},
		},
	} {
		_, err := x.deliver(&types.MsgCreateInstruction{Creator: x.exporter, Type: types.INSTRUCTION_TYPE_DVP,
			Deadline: x.now().Add(time.Hour), Legs: legs})
		require.ErrorIs(t, err, types.ErrInvalidInstruction, name)
	}
}

// requireClaim: only the owner claims, once, and gets the funds here.
func (x *ibcFixture) requireClaim(p types.Payout) {
	x.t.Helper()
	_, err := x.deliver(&types.MsgClaimPayout{Owner: x.importer, PayoutId: p.Id})
	require.ErrorIs(x.t, err, types.ErrPayoutNotClaimable, "not the owner")

	res, err := x.k().Payouts.Get(x.ctx(), p.Id)
	require.NoError(x.t, err)
	require.Equal(x.t, types.PAYOUT_STATUS_CLAIMABLE, res.Status)
	before := x.bal(p.Owner, p.Denom)
	claimed := unpack(x.t, x.must(&types.MsgClaimPayout{Owner: p.Owner, PayoutId: p.Id}), &types.MsgClaimPayoutResponse{})
	require.Equal(x.t, p.Amount, claimed.Amount)
	require.Equal(x.t, before.Add(p.Amount), x.bal(p.Owner, p.Denom))
	_, err = x.deliver(&types.MsgClaimPayout{Owner: p.Owner, PayoutId: p.Id})
	require.ErrorIs(x.t, err, types.ErrPayoutNotClaimable, "claimed once")
	x.requireInvariant()
}

func TestICAFundsALegFromTheBankChain(t *testing.T) {
	x := newIBCFixture(t)
	owner := x.bankSender()
	// the bank chain's account opens an interchain account on the corridor
	// chain over the existing connection, by the controller's Msg service.
	icaPath := ibctesting.NewPath(x.bank, x.chain)
	icaPath.EndpointA.ConnectionID, icaPath.EndpointB.ConnectionID = x.path.EndpointB.ConnectionID, x.path.EndpointA.ConnectionID
	icaPath.EndpointA.ClientID, icaPath.EndpointB.ClientID = x.path.EndpointB.ClientID, x.path.EndpointA.ClientID
	version := icatypes.NewDefaultMetadataString(icaPath.EndpointA.ConnectionID, icaPath.EndpointB.ConnectionID)
	port, err := icatypes.NewControllerPortID(owner)
	require.NoError(t, err)
	icaPath.EndpointA.ChannelConfig = &ibctesting.ChannelConfig{PortID: port, Version: version, Order: channeltypes.ORDERED}
	icaPath.EndpointB.ChannelConfig = &ibctesting.ChannelConfig{PortID: icatypes.HostPortID, Version: version, Order: channeltypes.ORDERED}
	res, err := x.bank.SendMsgs(icacontrollertypes.NewMsgRegisterInterchainAccount(icaPath.EndpointA.ConnectionID, owner, version, channeltypes.ORDERED))
	require.NoError(t, err, "the consortium gate lets the ICA controller open its own channel")
	icaPath.EndpointA.ChannelID, err = ibctesting.ParseChannelIDFromEvents(res.Events)
	require.NoError(t, err)
	require.NoError(t, icaPath.EndpointB.ChanOpenTry())
	require.NoError(t, icaPath.EndpointA.ChanOpenAck())
	require.NoError(t, icaPath.EndpointB.ChanOpenConfirm())

	ica, ok := x.app.ICAHostKeeper.GetInterchainAccountAddress(x.ctx(), icaPath.EndpointB.ConnectionID, port)
	require.True(t, ok)
	// the consortium admits the interchain account as the importer's bank
	// agent; it holds CNY and pays the DVP's cash leg.
	x.must(&tk.MsgRegisterParticipant{Authority: x.gov, Address: ica, LegalName: "Baotou Steel (via Bank of Erenhot ICA)",
		Country: "CN", RegistrationId: "91110000100000001W", Roles: []tk.RoleGrant{{Role: tk.ROLE_IMPORTER, Jurisdiction: "CN"}}})
	x.must(&types.MsgIssue{Issuer: x.cnbank, Currency: "CNY", Amount: math.NewInt(2_000_000), Recipient: ica})
	lot := x.lot()
	created := x.must(&types.MsgCreateInstruction{Creator: x.exporter, Type: types.INSTRUCTION_TYPE_DVP, Deadline: x.now().Add(time.Hour), Fund: true,
		Legs: []types.LegInput{
			{From: x.exporter, To: ica, Denom: tk.LotDenom(lot), Amount: math.NewInt(5_000_000)},
			{From: ica, To: x.exporter, Denom: cny, Amount: math.NewInt(1_000_000)},
		}})
	id := unpack(t, created, &types.MsgCreateInstructionResponse{}).InstructionId

	data, err := icatypes.SerializeCosmosTx(x.app.AppCodec(), []proto.Message{&types.MsgFundLeg{Payer: ica, InstructionId: id, Leg: 1}}, icatypes.EncodingProtobuf)
	require.NoError(t, err)
	send := icacontrollertypes.NewMsgSendTx(owner, icaPath.EndpointA.ConnectionID, uint64(time.Hour.Nanoseconds()),
		icatypes.InterchainAccountPacketData{Type: icatypes.EXECUTE_TX, Data: data})
	res, err = x.bank.SendMsgs(send)
	require.NoError(t, err)
	packet, err := ibctesting.ParsePacketFromEvents(res.Events)
	require.NoError(t, err)
	require.NoError(t, icaPath.RelayPacket(packet))

	require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, x.instruction(id).Status)
	require.Equal(t, int64(5_000_000), x.bal(ica, tk.LotDenom(lot)).Int64())
	require.Equal(t, int64(1_000_000), x.bal(x.exporter, cny).Int64())
	x.requireInvariant()
}

// A payout sent by an EndBlock settlement (its customs condition landed
// after the pay-in) emits its typed event and its ICS-20 packet exactly once
// in FinalizeBlock's results.
func TestEndBlockPayoutEventsExactlyOnce(t *testing.T) {
	x := newIBCFixture(t)
	blocks := apptesting.RecordBlocks(t, x.app)
	beneficiary := x.bank.SenderAccounts[3].SenderAccount.GetAddress().String()
	lot := x.lot()
	res := x.must(&types.MsgCreateInstruction{Creator: x.exporter, Type: types.INSTRUCTION_TYPE_DVP, Deadline: x.now().Add(time.Hour), Fund: true,
		Legs: []types.LegInput{
			{From: x.exporter, To: x.importer, Denom: tk.LotDenom(lot), Amount: math.NewInt(5_000_000)},
			{From: x.importer, To: x.exporter, Denom: x.voucher, Amount: math.NewInt(3_000_000),
				PayoutChannel: x.path.EndpointA.ChannelID, PayoutReceiver: beneficiary},
		},
		Conditions: []types.Condition{{LotId: lot, Kind: tk.ATTESTATION_KIND_CUSTOMS_EXPORT}}})
	id := unpack(t, res, &types.MsgCreateInstructionResponse{}).InstructionId
	x.payIn(x.importer, x.fundingOf(id, 1).Amount, types.PayInMemo(id, 1))
	require.Equal(t, types.INSTRUCTION_STATUS_OPEN, x.instruction(id).Status, "funded, waiting for customs")

	x.attest(lot, tk.ATTESTATION_KIND_CUSTOMS_EXPORT, x.customsMN)
	x.nextBlocks(1, time.Second)
	require.Equal(t, types.INSTRUCTION_STATUS_SETTLED, x.instruction(id).Status)
	last := blocks.Last()
	require.Equal(t, 1, apptesting.CountEvents(last, apptesting.TypedName(&types.EventPayoutSent{}), "mode", "EndBlock"))
	require.Equal(t, 1, apptesting.CountEvents(last, "send_packet", "mode", "EndBlock"))
	require.Equal(t, 1, apptesting.CountEvents(last, apptesting.TypedName(&types.EventInstructionSettled{}), "mode", "EndBlock"))
	p, err := x.k().Payouts.Get(x.ctx(), 1)
	require.NoError(t, err)
	require.Equal(t, types.PAYOUT_STATUS_IN_FLIGHT, p.Status)
	x.requireInvariant()
}
