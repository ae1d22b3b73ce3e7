package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"careergraph/bench/queries"
	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/embedded"
)

// guideLive is an embedded store in a temporary folder, loaded with the
// curated guide, as a first start with OPEN_DATA=false makes it.
func guideLive(b testing.TB) (*store.Live, *slog.Logger) {
	b.Helper()
	st, err := embedded.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	live := store.NewLive(st, log)
	curated, digest, err := seed.Curated()
	if err != nil {
		b.Fatal(err)
	}
	if err := live.Load(context.Background(), curated, digest); err != nil {
		b.Fatal(err)
	}
	return live, log
}

func testServer(b testing.TB, open bool) http.Handler {
	b.Helper()
	live, log := benchLive(b, open)
	return benchHandler(live, log, false)
}

// benchLive is the guide graph, with the shipped open data when open.
func benchLive(b testing.TB, open bool) (*store.Live, *slog.Logger) {
	b.Helper()
	live, log := guideLive(b)
	ctx := context.Background()
	if open {
		_, err := live.Change(ctx, func(cur *career.Graph) (store.Write, error) {
			ds, _, err := seed.ImportOpenData(seed.OpenData(), cur.Dataset(), func(string) {})
			return store.Write{Upsert: ds}, err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	// The open data's snapshot is indexed in the background (Live.warm):
	// timing starts once that is done, as a settled server runs, and
	// with its garbage collected.
	for live.Warming() {
		time.Sleep(10 * time.Millisecond)
	}
	runtime.GC()
	return live, log
}

// benchHandler serves live with the server's default limits; plain turns
// the fast path off (Options.PlainExecutor).
func benchHandler(live *store.Live, log *slog.Logger, plain bool) http.Handler {
	keys := NewKeys([]string{benchKey})
	return ClientIP(keys.Authenticate(NewServer(live, Options{Limits: testLimits, Keys: keys, Log: log, PlainExecutor: plain})))
}

// testLimits are the server's default limits, for the tests' servers.
var testLimits = Limits{MaxDepth: 10, MaxComplexity: 50000, MaxFields: 1000, MaxAliases: 30,
	MaxRootFields: 20, MaxIntrospection: 20000, MaxResponseBytes: 4 << 20, MaxErrors: 20, MaxTokens: 5000, MaxQueryLength: 20000}

const benchKey = "bench-key"

// The README's queries (bench/queries), executed in-process through the whole handler
// (transport, cost limits, execution, JSON), on the guide graph and on the
// full shipped graph. The cache holds each document after the first
// request, as in production.
//
//	go test -run '^$' -bench Query -benchmem ./graph/
func BenchmarkQuery(b *testing.B) {
	for _, graphName := range []string{"guide", "open"} {
		var srv http.Handler
		for _, name := range queries.Names {
			b.Run(graphName+"/"+name, func(b *testing.B) {
				if srv == nil {
					srv = testServer(b, graphName == "open")
				}
				runQuery(b, srv, name)
			})
		}
	}
}

// The fast path (graph/lean) against gqlgen's path for every field
// (Options.PlainExecutor), on the full graph, in one process over one
// snapshot: with -count, the two alternate, and the graph loads once.
//
//	go test -run '^$' -bench Executor -benchmem -count 6 ./graph/ > ex.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /path ex.txt
func BenchmarkExecutor(b *testing.B) {
	var fast, plain http.Handler
	for _, name := range queries.Names {
		for _, path := range []string{"plain", "fast"} {
			b.Run(name+"/path="+path, func(b *testing.B) {
				if fast == nil {
					live := shippedGraph(b) // once per test binary, whatever -count
					for live.Warming() {
						time.Sleep(10 * time.Millisecond)
					}
					runtime.GC()
					log := slog.New(slog.NewTextHandler(io.Discard, nil))
					fast, plain = benchHandler(live, log, false), benchHandler(live, log, true)
				}
				srv := fast
				if path == "plain" {
					srv = plain
				}
				runQuery(b, srv, name)
			})
		}
	}
}

// runQuery times the README query called name through srv, reporting
// allocations and CPU per request.
func runQuery(b *testing.B, srv http.Handler, name string) {
	body, _ := json.Marshal(map[string]any{"query": queries.Get(name)})
	do := func() *httptest.ResponseRecorder { return postJSON(srv, body) }
	if rec := do(); rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
		b.Fatalf("%s: %d %s", name, rec.Code, rec.Body.String())
	}
	b.ReportAllocs()
	// CPU per request, the process's user and system time: on a loaded
	// machine wall time per op is not the request's cost, and this counts
	// the garbage collector's share too.
	stop := profileLoop(b)
	start := cpu()
	for b.Loop() {
		do()
	}
	stop()
	b.ReportMetric(float64((cpu()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// profileLoop profiles the timed loop alone, without the graph's load
// that -cpuprofile and -memprofile take in too (most of their samples on
// the full graph): its CPU into $BENCH_CPUPROFILE.<benchmark>.cpu, and
// every allocation (MemProfileRate 1 while it runs) into
// $BENCH_MEMPROFILE.<benchmark>.mem (pprof -sample_index=alloc_space
// -focus runQuery). The function it returns stops them.
//
//	BENCH_CPUPROFILE=/tmp/ex go test -run '^$' -bench 'Executor/guide-page/path=fast' -benchtime 20000x ./graph/
func profileLoop(b *testing.B) func() {
	name := strings.NewReplacer("/", "_", "=", "-").Replace(b.Name())
	create := func(prefix, ext string) *os.File {
		f, err := os.Create(prefix + "." + name + ext)
		if err != nil {
			b.Fatal(err)
		}
		return f
	}
	var stops []func()
	if prefix := os.Getenv("BENCH_CPUPROFILE"); prefix != "" {
		f := create(prefix, ".cpu")
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
	}
	if prefix := os.Getenv("BENCH_MEMPROFILE"); prefix != "" {
		f := create(prefix, ".mem")
		rate := runtime.MemProfileRate
		runtime.MemProfileRate = 1
		stops = append(stops, func() {
			// Written at rate 1, so that pprof scales the loop's samples
			// by 1 (the load's, taken at the default rate, are undercounted).
			runtime.GC()
			if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
				b.Error(err)
			}
			f.Close()
			runtime.MemProfileRate = rate
		})
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
}

// A small write (one role and one transition into it) through the whole
// handler, committed to the embedded store, on the guide graph and on the
// full shipped graph: what an incremental snapshot must bring down on the
// full graph.
//
//	go test -run '^$' -bench Write -benchtime 5x ./graph/
func BenchmarkWrite(b *testing.B) {
	for _, graphName := range []string{"guide", "open"} {
		b.Run(graphName, func(b *testing.B) {
			srv := testServer(b, graphName == "open")
			n := 0
			for b.Loop() {
				n++
				id := fmt.Sprintf("bench-%d", n)
				body, _ := json.Marshal(map[string]any{
					"query": `mutation($in: GraphInput!) { upsert(input: $in) { version } }`,
					"variables": map[string]any{"in": map[string]any{
						"roles":       []any{map[string]any{"id": "role:" + id, "slug": id, "name": "Bench " + id}},
						"transitions": []any{map[string]any{"fromId": "role:developpeur-back-end", "toId": "role:" + id, "kind": "MOBILITY", "rank": 1}},
					}},
				})
				req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+benchKey)
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
					b.Fatalf("write: %d %s", rec.Code, rec.Body.String())
				}
			}
		})
	}
}

// postJSON posts a GraphQL request body to srv, as a client would.
func postJSON(srv http.Handler, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

// What the background warmer (Live.warm) spends on the full graph after
// one small write: each iteration patches the snapshot with a role and a
// transition (career.Graph.Apply, as a write does) and builds every index
// WarmUntil builds (search, paths, stats, the linker's) on the result. A
// CPU profile says which index dominates:
//
//	go test -run '^$' -bench WarmAfterSmallWrite -benchtime 5x -cpuprofile /tmp/warm.prof ./graph/
func BenchmarkWarmAfterSmallWrite(b *testing.B) {
	live, _ := benchLive(b, true)
	g := live.Graph()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		slug := fmt.Sprintf("warm-%d", i)
		next, err := g.Apply(career.Change{Version: g.Version(), Upsert: career.Dataset{
			Roles:       []career.Role{{ID: "role:" + slug, Slug: slug, Name: "Warm " + slug}},
			Transitions: []career.Transition{{FromID: "role:developpeur-back-end", ToID: "role:" + slug, Kind: career.Mobility, Rank: 1}},
		}})
		if err != nil {
			b.Fatal(err)
		}
		if !next.WarmUntil(func() bool { return false }) {
			b.Fatal("warm gave up")
		}
		g = next.WithVersion(g.Version() + 1)
		i++
	}
}
