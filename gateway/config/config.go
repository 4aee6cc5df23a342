// Package config is the gateway's typed configuration: flags, each with an
// environment variable as its default, validated once at start.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is everything `corridor-gateway serve` is told.
type Config struct {
	// ConsoleSecureCookie marks the console's cookies Secure even when the
	// gateway itself is reached in plain HTTP (TLS ends at a proxy).
	ConsoleSecureCookie bool
	Listen              string
	Store               string
	ChainGRPC           string
	ChainID             string
	KeyringDir          string
	KeyringBackend      string
	// Authorities maps a jurisdiction to the keyring key name of its customs
	// authority, e.g. MN=customs-mn.
	Authorities map[string]string
	// Signer is the replica's own key (x/authz grantee); empty: the
	// authorities' own keys sign.
	Signer string
	// ChainTLSCA, ChainTLSCert, ChainTLSKey: TLS to the node's gRPC.
	ChainTLSCA, ChainTLSCert, ChainTLSKey string
	PolicyFile                            string
	QuantityToleranceBps                  int64
	TrustedProxies                        []netip.Prefix
	MaxBodyBytes                          int64
	RequestTimeout                        time.Duration
	ShutdownTimeout                       time.Duration
	RatePerSecond                         float64
	RateBurst                             int
	KeyCacheTTL                           time.Duration
	DecisionLease                         time.Duration
	Fees                                  string
	TxWaitTimeout                         time.Duration
	LogFormat                             string
}

// Parse reads flags (and their CORRIDOR_GATEWAY_* environment defaults).
func Parse(args []string) (Config, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var c Config
	var authorities, proxies string
	str := func(p *string, name, def, usage string) { fs.StringVar(p, name, env(name, def), usage) }
	str(&c.Listen, "listen", "127.0.0.1:8080", "address to serve HTTP on")
	str(&c.Store, "store", "sqlite:corridor-gateway.db", "store: sqlite:<path> (embedded) or postgres://… (several replicas)")
	str(&c.ChainGRPC, "chain-grpc", "127.0.0.1:9090", "corridor-1 node gRPC address")
	str(&c.ChainID, "chain-id", "corridor-1", "chain id the decisions are signed for")
	str(&c.KeyringDir, "keyring-dir", "", "keyring directory holding the customs authorities' keys")
	str(&c.KeyringBackend, "keyring-backend", "file", "keyring backend: file, os or test")
	str(&authorities, "authorities", "", "jurisdiction=authority pairs, comma separated: a keyring key name (this process signs with the authority's key), or with --signer the authority's corridor address, e.g. MN=customs-mn,CN=customs-cn")
	str(&c.Signer, "signer", "", "this replica's own keyring key, authorised by each authority on chain (x/authz grant of MsgAttest); decisions are signed as MsgExec with it")
	str(&c.ChainTLSCA, "chain-tls-ca", "", "PEM CA bundle: reach the node's gRPC over TLS, verified against it (empty: plaintext)")
	str(&c.ChainTLSCert, "chain-tls-cert", "", "PEM client certificate for the node's gRPC (mutual TLS), with --chain-tls-key")
	str(&c.ChainTLSKey, "chain-tls-key", "", "PEM key of --chain-tls-cert")
	str(&c.PolicyFile, "policy-file", "", "ladon policy file (JSON); empty: the built-in default policies")
	str(&proxies, "trusted-proxies", "", "CIDRs of proxies whose X-Forwarded-For is believed, comma separated")
	str(&c.Fees, "fees", "", "fees per decision transaction, e.g. 5000ucgas")
	str(&c.LogFormat, "log-format", "json", "log format: json or text")
	fs.Int64Var(&c.QuantityToleranceBps, "quantity-tolerance-bps", envInt("quantity-tolerance-bps", 50), "declared vs held quantity tolerance, basis points")
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", envInt("max-body-bytes", 256<<10), "request body limit")
	fs.DurationVar(&c.RequestTimeout, "request-timeout", envDur("request-timeout", 30*time.Second), "time limit of one request")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", envDur("shutdown-timeout", 15*time.Second), "time in-flight requests get on shutdown")
	fs.Float64Var(&c.RatePerSecond, "rate", envFloat("rate", 50), "requests per second per client IP and per subject (0: unlimited)")
	fs.IntVar(&c.RateBurst, "rate-burst", int(envInt("rate-burst", 100)), "rate limit burst")
	fs.BoolVar(&c.ConsoleSecureCookie, "console-secure-cookie", env("console-secure-cookie", "false") == "true",
		"mark the console's cookies Secure even over plain HTTP (set it when a proxy ends TLS in front of the gateway)")
	fs.DurationVar(&c.KeyCacheTTL, "key-cache-ttl", envDur("key-cache-ttl", 5*time.Second), "how long a verified API key is cached (revocation delay)")
	fs.DurationVar(&c.DecisionLease, "decision-lease", envDur("decision-lease", time.Minute), "how long a decision attempt excludes others")
	fs.DurationVar(&c.TxWaitTimeout, "tx-wait-timeout", envDur("tx-wait-timeout", 20*time.Second), "how long a decision waits for its block")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	var err error
	if c.Authorities, err = pairs(authorities); err != nil {
		return c, err
	}
	if c.TrustedProxies, err = prefixes(proxies); err != nil {
		return c, err
	}
	return c, c.Validate()
}

