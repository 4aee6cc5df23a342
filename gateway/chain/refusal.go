package chain

import (
	"fmt"
	"regexp"
	"strings"

	errorsmod "cosmossdk.io/errors"

	financetypes "github.com/corridor-chain/corridor/x/finance/types"
	tokenizetypes "github.com/corridor-chain/corridor/x/tokenize/types"
)

// Refusal is a transaction the chain refused, as a user can act on it: the
// module's error (codespace and code, empty and 0 where the chain did not
// say) and a one-line reason, never a Go path, a stack or gas figures. It
// is ErrRejected.
type Refusal struct {
	Codespace string
	Code      uint32
	Reason    string
}

func (r *Refusal) Error() string {
	if r.Codespace == "" {
		return "the chain refused the transaction: " + r.Reason
	}
	return fmt.Sprintf("the chain refused the transaction (%s error %d): %s", r.Codespace, r.Code, r.Reason)
}

// Is makes a Refusal ErrRejected.
func (r *Refusal) Is(target error) bool { return target == ErrRejected }

var (
	// " [/root/go/pkg/mod/cosmossdk.io/errors@v1.1.0/errors.go:165]" and
	// the like: a stack frame the SDK appends to a log
	framesRe = regexp.MustCompile(`\s*\[[^\]]*\.go:\d+[^\]]*\]`)
	// what the SDK adds around a message's error
	prefixRe = regexp.MustCompile(`^(rpc error: code = \w+ desc = )?(failed to execute message; message index: \d+: )?`)
	gasRe    = regexp.MustCompile(`(?i)\s*with gas (used|wanted).*$`)
)

// CleanLog turns a raw SDK log into one line a user can read.
func CleanLog(log string) string {
	log, _, _ = strings.Cut(log, "\n")
	log = framesRe.ReplaceAllString(log, "")
	log = prefixRe.ReplaceAllString(log, "")
	log = gasRe.ReplaceAllString(log, "")
	log = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(log), ": unknown request"))
	if len(log) > 300 {
		log = log[:300] + "…"
	}
	if log == "" {
		log = "no reason given"
	}
	return log
}

// refused is a CheckTx or DeliverTx refusal.
func refused(codespace string, code uint32, log string) error {
	return &Refusal{Codespace: codespace, Code: code, Reason: CleanLog(log)}
}

// refusedSimulation is a failed simulation: its text names the module's
// error by its description, which names the code.
func refusedSimulation(text string) error {
	r := &Refusal{Reason: CleanLog(text)}
	for _, e := range append(append([]*errorsmod.Error{}, tokenizetypes.Registered...), financetypes.Registered...) {
		if strings.HasSuffix(r.Reason, ": "+e.Error()) || r.Reason == e.Error() {
			r.Codespace, r.Code = e.Codespace(), e.ABCICode()
			break
		}
	}
	return r
}
