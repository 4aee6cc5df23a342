package cmd

import (
	cmtcfg "github.com/cometbft/cometbft/config"

	serverconfig "github.com/cosmos/cosmos-sdk/server/config"

	"github.com/corridor-chain/corridor/chain/app"
)

// DefaultMinGasPrice is written to a new node's app.toml. A devnet sets it to
// zero; a production validator keeps a positive price in the fee denom.
var DefaultMinGasPrice = "0.025" + app.FeeDenom

// IndexEvents are the event attributes a new node's app.toml asks CometBFT
// to index for tx_search: what the gateway, the relayer and the banks' back
// offices look transactions up by. Everything else stays in block_results
// (and in each transaction's result, by hash: tx.hash and tx.height are
// always indexed), not in the index: a DVP emits some forty events, and
// indexing every attribute of each cost more node CPU than executing the
// trade (docs/bench/settlement.md). An operator who wants more adds keys
// here or empties the list (index everything).
var IndexEvents = []string{
	// who sent and who paid: an account's transactions, failed ones too
	"message.sender", "message.action", "tx.fee_payer", "tx.acc_seq",
	// an instruction's transactions (create, fund, settle, close, pay-in)
	"corridor.settlement.v1.EventInstructionCreated.instruction_id",
	"corridor.settlement.v1.EventLegFunded.instruction_id",
	"corridor.settlement.v1.EventInstructionSettled.instruction_id",
	"corridor.settlement.v1.EventInstructionClosed.instruction_id",
	"corridor.settlement.v1.EventPayInApplied.instruction_id",
	// a relayer clearing packets by channel and sequence
	"send_packet.packet_src_channel", "send_packet.packet_sequence",
	"recv_packet.packet_dst_channel", "recv_packet.packet_sequence",
	"write_acknowledgement.packet_dst_channel", "write_acknowledgement.packet_sequence",
	"acknowledge_packet.packet_src_channel", "acknowledge_packet.packet_sequence",
	"timeout_packet.packet_src_channel", "timeout_packet.packet_sequence",
}

// initAppConfig returns app.toml's template and defaults: a minimum gas price
// in the fee denom, the REST API and gRPC on, the events to index.
func initAppConfig() (string, any) {
	cfg := serverconfig.DefaultConfig()
	cfg.MinGasPrices = DefaultMinGasPrice
	cfg.IndexEvents = IndexEvents
	cfg.IAVLCacheSize = IAVLCacheSize
	cfg.API.Enable = true
	cfg.API.Address = "tcp://0.0.0.0:1317"
	cfg.GRPC.Enable = true
	cfg.GRPC.Address = "0.0.0.0:9090"
	return serverconfig.DefaultConfigTemplate, cfg
}

// initCometConfig returns CometBFT's defaults (RPC on 26657).
func initCometConfig() *cmtcfg.Config {
	return cmtcfg.DefaultConfig()
}

// IAVLCacheSize is a new node's iavl-cache-size: IAVL nodes kept in memory
// per module store. The SDK's default, 781,250, lets each store's cache grow
// past a gigabyte once state holds tens of thousands of loans and lots, and
// the node then spends its CPU marking that heap for the garbage collector:
// with 33,000 loans in state, 100,000 per store halved the node's resident
// memory (2.0 → 1.1 GiB) and raised every rate measured (bank sends,
// DVPs, financed DVPs by 5–10 %; docs/bench/settlement.md). The upper
// levels of every tree, which each write reads, stay cached.
var IAVLCacheSize uint64 = 100_000
