package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"

	"careergraph/graph"
	"careergraph/graph/playground"
)

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
	log.Info("garbage collector", "gogc", applyGOGC(cfg))
	a, err := newApp(cfg, log)
	if err != nil {
		return err
	}
	defer a.store.Close()

	ln, err := net.Listen("tcp", net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port)))
	if err != nil {
		return err
	}
	// Requests' contexts derive from base: shutting down cancels it, with
	// the cause their answers give.
	base, stopRequests := context.WithCancelCause(context.Background())
	defer stopRequests(nil)
	srv := a.httpServer(base)
	serveErr := make(chan error, 2)
	go func() { serveErr <- srv.Serve(ln) }()
	if cfg.MetricsAddr != "" {
		// Metrics are not the API: a taken port (a second instance on
		// the same host) is logged, and the API serves without them.
		if stop, err := a.serveMetrics(cfg.MetricsAddr, serveErr); err != nil {
			log.Error("serving without /metrics: set METRICS_ADDR to a free address (or empty for none)", "err", err.Error())
		} else {
			defer stop()
		}
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
	log.Info("memory limit, now that the graph is loaded", "gomemlimit", applyMemLimit(cfg))
	if a.shared {
		go a.poll(ctx)
	}

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	a.shutdown(srv, stopRequests)
	return nil
}

// httpServer is the API's server; its requests' contexts derive from base.
func (a *app) httpServer(base context.Context) *http.Server {
	return &http.Server{
		BaseContext:       func(net.Listener) context.Context { return base },
		Handler:           a.handler,
		ReadHeaderTimeout: 5 * time.Second,
		// The guard reads bodies under BodyTimeout; this bounds a
		// wrapper that cannot set a read deadline.
		ReadTimeout:  15 * time.Second,
		WriteTimeout: a.cfg.RequestTimeout + 5*time.Second,
		IdleTimeout:  2 * time.Minute,
		ErrorLog:     slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
}

// shutdown stops taking connections, gives the requests in flight
// ShutdownGrace to finish, then stops the rest at their next field (or
// body read), answered UNAVAILABLE "the server is shutting down; retry",
// and waits for those answers to be written.
func (a *app) shutdown(srv *http.Server, stopRequests context.CancelCauseFunc) {
	a.log.Info("shutting down", "grace", a.cfg.ShutdownGrace.String())
	stop := time.AfterFunc(a.cfg.ShutdownGrace, func() {
		stopRequests(graph.ErrShuttingDown)
		a.reads.stop()
	})
	defer stop.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownGrace+5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		// A handler still running 5 s after it was stopped is stuck
		// writing to a client that does not read.
		a.log.Warn("shutdown: closing the connections still open", "err", err.Error())
		srv.Close()
	}
}

// serveMetrics serves /metrics on addr, apart from the API (loopback by
// default: the API port is public); a failure goes to serveErr.
func (a *app) serveMetrics(addr string, serveErr chan<- error) (stop func(), err error) {
	mln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener: %w", err)
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
	a.log.Info("metrics listening", "addr", mln.Addr().String())
	return func() { msrv.Close() }, nil
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
