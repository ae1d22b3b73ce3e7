// Command careergraph serves the career knowledge graph over GraphQL.
//
// Configuration comes from flags or the matching environment variables
// (-data-dir or DATA_DIR, ...); run with -h for the list.
package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

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
	"careergraph/web"
)

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
	gauges  *graph.Metrics
	handler http.Handler
	// metricsHandler serves /metrics, on its own listener (METRICS_ADDR).
	metricsHandler http.Handler
	// connect reaches the store before the first load (Neo4j: connect and
	// create the schema); nil for the embedded store.
	connect func(context.Context) error
	// shared is true when other replicas may write to the store.
	shared bool
	// loadErr is why the first load has not succeeded yet.
	loadErr atomic.Pointer[error]
	// loaded is set once load has finished, open data included: until
	// then the API answers "loading", not a graph half imported.
	loaded  atomic.Bool
	sectors career.SectorMatrices
}

// openStore opens the configured store. The Neo4j one does no I/O here:
// the server starts, and load reaches Neo4j, retrying while it is down.
func openStore(cfg config) (st store.Store, connect func(context.Context) error, err error) {
	if cfg.Store == "neo4j" {
		n, err := neo4jstore.New(cfg.neo4j())
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
	a.gauges = graph.NewMetrics(a.metrics, a.live)
	a.metricsHandler = promhttp.HandlerFor(a.metrics, promhttp.HandlerOpts{})
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
	if err := a.live.Load(ctx, ds, digest); err != nil {
		return err
	}
	if a.cfg.OpenData {
		if err := a.importOpenData(ctx); err != nil {
			return err
		}
	}
	// Loading and importing leave garbage the size of the graph: hand it
	// back to the OS now rather than at the next collections.
	debug.FreeOSMemory()
	a.loaded.Store(true)
	return nil
}

// openDataKey is the store metadata naming the open data it holds.
const openDataKey = "open-data"

// importOpenData imports the shipped open data once: on the first start,
// and when the binary ships a new release. Another replica importing at
// the same time makes this write stale; it then finds the data there.
func (a *app) importOpenData(ctx context.Context) error {
	for try := 0; ; try++ {
		have, err := a.store.Meta(ctx, openDataKey)
		if err != nil || have == seed.OpenDataVersion {
			return err
		}
		start := time.Now()
		a.log.Info("importing the shipped open data, once: ESCO, MCC, ROME", "version", seed.OpenDataVersion)
		var summary string
		g, err := a.live.Change(ctx, func(cur career.Dataset) (career.Dataset, store.Write, error) {
			ds, sum, err := seed.ImportOpenData(seed.OpenData(), cur, func(step string) { a.log.Info("importing", "step", step) })
			summary = sum
			return cur.Upsert(ds), store.Write{Upsert: ds, Meta: map[string]string{openDataKey: seed.OpenDataVersion}}, err
		})
		if errors.Is(err, store.ErrStale) && try == 0 {
			continue
		}
		if err != nil {
			return fmt.Errorf("import the shipped open data: %w", err)
		}
		a.log.Info("open data imported", "version", g.Version(), "took", time.Since(start).Round(time.Millisecond).String(), "summary", summary)
		return nil
	}
}

// reloadTimeout bounds a replica's reload of the snapshot.
const reloadTimeout = 2 * time.Minute

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
		// Long enough for the first start, which imports the open data.
		attempt, cancel := context.WithTimeout(ctx, 15*time.Minute)
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
		// The version check is bounded by the store's own short timeout;
		// a reload moves the whole graph and gets the bulk deadline, so a
		// large graph does not leave a replica stale and "degraded".
		pctx, cancel := context.WithTimeout(ctx, reloadTimeout)
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
		Limits: a.cfg.Limits, Keys: keys, Writes: graph.NewWriteLimiter(a.cfg.WriteRate, a.cfg.WriteBurst),
		Metrics: a.gauges, Log: a.log, Sectors: a.sectors,
	}
	// Tracing costs nothing unless a tracer provider is installed
	// (OTEL_EXPORTER_OTLP_ENDPOINT, see tracing.go).
	tp, tracing := otel.GetTracerProvider().(*sdktrace.TracerProvider)
	if tracing {
		opts.Tracer = tp.Tracer("careergraph/graph")
	}
	gql := graph.NewServer(a.live, opts)
	mux := http.NewServeMux()
	mux.Handle("/graphql", a.guard(graph.ClientIP(keys.Authenticate(a.noMutationOverGET(gql)))))
	explorer := web.Handler()
	mux.Handle("GET /{$}", explorer)
	mux.Handle("GET /assets/", explorer)
	mux.Handle("GET /favicon.ico", explorer)
	mux.Handle("GET "+playground.Path, playground.Handler("careergraph", "/graphql"))
	mux.Handle("GET "+playground.AssetsPath, playground.Assets())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
	})
	// Ready: serving. Degraded (still 200, so reads keep being routed
	// here): the store stopped answering, writes are refused. 503: no
	// snapshot yet, loading or waiting for the store.
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		g := a.live.Graph()
		if g == nil || !a.loaded.Load() {
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
	var h http.Handler = mux
	// No origin listed means no cross-origin access: no CORS headers at
	// all (rs/cors would read an empty list as "any").
	var origins []string
	for _, o := range strings.Split(a.cfg.CORSOrigins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			origins = append(origins, o)
		}
	}
	if len(origins) > 0 {
		h = cors.New(cors.Options{
			AllowedOrigins: origins,
			AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
			AllowedHeaders: []string{"Content-Type", "Authorization", "Accept"},
			MaxAge:         600,
		}).Handler(h)
	}
	h = a.accessLog(h)
	if tracing {
		// A server span per request, joined to the caller's trace
		// (W3C traceparent); GraphQL spans are its children.
		h = otelhttp.NewHandler(h, "careergraph", otelhttp.WithTracerProvider(tp))
	}
	return h
}

