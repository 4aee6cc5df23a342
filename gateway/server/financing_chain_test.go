package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/chain/app/apptesting"
	"github.com/corridor-chain/corridor/gateway/chain"
	financetypes "github.com/corridor-chain/corridor/x/finance/types"
	st "github.com/corridor-chain/corridor/x/settlement/types"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// TestFinancingOnRealChain is the corridor story with financing on a real
// corridord node in process, through the real gateway over HTTP and its
// gRPC client: the declaration, valued by customs in MNT, is cleared
// through the gateway, which records it on chain in the clearance's
// transaction -> the exporter applies to mnbank -> mnbank approves (MNT paid
// out in that block) -> cnbank, asked for CNY counted at the maker's quote
// beyond what is left, is refused -> the mill's DVP, paid in CNY at the
// maker's quote, sells the pledged units and repays mnbank from the
// proceeds -> the pledge is sold, the exporter receives the rest, and the
// declaration cannot be financed again. (The same story with the CNY paid
// in over IBC and the rest paid out home runs on real processes in the
// README's financing walkthrough.)
func TestFinancingOnRealChain(t *testing.T) {
	keys := []string{"exporter", "importer", "inspector", "customs-mn", "mnbank", "cnbank", "marketmaker"}
	n := apptesting.StartNetwork(t, keys, func(gs app.GenesisState, cdc apptesting.CodecJSON, addrs map[string]sdk.AccAddress) {
		p := func(k, cc, reg string, role tk.Role) tk.Participant {
			return tk.Participant{Address: addrs[k].String(), LegalName: k, Country: cc, RegistrationId: reg,
				Roles: []tk.RoleGrant{{Role: role, Jurisdiction: cc}}, Status: tk.PARTICIPANT_STATUS_ACTIVE}
		}
		tg := tk.DefaultGenesisState()
		tg.Participants = []tk.Participant{
			p("exporter", "MN", "5012345", tk.ROLE_EXPORTER), p("importer", "CN", "91110000100000000R", tk.ROLE_IMPORTER),
			p("inspector", "MN", "5054321", tk.ROLE_INSPECTOR), p("customs-mn", "MN", "9000001", tk.ROLE_CUSTOMS),
			p("mnbank", "MN", "2000003", tk.ROLE_BANK), p("cnbank", "CN", "91120000300000000L", tk.ROLE_BANK),
			p("marketmaker", "MN", "5099999", tk.ROLE_MARKET_MAKER),
		}
		tg.Classes = []tk.CommodityClass{{Code: "COAL", HsPrefixes: []string{"2701.12"}, BaseUnit: "kg", DisplayUnit: "t", DisplayExponent: 3,
			RequiredAttestations: []tk.AttestationKind{tk.ATTESTATION_KIND_INSPECTION}}}
		gs[tk.ModuleName] = cdc.MustMarshalJSON(tg)
		var sg st.GenesisState
		cdc.MustUnmarshalJSON(gs[st.ModuleName], &sg)
		sg.Currencies = []st.Currency{
			{Code: "CNY", Exponent: 2, Issuer: addrs["cnbank"].String(), IssueDenom: "dep/CNY", Denoms: []st.AcceptedDenom{{Denom: "dep/CNY"}}},
			{Code: "MNT", Exponent: 2, Issuer: addrs["mnbank"].String(), IssueDenom: "dep/MNT", Denoms: []st.AcceptedDenom{{Denom: "dep/MNT"}}},
		}
		gs[st.ModuleName] = cdc.MustMarshalJSON(&sg)
	})
	addr := func(k string) string { return n.Addr(t, k) }
	n.OpenAccounts(t, keys...)
	bal := func(k, denom string) sdkmath.Int {
		r, err := banktypes.NewQueryClient(n.Conn).Balance(t.Context(), &banktypes.QueryBalanceRequest{Address: addr(k), Denom: denom})
		require.NoError(t, err)
		return r.Balance.Amount
	}
	n.Broadcast(t, "mnbank", &st.MsgIssue{Issuer: addr("mnbank"), Currency: "MNT", Amount: sdkmath.NewInt(30_000_000_000), Recipient: addr("mnbank")},
		&st.MsgIssue{Issuer: addr("mnbank"), Currency: "MNT", Amount: sdkmath.NewInt(50_000_000_000), Recipient: addr("marketmaker")})
	n.Broadcast(t, "cnbank", &st.MsgIssue{Issuer: addr("cnbank"), Currency: "CNY", Amount: sdkmath.NewInt(100_000_000), Recipient: addr("importer")})
	n.Broadcast(t, "marketmaker", &st.MsgPostQuote{Maker: addr("marketmaker"), Base: "CNY", Quote: "MNT", Bid: sdkmath.LegacyMustNewDecFromStr("473.25"),
		Ask: sdkmath.LegacyMustNewDecFromStr("475.75"), MaxBase: sdkmath.NewInt(100_000_000), CollateralDenom: "dep/MNT", Expiry: time.Now().Add(2 * time.Hour)})
	n.Broadcast(t, "exporter", &tk.MsgRegisterLot{Exporter: addr("exporter"), ClassCode: "COAL", Quantity: sdkmath.NewInt(2_000_000),
		Origin: tk.Place{Country: "MN", Place: "Tavan Tolgoi"}, DestinationCountry: "CN"})
	n.Broadcast(t, "inspector", &tk.MsgAttest{Attester: addr("inspector"), LotId: 1, Kind: tk.ATTESTATION_KIND_INSPECTION,
		Result: tk.ATTESTATION_RESULT_ACCEPTED, DocumentSha256: strings.Repeat("ab", 32), Reference: "SGS-1"})

	// 1. the declaration, valued in MNT by customs, cleared through the gateway
	cdc, err := chain.NewCodec()
	require.NoError(t, err)
	cl, err := chain.Dial(chain.Config{GRPC: n.Val.AppConfig.GRPC.Address, ChainID: n.Cfg.ChainID, Keyring: n.KR, WaitTimeout: 15 * time.Second}, cdc)
	require.NoError(t, err)
	t.Cleanup(func() { _ = cl.Close() })
	e := newEnv(t, opts{chain: cl, exporter: addr("exporter"), authorities: map[string]string{"MN": addr("customs-mn")}})
	doc := replace(sampleDoc(t), `"address": "corridor1exporter"`, `"address": "`+addr("exporter")+`"`)
	doc = replace(replace(replace(doc, `"currency": "USD"`, `"currency": "MNT"`), `"value": "95000000"`, `"value": "40000000000"`),
		`"quantity": "5000"`, `"quantity": "2000"`)
	doc = replace(replace(doc, `"net_weight_kg": "5000000"`, `"net_weight_kg": "2000000"`), `"gross_weight_kg": "5000000"`, `"gross_weight_kg": "2000000"`)
	v := e.file(doc)
	id, sha := v["id"].(string), v["sha256"].(string)
	n.Broadcast(t, "exporter", &tk.MsgAnchorDocument{Issuer: addr("exporter"), LotId: 1,
		Document: tk.Document{Kind: "customs_declaration", Sha256: sha, Uri: "/v1/declarations/" + id}})
	r := e.do(decide(id, "officer-mn", "clear-fin", `{"decision":"clear"}`))
	require.Equal(t, 200, r.StatusCode, string(r.body))
	f := e.do(req{method: "GET", path: "/v1/declarations/" + id + "/financing", as: "bank-cn"}).json(t)
	require.Equal(t, true, f["recorded"], f)
	require.Equal(t, true, f["cleared"], f)
	require.Equal(t, "40000000000", f["remaining"])
	decl := uint64(f["on_chain_id"].(float64))

	// 2. apply to mnbank; 3. mnbank approves: MNT paid out in the approval's block
	n.Broadcast(t, "exporter", &financetypes.MsgApplyFinancing{Borrower: addr("exporter"), DeclarationId: decl, Bank: addr("mnbank"),
		Amount: sdkmath.NewInt(30_000_000_000), Currency: "MNT", Collateral: financetypes.LotUnits{LotId: 1, Units: sdkmath.NewInt(2_000_000)},
		Tenor: 90 * 24 * time.Hour, MaxRateBps: 1200})
	before := bal("exporter", "dep/MNT")
	n.Broadcast(t, "mnbank", &financetypes.MsgApproveFinancing{Bank: addr("mnbank"), ApplicationId: 1, Principal: sdkmath.NewInt(30_000_000_000),
		RateBps: 1200, Maturity: time.Now().Add(91 * 24 * time.Hour), Denom: "dep/MNT"})
	require.Equal(t, before.AddRaw(30_000_000_000), bal("exporter", "dep/MNT"))

	// 4. cnbank: 200,000.00 CNY counted at the maker's ask is 95,150,000.00 MNT, beyond the 60,000,000.00 left
	n.Broadcast(t, "exporter", &financetypes.MsgApplyFinancing{Borrower: addr("exporter"), DeclarationId: decl, Bank: addr("cnbank"),
		Amount: sdkmath.NewInt(20_000_000), Currency: "CNY", Collateral: financetypes.LotUnits{LotId: 1, Units: sdkmath.NewInt(1)},
		Tenor: 30 * 24 * time.Hour, MaxRateBps: 1200})
	res := n.Send(t, []string{"cnbank"}, &financetypes.MsgApproveFinancing{Bank: addr("cnbank"), ApplicationId: 2, Principal: sdkmath.NewInt(20_000_000),
		RateBps: 900, Maturity: time.Now().Add(31 * 24 * time.Hour), Denom: "dep/CNY", FxQuoteId: 1})
	got := n.WaitTx(t, res.TxHash)
	require.Equal(t, financetypes.ModuleName, got.Codespace, got.RawLog)
	require.Equal(t, financetypes.ErrBalanceShort.ABCICode(), got.Code, got.RawLog)

	// 5. the mill's DVP, paid in CNY at the quote, sells the pledged units, co-signed in one transaction
	mnbankBefore, exporterBefore := bal("mnbank", "dep/MNT"), bal("exporter", "dep/MNT")
	dvp := &st.MsgCreateInstruction{Creator: addr("exporter"), Type: st.INSTRUCTION_TYPE_DVP, Deadline: time.Now().Add(30 * time.Minute), Fund: true,
		CoSigners: []string{addr("importer")}, Legs: []st.LegInput{
			{From: addr("exporter"), To: addr("importer"), Denom: "lot/1", Amount: sdkmath.NewInt(2_000_000), LoanId: 1},
			{From: addr("importer"), To: addr("exporter"), Denom: "dep/MNT", Amount: sdkmath.NewInt(40_000_000_000), FxQuoteId: 1, FxPayDenom: "dep/CNY"},
		}}
	res = n.Send(t, []string{"exporter", "importer"}, dvp)
	require.Zero(t, res.Code, res.RawLog)
	got = n.WaitTx(t, res.TxHash)
	require.Zero(t, got.Code, got.RawLog)

	// 6. mnbank repaid first, the rest to the exporter, the units to the mill, the declaration closed
	lq := financetypes.NewQueryClient(n.Conn)
	loan, err := lq.Loan(t.Context(), &financetypes.QueryLoanRequest{Id: 1})
	require.NoError(t, err)
	require.Equal(t, financetypes.LOAN_STATUS_REPAID_FROM_PROCEEDS, loan.Loan.Status)
	repaid := loan.Loan.RepaidPrincipal.Add(loan.Loan.RepaidInterest)
	require.Equal(t, sdkmath.NewInt(30_000_000_000), loan.Loan.RepaidPrincipal)
	require.Equal(t, mnbankBefore.Add(repaid), bal("mnbank", "dep/MNT"))
	require.True(t, bal("exporter", "dep/MNT").GT(exporterBefore.Add(sdkmath.NewInt(40_000_000_000)).Sub(repaid).SubRaw(1)), "the exporter receives the rest")
	require.Equal(t, sdkmath.NewInt(2_000_000), bal("importer", "lot/1"))
	d, err := lq.Declaration(t.Context(), &financetypes.QueryDeclarationRequest{Id: decl})
	require.NoError(t, err)
	require.Equal(t, "0", d.Remaining)
	fin := e.do(req{method: "GET", path: "/v1/declarations/" + id + "/financing", as: "bank-cn"}).json(t)
	require.Equal(t, "0", fin["remaining"])
	require.Equal(t, "LOAN_STATUS_REPAID_FROM_PROCEEDS", fin["loans"].([]any)[0].(map[string]any)["status"])
}
