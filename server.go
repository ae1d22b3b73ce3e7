// Command careergraph serves the career knowledge graph over GraphQL.
//
// Configuration comes from flags or the matching environment variables
// (-data-dir or DATA_DIR, ...); run with -h for the list.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/peterbourgon/ff/v3"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/cors"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"

	"careergraph/career"
	"careergraph/graph"
	"careergraph/graph/playground"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/embedded"
	neo4jstore "careergraph/store/neo4j"
)

type config struct {
	Port           int
	Host           string
	DataDir        string
	CORSOrigins    string
	LogLevel       string
	MaxDepth       int
	MaxComplexity  int
	MaxQueryLength int
	MaxBodyBytes   int64
	RequestTimeout time.Duration
	Introspection  bool
	APIKeys        string
	WriteRate      float64
	WriteBurst     int
	Store          string
	Neo4jURI       string
	Neo4jUser      string
	Neo4jPassword  string
	Neo4jDatabase  string
	PollInterval   time.Duration
}

func parseConfig(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("careergraph", flag.ContinueOnError)
	fs.IntVar(&c.Port, "port", 8080, "HTTP port (env PORT)")
	fs.StringVar(&c.Host, "host", "127.0.0.1", "address to listen on; 0.0.0.0 for all interfaces, as in a container (env HOST)")
	fs.StringVar(&c.DataDir, "data-dir", "./data", "directory of the embedded store (env DATA_DIR)")
	fs.StringVar(&c.CORSOrigins, "cors-origins", "*", "comma-separated origins allowed by CORS, * for any (env CORS_ORIGINS)")
	fs.StringVar(&c.LogLevel, "log-level", "info", "debug, info, warn or error (env LOG_LEVEL)")
	fs.IntVar(&c.MaxDepth, "max-depth", 10, "deepest field nesting allowed in a query (env MAX_DEPTH)")
	fs.IntVar(&c.MaxComplexity, "max-complexity", 5000, "highest query complexity allowed (env MAX_COMPLEXITY)")
	fs.IntVar(&c.MaxQueryLength, "max-query-length", 20000, "longest query text allowed, in bytes (env MAX_QUERY_LENGTH)")
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", 1<<20, "largest request body allowed, in bytes (env MAX_BODY_BYTES)")
	fs.DurationVar(&c.RequestTimeout, "request-timeout", 10*time.Second, "time limit of one request (env REQUEST_TIMEOUT)")
	fs.BoolVar(&c.Introspection, "introspection", true, "answer schema introspection queries (env INTROSPECTION)")
	fs.Float64Var(&c.WriteRate, "write-rate", 10, "mutations per second allowed per client IP; 0 for no limit (env WRITE_RATE)")
	fs.IntVar(&c.WriteBurst, "write-burst", 20, "burst of mutations allowed per client IP (env WRITE_BURST)")
	fs.StringVar(&c.APIKeys, "api-keys", "", "comma-separated API keys allowed to write; none disables writes (env API_KEYS)")
	fs.StringVar(&c.Store, "store", "embedded", "store of record: embedded (one file in DATA_DIR) or neo4j (env STORE)")
	fs.StringVar(&c.Neo4jURI, "neo4j-uri", "neo4j://localhost:7687", "Neo4j address, for STORE=neo4j (env NEO4J_URI)")
	fs.StringVar(&c.Neo4jUser, "neo4j-user", "neo4j", "Neo4j user (env NEO4J_USER)")
	fs.StringVar(&c.Neo4jPassword, "neo4j-password", "", "Neo4j password (env NEO4J_PASSWORD)")
	fs.StringVar(&c.Neo4jDatabase, "neo4j-database", "", "Neo4j database; the server's default when empty (env NEO4J_DATABASE)")
	fs.DurationVar(&c.PollInterval, "poll-interval", 2*time.Second, "how often a replica checks the Neo4j version for other replicas' writes (env POLL_INTERVAL)")
	if err := ff.Parse(fs, args, ff.WithEnvVars()); err != nil {
		return c, err
	}
	if c.Store != "embedded" && c.Store != "neo4j" {
		return c, fmt.Errorf("store %q: want embedded or neo4j", c.Store)
	}
	if c.PollInterval <= 0 {
		return c, fmt.Errorf("poll-interval must be positive")
	}
	if c.Port < 0 || c.Port > 65535 {
		return c, fmt.Errorf("port %d is out of range", c.Port)
	}
	return c, nil
}

func newLogger(level string, w *os.File) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// app is the wired server: the store, its live snapshot and the routes.
type app struct {
	cfg     config
	log     *slog.Logger
	store   store.Store
	live    *store.Live
	metrics *prometheus.Registry
	handler http.Handler
	// connect reaches the store before the first load (Neo4j: connect and
	// create the schema); nil for the embedded store.
	connect func(context.Context) error
	// shared is true when other replicas may write to the store.
	shared bool
	// loadErr is why the first load has not succeeded yet.
	loadErr atomic.Pointer[error]
	sectors career.SectorMatrices
}

