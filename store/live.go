package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
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

// OpenDataKey is the Meta key naming the release of the shipped open data
// the store holds.
const OpenDataKey = "open-data"

// Markers are every Meta key the server keeps: a migration (Copy) carries
// them all, or the target would redo what they mark (the open data
// imported again over edits made to it).
var Markers = []string{SeedDigestKey, OpenDataKey}

// Live keeps the current immutable snapshot of a store. Readers call Graph
// and never wait. Writers go through Live, one at a time (a writer waits
// for the one before it only as long as its request's context allows),
// and the new snapshot, always computed by career.Graph.Apply from the
// write, is swapped in only after the store has committed. Reloads (a
// replica catching up) never take the writers' lock: they build the next
// snapshot on their own and swap it in if it is newer.
type Live struct {
	st  Store
	log *slog.Logger
	// writes is the writers' lock: a one-slot semaphore, so that waiting
	// for it honours the request's context.
	writes chan struct{}
	// reloads serialises reloads among themselves (one whole load of the
	// graph at a time), never with writers.
	reloads chan struct{}
	// swapMu orders swaps: a snapshot replaces a newer one only when the
	// store went back (restored from a backup).
	swapMu sync.Mutex
	cur    atomic.Pointer[career.Graph]
	// writing is the version a write in flight will commit (its base + 1,
	// or + its batches), 0 when none: a poller that reads a version up to
	// it, between the commit and the swap, waits for the swap instead of
	// reloading the graph.
	writing atomic.Uint64
	// cutShort is the version this replica's last batched write that failed
	// would have reached: the store's BatchingKey then names a write no
	// one is landing (see CutShort).
	cutShort atomic.Uint64
	// onCommit, when set, hears how long each store commit took.
	onCommit atomic.Pointer[func(time.Duration)]
	// lastErr is the store's last failure to answer, nil once it does.
	lastErr atomic.Pointer[error]

	// The background indexing of the current snapshot (see warm): at most
	// one build at a time, given up when a newer snapshot replaces it.
	warmMu    sync.Mutex
	warming   bool
	afterWarm atomic.Pointer[func()]
	// The warmer's pause and build (time.Sleep and career's WarmUntil;
	// the tests of its pacing set them).
	warmSleep func(time.Duration)
	warmBuild func(g *career.Graph, stop func() bool) bool

	// seen is the store's version as last read (Refresh, a whole load and
	// its tail of the log): how far behind the snapshot is (Behind).
	seen atomic.Uint64
	// build makes the snapshot of a whole load (career.Build), and
	// tailTick paces the reads of the change log meanwhile (tailEvery):
	// the tests of a replica falling behind set them.
	build    func(ds career.Dataset, version uint64) (*career.Graph, error)
	tailTick func() (<-chan time.Time, func())
}

// Behind returns how many versions the snapshot is behind the store's as
// last read (0 when current): a replica far behind says so (/readyz).
func (l *Live) Behind() (behind, store uint64) {
	store = l.seen.Load()
	if g := l.cur.Load(); g != nil && store > g.Version() {
		return store - g.Version(), store
	}
	return 0, store
}

// warmDelay lets a burst of writes finish before the background build of
// the indexes Build leaves for later: only a snapshot still current after
// it is warmed, not every intermediate one. A build given up because a
// newer snapshot came doubles the delay, up to maxWarmDelay, and a build
// that finishes resets it: writes every tenth of a second otherwise
// started a whole-graph build after each one, only to give it up at the
// next (judged run 6: 6 of 9 s of CPU in 40 s, and the collector's work
// on what those builds allocated, went to builds given up).
const (
	warmDelay    = 100 * time.Millisecond
	maxWarmDelay = 1600 * time.Millisecond
)

// swapIfNewer makes g the snapshot readers get when it is newer than the
// current one, or, with back set, when the current one is still from (the
// store went back to an older version: see reload). It reports whether
// it did.
func (l *Live) swapIfNewer(g, from *career.Graph, back bool) bool {
	l.swapMu.Lock()
	now := l.cur.Load()
	ok := now == nil || g.Version() > now.Version() || back && now == from
	if ok {
		l.cur.Store(g)
	}
	l.swapMu.Unlock()
	if ok {
		l.kickWarm()
	}
	return ok
}

