package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corridor-chain/corridor/gateway/store"
	"github.com/corridor-chain/corridor/gateway/store/storetest"
)

var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func decl(id, jur, number, owner string, lots ...uint64) store.Declaration {
	return store.Declaration{ID: id, Jurisdiction: jur, Number: number, Direction: "export", Owner: owner,
		TraderAddress: "corridor1x", SHA256: fmt.Sprintf("%064d", len(id)), Document: []byte(`{"number":"` + number + `"}`),
		Status: store.StatusFiled, FiledAt: t0, Lots: lots}
}

// Every test runs on both stores: the same behaviour is the contract.
func each(t *testing.T, f func(t *testing.T, s store.Store)) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) { f(t, storetest.Open(t, kind)) })
	}
}

func TestAPIKeys(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		k := store.APIKey{ID: "a1", Hash: "h1", Subject: "officer", Role: "customs", Jurisdiction: "MN", CreatedAt: t0}
		require.NoError(t, s.CreateAPIKey(ctx, k))
		require.ErrorIs(t, s.CreateAPIKey(ctx, store.APIKey{ID: "a2", Hash: "h1", CreatedAt: t0}), store.ErrConflict)
		got, err := s.APIKeyByHash(ctx, "h1")
		require.NoError(t, err)
		require.Equal(t, k, got)
		_, err = s.APIKeyByHash(ctx, "nope")
		require.ErrorIs(t, err, store.ErrNotFound)
		require.NoError(t, s.RevokeAPIKey(ctx, "a1", t0.Add(time.Hour)))
		require.ErrorIs(t, s.RevokeAPIKey(ctx, "a1", t0), store.ErrNotFound)
		got, err = s.APIKeyByHash(ctx, "h1")
		require.NoError(t, err)
		require.Equal(t, t0.Add(time.Hour), *got.RevokedAt)
		ks, err := s.ListAPIKeys(ctx)
		require.NoError(t, err)
		require.Len(t, ks, 1)
	})
}

func TestDeclarations(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		require.NoError(t, s.CreateDeclaration(ctx, decl("d1", "MN", "N1", "exp-a", 1, 2)))
		require.ErrorIs(t, s.CreateDeclaration(ctx, decl("d2", "MN", "N1", "exp-b", 3)), store.ErrConflict)
		// a failed create leaves nothing behind, not even its lot links
		_, err := s.GetDeclaration(ctx, "d2")
		require.ErrorIs(t, err, store.ErrNotFound)
		require.NoError(t, s.CreateDeclaration(ctx, decl("d2", "CN", "N1", "exp-b", 2)))
		require.NoError(t, s.CreateDeclaration(ctx, decl("d3", "MN", "N3", "exp-b", 3)))

		got, err := s.GetDeclaration(ctx, "d1")
		require.NoError(t, err)
		require.Equal(t, []uint64{1, 2}, got.Lots)
		require.Equal(t, `{"number":"N1"}`, string(got.Document))
		require.Equal(t, t0, got.FiledAt)
		require.Equal(t, store.DecisionNone, got.Decision.State)

		ids := func(f store.Filter) []string {
			if f.Limit == 0 {
				f.Limit = 10
			}
			ds, err := s.ListDeclarations(ctx, f)
			require.NoError(t, err)
			out := []string{}
			for _, d := range ds {
				out = append(out, d.ID)
			}
			return out
		}
		require.Equal(t, []string{"d1", "d2", "d3"}, ids(store.Filter{}))
		require.Equal(t, []string{"d1", "d3"}, ids(store.Filter{Jurisdiction: "MN"}))
		require.Equal(t, []string{"d2", "d3"}, ids(store.Filter{Owner: "exp-b"}))
		require.Equal(t, []string{"d1", "d2"}, ids(store.Filter{LotID: 2}))
		require.Equal(t, []string{"d3"}, ids(store.Filter{Owner: "exp-b", Jurisdiction: "MN", LotID: 3, Status: store.StatusFiled}))
		require.Equal(t, []string{}, ids(store.Filter{Status: store.StatusCleared}))
		// keyset pages
		first, err := s.ListDeclarations(ctx, store.Filter{Limit: 2})
		require.NoError(t, err)
		require.Len(t, first, 2)
		require.Equal(t, []string{"d3"}, ids(store.Filter{AfterSeq: first[1].Seq, Limit: 2}))
	})
}

func claim(key, request string, now time.Time) store.Claim {
	return store.Claim{Key: key, Request: request, Subject: "officer", Now: now, LeaseUntil: now.Add(time.Minute)}
}

