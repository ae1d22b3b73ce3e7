package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

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
	// lastErr is the store's last failure to answer, nil once it does.
	lastErr atomic.Pointer[error]
}

// warmDelay lets a burst of writes finish before the background build of
// the indexes Build leaves for later: only the snapshot still current
// after it is warmed, not every intermediate one.
const warmDelay = 50 * time.Millisecond

// swap makes g the snapshot readers get, and warms its deferred indexes
// in the background.
func (l *Live) swap(g *career.Graph) {
	l.cur.Store(g)
	go l.warm(g)
}

func (l *Live) warm(g *career.Graph) {
	time.Sleep(warmDelay)
	if l.cur.Load() == g {
		g.Warm()
	}
}

// Health returns nil while the store answers, or why it does not. Reads
// go on from the snapshot either way.
func (l *Live) Health() error {
	if p := l.lastErr.Load(); p != nil {
		return *p
	}
	return nil
}

// observe records whether a store call reached the store.
func (l *Live) observe(err error) {
	if err == nil {
		l.lastErr.Store(nil)
	} else if errors.Is(err, ErrUnavailable) {
		l.lastErr.Store(&err)
	}
}

// Refresh reloads the snapshot when the store's version has moved past
// it, as when another replica wrote. It records the store's health.
func (l *Live) Refresh(ctx context.Context) (bool, error) {
	v, err := l.st.Version(ctx)
	l.observe(err)
	if err != nil {
		return false, err
	}
	if cur := l.cur.Load(); cur != nil && cur.Version() >= v {
		return false, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reload(ctx)
}

// reload builds a snapshot from the whole store; l.mu is held.
func (l *Live) reload(ctx context.Context) (bool, error) {
	if log, ok := l.st.(ChangeLog); ok {
		if done, err := l.replay(ctx, log); done || err != nil {
			return done, err
		}
	}
	ds, v, err := l.st.Load(ctx)
	l.observe(err)
	if err != nil {
		return false, err
	}
	if cur := l.cur.Load(); cur != nil && cur.Version() >= v {
		return false, nil
	}
	g, err := career.Build(ds, v)
	if err != nil {
		return false, fmt.Errorf("stored graph at version %d is invalid: %w", v, err)
	}
	l.swap(g)
	l.log.Info("snapshot reloaded", "version", v)
	return true, nil
}

// replay brings the snapshot up to the store's version from the store's
// change log, at the cost of what changed; done is false when the log
// cannot (the caller loads everything).
func (l *Live) replay(ctx context.Context, log ChangeLog) (done bool, err error) {
	cur := l.cur.Load()
	if cur == nil {
		return false, nil
	}
	changes, ok, err := log.Changes(ctx, cur.Version())
	l.observe(err)
	if err != nil || !ok || len(changes) == 0 {
		return false, err
	}
	g, err := cur.Apply(changes...)
	if err != nil {
		// Not expected: the writers validated them. Load everything.
		l.log.Warn("the logged changes do not apply; loading the whole graph", "from", cur.Version(), "err", err)
		return false, nil
	}
	l.swap(g)
	l.log.Info("snapshot updated from the change log", "version", g.Version(), "writes", len(changes))
	return true, nil
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
	l.observe(err)
	if err != nil {
		return fmt.Errorf("read seed digest: %w", err)
	}
	// Progress for whoever watches a start: reading and indexing a full
	// store take seconds each.
	start := time.Now()
	l.log.Info("reading the store")
	ds, version, err := l.st.Load(ctx)
	l.observe(err)
	if err != nil {
		return fmt.Errorf("load store: %w", err)
	}
	l.log.Info("building the snapshot", "records", ds.Len(), "read", time.Since(start).Round(time.Millisecond).String())
	if have == digest {
		g, err := career.Build(ds, version)
		if err != nil {
			return fmt.Errorf("stored graph is invalid: %w", err)
		}
		l.swap(g)
		l.log.Info("snapshot loaded", "version", version, "roles", len(ds.Roles), "skills", len(ds.Skills))
		return nil
	}
	g, err := career.Build(ds.Upsert(seed), version)
	if err != nil {
		return fmt.Errorf("seed does not fit the stored graph: %w", err)
	}
	version, err = l.st.Apply(ctx, Write{Upsert: seed, Meta: map[string]string{SeedDigestKey: digest}, Base: &version})
	l.observe(err)
	if err != nil {
		return fmt.Errorf("apply seed: %w", err)
	}
	g = g.WithVersion(version)
	l.swap(g)
	l.log.Info("seeded store", "version", version, "seedRoles", len(seed.Roles), "seedSkills", len(seed.Skills), "digest", digest[:min(12, len(digest))])
	return nil
}

// Change runs one write, serialised with every other. plan turns the
// current records into the records as they will be and the Write that
// gets the store there. The result is validated whole, the store commits
// the Write, and only then is the new snapshot swapped in. On any error
// the store and the snapshot are unchanged.
//
// A store shared by replicas refuses a write planned on an old version
// (ErrStale); Change then reloads and plans again, a few times.
func (l *Live) Change(ctx context.Context, plan func(cur career.Dataset) (career.Dataset, Write, error)) (*career.Graph, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for try := 1; ; try++ {
		g, err := l.change(ctx, plan)
		if !errors.Is(err, ErrStale) || try == 3 {
			return g, err
		}
		if _, err := l.reload(ctx); err != nil {
			return nil, err
		}
	}
}

func (l *Live) change(ctx context.Context, plan func(cur career.Dataset) (career.Dataset, Write, error)) (*career.Graph, error) {
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
	return l.commit(ctx, cur, g, w)
}

// Upsert writes the records of u, after check (when not nil) has passed
// them against the current snapshot. A small write patches the snapshot
// (career.Graph.Patch), so its cost follows its size, not the graph's; a
// larger one, or one Patch leaves to it, rebuilds it. Either validates the
// whole result before the store sees anything.
func (l *Live) Upsert(ctx context.Context, u career.Dataset, check func(cur *career.Graph) error) (*career.Graph, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for try := 1; ; try++ {
		g, err := l.upsert(ctx, u, check)
		if !errors.Is(err, ErrStale) || try == 3 {
			return g, err
		}
		if _, err := l.reload(ctx); err != nil {
			return nil, err
		}
	}
}

func (l *Live) upsert(ctx context.Context, u career.Dataset, check func(cur *career.Graph) error) (*career.Graph, error) {
	cur := l.cur.Load()
	if cur == nil {
		return nil, fmt.Errorf("%w: snapshot not loaded yet", ErrUnavailable)
	}
	if check != nil {
		if err := check(cur); err != nil {
			return nil, err
		}
	}
	g, err := cur.Apply(career.Change{Version: cur.Version(), Upsert: u})
	if err != nil {
		return nil, err
	}
	return l.commit(ctx, cur, g, Write{Upsert: u})
}

// commit writes w, made against cur, to the store and swaps in g, the
// snapshot it makes.
func (l *Live) commit(ctx context.Context, cur, g *career.Graph, w Write) (*career.Graph, error) {
	base := cur.Version()
	w.Base = &base
	start := time.Now()
	ctx, span := otel.Tracer("careergraph/store").Start(ctx, "store.apply",
		trace.WithAttributes(attribute.Int("careergraph.records.upsert", w.Upsert.Len()), attribute.Int("careergraph.records.delete", w.Delete.Len())))
	version, err := l.st.Apply(ctx, w)
	if err != nil {
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
	l.observe(err)
	if err != nil {
		return nil, err
	}
	if l.onCommit != nil {
		l.onCommit(time.Since(start))
	}
	g = g.WithVersion(version)
	l.swap(g)
	return g, nil
}
