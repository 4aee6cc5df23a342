package keeper_test

import (
	"fmt"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"

	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// benchEnv is the real app over an in-memory IAVL store, driven at keeper
// level: each message runs through the app's router in a cache context that
// is written back, as a transaction's message is.
type benchEnv struct {
	b      *testing.B
	app    *app.App
	ctx    sdk.Context
	gov    string
	alice  sdk.AccAddress
	bob    sdk.AccAddress
	lotSeq uint64
}

const plainDenom = "uplain"

func newBench(b *testing.B) *benchEnv {
	b.Helper()
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, true, simtestutil.NewAppOptionsWithFlagHome(b.TempDir()))
	ctx := a.NewUncachedContext(false, cmtproto.Header{Height: 1, ChainID: "bench", Time: time.Unix(1_800_000_000, 0)})
	e := &benchEnv{b: b, app: a, ctx: ctx, gov: app.GovAuthority(),
		alice: sdk.AccAddress([]byte("bench-alice_________")), bob: sdk.AccAddress([]byte("bench-bob___________"))}
	if err := a.BankKeeper.SetParams(ctx, banktypes.DefaultParams()); err != nil {
		b.Fatal(err)
	}
	if err := a.TokenizeKeeper.InitGenesis(ctx, types.DefaultGenesisState()); err != nil {
		b.Fatal(err)
	}
	roles := []types.RoleGrant{{Role: types.ROLE_EXPORTER, Jurisdiction: "MN"}, {Role: types.ROLE_INSPECTOR, Jurisdiction: "MN"}, {Role: types.ROLE_CUSTOMS, Jurisdiction: "MN"}}
	for i, who := range []sdk.AccAddress{e.alice, e.bob} {
		e.do(&types.MsgRegisterParticipant{Authority: e.gov, Address: who.String(), LegalName: fmt.Sprintf("bench %d", i),
			Country: "MN", RegistrationId: fmt.Sprintf("500000%d", i), Roles: roles})
	}
	e.do(&types.MsgRegisterClass{Authority: e.gov, Class: coalClass()})
	plain := sdk.NewCoins(sdk.NewCoin(plainDenom, math.NewInt(1<<60)))
	if err := a.BankKeeper.MintCoins(ctx, types.ModuleName, plain); err != nil {
		b.Fatal(err)
	}
	if err := a.BankKeeper.SendCoinsFromModuleToAccount(ctx, types.ModuleName, e.alice, plain); err != nil {
		b.Fatal(err)
	}
	return e
}

func (e *benchEnv) do(msg sdk.Msg) *sdk.Result {
	cache, write := e.ctx.CacheContext()
	res, err := e.app.MsgServiceRouter().Handler(msg)(cache, msg)
	if err != nil {
		e.b.Fatalf("%T: %v", msg, err)
	}
	write()
	return res
}

func (e *benchEnv) lotMsg() *types.MsgRegisterLot {
	return &types.MsgRegisterLot{
		Exporter: e.alice.String(), ClassCode: "COAL", Quantity: math.NewInt(5_000_000),
		QualitySpecs:       []types.QualitySpec{{Key: "ash", Value: "9.5%"}, {Key: "moisture", Value: "8%"}, {Key: "csr", Value: "65"}},
		Origin:             types.Place{Country: "MN", Place: "Tavan Tolgoi"},
		DestinationCountry: "CN", Location: "Gashuunsukhait rail terminal",
		Documents: []types.Document{{Kind: "warehouse_receipt", Sha256: docHash("wr")}, {Kind: "certificate_of_origin", Sha256: docHash("co")}},
	}
}

func (e *benchEnv) registerLot() uint64 {
	e.do(e.lotMsg())
	e.lotSeq++
	return e.lotSeq
}

func attestOn(who sdk.AccAddress, lot uint64, kind types.AttestationKind, result types.AttestationResult, doc string) *types.MsgAttest {
	return &types.MsgAttest{Attester: who.String(), LotId: lot, Kind: kind, Result: result, DocumentSha256: docHash(doc), Reference: "BENCH-1"}
}

func BenchmarkRegisterLot(b *testing.B) {
	e := newBench(b)
	msg := e.lotMsg()
	b.ResetTimer()
	for b.Loop() {
		e.do(msg)
	}
}

func BenchmarkAttest(b *testing.B) {
	e := newBench(b)
	lot := e.registerLot()
	i := 0
	b.ResetTimer()
	for b.Loop() {
		i++ // a fresh inspection report each time; the lot stays REJECTED
		e.do(attestOn(e.bob, lot, types.ATTESTATION_KIND_INSPECTION, types.ATTESTATION_RESULT_REJECTED, fmt.Sprint("report-", i)))
	}
}

// BenchmarkSendLotUnits is x/bank's MsgSend of lot units, through the
// tokenize send restriction; BenchmarkSendPlain is the same message for a
// denom the restriction lets through at once.
func BenchmarkSendLotUnits(b *testing.B) {
	e := newBench(b)
	lot := e.registerLot()
	msg := banktypes.NewMsgSend(e.alice, e.bob, sdk.NewCoins(sdk.NewInt64Coin(types.LotDenom(lot), 1)))
	b.ResetTimer()
	for b.Loop() {
		e.do(msg)
	}
}

func BenchmarkSendPlain(b *testing.B) {
	e := newBench(b)
	e.registerLot() // same state size as the lot benchmark
	msg := banktypes.NewMsgSend(e.alice, e.bob, sdk.NewCoins(sdk.NewInt64Coin(plainDenom, 1)))
	b.ResetTimer()
	for b.Loop() {
		e.do(msg)
	}
}

// storeBytes sums key and value bytes of the named stores.
func (e *benchEnv) storeBytes(names ...string) int {
	n := 0
	for _, name := range names {
		it := e.ctx.KVStore(e.app.GetKey(name)).Iterator(nil, nil)
		for ; it.Valid(); it.Next() {
			n += len(it.Key()) + len(it.Value())
		}
		_ = it.Close()
	}
	return n
}

// BenchmarkStateBytesPerLot reports the state a lot with 10 attestations
// adds to the tokenize and bank stores (metric state-bytes/lot).
func BenchmarkStateBytesPerLot(b *testing.B) {
	e := newBench(b)
	stores := []string{types.StoreKey, banktypes.StoreKey}
	var total int
	for b.Loop() {
		before := e.storeBytes(stores...)
		lot := e.registerLot()
		for i := range 6 {
			e.do(attestOn(e.bob, lot, types.ATTESTATION_KIND_INSPECTION, types.ATTESTATION_RESULT_REJECTED, fmt.Sprint("rej-", lot, "-", i)))
		}
		for _, k := range []types.AttestationKind{types.ATTESTATION_KIND_INSPECTION, types.ATTESTATION_KIND_CUSTOMS_EXPORT} {
			e.do(attestOn(e.bob, lot, k, types.ATTESTATION_RESULT_ACCEPTED, fmt.Sprint("acc-", lot, k)))
		}
		e.do(attestOn(e.bob, lot, types.ATTESTATION_KIND_CUSTOMS_EXPORT, types.ATTESTATION_RESULT_REJECTED, fmt.Sprint("rev-", lot)))
		e.do(attestOn(e.bob, lot, types.ATTESTATION_KIND_CUSTOMS_EXPORT, types.ATTESTATION_RESULT_ACCEPTED, fmt.Sprint("acc2-", lot)))
		total += e.storeBytes(stores...) - before
	}
	b.ReportMetric(float64(total)/float64(b.N), "state-bytes/lot")
}