func TestDecisionClaims(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		require.NoError(t, s.CreateDeclaration(ctx, decl("d1", "MN", "N1", "exp", 1)))

		d, ok, err := s.ClaimDecision(ctx, "d1", claim("k1", "r1", t0))
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, store.DecisionPending, d.Decision.State)
		// while the lease runs, nobody else — not even the same key
		_, ok, err = s.ClaimDecision(ctx, "d1", claim("k2", "r2", t0.Add(time.Second)))
		require.NoError(t, err)
		require.False(t, ok)
		_, ok, _ = s.ClaimDecision(ctx, "d1", claim("k1", "r1", t0.Add(time.Second)))
		require.False(t, ok)

		require.NoError(t, s.RecordDecisionTx(ctx, "d1", "k1", "AB12", []byte{1, 2, 3}))
		require.ErrorIs(t, s.RecordDecisionTx(ctx, "d1", "k2", "CD34", nil), store.ErrConflict)
		// lease over, a tx on record: another key may not take it, the same key (same request) may
		later := t0.Add(2 * time.Minute)
		_, ok, _ = s.ClaimDecision(ctx, "d1", claim("k2", "r2", later))
		require.False(t, ok)
		_, ok, _ = s.ClaimDecision(ctx, "d1", claim("k1", "r-other", later))
		require.False(t, ok)
		d, ok, err = s.ClaimDecision(ctx, "d1", claim("k1", "r1", later))
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, "AB12", d.Decision.TxHash)
		require.Equal(t, []byte{1, 2, 3}, d.Decision.Tx)

		require.NoError(t, s.FinishDecision(ctx, "d1", "k1", store.StatusCleared, []byte(`{"ok":true}`), later))
		require.ErrorIs(t, s.FinishDecision(ctx, "d1", "k1", store.StatusCleared, nil, later), store.ErrConflict)
		d, ok, _ = s.ClaimDecision(ctx, "d1", claim("k3", "r3", later.Add(time.Hour)))
		require.False(t, ok)
		require.Equal(t, store.StatusCleared, d.Status)
		require.Equal(t, store.DecisionDone, d.Decision.State)
		require.Equal(t, `{"ok":true}`, string(d.Decision.Response))
		require.Equal(t, "k1", d.Decision.Key)
	})
}

func TestDecisionReleaseAndLease(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		require.NoError(t, s.CreateDeclaration(ctx, decl("d1", "MN", "N1", "exp", 1)))
		_, ok, _ := s.ClaimDecision(ctx, "d1", claim("k1", "r1", t0))
		require.True(t, ok)
		require.NoError(t, s.ReleaseDecision(ctx, "d1", "k1"))
		require.ErrorIs(t, s.ReleaseDecision(ctx, "d1", "k1"), store.ErrConflict)
		// released: anyone may claim at once
		_, ok, _ = s.ClaimDecision(ctx, "d1", claim("k2", "r2", t0))
		require.True(t, ok)
		// a lapsed claim that never signed is free for another key
		_, ok, _ = s.ClaimDecision(ctx, "d1", claim("k3", "r3", t0.Add(2*time.Minute)))
		require.True(t, ok)
		require.NoError(t, s.RecordDecisionTx(ctx, "d1", "k3", "EF56", []byte{9}))
		// EndLease: the same key resumes at once
		_, ok, _ = s.ClaimDecision(ctx, "d1", claim("k3", "r3", t0.Add(2*time.Minute+time.Second)))
		require.False(t, ok)
		require.NoError(t, s.EndLease(ctx, "d1", "k3"))
		_, ok, _ = s.ClaimDecision(ctx, "d1", claim("k3", "r3", t0.Add(2*time.Minute+time.Second)))
		require.True(t, ok)
	})
}

// Of many concurrent claims (two replicas, retries) exactly one wins.
func TestConcurrentClaims(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		require.NoError(t, s.CreateDeclaration(ctx, decl("d1", "MN", "N1", "exp", 1)))
		var wg sync.WaitGroup
		wins := make(chan string, 16)
		for i := range 16 {
			wg.Go(func() {
				_, ok, err := s.ClaimDecision(ctx, "d1", claim(fmt.Sprintf("key-%d", i), "r", t0))
				if err == nil && ok {
					wins <- fmt.Sprint(i)
				}
			})
		}
		wg.Wait()
		close(wins)
		require.Len(t, wins, 1)
	})
}

func TestAudit(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		for i := range 5 {
			require.NoError(t, s.AppendAudit(ctx, store.AuditEntry{At: t0.Add(time.Duration(i) * time.Second), RequestID: fmt.Sprint(i),
				Subject: "s", Action: "declaration:decide", Resource: "r", Outcome: "refused", Status: 403, Detail: "d"}))
		}
		page, err := s.ListAudit(ctx, store.AuditFilter{Limit: 3})
		require.NoError(t, err)
		require.Len(t, page, 3)
		require.Equal(t, "0", page[0].RequestID)
		require.Equal(t, t0, page[0].At)
		rest, err := s.ListAudit(ctx, store.AuditFilter{AfterSeq: page[2].Seq, Limit: 10})
		require.NoError(t, err)
		require.Len(t, rest, 2)
		require.Equal(t, "4", rest[1].RequestID)
		require.NoError(t, s.Ping(ctx))
	})
}
