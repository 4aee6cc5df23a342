// Package policy decides who may do what. Callers see only Authorizer; the
// implementation is ory/ladon over policies loaded from a JSON file: deny
// by default, any matching deny wins, a condition whose context value is
// missing fails (closed).
package policy

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/ory/ladon"
	"github.com/ory/ladon/manager/memory"
)

// Actions.
const (
	ActionFile    = "declaration:file"
	ActionRead    = "declaration:read"
	ActionVerify  = "declaration:verify"
	ActionDecide  = "declaration:decide"
	ActionLotRead = "lot:read"
	// ActionFinancingRead reads a declaration's financing balance on chain.
	ActionFinancingRead = "declaration:financing"
	ActionAudit         = "audit:read"
	// ActionFinancingList lists a party's applications and loans; Answer
	// approves or rejects an application to the bank; Apply applies.
	ActionFinancingList   = "financing:list"
	ActionFinancingAnswer = "financing:answer"
	ActionFinancingApply  = "financing:apply"
	// ActionSettlementRead reads what the chain settled.
	ActionSettlementRead = "settlement:read"
)

// Roles a subject may hold.
var Roles = []string{"customs", "exporter", "importer", "bank", "auditor"}

// FilingDirection is the direction of the declarations a role files:
// exporters export declarations, importers import ones; other roles none.
func FilingDirection(role string) string {
	switch role {
	case "exporter":
		return "export"
	case "importer":
		return "import"
	}
	return "none"
}

// ErrDenied is a refused request.
var ErrDenied = errors.New("access denied")

// Principal is an authenticated subject.
type Principal struct {
	Subject      string
	Role         string
	Jurisdiction string
	// Address is the subject's corridor account (exporters, banks).
	Address string
}

// Request asks whether Principal may do Action on Resource. Pairs are the
// facts the conditions compare: each key maps to pairs that must be equal
// (e.g. "jurisdiction": {{subject's, resource's}}).
type Request struct {
	Principal Principal
	Action    string
	Resource  string
	Pairs     map[string][][2]string
}

// Authorizer decides requests.
type Authorizer interface {
	Authorize(ctx context.Context, r Request) error
}

// Resource names.
func DeclarationResource(jurisdiction, id string) string {
	return fmt.Sprintf("corridor:declaration:%s:%s", jurisdiction, id)
}

// LotResource names a lot.
func LotResource(id uint64) string { return fmt.Sprintf("corridor:lot:%d", id) }

// FinancingResource names a party's (a bank's or a borrower's) financing
// applications and loans by its corridor address.
func FinancingResource(party string) string { return "corridor:financing:" + party }

// SettlementResource is what the chain settled.
const SettlementResource = "corridor:settlement"

// AuditResource is the audit log.
const AuditResource = "corridor:audit"

//go:embed policies/default.json
var defaultPolicies []byte

// DefaultPolicies is the policy file shipped with the gateway.
func DefaultPolicies() []byte { return defaultPolicies }

// Ladon is the ladon Authorizer.
type Ladon struct {
	warden *ladon.Ladon
}

// LoadFile loads policies from a file; an empty path loads the defaults.
func LoadFile(path string) (*Ladon, error) {
	data := defaultPolicies
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("policy: %w", err)
		}
	}
	return Load(data)
}

// Load builds the authorizer from a JSON array of ladon policies. Every
// policy must have an id, an effect of allow or deny, and at least one
// subject, action and resource.
func Load(data []byte) (*Ladon, error) {
	var ps []*ladon.DefaultPolicy
	if err := json.Unmarshal(data, &ps); err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	if len(ps) == 0 {
		return nil, errors.New("policy: no policies")
	}
	m := memory.NewMemoryManager()
	for _, p := range ps {
		if p.ID == "" || (p.Effect != ladon.AllowAccess && p.Effect != ladon.DenyAccess) ||
			len(p.Subjects) == 0 || len(p.Actions) == 0 || len(p.Resources) == 0 {
			return nil, fmt.Errorf("policy %q: needs an id, effect allow or deny, subjects, actions and resources", p.ID)
		}
		if err := m.Create(context.Background(), p); err != nil {
			return nil, fmt.Errorf("policy %q: %w", p.ID, err)
		}
	}
	return &Ladon{warden: &ladon.Ladon{Manager: m, Matcher: ladon.NewRegexpMatcher(512)}}, nil
}

// Authorize returns nil or an error wrapping ErrDenied.
func (l *Ladon) Authorize(ctx context.Context, r Request) error {
	c := ladon.Context{"role": r.Principal.Role, "subject_jurisdiction": r.Principal.Jurisdiction}
	for k, pairs := range r.Pairs {
		if len(pairs) == 0 {
			continue // an empty list would pass StringPairsEqualCondition: leave the key out, so it fails
		}
		v := make([]any, len(pairs))
		for i, p := range pairs {
			v[i] = []any{p[0], p[1]}
		}
		c[k] = v
	}
	err := l.warden.IsAllowed(ctx, &ladon.Request{Subject: r.Principal.Subject, Action: r.Action, Resource: r.Resource, Context: c})
	if err != nil {
		return fmt.Errorf("%w: %s may not %s %s", ErrDenied, r.Principal.Subject, r.Action, r.Resource)
	}
	return nil
}
