package linker

import (
	"fmt"
	"runtime"
	"testing"

	"careergraph/career"
)

// BenchmarkBuild is the cost of indexing the default graph, once per
// snapshot (in the background after each write, as search).
func BenchmarkBuild(b *testing.B) {
	g := fullGraphB(b)
	// What an index holds once built: the heap it keeps alive.
	var before, after runtime.MemStats
	lastVocab.Store(nil)
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix := Build(g)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(ix)
	b.ReportAllocs()
	cpu0, n := cpuTime(), 0
	for b.Loop() {
		lastVocab.Store(nil) // from scratch, not the skill vocabulary of the build before
		Build(g)
		n++
	}
	// After the loop: its first call resets what was reported.
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(n), "cpu-ms/op")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "index-MB")
}

// BenchmarkBuildAfterSmallWrite is the index of the snapshot after a write
// that touches no skill (a role and a transition), which shares its
// parent's skill vocabulary, against the same index built from scratch,
// in one run:
//
//	go test -run '^$' -bench BuildAfterSmallWrite -benchtime 4x ./linker/
func BenchmarkBuildAfterSmallWrite(b *testing.B) {
	g := fullGraphB(b)
	for _, shared := range []bool{true, false} {
		b.Run(map[bool]string{true: "shared", false: "scratch"}[shared], func(b *testing.B) {
			Build(g)
			b.ReportAllocs()
			cpu0, n := cpuTime(), 0
			for b.Loop() {
				slug := fmt.Sprintf("bench-%d", n)
				next, ok := g.Patch(career.Dataset{
					Roles:       []career.Role{{ID: "role:" + slug, Slug: slug, Name: "Bench " + slug}},
					Transitions: []career.Transition{{FromID: "role:developpeur-back-end", ToID: "role:" + slug, Kind: career.Mobility, Rank: 1}},
				})
				if !ok {
					b.Fatal("not patched")
				}
				if !shared {
					lastVocab.Store(nil)
				}
				Build(next)
				n++
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(n), "cpu-ms/op")
		})
	}
}