// openStore opens the configured store. The Neo4j one does no I/O here:
// the server starts, and load reaches Neo4j, retrying while it is down.
func openStore(cfg config) (st store.Store, connect func(context.Context) error, err error) {
	if cfg.Store == "neo4j" {
		n, err := neo4jstore.New(neo4jstore.Config{URI: cfg.Neo4jURI, User: cfg.Neo4jUser, Password: cfg.Neo4jPassword, Database: cfg.Neo4jDatabase})
		if err != nil {
			return nil, nil, err
		}
		return n, n.Init, nil
	}
	e, err := embedded.Open(cfg.DataDir)
	return e, nil, err
}

func newApp(cfg config, log *slog.Logger) (*app, error) {
	st, connect, err := openStore(cfg)
	if err != nil {
		return nil, err
	}
	a := newAppOn(cfg, log, st)
	a.connect, a.shared = connect, cfg.Store == "neo4j"
	return a, nil
}

// newAppOn wires the server over an open store.
func newAppOn(cfg config, log *slog.Logger, st store.Store) *app {
	a := &app{cfg: cfg, log: log, store: st, live: store.NewLive(st, log), metrics: prometheus.NewRegistry()}
	// Embedded in the binary and checked by the seed tests: a failure here
	// is a build mistake, and the query then answers BAD_USER_INPUT.
	sectors, err := seed.MCCSectors()
	if err != nil {
		log.Error("MCC sector matrices", "err", err.Error())
	}
	a.sectors = sectors
	a.metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a.handler = a.routes()
	return a
}

// load seeds the store on first start and builds the first snapshot.
func (a *app) load(ctx context.Context) error {
	if a.connect != nil {
		if err := a.connect(ctx); err != nil {
			return err
		}
	}
	ds, digest, err := seed.Curated()
	if err != nil {
		return err
	}
	return a.live.Load(ctx, ds, digest)
}

// Backoff between attempts to reach a store that is down at start.
const (
	firstRetry = 500 * time.Millisecond
	maxRetry   = 30 * time.Second
)

// loadRetrying loads, and while the store cannot be reached, says why and
// tries again with exponential backoff instead of exiting (no crash loop).
// Other errors (a bad password, an invalid stored graph) end the server.
func (a *app) loadRetrying(ctx context.Context) error {
	wait := firstRetry
	for {
		attempt, cancel := context.WithTimeout(ctx, 2*time.Minute)
		err := a.load(attempt)
		cancel()
		if err == nil {
			a.loadErr.Store(nil)
			return nil
		}
		if !errors.Is(err, store.ErrUnavailable) || ctx.Err() != nil {
			return err
		}
		a.loadErr.Store(&err)
		a.log.Error("store unavailable at start; retrying", "store", a.cfg.Store, "retryIn", wait.String(), "err", err.Error())
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
		wait = min(2*wait, maxRetry)
	}
}

// poll reloads the snapshot when another replica has written, and keeps
// the store's health current for /readyz, until ctx ends.
func (a *app) poll(ctx context.Context) {
	t := time.NewTicker(a.cfg.PollInterval)
	defer t.Stop()
	was := error(nil)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		pctx, cancel := context.WithTimeout(ctx, max(a.cfg.PollInterval, 5*time.Second))
		_, err := a.live.Refresh(pctx)
		cancel()
		switch {
		case err != nil && was == nil:
			a.log.Error("store unreachable: serving reads from the last snapshot, refusing writes", "err", err.Error())
		case err == nil && was != nil:
			a.log.Info("store reachable again", "version", a.live.Graph().Version())
		}
		was = err
	}
}

