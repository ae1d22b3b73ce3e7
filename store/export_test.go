package store

import (
	"context"
	"time"

	"careergraph/career"
)

// Reload is reload, for the tests of package store_test: what a poll runs
// once it has seen the store's version move past the snapshot.
func (l *Live) Reload(ctx context.Context) (bool, error) { return l.reload(ctx) }

// PaceWarmer replaces the warmer's pause and build (see warm), before the
// first write.
func (l *Live) PaceWarmer(sleep func(time.Duration), build func(g *career.Graph, stop func() bool) bool) {
	l.warmSleep, l.warmBuild = sleep, build
}

// SlowBuild replaces the build of a whole load's snapshot (career.Build)
// and the pace of the reads of the change log meanwhile (tailEvery): a
// test writes during the build and ticks when the replica is to read the
// log.
func (l *Live) SlowBuild(build func(ds career.Dataset, version uint64) (*career.Graph, error), tick <-chan time.Time) {
	l.build = build
	l.tailTick = func() (<-chan time.Time, func()) { return tick, func() {} }
}
