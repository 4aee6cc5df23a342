package policy_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/policy"
)

// The policy matrix of the default policies: every role × every action ×
// own / other jurisdiction, own / other declaration, and the direction a
// role files or the other one. Anything not listed as allowed is denied.
func TestDefaultPolicyMatrix(t *testing.T) {
	az, err := policy.LoadFile("")
	require.NoError(t, err)
	subjects := map[string]policy.Principal{
		"customs":  {Subject: "officer-mn", Role: "customs", Jurisdiction: "MN"},
		"exporter": {Subject: "exporter-mn", Role: "exporter", Jurisdiction: "MN", Address: "corridor1exp"},
		"importer": {Subject: "importer-mn", Role: "importer", Jurisdiction: "MN", Address: "corridor1imp"},
		"bank":     {Subject: "bank-cn", Role: "bank", Jurisdiction: "CN", Address: "corridor1bank"},
		"auditor":  {Subject: "auditor", Role: "auditor", Jurisdiction: "MN"},
		"unknown":  {Subject: "mallory", Role: "smuggler", Jurisdiction: "MN"},
	}
	type scope struct {
		name  string
		jur   string // the resource's jurisdiction
		owner string // the resource's owner (subject) — or the trader's address for file
		flip  bool   // a declaration of the other direction than the role files
	}
	scopes := []scope{{"own jurisdiction, own", "MN", "", false}, {"own jurisdiction, other's", "MN", "someone", false},
		{"other jurisdiction, other's", "CN", "someone", false}, {"own jurisdiction, own, other direction", "MN", "", true}}
	request := func(p policy.Principal, action string, s scope) policy.Request {
		owner := s.owner
		if owner == "" {
			owner = p.Subject
			if action == policy.ActionFile {
				owner = p.Address
			}
		}
		self := p.Subject
		if action == policy.ActionFile {
			self = p.Address
		}
		dir := policy.FilingDirection(p.Role)
		if s.flip {
			dir = map[string]string{"export": "import", "import": "export", "none": "export"}[dir]
		}
		// owner is the API subject that filed (read, verify, decide);
		// trader_address the corridor address a filing names as its trader
		who := "owner"
		if action == policy.ActionFile {
			who = "trader_address"
		}
		r := policy.Request{Principal: p, Action: action, Pairs: map[string][][2]string{
			"jurisdiction": {{p.Jurisdiction, s.jur}}, who: {{self, owner}}, "direction": {{policy.FilingDirection(p.Role), dir}}}}
		switch action {
		case policy.ActionFile:
			r.Resource = policy.DeclarationResource(s.jur, "new")
		case policy.ActionLotRead:
			r.Resource, r.Pairs = policy.LotResource(7), nil
		case policy.ActionAudit:
			r.Resource, r.Pairs = policy.AuditResource, nil
		default:
			r.Resource = policy.DeclarationResource(s.jur, "0a1b2c")
		}
		return r
	}
	allowed := map[string]bool{
		// customs: their jurisdiction's declarations, whoever filed them; any lot
		"customs " + policy.ActionVerify + " own jurisdiction, own":                   true,
		"customs " + policy.ActionVerify + " own jurisdiction, other's":               true,
		"customs " + policy.ActionRead + " own jurisdiction, own":                     true,
		"customs " + policy.ActionRead + " own jurisdiction, other's":                 true,
		"customs " + policy.ActionDecide + " own jurisdiction, other's":               true,
		"customs " + policy.ActionLotRead + " own jurisdiction, own":                  true,
		"customs " + policy.ActionLotRead + " own jurisdiction, other's":              true,
		"customs " + policy.ActionLotRead + " other jurisdiction, other's":            true,
		"customs " + policy.ActionVerify + " own jurisdiction, own, other direction":  true,
		"customs " + policy.ActionRead + " own jurisdiction, own, other direction":    true,
		"customs " + policy.ActionLotRead + " own jurisdiction, own, other direction": true,
		// exporter: files in its jurisdiction as itself, reads its own
		"exporter " + policy.ActionFile + " own jurisdiction, own":                     true,
		"exporter " + policy.ActionRead + " own jurisdiction, own":                     true,
		"exporter " + policy.ActionLotRead + " own jurisdiction, own":                  true,
		"exporter " + policy.ActionLotRead + " own jurisdiction, other's":              true,
		"exporter " + policy.ActionLotRead + " other jurisdiction, other's":            true,
		"exporter " + policy.ActionRead + " own jurisdiction, own, other direction":    true,
		"exporter " + policy.ActionLotRead + " own jurisdiction, own, other direction": true,
		// importer: the same for import declarations
		"importer " + policy.ActionFile + " own jurisdiction, own":                     true,
		"importer " + policy.ActionRead + " own jurisdiction, own":                     true,
		"importer " + policy.ActionRead + " own jurisdiction, own, other direction":    true,
		"importer " + policy.ActionLotRead + " own jurisdiction, own":                  true,
		"importer " + policy.ActionLotRead + " own jurisdiction, other's":              true,
		"importer " + policy.ActionLotRead + " other jurisdiction, other's":            true,
		"importer " + policy.ActionLotRead + " own jurisdiction, own, other direction": true,
		// bank: lot clearance only
		"bank " + policy.ActionLotRead + " own jurisdiction, own":                  true,
		"bank " + policy.ActionLotRead + " own jurisdiction, other's":              true,
		"bank " + policy.ActionLotRead + " other jurisdiction, other's":            true,
		"bank " + policy.ActionLotRead + " own jurisdiction, own, other direction": true,
		// auditor: the audit log, and read-only any declaration and lot
		"auditor " + policy.ActionRead + " own jurisdiction, own":                     true,
		"auditor " + policy.ActionRead + " own jurisdiction, other's":                 true,
		"auditor " + policy.ActionRead + " other jurisdiction, other's":               true,
		"auditor " + policy.ActionRead + " own jurisdiction, own, other direction":    true,
		"auditor " + policy.ActionLotRead + " own jurisdiction, own":                  true,
		"auditor " + policy.ActionLotRead + " own jurisdiction, other's":              true,
		"auditor " + policy.ActionLotRead + " other jurisdiction, other's":            true,
		"auditor " + policy.ActionLotRead + " own jurisdiction, own, other direction": true,
		"auditor " + policy.ActionAudit + " own jurisdiction, own":                    true,
		"auditor " + policy.ActionAudit + " own jurisdiction, other's":                true,
		"auditor " + policy.ActionAudit + " other jurisdiction, other's":              true,
		"auditor " + policy.ActionAudit + " own jurisdiction, own, other direction":   true,
	}
	actions := []string{policy.ActionFile, policy.ActionRead, policy.ActionVerify, policy.ActionDecide, policy.ActionLotRead, policy.ActionAudit}
	n := 0
	for role, p := range subjects {
		for _, a := range actions {
			for _, s := range scopes {
				name := fmt.Sprintf("%s %s %s", role, a, s.name)
				err := az.Authorize(context.Background(), request(p, a, s))
				if allowed[name] {
					require.NoError(t, err, name)
				} else {
					require.ErrorIs(t, err, policy.ErrDenied, name)
				}
				n++
			}
		}
	}
	require.Equal(t, 6*6*4, n)
}

