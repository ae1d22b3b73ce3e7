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
	dir := seedtest.Release(t, "esco")
	escoOnce.Do(func() {
		escoOnce.ds, escoOnce.sum, escoOnce.err = seed.ESCO(seed.Dir(dir), nil, nil)
	})
	if escoOnce.err != nil {
		t.Fatalf("the shipped ESCO release (shared import): %v", escoOnce.err)
	}
	return escoOnce.ds, escoOnce.sum
}
