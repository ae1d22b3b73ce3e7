package graph

import (
	"context"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"

	"careergraph/store"
)

// Metrics counts GraphQL operations, their latency and their errors by
// code, and exposes the snapshot's version and size.
type Metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	errors   *prometheus.CounterVec
	writes   prometheus.Histogram
	walked   prometheus.Counter
	cache    *prometheus.CounterVec
	// hits and misses are cache's two series.
	hits, misses prometheus.Counter
	names        operationNames
}

// Operation names come from clients, so they make a bounded label set:
// the first maxOperationNames names of at most maxOperationName bytes,
// then "other".
const (
	maxOperationNames = 200
	maxOperationName  = 64
)

type operationNames struct {
	mu   sync.Mutex
	seen map[string]bool
	// ops are the series of each operation type and label, looked up
	// once: WithLabelValues hashes its labels on every call.
	ops map[opKey]*opSeries
}

type opKey struct{ typ, label string }

// opSeries are an operation's request counter and latency histogram.
type opSeries struct {
	requests prometheus.Counter
	latency  prometheus.Observer
}

func (o *operationNames) label(name string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.labelLocked(name)
}

func (o *operationNames) labelLocked(name string) string {
	if name == "" { // anonymous operations, and errors before any
		return ""
	}
	if len(name) > maxOperationName {
		return "other"
	}
	if o.seen[name] {
		return name
	}
	if len(o.seen) >= maxOperationNames {
		return "other"
	}
	if o.seen == nil {
		o.seen = map[string]bool{}
	}
	o.seen[name] = true
	return name
}

// series are the series of an operation of type typ and the given name
// (labelled as label does).
func (m *Metrics) series(typ, name string) *opSeries {
	o := &m.names
	o.mu.Lock()
	defer o.mu.Unlock()
	k := opKey{typ, o.labelLocked(name)}
	s := o.ops[k]
	if s == nil {
		if o.ops == nil {
			o.ops = map[opKey]*opSeries{}
		}
		s = &opSeries{requests: m.requests.WithLabelValues(k.typ, k.label), latency: m.latency.WithLabelValues(k.typ, k.label)}
		o.ops[k] = s
	}
	return s
}

// NewMetrics registers the careergraph metrics on reg.
func NewMetrics(reg prometheus.Registerer, live *store.Live) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careergraph_graphql_requests_total", Help: "GraphQL operations by type and name.",
		}, []string{"type", "operation"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "careergraph_graphql_duration_seconds", Help: "GraphQL operation latency by type and name.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"type", "operation"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careergraph_graphql_errors_total", Help: "GraphQL errors by extensions.code.",
		}, []string{"code"}),
		writes: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "careergraph_store_write_duration_seconds", Help: "Store commit latency of writes.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}),
		walked: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "careergraph_graphql_cost_walk_nodes_total", Help: "Steps of the cost limits' walks: query document nodes, and introspection fields counted.",
		}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careergraph_response_cache_total", Help: "Requests looked up in the response cache, by result (hit, miss).",
		}, []string{"result"}),
	}
	m.hits, m.misses = m.cache.WithLabelValues("hit"), m.cache.WithLabelValues("miss")
	snapshot := func(f func(g *store.Live) float64) func() float64 { return func() float64 { return f(live) } }
	reg.MustRegister(m.requests, m.latency, m.errors, m.writes, m.walked, m.cache,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "careergraph_snapshot_version", Help: "Store version of the snapshot serving reads."},
			snapshot(func(l *store.Live) float64 {
				if g := l.Graph(); g != nil {
					return float64(g.Version())
				}
				return 0
			})),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "careergraph_snapshot_records", Help: "Records (nodes and relationships) in the snapshot."},
			snapshot(func(l *store.Live) float64 {
				if g := l.Graph(); g != nil {
					return float64(g.Dataset().Len())
				}
				return 0
			})),
	)
	live.OnCommit(func(d time.Duration) { m.writes.Observe(d.Seconds()) })
	return m
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = (*Metrics)(nil)

func (*Metrics) ExtensionName() string                   { return "Metrics" }
func (*Metrics) Validate(graphql.ExecutableSchema) error { return nil }

func (m *Metrics) visited(n int) { m.walked.Add(float64(n)) }

// Refused counts a refusal answered before GraphQL runs (body too large,
// overloaded, not ready), by its code.
func (m *Metrics) Refused(code string) { m.errors.WithLabelValues(code).Inc() }

// label is the operation label of a name (nil-safe).
func (m *Metrics) label(name string) string {
	if m == nil {
		return name
	}
	return m.names.label(name)
}

// servedFromCache counts an answer the response cache gave, as the
// operation that first built it was counted (InterceptResponse).
func (m *Metrics) servedFromCache(typ, label string, d time.Duration) {
	if m == nil {
		return
	}
	m.hits.Inc()
	s := m.series(typ, label)
	s.requests.Inc()
	s.latency.Observe(d.Seconds())
}

// cacheMiss counts a lookup the response cache could not answer.
func (m *Metrics) cacheMiss() {
	if m != nil {
		m.misses.Inc()
	}
}

// InterceptResponse times each operation and counts its errors. Errors
// raised before an operation exists (parse, limits) count under "none".
func (m *Metrics) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	start := time.Now()
	resp := next(ctx)
	typ, name := "none", ""
	if graphql.HasOperationContext(ctx) {
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil {
			typ, name = string(oc.Operation.Operation), oc.Operation.Name
		}
	}
	s := m.series(typ, name)
	s.requests.Inc()
	s.latency.Observe(time.Since(start).Seconds())
	if resp != nil {
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			if code == "" {
				code = "UNKNOWN"
			}
			m.errors.WithLabelValues(code).Inc()
		}
	}
	return resp
}