// guard answers for the GraphQL endpoint before gqlgen does: too many
// requests in flight, not ready yet, a request no transport takes, a body
// too large however it arrives; then it sets the request deadline.
func (a *app) guard(next http.Handler) http.Handler {
	slots := make(chan struct{}, a.cfg.MaxInFlight)
	refuse := func(w http.ResponseWriter, status int, code, msg string) {
		a.gauges.Refused(code)
		writeGraphQLError(w, status, code, msg)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		default:
			w.Header().Set("Retry-After", "1")
			refuse(w, http.StatusServiceUnavailable, graph.CodeUnavailable, "the server is at capacity; retry in a second")
			return
		}
		if !a.loaded.Load() {
			msg := "the graph is still loading; retry shortly"
			if a.loadErr.Load() != nil {
				msg = "the store is unavailable and no snapshot is loaded yet; retry shortly"
			}
			refuse(w, http.StatusServiceUnavailable, graph.CodeUnavailable, msg)
			return
		}
		switch r.Method {
		case http.MethodGet, http.MethodOptions:
		case http.MethodPost:
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" || r.Header.Get("Upgrade") != "" {
				refuse(w, http.StatusUnsupportedMediaType, graph.CodeBadRequest, "POST a JSON body with Content-Type: application/json")
				return
			}
			if !a.readBody(w, r, refuse) {
				return
			}
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			refuse(w, http.StatusMethodNotAllowed, graph.CodeBadRequest, "use POST (or GET for queries)")
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), a.cfg.RequestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// readBody reads the whole body, at most MaxBodyBytes of it, so that an
// oversized body gets 413 whether or not it announced its length.
func (a *app) readBody(w http.ResponseWriter, r *http.Request, refuse func(http.ResponseWriter, int, string, string)) bool {
	tooLarge := func() bool {
		refuse(w, http.StatusRequestEntityTooLarge, graph.CodeBadUserInput, fmt.Sprintf("the request body is over %d bytes", a.cfg.MaxBodyBytes))
		return false
	}
	if r.ContentLength > a.cfg.MaxBodyBytes {
		return tooLarge()
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.cfg.MaxBodyBytes))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return tooLarge()
	case err != nil:
		refuse(w, http.StatusBadRequest, graph.CodeBadRequest, "the request body could not be read")
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return true
}

// noMutationOverGET gives gqlgen's bare 406 for a mutation sent with GET
// a coded body and the status that says what to do: 405, Allow: POST.
func (a *app) noMutationOverGET(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(&getWriter{ResponseWriter: w, metrics: a.gauges}, r)
	})
}

type getWriter struct {
	http.ResponseWriter
	metrics *graph.Metrics
	refused bool
}

func (g *getWriter) WriteHeader(status int) {
	if status != http.StatusNotAcceptable {
		g.ResponseWriter.WriteHeader(status)
		return
	}
	g.refused = true
	g.metrics.Refused(graph.CodeBadRequest)
	g.Header().Set("Allow", "POST")
	writeGraphQLError(g.ResponseWriter, http.StatusMethodNotAllowed, graph.CodeBadRequest, "mutations are sent with POST, not GET")
}

func (g *getWriter) Write(b []byte) (int, error) {
	if g.refused {
		return len(b), nil // gqlgen's uncoded body, replaced
	}
	return g.ResponseWriter.Write(b)
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

// serve runs the server until ctx ends, then drains it.
func serve(ctx context.Context, cfg config) error {
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
	serveErr := make(chan error, 2)
	go func() { serveErr <- srv.Serve(ln) }()
	// /metrics listens apart (loopback by default): the API port is public.
	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			srv.Close()
			return fmt.Errorf("metrics listener: %w", err)
		}
		msrv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/metrics" {
				http.NotFound(w, r)
				return
			}
			a.metricsHandler.ServeHTTP(w, r)
		}), ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := msrv.Serve(mln); !errors.Is(err, http.ErrServerClosed) {
				serveErr <- err
			}
		}()
		defer msrv.Close()
		log.Info("metrics listening", "addr", mln.Addr().String())
	}
	log.Info("listening", "addr", ln.Addr().String(), "store", cfg.Store, "dataDir", cfg.DataDir, "explorer", fmt.Sprintf("http://localhost:%d/", cfg.Port), "graphiql", fmt.Sprintf("http://localhost:%d%s", cfg.Port, playground.Path))

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
		// Requests still running past the grace period are cut: every
		// request has a deadline, so this is a stuck client, not work.
		log.Warn("shutdown: closing the connections still open", "err", err.Error())
		srv.Close()
	}
	return nil
}

// healthcheck asks the server on this host for /readyz: the container
// health check, for images that have no curl.
func healthcheck(ctx context.Context, cfg config) error {
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
	err := run(ctx, os.Args[1:], os.Stdout)
	var usage usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.As(err, &usage):
		fmt.Fprintf(os.Stderr, "careergraph: %v\nRun 'careergraph help' for the commands and their settings.\n", usage.error)
		stop()
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "careergraph:", err)
		stop()
		os.Exit(1)
	}
}
