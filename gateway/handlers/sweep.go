package handlers

import (
	"context"
	"time"
)

// Sweep completes, every interval until ctx ends, the decision claims whose
// lease ran out with no caller coming back (see Complete): no declaration
// stays in progress longer than its lease, the transaction wait and one
// interval. Several replicas may sweep one store: a claim is taken over by
// one conditional update, so each is completed once.
func (h *Declarations) Sweep(ctx context.Context, interval time.Duration) {
	Every(ctx, interval, func(ctx context.Context) { h.SweepOnce(ctx) })
}

// Every runs fn every interval until ctx ends (the gateway's sweepers).
func Every(ctx context.Context, interval time.Duration, fn func(context.Context)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn(ctx)
		}
	}
}

// SweepOnce completes the stale claims found now and returns how many it
// looked at.
func (h *Declarations) SweepOnce(ctx context.Context) int {
	ids, err := h.Store.StaleDecisions(ctx, h.Now(), 50)
	if err != nil {
		h.Log.Error("listing stale decision claims", "error", err)
		return 0
	}
	for _, id := range ids {
		if _, err := h.Complete(ctx, id); err != nil {
			h.Log.Warn("completing a stale decision claim", "declaration", id, "error", err)
		}
	}
	return len(ids)
}
