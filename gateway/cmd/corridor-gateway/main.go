// Command corridor-gateway is the customs gateway: `serve` runs the REST
// service, `keys` manages API keys in the store.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/cosmos/cosmos-sdk/crypto/keyring"

	"github.com/corridor-chain/corridor/gateway/apikey"
	"github.com/corridor-chain/corridor/gateway/chain"
	"github.com/corridor-chain/corridor/gateway/config"
	"github.com/corridor-chain/corridor/gateway/policy"
	"github.com/corridor-chain/corridor/gateway/server"
	"github.com/corridor-chain/corridor/gateway/store"
	"github.com/corridor-chain/corridor/gateway/verify"
	"github.com/corridor-chain/corridor/internal/addrcheck"
)

const usage = `corridor-gateway: the Corridor customs gateway

  corridor-gateway serve [flags]          run the REST service (flags: serve -h)
  corridor-gateway keys create [flags]    make an API key (printed once) for a subject
  corridor-gateway keys list [flags]      list keys (never their secrets)
  corridor-gateway keys revoke [flags] ID revoke a key
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "corridor-gateway:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(out, usage)
		return errors.New("no command")
	}
	switch args[0] {
	case "serve":
		cfg, err := config.Parse(args[1:])
		if err != nil {
			return err
		}
		return serve(ctx, cfg)
	case "keys":
		return keys(ctx, args[1:], out)
	}
	fmt.Fprint(out, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

func serve(ctx context.Context, cfg config.Config) error {
	var h slog.Handler = slog.NewJSONHandler(os.Stderr, nil)
	if cfg.LogFormat == "text" {
		h = slog.NewTextHandler(os.Stderr, nil)
	}
	log := slog.New(h)
	st, err := store.Open(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	// keys created before keys create checked their address may name a
	// string the node cannot read: every verify of their filings would fail
	// (advice: a store that cannot list them now is the requests' to find)
	bad, err := misaddressedKeys(ctx, st)
	if err != nil {
		log.Warn("could not check the API keys' addresses", "err", err)
	}
	for _, k := range bad {
		log.Warn("an API key's address is not a corridor account address, so its filings cannot be verified: revoke the key and create one with the account's address",
			"key", k.ID, "subject", k.Subject, "address", k.Address)
	}
	chain.SetAddressPrefixes()
	cdc, err := chain.NewCodec()
	if err != nil {
		return err
	}
	var kr keyring.Keyring
	authorities := map[string]string{}
	if cfg.KeyringDir != "" {
		if kr, err = keyring.New("corridor", cfg.KeyringBackend, cfg.KeyringDir, os.Stdin, cdc); err != nil {
			return fmt.Errorf("keyring: %w", err)
		}
		for j, name := range cfg.Authorities {
			if cfg.Signer != "" { // a replica: the authority is an address, its key is elsewhere
				if _, err := sdk.AccAddressFromBech32(name); err != nil {
					return fmt.Errorf("authority %s: with --signer, give the authority's corridor address: %w", j, err)
				}
				authorities[j] = name
				continue
			}
			a, err := keyAddress(kr, name)
			if err != nil {
				return fmt.Errorf("authority %s: %w", j, err)
			}
			authorities[j] = a
		}
	}
	grantee := ""
	if cfg.Signer != "" {
		if grantee, err = keyAddress(kr, cfg.Signer); err != nil {
			return fmt.Errorf("signer: %w", err)
		}
	}
	tlsCfg, err := chainTLS(cfg)
	if err != nil {
		return err
	}
	if tlsCfg == nil && !isLoopback(cfg.ChainGRPC) {
		log.Warn("the node's gRPC is reached in plaintext over a network; use --chain-tls-ca in production", "chain_grpc", cfg.ChainGRPC)
	}
	cl, err := chain.Dial(chain.Config{GRPC: cfg.ChainGRPC, ChainID: cfg.ChainID, Keyring: kr, Fees: cfg.Fees, WaitTimeout: cfg.TxWaitTimeout,
		Grantee: grantee, TLS: tlsCfg}, cdc)
	if err != nil {
		return err
	}
	defer cl.Close()
	az, err := policy.LoadFile(cfg.PolicyFile)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	gw := server.NewGateway(server.Deps{Store: st, Chain: cl, Authz: az, Log: log, Now: time.Now, Registry: reg,
		Verify: verify.Options{QuantityToleranceBps: cfg.QuantityToleranceBps}, Authorities: authorities,
		DecisionLease: cfg.DecisionLease, TrustedProxies: cfg.TrustedProxies, RequestTimeout: cfg.RequestTimeout,
		MaxBodyBytes: cfg.MaxBodyBytes, RatePerSecond: cfg.RatePerSecond, RateBurst: cfg.RateBurst, KeyCacheTTL: cfg.KeyCacheTTL,
		ConsoleSecureCookie: cfg.ConsoleSecureCookie})
	go gw.Decisions.Sweep(ctx, max(cfg.DecisionLease/2, time.Second))
	go gw.Console.Sweep(ctx, 5*time.Minute)
	srv := &http.Server{Handler: gw.Handler, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: cfg.RequestTimeout,
		WriteTimeout: cfg.RequestTimeout + 5*time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 32 << 10,
		ErrorLog: slog.NewLogLogger(h, slog.LevelWarn)}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("serving", "listen", ln.Addr().String(), "chain_grpc", cfg.ChainGRPC, "chain_id", cfg.ChainID,
		"store", storeKind(cfg.Store), "authorities", authorities)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// storeKind names the store without its credentials.
func storeKind(dsn string) string {
	if len(dsn) > 7 && dsn[:7] == "sqlite:" {
		return dsn
	}
	return "postgres"
}

func keys(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("keys: create, list or revoke")
	}
	fs := flag.NewFlagSet("keys "+args[0], flag.ContinueOnError)
	dsn := fs.String("store", envOr("CORRIDOR_GATEWAY_STORE", "sqlite:corridor-gateway.db"), "store")
	subject := fs.String("subject", "", "subject the key authenticates (e.g. officer-mn-1)")
	role := fs.String("role", "", "role: customs, exporter, importer, bank or auditor")
	jur := fs.String("jurisdiction", "", "jurisdiction (ISO 3166-1 alpha-2) the subject acts for")
	addr := fs.String("address", "", "the subject's corridor account (exporters, importers, banks)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	st, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "create":
		if *subject == "" || !slices.Contains(policy.Roles, *role) || len(*jur) != 2 {
			return fmt.Errorf("keys create: --subject, --role (%v) and --jurisdiction are required", policy.Roles)
		}
		if (*role == "exporter" || *role == "importer") && *addr == "" {
			return fmt.Errorf("keys create: an %s needs --address", *role)
		}
		// the key's address is what its filings name as their trader and
		// what the gateway asks the node about: a corridor account (20
		// bytes, or 32 for a module or interchain account), in its one
		// canonical spelling (the filing rule compares strings). The
		// decoder's own error is not shown: for a mistyped address it names
		// the checksum that would make the typo valid.
		if *addr != "" && !accountAddress(*addr) {
			return fmt.Errorf("keys create: --address must be a corridor account address (%s1…, lower case), as `corridord keys show NAME -a` prints it", chain.Bech32Prefix)
		}
		id, key, hash, err := apikey.Generate()
		if err != nil {
			return err
		}
		if err := st.CreateAPIKey(ctx, store.APIKey{ID: id, Hash: hash, Subject: *subject, Role: *role,
			Jurisdiction: *jur, Address: *addr, CreatedAt: time.Now()}); err != nil {
			return err
		}
		fmt.Fprintln(out, key)
		return nil
	case "list":
		ks, err := st.ListAPIKeys(ctx)
		if err != nil {
			return err
		}
		for _, k := range ks {
			state := "active"
			if k.RevokedAt != nil {
				state = "revoked " + k.RevokedAt.Format(time.RFC3339)
			}
			fmt.Fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Subject, k.Role, k.Jurisdiction, k.Address, state)
		}
		return nil
	case "revoke":
		if fs.NArg() != 1 {
			return errors.New("keys revoke: name one key id")
		}
		return st.RevokeAPIKey(ctx, fs.Arg(0), time.Now())
	}
	return fmt.Errorf("keys: unknown command %q", args[0])
}

func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func keyAddress(kr keyring.Keyring, name string) (string, error) {
	rec, err := kr.Key(name)
	if err != nil {
		return "", fmt.Errorf("key %q: %w", name, err)
	}
	a, err := rec.GetAddress()
	if err != nil {
		return "", err
	}
	return a.String(), nil
}

// chainTLS is the TLS configuration to the node's gRPC (nil: plaintext).
func chainTLS(cfg config.Config) (*tls.Config, error) {
	if cfg.ChainTLSCA == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(cfg.ChainTLSCA)
	if err != nil {
		return nil, fmt.Errorf("chain-tls-ca: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("chain-tls-ca: %s holds no PEM certificate", cfg.ChainTLSCA)
	}
	t := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	if cfg.ChainTLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.ChainTLSCert, cfg.ChainTLSKey)
		if err != nil {
			return nil, fmt.Errorf("chain-tls-cert: %w", err)
		}
		t.Certificates = []tls.Certificate{cert}
	}
	return t, nil
}

func isLoopback(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// accountAddress reports whether s is a corridor account address (20
// bytes, or 32 for a module or interchain account) in its one canonical
// spelling.
func accountAddress(s string) bool {
	ac := addresscodec.NewBech32Codec(chain.Bech32Prefix)
	bz, err := ac.StringToBytes(s)
	return err == nil && addrcheck.Canonical(ac, s) == nil && (len(bz) == 20 || len(bz) == 32)
}

// misaddressedKeys lists the active keys with an address that is not a
// corridor account address, and the active trader keys with none (a trader
// key files declarations that name it).
func misaddressedKeys(ctx context.Context, st store.Store) ([]store.APIKey, error) {
	ks, err := st.ListAPIKeys(ctx)
	if err != nil {
		return nil, err
	}
	var bad []store.APIKey
	for _, k := range ks {
		trader := k.Role == "exporter" || k.Role == "importer"
		if k.RevokedAt == nil && (k.Address != "" || trader) && !accountAddress(k.Address) {
			bad = append(bad, k)
		}
	}
	return bad, nil
}
