package app

import (
	"errors"
	"net/http"
	"strings"

	"github.com/rs/cors"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"careergraph/graph"
	"careergraph/graph/playground"
	"careergraph/store"
	"careergraph/web"
)

// maxBehind is how many versions a replica's snapshot may be behind the
// store (as its last poll or reload read it) and still say ready: a poll
// every 2 s under 10 writes a second leaves it about 20 behind. Further
// behind, it is catching up from a whole load and /readyz says "behind",
// with how far (it served version 661 as "ready" with the store at 1218).
const maxBehind = 100

func (a *app) routes() http.Handler {
	keys := graph.NewKeys(strings.Split(a.cfg.APIKeys, ","))
	if !keys.Enabled() {
		a.log.Warn("writes are disabled: set API_KEYS to enable mutations")
	}
	opts := graph.Options{
		Limits: a.cfg.Limits, Keys: keys, Writes: graph.NewWriteLimiter(a.cfg.WriteRate, a.cfg.WriteBurst),
		Metrics: a.gauges, Log: a.log, Sectors: a.sectors, HiringAreas: a.hiringAreas,
		ResponseCacheBytes: a.cfg.ResponseCacheBytes, CacheMaxAge: a.cfg.CacheMaxAge, RequestTimeout: a.cfg.RequestTimeout,
	}
	// Tracing costs nothing unless a tracer provider is installed
	// (OTEL_EXPORTER_OTLP_ENDPOINT, see tracing.go).
	tp, tracing := otel.GetTracerProvider().(*sdktrace.TracerProvider)
	if tracing {
		opts.Tracer = tp.Tracer("careergraph/graph")
	}
	gql := graph.NewServer(a.live, opts)
	mux := http.NewServeMux()
	mux.Handle("/graphql", a.guard(graph.ClientIP(keys.Authenticate(graph.Languages(a.noMutationOverGET(gql))))))
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
	// snapshot yet, loading or waiting for the store; or behind, the
	// snapshot more than maxBehind versions behind the store (catching up).
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		g := a.live.Graph()
		if g == nil || !a.loaded.Load() {
			body := map[string]any{"status": "loading", "store": a.cfg.Store}
			if p := a.loadErr.Load(); p != nil {
				body["status"], body["error"] = "unavailable", (*p).Error()
				if errors.Is(*p, store.ErrBusy) {
					body["status"] = "importing" // another replica's big write is landing
				}
			}
			writeJSON(w, http.StatusServiceUnavailable, body)
			return
		}
		if n, at := a.live.Behind(); n > maxBehind {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "behind", "store": a.cfg.Store, "version": g.Version(),
				"storeVersion": at, "behind": n})
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
