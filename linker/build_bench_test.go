package linker

import (
	"runtime"
	"testing"

	"careergraph/career"
)

// BenchmarkBuild is the cost of indexing the default graph, once per
// snapshot (in the background after each write, as search).
func BenchmarkBuild(b *testing.B) {
	ds, err := openData()
	if err != nil {
		b.Fatal(err)
	}
	g, err := career.Build(ds, 1)
	if err != nil {
		b.Fatal(err)
	}
	// What an index holds once built: the heap it keeps alive.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix := Build(g)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(ix)
	b.ReportAllocs()
	cpu0, n := cpuTime(), 0
	for b.Loop() {
		Build(g)
		n++
	}
	// After the loop: its first call resets what was reported.
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(n), "cpu-ms/op")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "index-MB")
}
