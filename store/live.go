package store

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"careergraph/career"
)

// SeedDigestKey is the Meta key under which the digest of the last applied
// seed is kept.
const SeedDigestKey = "seed.digest"

// Live keeps the current immutable snapshot of a store. Readers call Graph
// and never wait; writers go through Live, one at a time, and the new
// snapshot is swapped in only after the store has committed.
type Live struct {
	st  Store
	log *slog.Logger
	mu  sync.Mutex // serialises writes
	cur atomic.Pointer[career.Graph]
	// onCommit, when set, hears how long each store commit took.
	onCommit func(time.Duration)
}

// OnCommit registers f to hear the duration of each committed write.
func (l *Live) OnCommit(f func(time.Duration)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.onCommit = f
}

// NewLive wraps st. Graph returns nil until Load has succeeded.
func NewLive(st Store, log *slog.Logger) *Live {
	return &Live{st: st, log: log}
}

// Graph returns the current snapshot, or nil before the first load.
func (l *Live) Graph() *career.Graph { return l.cur.Load() }

// Load seeds the store if it has not seen this seed yet, then builds the
// first snapshot. Seeding upserts by key, so records added since the last
// seed are kept and running it twice changes nothing.
func (l *Live) Load(ctx context.Context, seed career.Dataset, digest string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	have, err := l.st.Meta(ctx, SeedDigestKey)
	if err != nil {
		return fmt.Errorf("read seed digest: %w", err)
	}
	ds, version, err := l.st.Load(ctx)
	if err != nil {
		return fmt.Errorf("load store: %w", err)
	}
	if have == digest {
		g, err := career.Build(ds, version)
		if err != nil {
			return fmt.Errorf("stored graph is invalid: %w", err)
		}
		l.cur.Store(g)
		l.log.Info("snapshot loaded", "version", version, "roles", len(ds.Roles), "skills", len(ds.Skills))
		return nil
	}
	g, err := career.Build(ds.Upsert(seed), version)
	if err != nil {
		return fmt.Errorf("seed does not fit the stored graph: %w", err)
	}
	version, err = l.st.Apply(ctx, Write{Upsert: seed, Meta: map[string]string{SeedDigestKey: digest}})
	if err != nil {
		return fmt.Errorf("apply seed: %w", err)
	}
	l.cur.Store(g.WithVersion(version))
	l.log.Info("seeded store", "version", version, "seedRoles", len(seed.Roles), "seedSkills", len(seed.Skills), "digest", digest[:min(12, len(digest))])
	return nil
}

// Upsert writes u (create or replace by key). See Change.
func (l *Live) Upsert(ctx context.Context, u career.Dataset) (*career.Graph, error) {
	return l.Change(ctx, func(cur career.Dataset) (career.Dataset, Write, error) {
		return cur.Upsert(u), Write{Upsert: u}, nil
	})
}

// Change runs one write, serialised with every other. plan turns the
// current records into the records as they will be and the Write that
// gets the store there. The result is validated whole, the store commits
// the Write, and only then is the new snapshot swapped in. On any error
// the store and the snapshot are unchanged.
func (l *Live) Change(ctx context.Context, plan func(cur career.Dataset) (career.Dataset, Write, error)) (*career.Graph, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cur := l.cur.Load()
	if cur == nil {
		return nil, fmt.Errorf("%w: snapshot not loaded yet", ErrUnavailable)
	}
	next, w, err := plan(cur.Dataset())
	if err != nil {
		return nil, err
	}
	// Build first: it validates, so an invalid write never reaches the store.
	g, err := career.Build(next, cur.Version())
	if err != nil {
		return nil, err
	}
	start := time.Now()
	version, err := l.st.Apply(ctx, w)
	if err != nil {
		return nil, err
	}
	if l.onCommit != nil {
		l.onCommit(time.Since(start))
	}
	g = g.WithVersion(version)
	l.cur.Store(g)
	return g, nil
}
