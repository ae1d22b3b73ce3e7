package seed_test

import (
	"sync"
	"testing"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/seed/seedtest"
)

// sharedImport is an import of a shipped release that several tests
// read, done once per test binary (each takes seconds of CPU, tens under
// -race). Tests must not modify what they get: career.Dataset.Upsert and
// career.Build leave their inputs alone.
type sharedImport[S any] struct {
	once sync.Once
	ds   career.Dataset
	sum  S
	err  error
}

// get runs run over the release name's folder once, and answers its
// result to every caller. The release is found (and a test skipped, see
// shipped) before the Once, never inside it.
func (s *sharedImport[S]) get(t *testing.T, name string, run func(dir string) (career.Dataset, S, error)) (career.Dataset, S) {
	t.Helper()
	dir := release(t, name)
	s.once.Do(func() { s.ds, s.sum, s.err = run(dir) })
	if s.err != nil {
		t.Fatalf("the shipped %s release (shared import): %v", name, s.err)
	}
	return s.ds, s.sum
}

var (
	escoShared sharedImport[seed.ESCOSummary]
	romeShared sharedImport[seed.ROMESummary]
)

// escoImport is seed.ESCO over the shipped ESCO release, no slug taken.
func escoImport(t *testing.T) (career.Dataset, seed.ESCOSummary) {
	t.Helper()
	return escoShared.get(t, "esco", func(dir string) (career.Dataset, seed.ESCOSummary, error) { return seed.ESCO(seed.Dir(dir), nil, nil) })
}

// romeImport is seed.ROME over the shipped ROME release.
func romeImport(t *testing.T) (career.Dataset, seed.ROMESummary) {
	t.Helper()
	return romeShared.get(t, "rome", func(dir string) (career.Dataset, seed.ROMESummary, error) { return seed.ROME(seed.Dir(dir), nil) })
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