// A deny wins over every allow: customs may not decide a declaration it
// filed itself (separation of duties).
func TestDenyWins(t *testing.T) {
	az, err := policy.LoadFile("")
	require.NoError(t, err)
	p := policy.Principal{Subject: "officer-mn", Role: "customs", Jurisdiction: "MN"}
	r := policy.Request{Principal: p, Action: policy.ActionDecide, Resource: policy.DeclarationResource("MN", "ab12"),
		Pairs: map[string][][2]string{"jurisdiction": {{"MN", "MN"}}, "owner": {{"officer-mn", "officer-mn"}}}}
	require.ErrorIs(t, az.Authorize(context.Background(), r), policy.ErrDenied)
	r.Pairs["owner"] = [][2]string{{"officer-mn", "exporter-mn"}}
	require.NoError(t, az.Authorize(context.Background(), r))
}

// Conditions fail closed: a request without the facts a condition needs
// (or with an empty list of pairs) is denied.
func TestConditionsFailClosed(t *testing.T) {
	az, err := policy.LoadFile("")
	require.NoError(t, err)
	p := policy.Principal{Subject: "officer-mn", Role: "customs", Jurisdiction: "MN"}
	for name, pairs := range map[string]map[string][][2]string{
		"no pairs":           nil,
		"empty jurisdiction": {"jurisdiction": {}},
		"mismatch":           {"jurisdiction": {{"MN", "CN"}}},
	} {
		err := az.Authorize(context.Background(), policy.Request{Principal: p, Action: policy.ActionVerify,
			Resource: policy.DeclarationResource("MN", "ab12"), Pairs: pairs})
		require.ErrorIs(t, err, policy.ErrDenied, name)
	}
	// an unknown action or a malformed resource matches no policy
	for _, r := range []policy.Request{
		{Principal: p, Action: "declaration:delete", Resource: policy.DeclarationResource("MN", "ab12"), Pairs: map[string][][2]string{"jurisdiction": {{"MN", "MN"}}}},
		{Principal: p, Action: policy.ActionVerify, Resource: "corridor:declaration:MN:AB-12", Pairs: map[string][][2]string{"jurisdiction": {{"MN", "MN"}}}},
	} {
		require.ErrorIs(t, az.Authorize(context.Background(), r), policy.ErrDenied)
	}
}

func TestLoadRefusesBadPolicies(t *testing.T) {
	for name, doc := range map[string]string{
		"not json":   `{`,
		"empty":      `[]`,
		"no id":      `[{"subjects":["a"],"actions":["b"],"resources":["c"],"effect":"allow"}]`,
		"bad effect": `[{"id":"x","subjects":["a"],"actions":["b"],"resources":["c"],"effect":"maybe"}]`,
		"no subject": `[{"id":"x","subjects":[],"actions":["b"],"resources":["c"],"effect":"allow"}]`,
		"condition":  `[{"id":"x","subjects":["a"],"actions":["b"],"resources":["c"],"effect":"allow","conditions":{"k":{"type":"NoSuchCondition","options":{}}}}]`,
	} {
		_, err := policy.Load([]byte(doc))
		require.Error(t, err, name)
	}
}

// BenchmarkAuthorize is the decision time with the default (per-role)
// policies; the subject count changes nothing the warden scans.
func BenchmarkAuthorize(b *testing.B) {
	az, err := policy.LoadFile("")
	require.NoError(b, err)
	for _, n := range []int{10, 1000} {
		reqs := make([]policy.Request, n)
		for i := range reqs {
			p := policy.Principal{Subject: fmt.Sprintf("officer-%d", i), Role: "customs", Jurisdiction: "MN"}
			reqs[i] = policy.Request{Principal: p, Action: policy.ActionVerify, Resource: policy.DeclarationResource("MN", fmt.Sprintf("d%d", i)),
				Pairs: map[string][][2]string{"jurisdiction": {{"MN", "MN"}}, "owner": {{p.Subject, "exporter"}}}}
		}
		b.Run(fmt.Sprintf("subjects=%d", n), func(b *testing.B) {
			ctx := context.Background()
			for i := 0; b.Loop(); i++ {
				if err := az.Authorize(ctx, reqs[i%n]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
