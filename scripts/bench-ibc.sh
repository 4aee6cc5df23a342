#!/usr/bin/env bash
# IBC benchmark on real processes (a three-chain devnet on spare ports and
# the Go relayer as make devnet tunes it), report in docs/bench/ibc.md:
#   latency  N transfers cnbank-1 -> corridor-1, one after another: blocks on
#            cnbank-1 from the block that sends the packet to the block that
#            takes its acknowledgement, p50 and p99 (floor: about 3 commits)
#   burst    B transfers sent in one block; time and blocks until every
#            acknowledgement is back, and how many packets the relayer put
#            in each of its transactions
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

N=${N:-50}
BURST=${BURST:-500}
OUT=${OUT:-docs/bench/ibc.md}
DIR="$PWD/.devnet-bench-ibc"
export DEVNET_DIR=$DIR PORT_OFFSET=4000
BIN="$BIN" bash scripts/devnet.sh >"$DIR.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$DIR" "$DIR.log"; }
trap cleanup EXIT
wait_devnet "$pid" "$DIR.log"

CN=("$BIN" --home "$DIR/cnbank-1")
CN_RPC="http://127.0.0.1:$((26757 + 4000))"
C_RPC="http://127.0.0.1:$((26657 + 4000))"
importer=$("${CN[@]}" keys show importer -a)
wait_tx() { "${CN[@]}" q wait-tx "$1" -o json; }
"${CN[@]}" tx settlement issue CNY 100000000000 "$importer" --from cnbank -y -o json | jq -r .txhash | { read -r h; wait_tx "$h" >/dev/null; }

# tx_height CHAIN-RPC QUERY: the height of the first tx matching QUERY.
tx_height() {
  curl -sf -G "$1/tx_search" --data-urlencode "query=\"$2\"" --data-urlencode per_page=1 | jq -r '.result.txs[0].height // empty'
}

echo "latency: $N transfers, one after another"
lat=()
for i in $(seq "$N"); do
  res=$("${CN[@]}" tx ibc-transfer transfer transfer channel-0 "$importer" 1dep/CNY --from importer -y -o json | jq -r .txhash)
  res=$(wait_tx "$res")
  sent=$(jq -r .height <<<"$res")
  seq=$(jq -r '.events[] | select(.type == "send_packet") | .attributes[] | select(.key == "packet_sequence") | .value' <<<"$res")
  acked=""
  for _ in $(seq 120); do
    acked=$(tx_height "$CN_RPC" "acknowledge_packet.packet_sequence='$seq' AND acknowledge_packet.packet_src_channel='channel-0'")
    [[ -n $acked ]] && break
    sleep 0.5
  done
  [[ -n $acked ]] || { echo "packet $seq was not acknowledged in 60 s"; exit 1; }
  lat+=($((acked - sent)))
done
sorted=$(printf '%s\n' "${lat[@]}" | sort -n)
pct() { awk -v p="$1" '{a[NR]=$1} END {i=int((NR*p+99)/100); if (i<1) i=1; print a[i]}' <<<"$sorted"; }
p50=$(pct 50) p99=$(pct 99)
h0=$(curl -sf "$CN_RPC/block?height=$((sent - 20))" | jq -r .result.block.header.time)
h1=$(curl -sf "$CN_RPC/block?height=$sent" | jq -r .result.block.header.time)
blocktime=$(python3 -c "from datetime import datetime as d; f=lambda s: d.fromisoformat(s[:26].rstrip('Z')); print(round((f('$h1')-f('$h0')).total_seconds()/20, 2))")
echo "latency p50 $p50 blocks, p99 $p99 blocks (block time ${blocktime} s)"

