#!/usr/bin/env bash
# One fresh single-validator chain of the corridord binary with 1 s blocks
# and funded demo keys, run in the foreground until Ctrl-C. ROLE picks the
# chain's currencies:
#   solo      a standalone corridor chain; the demo banks issue CNY, MNT and
#             RUB locally (the walkthrough checks and the benchmarks use it)
#   corridor  corridor-1 of the three-chain devnet: CNY and MNT are exactly
#             the ICS-20 vouchers of dep/CNY over channel-0 (cnbank-1) and of
#             dep/MNT over channel-1 (mnbank-1); RUB stays local
#   cnbank    cnbank-1: the cnbank key issues CNY (dep/CNY)
#   mnbank    mnbank-1: the mnbank key issues MNT (dep/MNT)
# KEYS_FROM names a home whose demo keys (their mnemonics) this chain reuses,
# so every party has one address on all three chains.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

HOME_DIR=${DEVNET_HOME:-"$PWD/.devnet"}
CHAIN_ID=${CHAIN_ID:-corridor-devnet-1}
ROLE=${ROLE:-solo}
KEYS_FROM=${KEYS_FROM:-}
PPROF_PORT=${PPROF_PORT:-6060} # several devnets on one machine need one each
RPC_PORT=${RPC_PORT:-26657}
GRPC_PORT=${GRPC_PORT:-9090}
API_PORT=${API_PORT:-1317}
P2P_PORT=${P2P_PORT:-26656}

rm -rf "$HOME_DIR"
"$BIN" init devnet --chain-id "$CHAIN_ID" --home "$HOME_DIR" >/dev/null 2>&1
K=(--keyring-backend test --home "$HOME_DIR")

for name in "${DEMO_KEYS[@]}"; do
  if [[ -n $KEYS_FROM ]]; then
    jq -r .mnemonic "$KEYS_FROM/$name.key.json" | "$BIN" keys add "$name" --recover "${K[@]}" --output json >/dev/null 2>&1
    cp "$KEYS_FROM/$name.key.json" "$HOME_DIR/$name.key.json"
  else
    "$BIN" keys add "$name" "${K[@]}" --output json >"$HOME_DIR/$name.key.json" 2>&1
  fi
  addr=$("$BIN" keys show "$name" -a "${K[@]}")
  coins="1000000000000$FEE_DENOM"
  [[ $name == validator ]] && coins="1000000000000$BOND_DENOM,$coins"
  "$BIN" genesis add-genesis-account "$addr" "$coins" --home "$HOME_DIR"
done

VAL=$("$BIN" keys show validator -a "${K[@]}")
# Consortium admission: the devnet validator may create a validator and open
# IBC links; devnet voting lasts 20 s so proposals can be tried by hand.
genesis_edit "$HOME_DIR" '.app_state.consortium.params.validator_operators = [$v] |
  .app_state.consortium.params.relayers = [$v] |
  .app_state.gov.params.voting_period = "20s" |
  .app_state.gov.params.expedited_voting_period = "10s"' --arg v "$VAL"

# x/tokenize participants and the COAL class, x/settlement currencies of ROLE.
demo_genesis "$HOME_DIR" "$ROLE" "${K[@]}"

"$BIN" genesis gentx validator "100000000000$BOND_DENOM" --chain-id "$CHAIN_ID" "${K[@]}" >/dev/null 2>&1
"$BIN" genesis collect-gentxs --home "$HOME_DIR" >/dev/null 2>&1
"$BIN" genesis validate --home "$HOME_DIR" >/dev/null

fast_blocks "$HOME_DIR"
set_toml "$HOME_DIR/config/config.toml" rpc laddr "\"tcp://127.0.0.1:$RPC_PORT\""
set_toml "$HOME_DIR/config/config.toml" p2p laddr "\"tcp://127.0.0.1:$P2P_PORT\""
set_toml "$HOME_DIR/config/config.toml" rpc pprof_laddr "\"127.0.0.1:$PPROF_PORT\""
set_toml "$HOME_DIR/config/app.toml" "" minimum-gas-prices "\"0$FEE_DENOM\""
set_toml "$HOME_DIR/config/app.toml" api address "\"tcp://127.0.0.1:$API_PORT\""
set_toml "$HOME_DIR/config/app.toml" grpc address "\"127.0.0.1:$GRPC_PORT\""
set_toml "$HOME_DIR/config/client.toml" "" chain-id "\"$CHAIN_ID\""
set_toml "$HOME_DIR/config/client.toml" "" keyring-backend '"test"'
set_toml "$HOME_DIR/config/client.toml" "" node "\"tcp://127.0.0.1:$RPC_PORT\""

[[ -n ${QUIET:-} ]] || cat <<INFO
Corridor chain $CHAIN_ID ($ROLE)  home $HOME_DIR
  CometBFT RPC  http://127.0.0.1:$RPC_PORT
  gRPC          127.0.0.1:$GRPC_PORT
  REST          http://127.0.0.1:$API_PORT
  bond denom $BOND_DENOM (delegate only), fee denom $FEE_DENOM (min gas price 0 on devnet)
Keys (test keyring; use --home $HOME_DIR):
INFO
for name in "${DEMO_KEYS[@]}"; do
  [[ -n ${QUIET:-} ]] || printf '  %-12s %s\n' "$name" "$("$BIN" keys show "$name" -a "${K[@]}")"
done
[[ -n ${QUIET:-} ]] || cat <<INFO
Try: $BIN query bank balances \$($BIN keys show exporter -a --home $HOME_DIR --keyring-backend test) --home $HOME_DIR
Starting the node (Ctrl-C stops it)...
INFO
exec "$BIN" start --home "$HOME_DIR"
