package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"careergraph/bench/queries"
)

// BenchmarkHandler runs the README's queries through the app's whole
// handler (the HTTP guard, CORS, the request's identity, the transport,
// metrics, the executor) on the full shipped graph, then the guide graph,
// without a network: what the server path costs beside the executor,
// allocations above all (every KB a request allocates costs the collector
// ~1-3 µs on the full graph).
//
//	go test -run '^$' -bench Handler -benchmem -cpu 1 ./app/
func BenchmarkHandler(b *testing.B) {
	for _, graph := range []string{"full", "guide"} {
		for _, cache := range []string{"0", "33554432"} {
			name := "graph=" + graph + "/cache=" + map[bool]string{true: "off", false: "on"}[cache == "0"]
			b.Run(name, func(b *testing.B) { benchmarkHandler(b, graph == "full", cache) })
		}
	}
}

func benchmarkHandler(b *testing.B, openData bool, cacheBytes string) {
	cfg, err := parseConfig([]string{"-data-dir", b.TempDir(), "-open-data=" + strconv.FormatBool(openData), "-metrics-addr=", "-response-cache-bytes=" + cacheBytes})
	if err != nil {
		b.Fatal(err)
	}
	a, err := newApp(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.store.Close() })
	if err := a.load(context.Background()); err != nil {
		b.Fatal(err)
	}
	// The indexes built before timing, not by the timed requests.
	a.live.Graph().Warm()
	for _, name := range []string{"roles", "guide-page"} {
		q, _ := json.Marshal(queries.Get(name))
		body := `{"query":` + string(q) + `}`
		b.Run(name, func(b *testing.B) {
			w := &discardWriter{h: http.Header{}}
			serve := func() {
				r, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1/graphql", strings.NewReader(body))
				r.Header.Set("Content-Type", "application/json")
				r.RemoteAddr = "127.0.0.1:40000"
				clear(w.h)
				w.status, w.n = 0, 0
				a.handler.ServeHTTP(w, r)
			}
			serve()
			if w.status != http.StatusOK || w.n == 0 {
				b.Fatalf("%s: status %d, %d bytes", name, w.status, w.n)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				serve()
			}
		})
	}
}

// discardWriter is a ResponseWriter that keeps nothing but the status and
// the size.
type discardWriter struct {
	h         http.Header
	status, n int
}

func (d *discardWriter) Header() http.Header { return d.h }
func (d *discardWriter) WriteHeader(s int) {
	if d.status == 0 {
		d.status = s
	}
}
func (d *discardWriter) Write(p []byte) (int, error) {
	if d.status == 0 {
		d.status = http.StatusOK
	}
	d.n += len(p)
	return len(p), nil
}