// kickWarm starts the warmer unless it runs (it then finds the new
// snapshot itself).
func (l *Live) kickWarm() {
	l.warmMu.Lock()
	defer l.warmMu.Unlock()
	if !l.warming {
		l.warming = true
		go l.warm()
	}
}

// warm indexes the current snapshot in the background (career.Graph.Warm)
// once it has stayed current for warmDelay, and gives the build up when a
// newer snapshot replaces it: a burst of writes costs one build, for the
// last snapshot. It ends when the snapshot it warmed is still current.
func (l *Live) warm() {
	delay := warmDelay
	for {
		g := l.cur.Load()
		l.warmSleep(delay)
		if l.cur.Load() != g {
			continue
		}
		if l.warmBuild(g, func() bool { return l.cur.Load() != g }) {
			delay = warmDelay
			if f := l.afterWarm.Load(); f != nil {
				(*f)()
			}
		} else {
			delay = min(2*delay, maxWarmDelay)
		}
		l.warmMu.Lock()
		if l.cur.Load() == g {
			l.warming = false
			l.warmMu.Unlock()
			return
		}
		l.warmMu.Unlock()
	}
}

// AfterWarm registers f to run after each snapshot's indexes are built in
// the background (the server hands the garbage back to the OS there).
func (l *Live) AfterWarm(f func()) { l.afterWarm.Store(&f) }

