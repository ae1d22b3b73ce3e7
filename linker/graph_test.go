package linker

import (
	"sync"
	"testing"

	"careergraph/career"
	"careergraph/seed"
)

// openData is the default graph: the guide with the shipped open data.
var openData = sync.OnceValues(func() (career.Dataset, error) {
	cur, _, err := seed.Curated()
	if err != nil {
		return career.Dataset{}, err
	}
	ds, _, err := seed.ImportOpenData(seed.OpenData(), cur, func(string) {})
	if err != nil {
		return career.Dataset{}, err
	}
	return cur.Upsert(ds), nil
})

// fullGraph is the default graph's snapshot, built once per test binary.
var fullGraph = sync.OnceValues(func() (*career.Graph, error) {
	ds, err := openData()
	if err != nil {
		return nil, err
	}
	return career.Build(ds, 1)
})

var fullIndex = sync.OnceValues(func() (*Index, error) {
	g, err := fullGraph()
	if err != nil {
		return nil, err
	}
	return For(g), nil
})

// fullGraphB is fullGraph for a benchmark.
func fullGraphB(b *testing.B) *career.Graph {
	b.Helper()
	g, err := fullGraph()
	if err != nil {
		b.Fatal(err)
	}
	return g
}

// guideGraph is a snapshot of the guide alone, of the test's own.
func guideGraph(t *testing.T) *career.Graph {
	t.Helper()
	ds, _, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	g, err := career.Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// full is the linker of the default graph, built once per test binary.
func full(tb testing.TB) *Index {
	tb.Helper()
	if testing.Short() {
		tb.Skip("the full graph takes seconds to load")
	}
	ix, err := fullIndex()
	if err != nil {
		tb.Fatal(err)
	}
	return ix
}
