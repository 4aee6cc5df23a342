package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/corridor-chain/corridor/x/settlement/keeper"
	"github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

func TestCurrencies(t *testing.T) {
	f := newFixture(t)
	voucher := types.VoucherDenom("channel-0", "dep/RUB")
	rub := types.Currency{Code: "RUB", Exponent: 2, Issuer: f.mnbank, Denoms: []types.AcceptedDenom{{Denom: voucher, SourceChannel: "channel-0", BaseDenom: "dep/RUB"}}}
	res := f.must(&types.MsgRegisterCurrency{Authority: f.gov, Currency: rub})
	hasEvent(t, res, &types.EventCurrencyRegistered{})
	c, ok, err := f.k().CurrencyOf(f.ctx(), voucher)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, "RUB", c.Code)

	for _, tc := range []struct {
		name string
		msg  sdk.Msg
		err  error
	}{
		{"twice", &types.MsgRegisterCurrency{Authority: f.gov, Currency: rub}, types.ErrCurrencyExists},
		{"not governance", &types.MsgRegisterCurrency{Authority: f.exporter, Currency: currency("KZT", f.mnbank, "dep/KZT")}, sdkerrors.ErrUnauthorized},
		{"issuer not a bank", &types.MsgRegisterCurrency{Authority: f.gov, Currency: currency("KZT", f.exporter, "dep/KZT")}, types.ErrRoleNotHeld},
		{"not ISO 4217", &types.MsgRegisterCurrency{Authority: f.gov, Currency: currency("XYZ", f.mnbank, "dep/XYZ")}, types.ErrInvalidCurrency},
		{"denom taken", &types.MsgRegisterCurrency{Authority: f.gov, Currency: currency("KZT", f.mnbank, cny)}, types.ErrInvalidCurrency},
		{"wrong voucher hash", &types.MsgRegisterCurrency{Authority: f.gov, Currency: types.Currency{Code: "KZT", Exponent: 2, Issuer: f.mnbank,
			Denoms: []types.AcceptedDenom{{Denom: voucher, SourceChannel: "channel-1", BaseDenom: "dep/RUB"}}}}, types.ErrInvalidCurrency},
		{"exponent changes", &types.MsgUpdateCurrency{Authority: f.gov, Currency: func() types.Currency { c := currency("CNY", f.cnbank, cny); c.Exponent = 3; return c }()}, types.ErrInvalidCurrency},
		{"update unknown", &types.MsgUpdateCurrency{Authority: f.gov, Currency: currency("KZT", f.mnbank, "dep/KZT")}, types.ErrCurrencyNotFound},
		{"issue by another bank", &types.MsgIssue{Issuer: f.mnbank, Currency: "CNY", Amount: math.NewInt(1), Recipient: f.importer}, types.ErrNotIssuer},
		{"issue a voucher currency", &types.MsgIssue{Issuer: f.mnbank, Currency: "RUB", Amount: math.NewInt(1), Recipient: f.importer}, types.ErrNotIssuable},
		{"issue zero", &types.MsgIssue{Issuer: f.cnbank, Currency: "CNY", Amount: math.ZeroInt(), Recipient: f.importer}, types.ErrInvalidAmount},
		{"burn more than held", &types.MsgBurn{Issuer: f.cnbank, Currency: "CNY", Amount: math.NewInt(1)}, types.ErrInvalidAmount},
	} {
		_, err := f.deliver(tc.msg)
		require.ErrorIs(t, err, tc.err, tc.name)
	}

	f.must(&types.MsgIssue{Issuer: f.cnbank, Currency: "CNY", Amount: math.NewInt(500), Recipient: f.cnbank})
	res = f.must(&types.MsgBurn{Issuer: f.cnbank, Currency: "CNY", Amount: math.NewInt(200)})
	hasEvent(t, res, &types.EventBurned{})
	require.Equal(t, int64(300), f.bal(f.cnbank, cny).Int64())
	// update moves the denom index
	upd := currency("CNY", f.cnbank, cny)
	upd.Denoms = append(upd.Denoms, types.AcceptedDenom{Denom: "dep/CNH"})
	f.must(&types.MsgUpdateCurrency{Authority: f.gov, Currency: upd})
	c, ok, err = f.k().CurrencyOf(f.ctx(), "dep/CNH")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, "CNY", c.Code)
}

