package apptesting

import (
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"cosmossdk.io/log/v2"

	dbm "github.com/cosmos/cosmos-db"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	"github.com/cosmos/cosmos-sdk/testutil/network"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/internal/txsign"
	consortiumtypes "github.com/corridor-chain/corridor/x/consortium/types"
)

// Network is a one-validator corridord network on a real CometBFT node in
// process, with a keyring of extra accounts the test signs with.
type Network struct {
	Net  *network.Network
	Cfg  network.Config
	KR   keyring.Keyring
	Conn *grpc.ClientConn
	Val  *network.Validator
}

// StartNetwork starts the node; keys are created first so that editGenesis
// can admit them (their addresses are passed in by name).
func StartNetwork(t *testing.T, keys []string, editGenesis func(gs app.GenesisState, cdc CodecJSON, addrs map[string]sdk.AccAddress)) *Network {
	t.Helper()
	tmp := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, true, simtestutil.NewAppOptionsWithFlagHome(t.TempDir()))
	cdc := tmp.AppCodec()

	// The validator's operator key is known in advance so that genesis can
	// admit it: its gentx goes through the consortium gate like any other.
	kr := keyring.NewInMemory(cdc)
	rec, mnemonic, err := kr.NewMnemonic("val", keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
	require.NoError(t, err)
	operator, err := rec.GetAddress()
	require.NoError(t, err)
	addrs := map[string]sdk.AccAddress{}
	for _, k := range keys {
		r, _, err := kr.NewMnemonic(k, keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
		require.NoError(t, err)
		addrs[k], err = r.GetAddress()
		require.NoError(t, err)
	}

	gs := tmp.DefaultGenesis()
	gs[consortiumtypes.ModuleName] = cdc.MustMarshalJSON(&consortiumtypes.GenesisState{
		Params: consortiumtypes.Params{ValidatorOperators: []string{operator.String()}},
	})
	if editGenesis != nil {
		editGenesis(gs, cdc, addrs)
	}

	cfg := network.DefaultConfig(func() network.TestFixture {
		return network.TestFixture{
			AppConstructor: func(val network.ValidatorI) servertypes.Application {
				return app.New(val.GetCtx().Logger, dbm.NewMemDB(), nil, true,
					simtestutil.NewAppOptionsWithFlagHome(val.GetCtx().Config.RootDir),
					baseapp.SetChainID(val.GetCtx().Viper.GetString("chain-id")),
					baseapp.SetMinGasPrices(val.GetAppConfig().MinGasPrices))
			},
			GenesisState: gs,
		}
	})
	cfg.Codec, cfg.InterfaceRegistry, cfg.TxConfig, cfg.LegacyAmino = cdc, tmp.InterfaceRegistry(), tmp.TxConfig(), tmp.LegacyAmino()
	cfg.AccountRetriever = authtypes.AccountRetriever{}
	cfg.NumValidators = 1
	cfg.Mnemonics = []string{mnemonic}
	cfg.BondDenom = app.BondDenom
	cfg.MinGasPrices = "0" + app.FeeDenom
	cfg.TimeoutCommit = 500 * time.Millisecond
	cfg.ChainID = "corridor-network-test"

	net, err := network.New(t, t.TempDir(), cfg)
	require.NoError(t, err)
	t.Cleanup(net.Cleanup)
	_, err = net.WaitForHeight(2)
	require.NoError(t, err)

	val := net.Validators[0]
	require.Equal(t, operator, val.Address)
	conn, err := grpc.NewClient(val.AppConfig.GRPC.Address, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return &Network{Net: net, Cfg: cfg, KR: kr, Conn: conn, Val: val}
}

// Broadcast signs msgs with the key `from` of the test keyring, broadcasts
// them through the gRPC tx service and waits until the tx is in a block.
func (n *Network) Broadcast(t *testing.T, from string, msgs ...sdk.Msg) *sdk.TxResponse {
	t.Helper()
	res := n.Send(t, []string{from}, msgs...)
	require.Zero(t, res.Code, res.RawLog)
	return n.WaitTx(t, res.TxHash)
}

// Send signs msgs by every key in signers (SIGN_MODE_DIRECT) and
// broadcasts them in sync mode; it returns the CheckTx response.
func (n *Network) Send(t *testing.T, signers []string, msgs ...sdk.Msg) *sdk.TxResponse {
	t.Helper()
	ctx := n.Val.ClientCtx.WithKeyring(n.KR)
	ss := make([]txsign.Signer, len(signers))
	for i, name := range signers {
		rec, err := n.KR.Key(name)
		require.NoError(t, err)
		a, err := rec.GetAddress()
		require.NoError(t, err)
		num, seq, err := ctx.AccountRetriever.GetAccountNumberSequence(ctx, a)
		require.NoError(t, err)
		ss[i] = txsign.Signer{Name: name, AccountNumber: num, Sequence: seq}
	}
	txb := ctx.TxConfig.NewTxBuilder()
	require.NoError(t, txb.SetMsgs(msgs...))
	txb.SetGasLimit(400_000)
	require.NoError(t, txsign.Sign(t.Context(), ctx.TxConfig, n.KR, n.Cfg.ChainID, txb, ss...))
	bz, err := ctx.TxConfig.TxEncoder()(txb.GetTx())
	require.NoError(t, err)
	res, err := txtypes.NewServiceClient(n.Conn).BroadcastTx(t.Context(), &txtypes.BroadcastTxRequest{TxBytes: bz, Mode: txtypes.BroadcastMode_BROADCAST_MODE_SYNC})
	require.NoError(t, err)
	return res.TxResponse
}

// WaitTx waits for a broadcast transaction's block and returns its result.
func (n *Network) WaitTx(t *testing.T, hash string) *sdk.TxResponse {
	t.Helper()
	txc := txtypes.NewServiceClient(n.Conn)
	for range 40 {
		require.NoError(t, n.Net.WaitForNextBlock())
		got, err := txc.GetTx(t.Context(), &txtypes.GetTxRequest{Hash: hash})
		if err == nil {
			return got.TxResponse
		}
	}
	t.Fatalf("tx %s not included", hash)
	return nil
}

// CodecJSON is the JSON side of the app codec.
type CodecJSON = interface {
	MustMarshalJSON(o proto.Message) []byte
	MustUnmarshalJSON(bz []byte, ptr proto.Message)
}

// Addr is the address of a key of the test keyring.
func (n *Network) Addr(t *testing.T, name string) string {
	t.Helper()
	r, err := n.KR.Key(name)
	require.NoError(t, err)
	a, err := r.GetAddress()
	require.NoError(t, err)
	return a.String()
}

// OpenAccounts brings the keys' accounts into being (so that they have an
// account number to sign with) by one multi-send of the node's token.
func (n *Network) OpenAccounts(t *testing.T, keys ...string) {
	t.Helper()
	var outs []banktypes.Output
	for _, k := range keys {
		outs = append(outs, banktypes.Output{Address: n.Addr(t, k), Coins: sdk.NewCoins(sdk.NewInt64Coin("node0token", 1))})
	}
	n.Broadcast(t, "val", &banktypes.MsgMultiSend{Outputs: outs,
		Inputs: []banktypes.Input{{Address: n.Val.Address.String(), Coins: sdk.NewCoins(sdk.NewInt64Coin("node0token", int64(len(keys))))}}})
}
