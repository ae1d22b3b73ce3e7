package seed_test

import (
	"sync"
	"testing"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/seed/seedtest"
)

// Imports of the shipped releases that several tests read, done once per
// test binary (each takes tens of seconds of CPU under -race). Tests must
// not modify what they get: career.Dataset.Upsert and career.Build leave
// their inputs alone. romeImport (romefiles_test.go) is ROME's.
var escoOnce struct {
	sync.Once
	ds  career.Dataset
	sum seed.ESCOSummary
	err error
}

// escoImport is seed.ESCO over the shipped ESCO release, no slug taken.
func escoImport(t *testing.T) (career.Dataset, seed.ESCOSummary) {
	t.Helper()
	dir := release(t, "esco")
	escoOnce.Do(func() {
		escoOnce.ds, escoOnce.sum, escoOnce.err = seed.ESCO(seed.Dir(dir), nil, nil)
	})
	if escoOnce.err != nil {
		t.Fatalf("the shipped ESCO release (shared import): %v", escoOnce.err)
	}
	return escoOnce.ds, escoOnce.sum
}

// shipped skips, under -race, a test that reads the shipped releases:
// seed starts no goroutine, so the race detector has nothing to find
// there, and reading them under -race was most of CI's race step
// (TestESCOSkillAltLabelsOnTheShippedGraph alone: 878 s at a load of
// 17, issue 26). The run without -race reads them all. Call it before a
// sync.Once, never inside: a skip there leaves the Once done and empty.
func shipped(tb testing.TB) {
	tb.Helper()
	if raceEnabled {
		tb.Skip("reads the shipped open data in one goroutine: the run without -race has it")
	}
}

// release is seedtest.Release for seed's own tests (see shipped).
func release(tb testing.TB, name string) string {
	tb.Helper()
	shipped(tb)
	return seedtest.Release(tb, name)
}