echo "burst: $BURST transfers in one transaction"
"${CN[@]}" tx ibc-transfer transfer transfer channel-0 "$importer" 1dep/CNY --from importer --gas 200000000 --generate-only -o json >"$DIR/one.json"
jq --argjson n "$BURST" '.body.messages = [range($n) as $i | .body.messages[0]]' "$DIR/one.json" >"$DIR/burst.json"
"${CN[@]}" tx sign "$DIR/burst.json" --from importer -o json >"$DIR/burst.signed.json"
first=$(curl -sf "$C_RPC/status" | jq -r .result.sync_info.latest_block_height)
t0=$(date +%s.%N)
hash=$("${CN[@]}" tx broadcast "$DIR/burst.signed.json" -o json | jq -r .txhash)
res=$(wait_tx "$hash")
[[ $(jq -r .code <<<"$res") == 0 ]] || { echo "the burst tx failed: $(jq -r .raw_log <<<"$res")"; exit 1; }
burst_height=$(jq -r .height <<<"$res")
pending=$BURST
for _ in $(seq 600); do
  pending=$("${CN[@]}" q ibc channel packet-commitments transfer channel-0 -o json | jq -r '.commitments | length')
  [[ $pending == 0 ]] && break
  sleep 0.5
done
[[ $pending == 0 ]] || { echo "$pending packets still unacknowledged after 300 s"; exit 1; }
t1=$(date +%s.%N)
done_height=$(curl -sf "$CN_RPC/status" | jq -r .result.sync_info.latest_block_height)
drain=$(python3 -c "print(round($t1 - $t0, 1))")
# the relayer's transactions on corridor-1 that received the burst
last=$(curl -sf "$C_RPC/status" | jq -r .result.sync_info.latest_block_height)
recv_txs=$(curl -sf -G "$C_RPC/tx_search" --data-urlencode "query=\"message.action='/ibc.core.channel.v1.MsgRecvPacket' AND tx.height>$first AND tx.height<=$last\"" \
  --data-urlencode per_page=100 | jq '[.result.txs[] | .tx_result.events | map(select(.type == "recv_packet")) | length]')
ntx=$(jq length <<<"$recv_txs")
maxper=$(jq max <<<"$recv_txs")
echo "burst drained in ${drain} s ($((done_height - burst_height)) blocks), $ntx relayer transactions, up to $maxper packets each"

mkdir -p "$(dirname "$OUT")"
cat >"$OUT" <<REPORT
# IBC benchmark: transfer latency and burst drain

\`make bench\` (scripts/bench-ibc.sh) on $(date -u +%Y-%m-%d), $(nproc) cores, real processes:
corridor-1 and cnbank-1 (one validator each, \`timeout_commit\` 1 s, measured block
time ${blocktime} s) and the Go relayer v2.6.0 exactly as \`make devnet\` runs it:
\`rly start cnbank mnbank --max-msgs 100 --flush-interval 30s\` (the events processor; the
defaults are 5 messages per transaction and a flush every 5 minutes).

## Latency: $N ICS-20 transfers cnbank-1 -> corridor-1, one after another

Blocks on cnbank-1 from the block that commits the transfer (and sends the packet) to the
block that commits its acknowledgement: the packet is received on corridor-1 and the
acknowledgement relayed back, each after a light-client update.

| | blocks | target |
| --- | --- | --- |
| p50 | $p50 | ≤ 4 |
| p99 | $p99 | ≤ 6 |

All samples (blocks): $(printf '%s ' "${lat[@]}")

## Burst: $BURST transfers sent in one block

| | |
| --- | --- |
| time from broadcast to the last acknowledgement on cnbank-1 | ${drain} s |
| blocks on cnbank-1 from the burst to the last acknowledgement | $((done_height - burst_height)) |
| relayer transactions on corridor-1 receiving the burst | $ntx |
| most packets in one relayer transaction | $maxper (--max-msgs 100) |

With the default of 5 messages per transaction the same burst needs at least
$(((BURST + 4) / 5)) receiving transactions instead of $(((BURST + 99) / 100)); with the
default flush interval a packet the event stream missed would wait up to 5 minutes,
here 30 s.
REPORT
echo "report written to $OUT"
