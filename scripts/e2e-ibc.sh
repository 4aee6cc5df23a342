#!/usr/bin/env bash
# Sourced by walkthrough-check.sh once the README walkthroughs have run on
# the three-chain devnet in $DIR (helpers: run, $helpers, $BIN):
#   1. the relayer is killed, and a cross-chain trade goes ahead: the DVP is
#      created and funded on corridor-1 and the mill's pay-in leaves cnbank-1;
#   2. nothing arrives while it is down; it is restarted, and the pay-in, the
#      settlement, the payout to mnbank-1 and every acknowledgement complete;
#   3. the three chains reconcile: what each bank chain escrows on its channel
#      is exactly the voucher supply on corridor-1, the bank chains' supplies
#      are exactly what their banks issued, no payout is in flight, and the
#      relayer has nothing left to relay.

relayer_pid() { cat "$DIR/relayer.pid"; }
kill "$(relayer_pid)"
while kill -0 "$(relayer_pid)" 2>/dev/null; do sleep 0.2; done
echo "relayer killed"

run "relayer down" "$helpers
Q=\$(\$C q settlement quotes --base CNY --quote MNT -o json | jq -r '.quotes[-1].id')
tx tokenize register-lot COAL 2000000 '{\"country\":\"MN\",\"place\":\"Tavan Tolgoi\"}' CN --from exporter
L=\$(\$C q tokenize lots --issuer \$(a exporter) -o json | jq -r '.lots[-1].id')
tx tokenize attest \$L inspection accepted \$(h \"sgs-\$L\") \"SGS-\$L\" --from inspector
tx tokenize attest \$L customs-export accepted \$(h \"decl-\$L\") \"10010000/241126/\$L\" --from customs-mn
tx settlement create-instruction dvp \"\$(date -u -d '+30 min' +%Y-%m-%dT%H:%M:%SZ)\" \\
  --legs \"{\\\"from\\\":\\\"\$(a exporter)\\\",\\\"to\\\":\\\"\$(a importer)\\\",\\\"denom\\\":\\\"lot/\$L\\\",\\\"amount\\\":\\\"2000000\\\"}\" \\
  --legs \"{\\\"from\\\":\\\"\$(a importer)\\\",\\\"to\\\":\\\"\$(a exporter)\\\",\\\"denom\\\":\\\"\$MNT\\\",\\\"amount\\\":\\\"40000000\\\",\\\"fx_quote_id\\\":\$Q,\\\"fx_pay_denom\\\":\\\"\$CNY\\\",\\\"payout_channel\\\":\\\"channel-1\\\",\\\"payout_receiver\\\":\\\"\$(a exporter)\\\"}\" \\
  --from exporter
I=\$(\$C q settlement instructions --party \$(a exporter) -o json | jq -r '.instructions[-1].id')
tx settlement fund-leg \$I 0 --from exporter
AMT=\$(\$C q settlement instruction \$I -o json | jq -r '.instruction.legs[1] | (.fx.pay_amount | tonumber) + (.fee | tonumber)')
txon \"\$CN\" ibc-transfer transfer transfer channel-0 \$(a importer) \${AMT}dep/CNY --memo \"{\\\"corridor_pay_in\\\":{\\\"instruction_id\\\":\$I,\\\"leg\\\":1}}\" --from importer
sleep 6
echo \"while down: \$(\$C q settlement instruction \$I -o json | jq -c '.instruction | {id, status}')\"
echo \$I >'$DIR/e2e.instruction'" "0 0 0 0 0 0"
grep -q 'while down: .*INSTRUCTION_STATUS_OPEN' <<<"$LAST_OUT" || { echo "the pay-in arrived with the relayer down"; exit 1; }

setsid bash "$DIR/relayer-start.sh" &
echo $! >"$DIR/relayer.pid"
echo "relayer restarted"
I=$(cat "$DIR/e2e.instruction")
run "relayer back" "$helpers
until_ok '\$C q settlement instruction $I -o json | grep -q INSTRUCTION_STATUS_SETTLED'
until_ok '! \$C q settlement payouts --status in-flight -o json | grep -q PAYOUT_STATUS_IN_FLIGHT'
\$C q settlement payouts --owner \$(a exporter) -o json | jq -c '.payouts[] | {id, instruction_id, status}'" ""
grep -q "\"instruction_id\":\"$I\",\"status\":\"PAYOUT_STATUS_DELIVERED\"" <<<"$LAST_OUT" || { echo "the payout of instruction $I was not delivered"; exit 1; }

# Reconciliation across the three chains.
on() { local chain=$1; shift; "$BIN" --home "$DIR/$chain" "$@"; }
amount() { jq -r '.amount.amount // .balance.amount'; }
check() { # WHAT GOT WANT
  [[ $2 == "$3" ]] || { echo "reconciliation: $1 is $2, want $3"; exit 1; }
  echo "reconciled: $1 = $2"
}
for c in CNY:cnbank-1 MNT:mnbank-1; do
  code=${c%%:*} bank=${c#*:}
  voucher=$(on corridor-1 q settlement currency "$code" -o json | jq -r '.currency.denoms[0].denom')
  escrowed=$(on "$bank" q ibc-transfer total-escrow "dep/$code" -o json | amount)
  vouchers=$(on corridor-1 q bank total-supply-of "$voucher" -o json | amount)
  check "$code escrowed on $bank vs its voucher supply on corridor-1" "$escrowed" "$vouchers"
  issued=$(on "$bank" q txs --query "message.action='/corridor.settlement.v1.MsgIssue'" --limit 100 -o json |
    jq '[.txs[].tx.body.messages[] | .amount | tonumber] | add')
  supply=$(on "$bank" q bank total-supply-of "dep/$code" -o json | amount)
  check "$code supply on $bank vs the sum its bank issued" "$supply" "$issued"
done
exporter=$(on corridor-1 keys show exporter -a)
delivered=$(on corridor-1 q settlement payouts --owner "$exporter" --status delivered -o json | jq '[.payouts[].amount | tonumber] | add')
home=$(on mnbank-1 q bank balance "$exporter" dep/MNT -o json | amount)
check "the exporter's MNT on mnbank-1 vs its delivered payouts" "$home" "$delivered"
for p in cnbank:channel-0 mnbank:channel-1; do # each path's channel on corridor-1
  for what in packets acknowledgements; do
    left=$("$PWD/build/rly" --home "$DIR/relayer" q "unrelayed-$what" "${p%%:*}" "${p#*:}" | jq '(.src // []) + (.dst // []) | length')
    check "$what left unrelayed on path ${p%%:*}" "$left" 0
  done
done
