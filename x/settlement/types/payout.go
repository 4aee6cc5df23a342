package types

import (
	"bytes"
	"encoding/json"
	"fmt"

	channeltypes "github.com/cosmos/ibc-go/v11/modules/core/04-channel/types"
)

// MaxPayoutReceiverLength is ICS-20's bound on a receiver address.
const MaxPayoutReceiverLength = 2048

// PayoutTarget returns the leg input's payout target (empty when none).
func (l LegInput) PayoutTarget() PayoutTarget {
	return PayoutTarget{Channel: l.PayoutChannel, Receiver: l.PayoutReceiver}
}

// IsSet reports whether the target names a beneficiary.
func (t PayoutTarget) IsSet() bool { return t.Channel != "" || t.Receiver != "" }

// ValidateOptional checks a target that may be empty: either both fields or
// neither. The receiver is an address on the other chain, checked there.
func (t PayoutTarget) ValidateOptional() error {
	if !t.IsSet() {
		return nil
	}
	if !channeltypes.IsValidChannelID(t.Channel) {
		return fmt.Errorf("payout_channel %q is not a channel id", t.Channel)
	}
	if t.Receiver == "" || len(t.Receiver) > MaxPayoutReceiverLength {
		return fmt.Errorf("payout_receiver must have 1 to %d characters", MaxPayoutReceiverLength)
	}
	return nil
}

// PayInMemoKey is the top-level ICS-20 memo key that names a leg to fund:
//
//	{"corridor_pay_in": {"instruction_id": 7, "leg": 0}}
//
// Other top-level keys (a packet-forward "forward", say) are left to their
// own middleware.
const PayInMemoKey = "corridor_pay_in"

// PayIn is the leg a pay-in memo names.
type PayIn struct {
	InstructionID uint64 `json:"instruction_id"`
	Leg           uint32 `json:"leg"`
}

// ParsePayInMemo reads a pay-in from an ICS-20 memo. ok is false when the
// memo is not a JSON object with PayInMemoKey (an ordinary transfer); err
// is set when the key is there but its value is not a well-formed pay-in.
func ParsePayInMemo(memo string) (p PayIn, ok bool, err error) {
	var top map[string]json.RawMessage
	if memo == "" || json.Unmarshal([]byte(memo), &top) != nil {
		return p, false, nil
	}
	raw, ok := top[PayInMemoKey]
	if !ok {
		return p, false, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, true, fmt.Errorf("%s: %w", PayInMemoKey, err)
	}
	if p.InstructionID == 0 {
		return p, true, fmt.Errorf("%s: instruction_id must be positive", PayInMemoKey)
	}
	return p, true, nil
}

// PayInMemo is the memo that funds leg of instruction id on receipt.
func PayInMemo(id uint64, leg uint32) string {
	return fmt.Sprintf(`{%q:{"instruction_id":%d,"leg":%d}}`, PayInMemoKey, id, leg)
}

// PayoutMemo is the memo of a payout packet, so the receiving bank can
// reconcile it with the instruction and leg it pays.
func PayoutMemo(p Payout) string {
	return fmt.Sprintf(`{"corridor_payout":{"payout_id":%d,"instruction_id":%d,"leg":%d}}`, p.Id, p.InstructionId, p.Leg)
}
