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
