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

var fullIndex = sync.OnceValues(func() (*Index, error) {
	ds, err := openData()
	if err != nil {
		return nil, err
	}
	g, err := career.Build(ds, 1)
	if err != nil {
		return nil, err
	}
	return For(g), nil
})

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