// Validate checks the configuration once.
func (c Config) Validate() error {
	var errs []error
	if c.Listen == "" || c.Store == "" || c.ChainGRPC == "" || c.ChainID == "" {
		errs = append(errs, errors.New("listen, store, chain-grpc and chain-id are required"))
	}
	if (len(c.Authorities) > 0 || c.Signer != "") && c.KeyringDir == "" {
		errs = append(errs, errors.New("authorities and signer need a keyring-dir"))
	}
	if (c.ChainTLSCert == "") != (c.ChainTLSKey == "") {
		errs = append(errs, errors.New("chain-tls-cert and chain-tls-key go together"))
	}
	if c.ChainTLSCert != "" && c.ChainTLSCA == "" {
		errs = append(errs, errors.New("chain-tls-cert needs chain-tls-ca"))
	}
	switch c.KeyringBackend {
	case "file", "os", "test":
	default:
		errs = append(errs, fmt.Errorf("keyring-backend must be file, os or test"))
	}
	if c.QuantityToleranceBps < 0 || c.QuantityToleranceBps > 10_000 {
		errs = append(errs, errors.New("quantity-tolerance-bps must be 0 to 10000"))
	}
	if c.MaxBodyBytes < 1024 || c.MaxBodyBytes > 16<<20 {
		errs = append(errs, errors.New("max-body-bytes must be 1 KiB to 16 MiB"))
	}
	if c.RequestTimeout <= 0 || c.ShutdownTimeout <= 0 || c.DecisionLease <= 0 || c.TxWaitTimeout <= 0 {
		errs = append(errs, errors.New("timeouts and the decision lease must be positive"))
	}
	if c.TxWaitTimeout >= c.DecisionLease {
		errs = append(errs, errors.New("tx-wait-timeout must be shorter than decision-lease"))
	}
	if c.RatePerSecond < 0 || c.RateBurst < 1 {
		errs = append(errs, errors.New("rate must be >= 0 and rate-burst >= 1"))
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		errs = append(errs, errors.New("log-format must be json or text"))
	}
	return errors.Join(errs...)
}

func envName(flag string) string {
	return "CORRIDOR_GATEWAY_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

func env(flag, def string) string {
	if v, ok := os.LookupEnv(envName(flag)); ok {
		return v
	}
	return def
}

func envInt(flag string, def int64) int64 {
	if n, err := strconv.ParseInt(env(flag, ""), 10, 64); err == nil {
		return n
	}
	return def
}

func envFloat(flag string, def float64) float64 {
	if n, err := strconv.ParseFloat(env(flag, ""), 64); err == nil {
		return n
	}
	return def
}

func envDur(flag string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(env(flag, "")); err == nil {
		return d
	}
	return def
}

func pairs(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, kv := range strings.Split(s, ",") {
		if kv = strings.TrimSpace(kv); kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok || len(k) != 2 || v == "" {
			return nil, fmt.Errorf("authorities: %q is not JURISDICTION=key-name", kv)
		}
		out[strings.ToUpper(k)] = v
	}
	return out, nil
}

func prefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		pf, err := netip.ParsePrefix(p)
		if err != nil {
			return nil, fmt.Errorf("trusted-proxies: %w", err)
		}
		out = append(out, pf.Masked())
	}
	return out, nil
}
