package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/corridor-chain/corridor/gateway/problem"
)

// Pinger answers whether a dependency is up.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Health serves /healthz (the process serves) and /readyz (the store and
// the chain answer, so a load balancer sends traffic only to a replica
// that can do its work).
type Health struct {
	Store, Chain Pinger
	Log          *slog.Logger
}

// Status is the body of both probes.
type Status struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks,omitempty"`
}

// Live is /healthz.
func (h *Health) Live(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, Status{Status: "ok"})
}

// Ready is /readyz.
func (h *Health) Ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	checks := map[string]string{"store": "ok", "chain": "ok"}
	ready := true
	for name, p := range map[string]Pinger{"store": h.Store, "chain": h.Chain} {
		if err := p.Ping(ctx); err != nil {
			checks[name], ready = "unavailable", false
			h.Log.Warn("not ready", "dependency", name, "error", err)
		}
	}
	if !ready {
		pr := problem.Unavailable.New("a dependency is not answering")
		pr.Extra = map[string]any{"checks": checks}
		fail(h.Log, w, r, pr)
		return
	}
	writeJSON(w, http.StatusOK, Status{Status: "ready", Checks: checks})
}
