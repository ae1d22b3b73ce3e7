package linker

import (
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
	b.ReportAllocs()
	for b.Loop() {
		Build(g)
	}
}