func (a *app) routes() http.Handler {
	keys := graph.NewKeys(strings.Split(a.cfg.APIKeys, ","))
	if !keys.Enabled() {
		a.log.Warn("writes are disabled: set API_KEYS to enable mutations")
	}
	opts := graph.Options{
		MaxDepth: a.cfg.MaxDepth, MaxComplexity: a.cfg.MaxComplexity, MaxQueryLength: a.cfg.MaxQueryLength,
		Introspection: a.cfg.Introspection, Keys: keys, Writes: graph.NewWriteLimiter(a.cfg.WriteRate, a.cfg.WriteBurst),
		Metrics: graph.NewMetrics(a.metrics, a.live), Log: a.log, Sectors: a.sectors,
	}
	// Tracing costs nothing unless a tracer provider is installed
	// (OTEL_EXPORTER_OTLP_ENDPOINT, see tracing.go).
	tp, tracing := otel.GetTracerProvider().(*sdktrace.TracerProvider)
	if tracing {
		opts.Tracer = tp.Tracer("careergraph/graph")
	}
	gql := graph.NewServer(a.live, opts)
	mux := http.NewServeMux()
	mux.Handle("/graphql", a.guard(graph.ClientIP(keys.Authenticate(gql))))
	mux.Handle("GET /{$}", playground.Handler("careergraph", "/graphql"))
	mux.Handle("GET "+playground.AssetsPath, playground.Assets())
	mux.Handle("GET /metrics", promhttp.HandlerFor(a.metrics, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
	})
	// Ready: serving. Degraded (still 200, so reads keep being routed
	// here): the store stopped answering, writes are refused. 503: no
	// snapshot yet, loading or waiting for the store.
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		g := a.live.Graph()
		if g == nil {
			body := map[string]any{"status": "loading", "store": a.cfg.Store}
			if p := a.loadErr.Load(); p != nil {
				body["status"], body["error"] = "unavailable", (*p).Error()
			}
			writeJSON(w, http.StatusServiceUnavailable, body)
			return
		}
		if err := a.live.Health(); err != nil {
			writeJSON(w, http.StatusOK, map[string]any{"status": "degraded", "store": a.cfg.Store, "version": g.Version(),
				"error": err.Error(), "reads": "served from the last snapshot", "writes": "refused until the store answers"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "store": a.cfg.Store, "version": g.Version()})
	})
	origins := strings.Split(a.cfg.CORSOrigins, ",")
	for i := range origins {
		origins[i] = strings.TrimSpace(origins[i])
	}
	c := cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: []string{"Content-Type", "Authorization", "Accept"},
		MaxAge:         600,
	})
	h := a.accessLog(c.Handler(mux))
	if tracing {
		// A server span per request, joined to the caller's trace
		// (W3C traceparent); GraphQL spans are its children.
		h = otelhttp.NewHandler(h, "careergraph", otelhttp.WithTracerProvider(tp))
	}
	return h
}

// guard answers for the GraphQL endpoint before gqlgen does: not ready yet,
// body too large, and the request deadline.
func (a *app) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.live.Graph() == nil {
			msg := "the graph is still loading; retry shortly"
			if a.loadErr.Load() != nil {
				msg = "the store is unavailable and no snapshot is loaded yet; retry shortly"
			}
			writeGraphQLError(w, http.StatusServiceUnavailable, graph.CodeUnavailable, msg)
			return
		}
		if r.ContentLength > a.cfg.MaxBodyBytes {
			writeGraphQLError(w, http.StatusRequestEntityTooLarge, graph.CodeBadUserInput,
				fmt.Sprintf("the request body is %d bytes, at most %d allowed", r.ContentLength, a.cfg.MaxBodyBytes))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, a.cfg.MaxBodyBytes)
		ctx, cancel := context.WithTimeout(r.Context(), a.cfg.RequestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (a *app) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		a.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "duration", time.Since(start))
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeGraphQLError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"errors": []any{map[string]any{"message": msg, "extensions": map[string]any{"code": code}}}})
}

func run(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "import" {
		return runImport(ctx, args[1:], os.Stdout)
	}
	if len(args) > 0 && args[0] == "migrate" {
		return runMigrate(ctx, args[1:], os.Stdout)
	}
	if len(args) > 0 && args[0] == "healthcheck" {
		return healthcheck(ctx, args[1:])
	}
	cfg, err := parseConfig(args)
	if err != nil {
		return err
	}
	log, err := newLogger(cfg.LogLevel, os.Stderr)
	if err != nil {
		return err
	}
	stopTracing, err := setupTracing(ctx, log)
	if err != nil {
		return err
	}
	defer stopTracing()
	a, err := newApp(cfg, log)
	if err != nil {
		return err
	}
	defer a.store.Close()

	ln, err := net.Listen("tcp", net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port)))
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      cfg.RequestTimeout + 5*time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "store", cfg.Store, "dataDir", cfg.DataDir, "graphiql", fmt.Sprintf("http://localhost:%d/", cfg.Port))

	// /healthz answers while the store loads; /readyz once it has.
	if err := a.loadRetrying(ctx); err != nil {
		srv.Close()
		if ctx.Err() != nil {
			log.Info("shutting down before the store was reached")
			return nil
		}
		return err
	}
	if a.shared {
		go a.poll(ctx)
	}

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// healthcheck asks the server on this host for /readyz: the container
// health check, for images that have no curl.
func healthcheck(ctx context.Context, args []string) error {
	cfg, err := parseConfig(args)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://127.0.0.1:%d/readyz", cfg.Port), nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s", res.Status)
	}
	return nil
}

// setupTracing installs an OpenTelemetry tracer provider exporting over
// OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is
// set; the exporter and sampler read the other standard OTEL_* variables.
// Without them tracing stays off. The returned func flushes on exit.
func setupTracing(ctx context.Context, log *slog.Logger) (func(), error) {
	if os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == "" && os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") == "" {
		return func() {}, nil
	}
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, err
	}
	res := resource.NewWithAttributes(semconv.SchemaURL, semconv.ServiceName(cmp.Or(os.Getenv("OTEL_SERVICE_NAME"), "careergraph")))
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	log.Info("tracing on: OTLP/HTTP export")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := tp.Shutdown(ctx); err != nil {
			log.Warn("flushing traces", "err", err.Error())
		}
	}, nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "careergraph:", err)
		os.Exit(1)
	}
}
