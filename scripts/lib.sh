#!/usr/bin/env bash
# Shared helpers for the devnet and localnet scripts.

BIN=${BIN:-"$PWD/build/corridord"}
BOND_DENOM=ucorr
FEE_DENOM=ucgas
DEMO_KEYS=(validator exporter importer cnbank mnbank rubank customs-cn customs-mn inspector carrier marketmaker)

# set_toml FILE SECTION KEY VALUE: sets KEY in [SECTION] (or top level when
# SECTION is empty) of a TOML file; VALUE is written as given (quote strings).
set_toml() {
  local file=$1 section=$2 key=$3 value=$4
  awk -v section="$section" -v key="$key" -v value="$value" '
    BEGIN { cur = "" }
    /^\[.*\]$/ { cur = substr($0, 2, length($0) - 2) }
    {
      if (cur == section && $0 ~ "^" key " *=") { print key " = " value; next }
      print
    }' "$file" >"$file.tmp" && mv "$file.tmp" "$file"
}

# genesis_edit HOME JQ-FILTER [jq args...]: edits the genesis in place.
genesis_edit() {
  local home=$1 filter=$2
  shift 2
  local g="$home/config/genesis.json"
  jq "$@" "$filter" "$g" >"$g.tmp" && mv "$g.tmp" "$g"
}

# fast_blocks HOME: ~1 s blocks.
fast_blocks() {
  set_toml "$1/config/config.toml" consensus timeout_commit '"1s"'
  set_toml "$1/config/config.toml" consensus timeout_propose '"1s"'
}

# wait_block PORT: waits up to 60 s for the node whose CometBFT RPC listens
# on PORT to report a block above height 1.
wait_block() {
  for _ in $(seq 60); do
    curl -sf "http://127.0.0.1:$1/status" | jq -e '.result.sync_info.latest_block_height | tonumber > 1' >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "no block on the node at port $1 after 60 s" >&2
  return 1
}

# wait_devnet PID LOG: waits up to 300 s for the three-chain devnet that
# scripts/devnet.sh (process PID, output LOG) starts to report it is running;
# fails, showing the log, if it exits or the time runs out.
wait_devnet() {
  for _ in $(seq 300); do
    grep -q '^Running' "$2" 2>/dev/null && return 0
    kill -0 "$1" 2>/dev/null || { tail -n 30 "$2"; echo "the devnet did not start" >&2; return 1; }
    sleep 1
  done
  tail -n 30 "$2"
  echo "the devnet did not start in 300 s" >&2
  return 1
}

# demo_genesis HOME ROLE KEYRING-ARGS...: writes the corridor story's
# participants (the demo keys of the keyring, with valid registration ids),
# the COAL class and the x/settlement currencies of ROLE (see chain.sh) into
# HOME's genesis.
demo_genesis() {
  local home=$1 ROLE=$2
  shift 2
  local kr=("$@") participants currencies
  # x/tokenize: the corridor story's participants (registration ids with valid
  # check digits) and the COAL class, so the lot walkthrough needs no proposal.
  participants='[]'
  add_participant() { # key legal-name country registration-id role@jurisdiction...
    local key=$1 name=$2 country=$3 reg=$4
    shift 4
    local roles='[]' r
    for r in "$@"; do
      roles=$(jq -c --arg r "ROLE_${r%@*}" --arg j "${r#*@}" '. + [{role: $r, jurisdiction: $j}]' <<<"$roles")
    done
    participants=$(jq -c --arg a "$("$BIN" keys show "$key" -a "${kr[@]}")" --arg n "$name" --arg c "$country" \
      --arg reg "$reg" --argjson roles "$roles" \
      '. + [{address: $a, legal_name: $n, country: $c, registration_id: $reg, roles: $roles, status: "PARTICIPANT_STATUS_ACTIVE"}]' <<<"$participants")
  }
  add_participant exporter "Tavan Tolgoi Coking Coal LLC" MN 5012345 EXPORTER@MN
  add_participant importer "Baotou Steel Union Co., Ltd." CN 91110000100000000R IMPORTER@CN
  add_participant cnbank "Bank of Erenhot Co., Ltd." CN 91120000300000000L BANK@CN
  add_participant mnbank "Trade and Development Bank of Mongolia" MN 2000003 BANK@MN
  add_participant rubank "Sberbank" RU 7707083893 BANK@RU
  add_participant customs-cn "Erenhot Customs District" CN 91150000200000000M CUSTOMS@CN
  add_participant customs-mn "Customs General Administration of Mongolia" MN 9000001 CUSTOMS@MN
  add_participant inspector "Gobi Inspection and Survey LLC" MN 5054321 INSPECTOR@MN INSPECTOR@CN
  add_participant carrier "Ulaanbaatar Railway JV" MN 2000004 CARRIER@MN CARRIER@CN
  add_participant marketmaker "Corridor FX Market Maker LLC" MN 5099999 MARKET_MAKER@MN MARKET_MAKER@CN
  genesis_edit "$home" '.app_state.tokenize.participants = $p |
    .app_state.tokenize.classes = [{code: "COAL", description: "coking coal", hs_prefixes: ["2701.12"],
      base_unit: "kg", display_unit: "t", display_exponent: 3,
      required_attestations: ["ATTESTATION_KIND_INSPECTION", "ATTESTATION_KIND_CUSTOMS_EXPORT"]}]' --argjson p "$participants"

  # x/settlement: the currencies of this chain's ROLE.
  addr() { "$BIN" keys show "$1" -a "${kr[@]}"; }
  local_currency() { # CODE ISSUER-KEY: issued here as dep/CODE
    jq -nc --arg code "$1" --arg issuer "$(addr "$2")" \
      '{code: $code, exponent: 2, issuer: $issuer, issue_denom: ("dep/" + $code), denoms: [{denom: ("dep/" + $code)}]}'
  }
  voucher_currency() { # CODE ISSUER-KEY CHANNEL: the voucher of dep/CODE over CHANNEL
    local denom
    denom=$(printf 'transfer/%s/dep/%s' "$3" "$1" | sha256sum | awk '{print "ibc/" toupper($1)}')
    jq -nc --arg code "$1" --arg issuer "$(addr "$2")" --arg d "$denom" --arg ch "$3" \
      '{code: $code, exponent: 2, issuer: $issuer, issue_denom: "", denoms: [{denom: $d, source_channel: $ch, base_denom: ("dep/" + $code)}]}'
  }
  case $ROLE in
  solo) currencies="[$(local_currency CNY cnbank),$(local_currency MNT mnbank),$(local_currency RUB rubank)]" ;;
  corridor) currencies="[$(voucher_currency CNY cnbank channel-0),$(voucher_currency MNT mnbank channel-1),$(local_currency RUB rubank)]" ;;
  cnbank) currencies="[$(local_currency CNY cnbank)]" ;;
  mnbank) currencies="[$(local_currency MNT mnbank)]" ;;
  *) echo "unknown ROLE $ROLE" >&2; return 1 ;;
  esac
  genesis_edit "$home" '.app_state.settlement.currencies = $c' --argjson c "$currencies"
}