func TestQuotes(t *testing.T) {
	f := newFixture(t)
	before := f.bal(f.maker, mnt)
	id := f.quote()
	q, err := f.k().GetQuote(f.ctx(), id)
	require.NoError(t, err)
	// collateral = ceil(100,000,000 * 473.25) MNT minor
	require.Equal(t, int64(47_325_000_000), q.FreeCollateral.Int64())
	require.Equal(t, before.Sub(q.FreeCollateral), f.bal(f.maker, mnt))
	f.requireInvariant()

	post := func(mutate func(m *types.MsgPostQuote)) error {
		m := &types.MsgPostQuote{Maker: f.maker, Base: "CNY", Quote: "MNT", Bid: math.LegacyMustNewDecFromStr("473"),
			Ask: math.LegacyMustNewDecFromStr("475"), MaxBase: math.NewInt(100), CollateralDenom: mnt, Expiry: f.now().Add(time.Hour)}
		mutate(m)
		_, err := f.deliver(m)
		return err
	}
	require.ErrorIs(t, post(func(m *types.MsgPostQuote) { m.Maker = f.exporter }), types.ErrRoleNotHeld)
	require.ErrorIs(t, post(func(m *types.MsgPostQuote) { m.Ask = math.LegacyMustNewDecFromStr("472") }), types.ErrInvalidQuote)
	require.ErrorIs(t, post(func(m *types.MsgPostQuote) { m.Ask = math.LegacyMustNewDecFromStr("600") }), types.ErrInvalidQuote) // spread
	require.ErrorIs(t, post(func(m *types.MsgPostQuote) { m.Expiry = f.now().Add(48 * time.Hour) }), types.ErrInvalidQuote)
	require.ErrorIs(t, post(func(m *types.MsgPostQuote) { m.CollateralDenom = cny }), types.ErrInvalidQuote)
	require.ErrorIs(t, post(func(m *types.MsgPostQuote) { m.Quote = "RUB" }), types.ErrCurrencyNotFound)
	require.ErrorIs(t, post(func(m *types.MsgPostQuote) { m.MaxBase = math.NewInt(1 << 62) }), sdkerrors.ErrInsufficientFunds)

	_, err = f.deliver(&types.MsgCancelQuote{Maker: f.mnbank, QuoteId: id})
	require.ErrorIs(t, err, types.ErrNotMaker)
	res := f.must(&types.MsgCancelQuote{Maker: f.maker, QuoteId: id})
	hasEvent(t, res, &types.EventQuoteClosed{})
	require.Equal(t, before, f.bal(f.maker, mnt))
	_, err = f.deliver(&types.MsgCancelQuote{Maker: f.maker, QuoteId: id})
	require.ErrorIs(t, err, types.ErrQuoteUnavailable)
	out, err := keeper.NewQueryServerImpl(f.k()).Quotes(f.ctx(), &types.QueryQuotesRequest{Base: "CNY", Quote: "MNT"})
	require.NoError(t, err)
	require.Len(t, out.Quotes, 1)
	f.requireInvariant()
}

func TestGenesisRoundTripAndInvariantBreak(t *testing.T) {
	f := newFixture(t)
	lot, q := f.lot(), f.quote()
	id := unpack(t, f.must(f.storyInstruction(lot, q)), &types.MsgCreateInstructionResponse{}).InstructionId
	f.must(&types.MsgFundLeg{Payer: f.exporter, InstructionId: id, Leg: 0})
	f.attest(lot, tk.ATTESTATION_KIND_CUSTOMS_EXPORT, f.customsMN)
	gs, err := f.k().ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, gs.Validate(f.k().AddressCodec()))

	g := newFixture(t) // a fresh chain: same currencies, import over them
	require.NoError(t, g.k().InitGenesis(g.ctx(), gs))
	again, err := g.k().ExportGenesis(g.ctx())
	require.NoError(t, err)
	require.Equal(t, gs, again)
	ok, err := g.k().DeadlineQueue.Has(g.ctx(), collectionsJoin(gs.Instructions[0].Deadline, id))
	require.NoError(t, err)
	require.True(t, ok, "deadline queue rebuilt")

	// the invariant sees an escrow that does not match the books
	in := f.instruction(id)
	in.Legs[0].Funded = false
	require.NoError(t, f.k().Instructions.Set(f.ctx(), id, in))
	msg, broken := keeper.EscrowInvariant(f.k())(f.ctx())
	require.True(t, broken)
	require.Contains(t, msg, "escrow holds")
}