// Warming reports whether a background index build is under way or due.
func (l *Live) Warming() bool {
	l.warmMu.Lock()
	defer l.warmMu.Unlock()
	return l.warming
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

// acquire takes a one-slot lock, or gives up with ctx.
func acquire(ctx context.Context, lock chan struct{}, what string) error {
	select {
	case lock <- struct{}{}:
		return nil
	default:
	}
	select {
	case lock <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for %s: %w", what, context.Cause(ctx))
	}
}

// Refresh brings the snapshot to the store's version when that has moved
// by more than this replica's own write in flight: another replica wrote,
// or the store went back (restored from a backup). It records the store's
// health. It never waits for writers.
func (l *Live) Refresh(ctx context.Context) (bool, error) {
	v, err := l.st.Version(ctx)
	l.observe(err)
	if err != nil {
		return false, err
	}
	l.seen.Store(v)
	// writing is read before the snapshot: a write that resets it after
	// swapping in its snapshot is then seen one way or the other (the other
	// order could see the snapshot before the swap and writing after it,
	// and reload for this replica's own write).
	w := l.writing.Load()
	if cur := l.cur.Load(); cur != nil && (v == cur.Version() || v > cur.Version() && v <= w) {
		return false, nil
	}
	if err := acquire(ctx, l.reloads, "the reload before"); err != nil {
		return false, err
	}
	defer func() { <-l.reloads }()
	return l.reload(ctx)
}

// reload brings the snapshot to the store's version: from the change log
// when it holds every write since, else by loading the whole store
// (loadWhole: one consistent version, then the log replayed from it). A
// store whose version is behind the snapshot's went back: the snapshot is
// replaced by what it holds.
func (l *Live) reload(ctx context.Context) (bool, error) {
	cur := l.cur.Load()
	if log, ok := l.st.(ChangeLog); ok && cur != nil {
		if done, moved, err := l.replay(ctx, log, cur); done || err != nil {
			return moved, err
		}
	}
	g, loaded, err := l.loadWhole(ctx, cur)
	if err != nil || g == nil {
		return false, err
	}
	back := cur != nil && loaded < cur.Version()
	if !l.swapIfNewer(g, cur, back) {
		return false, nil
	}
	if back {
		l.log.Warn("the store went back to an older version (restored?): snapshot replaced by what it holds", "from", cur.Version(), "version", g.Version())
	} else {
		l.log.Info("snapshot reloaded", "loaded", loaded, "version", g.Version())
	}
	return true, nil
}

// tailEvery is how often loadWhole reads the change log while the whole
// graph loads and builds. The log keeps the last 256 writes (Neo4j): at
// 10 writes a second, a load and build of the full graph on a busy
// machine outlasted it, the snapshot swapped in was already past the log,
// and the next poll loaded everything again, for ever (judged run 6:
// replica b at version 661 with the store at 1218, "ready").
const tailEvery = time.Second

// loadWhole reads the whole store (one consistent version: Store.Load)
// and builds its snapshot, then brings it to the store's version from the
// change log. The log is read every tailEvery meanwhile and what it says
// kept, so a write that leaves the log during a long load or build is not
// lost to the replay: the snapshot converges however long the build takes.
// g is nil when the store is at cur's version (nothing to do); loaded is
// the version read whole.
func (l *Live) loadWhole(ctx context.Context, cur *career.Graph) (g *career.Graph, loaded uint64, err error) {
	log, _ := l.st.(ChangeLog)
	var t tail
	if log != nil {
		if t.at, err = l.st.Version(ctx); err != nil {
			l.observe(err)
			return nil, 0, err
		}
		t.ok = true
		l.seen.Store(t.at)
	}
	type built struct {
		g   *career.Graph
		v   uint64
		err error
	}
	done := make(chan built, 1)
	go func() {
		ds, v, err := l.st.Load(ctx)
		l.observe(err)
		if err != nil || cur != nil && v == cur.Version() {
			done <- built{v: v, err: err}
			return
		}
		l.log.Info("building the snapshot", "version", v, "records", ds.Len(), "roles", len(ds.Roles), "skills", len(ds.Skills))
		g, err := l.build(ds, v)
		if err != nil {
			err = fmt.Errorf("stored graph at version %d is invalid: %w", v, err)
		}
		done <- built{g, v, err}
	}()
	tick, stop := l.tailTick()
	defer stop()
	var b built
wait:
	for {
		select {
		case b = <-done:
			break wait
		case <-tick:
			if log != nil {
				l.follow(ctx, log, &t)
			}
		}
	}
	if b.err != nil || b.g == nil || log == nil {
		return b.g, b.v, b.err
	}
	l.seen.Store(max(l.seen.Load(), b.v))
	if g, ok := l.catchUp(ctx, log, &t, b.g); ok {
		return g, b.v, nil
	}
	return b.g, b.v, nil
}

// tail is the change log as loadWhole reads it: the writes after version
// at, in order, none missing.
type tail struct {
	at      uint64 // the version the tail starts after
	changes []career.Change
	ok      bool // false once a read found a gap (the log went past it)
}

// last is the version of the last write the tail holds.
func (t *tail) last() uint64 { return t.at + uint64(len(t.changes)) }

// follow adds to t what the log holds after it, and records the store's
// version it saw (Behind).
func (l *Live) follow(ctx context.Context, log ChangeLog, t *tail) {
	if !t.ok {
		return
	}
	changes, ok, err := log.Changes(ctx, t.last())
	if err != nil {
		return // the next read tries again
	}
	if !ok {
		t.ok = false
		return
	}
	t.changes = append(t.changes, changes...)
	l.seen.Store(max(l.seen.Load(), t.last()))
}

// catchUp applies to g, loaded whole, the writes after its version: those
// the tail kept, then those the log holds now. ok is false when the writes
// do not apply (not expected: g is then swapped in as loaded).
func (l *Live) catchUp(ctx context.Context, log ChangeLog, t *tail, g *career.Graph) (*career.Graph, bool) {
	l.follow(ctx, log, t)
	var pending []career.Change
	if t.ok && t.at <= g.Version() {
		pending = t.changes[min(int(g.Version()-t.at), len(t.changes)):]
	} else if changes, ok, err := log.Changes(ctx, g.Version()); err == nil && ok {
		// The tail broke (a long pause?), but the log still holds what
		// came after the load.
		pending = changes
	}
	if len(pending) == 0 {
		return g, true
	}
	next, err := g.Apply(pending...)
	if err != nil {
		l.log.Warn("the logged changes after a whole load do not apply", "version", g.Version(), "err", err)
		return g, false
	}
	return next, true
}

// replay brings the snapshot up to the store's version from the store's
// change log, at the cost of what changed; done is false when the log
// cannot (the caller loads everything); moved, whether it swapped in a
// newer snapshot.
func (l *Live) replay(ctx context.Context, log ChangeLog, cur *career.Graph) (done, moved bool, err error) {
	changes, ok, err := log.Changes(ctx, cur.Version())
	l.observe(err)
	if err != nil || !ok {
		return false, false, err
	}
	if len(changes) == 0 {
		// The snapshot is at the store's version already: the reload before
		// this one, or this replica's own write, got there (a full load of
		// the graph here took 6 s of CPU per poll under steady writes).
		return true, false, nil
	}
	g, err := cur.Apply(changes...)
	if err != nil {
		// Not expected: the writers validated them. Load everything.
		l.log.Warn("the logged changes do not apply; loading the whole graph", "from", cur.Version(), "err", err)
		return false, false, nil
	}
	moved = l.swapIfNewer(g, cur, false)
	if moved {
		l.log.Info("snapshot updated from the change log", "version", g.Version(), "writes", len(changes))
	}
	return true, moved, nil
}

// CutShort returns the version this replica's last failed batched write
// would have reached (0: none failed). A store whose BatchingKey names it
// holds this replica's own write cut short, not one landing: nobody is
// to be waited for.
func (l *Live) CutShort() uint64 { return l.cutShort.Load() }

// OnCommit registers f to hear the duration of each committed write.
func (l *Live) OnCommit(f func(time.Duration)) { l.onCommit.Store(&f) }

// NewLive wraps st. Graph returns nil until Load has succeeded.
func NewLive(st Store, log *slog.Logger) *Live {
	return &Live{st: st, log: log, writes: make(chan struct{}, 1), reloads: make(chan struct{}, 1),
		warmSleep: time.Sleep, warmBuild: (*career.Graph).WarmUntil, build: career.Build,
		tailTick: func() (<-chan time.Time, func()) {
			t := time.NewTicker(tailEvery)
			return t.C, t.Stop
		}}
}

// Graph returns the current snapshot, or nil before the first load.
func (l *Live) Graph() *career.Graph { return l.cur.Load() }

// staleTries is how many times a write (or the first seed) planned on a
// version another replica has moved past is planned again. Between tries
// it waits a random pause whose bound doubles (staleWait): replicas
// writing at once without one kept colliding, and with 5 tries and no
// pause three replicas writing 15 roles each lost a write in 93 of 200
// runs (TestReplicasWritingAndPollingTogether).
const staleTries = 12

// staleWait is the pause before try (from 1): up to 2^try ms, at most
// 256 ms, or until ctx ends.
func staleWait(ctx context.Context, try int) error {
	t := time.NewTimer(time.Duration(rand.Int64N(int64(time.Millisecond) << min(try, 8))))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Load seeds the store if it has not seen this seed yet, then builds the
// first snapshot. Seeding upserts by key, so records added since the last
// seed are kept and running it twice changes nothing. Another replica
// seeding at the same time makes the seed stale: it is planned again on
// what that one stored.
func (l *Live) Load(ctx context.Context, seed career.Dataset, digest string) error {
	if err := acquire(ctx, l.writes, "the write before"); err != nil {
		return err
	}
	defer func() { <-l.writes }()
	for try := 1; ; try++ {
		err := l.load(ctx, seed, digest)
		if !errors.Is(err, ErrStale) || try == staleTries {
			return err
		}
		l.log.Info("another replica seeded the store meanwhile; loading again", "try", try)
		if err := staleWait(ctx, try); err != nil {
			return err
		}
	}
}

func (l *Live) load(ctx context.Context, seed career.Dataset, digest string) error {
	have, err := l.st.Meta(ctx, SeedDigestKey)
	l.observe(err)
	if err != nil {
		return fmt.Errorf("read seed digest: %w", err)
	}
	// Progress for whoever watches a start: reading and indexing a full
	// store take seconds each.
	start := time.Now()
	l.log.Info("reading the store")
	g, version, err := l.loadWhole(ctx, nil)
	if err != nil {
		return fmt.Errorf("load store: %w", err)
	}
	l.log.Info("snapshot built", "loaded", version, "version", g.Version(), "took", time.Since(start).Round(time.Millisecond).String())
	if have == digest {
		l.swapIfNewer(g, nil, false)
		l.log.Info("snapshot loaded", "version", g.Version())
		return nil
	}
	g, err = l.commit(ctx, g, Write{Upsert: seed, Meta: map[string]string{SeedDigestKey: digest}}, false)
	if err != nil {
		return fmt.Errorf("apply seed: %w", err)
	}
	l.log.Info("seeded store", "version", g.Version(), "seedRoles", len(seed.Roles), "seedSkills", len(seed.Skills), "digest", digest[:min(12, len(digest))])
	return nil
}

// Change runs one write, serialised with every other. plan reads the
// current snapshot and returns the Write that gets the store where it
// wants (records to delete, records to upsert, metadata). The next
// snapshot is the current one after the write (career.Graph.Apply:
// patched when small, rebuilt otherwise), validated whole before the
// store sees anything; the store commits the Write, and only then is the
// new snapshot swapped in. On any error the store and the snapshot are
// unchanged.
//
// A store shared by replicas refuses a write planned on an old version
// (ErrStale); Change then catches up (outside the writers' lock) and
// plans again, a few times.
func (l *Live) Change(ctx context.Context, plan func(cur *career.Graph) (Write, error)) (*career.Graph, error) {
	for try := 1; ; try++ {
		if err := acquire(ctx, l.writes, "the write before"); err != nil {
			return nil, err
		}
		g, err := l.change(ctx, plan)
		<-l.writes
		if !errors.Is(err, ErrStale) || try == staleTries {
			return g, err
		}
		if err := staleWait(ctx, try); err != nil {
			return nil, err
		}
		if _, err := l.Refresh(ctx); err != nil {
			return nil, err
		}
	}
}

// Upsert writes the records of u, after check (when not nil) has passed
// them against the current snapshot: a Change.
func (l *Live) Upsert(ctx context.Context, u career.Dataset, check func(cur *career.Graph) error) (*career.Graph, error) {
	return l.Change(ctx, func(cur *career.Graph) (Write, error) {
		if check != nil {
			if err := check(cur); err != nil {
				return Write{}, err
			}
		}
		return Write{Upsert: u}, nil
	})
}

func (l *Live) change(ctx context.Context, plan func(cur *career.Graph) (Write, error)) (*career.Graph, error) {
	cur := l.cur.Load()
	if cur == nil {
		return nil, fmt.Errorf("%w: snapshot not loaded yet", ErrUnavailable)
	}
	w, err := plan(cur)
	if err != nil {
		return nil, err
	}
	return l.commit(ctx, cur, w, true)
}

// commit computes the snapshot w makes of cur (which validates it),
// writes w to the store, planned on cur's version, and swaps the result
// in. The writers' lock is held. traced: the commit is a write of the API
// (a span, and the write-duration metric), not the start's seed.
func (l *Live) commit(ctx context.Context, cur *career.Graph, w Write, traced bool) (*career.Graph, error) {
	base := cur.Version()
	next, err := cur.Apply(career.Change{Version: base, Delete: w.Delete, Upsert: w.Upsert})
	if err != nil {
		return nil, err
	}
	w.Base = &base
	want := base + 1
	if b, ok := l.st.(Batcher); ok {
		want = base + uint64(b.Commits(w))
	}
	l.writing.Store(want)
	defer l.writing.Store(0)
	start := time.Now()
	span := trace.SpanFromContext(ctx)
	if traced {
		ctx, span = otel.Tracer("careergraph/store").Start(ctx, "store.apply",
			trace.WithAttributes(attribute.Int("careergraph.records.upsert", w.Upsert.Len()), attribute.Int("careergraph.records.delete", w.Delete.Len())))
	}
	version, err := l.st.Apply(ctx, w)
	if traced {
		if err != nil {
			span.SetStatus(codes.Error, err.Error())
		}
		span.End()
	}
	l.observe(err)
	if err != nil {
		if want > base+1 {
			l.cutShort.Store(want)
		}
		return nil, err
	}
	if f := l.onCommit.Load(); f != nil && traced {
		(*f)(time.Since(start))
	}
	if version != want {
		// Another replica wrote between the batches of this write: the
		// snapshot made from it alone lacks that write. Load what the store
		// holds (rare: only big writes are batched).
		l.writing.Store(0)
		l.log.Info("another replica wrote during this batched write; loading the store", "base", base, "version", version)
		if err := acquire(ctx, l.reloads, "the reload before"); err != nil {
			return nil, err
		}
		defer func() { <-l.reloads }()
		if _, err := l.reload(ctx); err != nil {
			return nil, fmt.Errorf("the write is committed (version %d), but reloading after it failed: %w", version, err)
		}
		return l.cur.Load(), nil
	}
	g := next.WithVersion(version)
	l.swapIfNewer(g, cur, false)
	return g, nil
}
