package app

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/storetest"
	"careergraph/testkit"
)

// Issue 28 K: two replicas importing the open data into one empty store
// at the same time run the import twice, not more: the one whose write
// went stale finds the other's import when its write is planned again,
// instead of running the whole import again (up to five times).
func TestConcurrentFirstImportsDoNotRedoTheImport(t *testing.T) {
	ctx, m := onMemory(t)
	a, b := store.NewLive(m, quiet()), store.NewLive(m, quiet())
	seeded(ctx, t, a)
	seeded(ctx, t, b)
	runs := 0
	imp := func(*career.Graph) (store.Write, string, error) {
		runs++
		return store.Write{Upsert: career.Dataset{Roles: []career.Role{{ID: "role:imported", Slug: "imported", Name: "Imported"}}}}, "1 role", nil
	}
	// While a's import runs, b imports to the end: a's write is stale.
	bDone := false
	_, sum, err := importOnce(ctx, a, m, "v1", func(cur *career.Graph) (store.Write, string, error) {
		if !bDone {
			bDone = true
			if _, _, err := importOnce(ctx, b, m, "v1", imp); err != nil {
				t.Fatal(err)
			}
		}
		return imp(cur)
	})
	if err != nil {
		t.Fatal(err)
	}
	if runs != 2 || sum != "" {
		t.Errorf("the import ran %d times (want 2: once per replica, the stale one not again); summary %q", runs, sum)
	}
	if applies := m.Applies(); applies != 3 { // two seeds' and b's import; a's stale write is refused by the store
		t.Errorf("%d writes reached the store, want 3", applies)
	}
	v, _ := m.Version(ctx)
	if g := a.Graph(); g.Role("role:imported") == nil || g.Version() != v {
		t.Errorf("replica a serves version %d without b's import (store at %d)", g.Version(), v)
	}
	// Once imported, a later start imports nothing.
	if _, sum, err := importOnce(ctx, a, m, "v1", imp); err != nil || runs != 2 || sum != "" {
		t.Errorf("a start after the import ran it again (runs %d, summary %q, err %v)", runs, sum, err)
	}
}

// slowOnce is a store whose first load fails as Neo4j's did at load 40:
// the bulk read stopped at its transaction time limit.
type slowOnce struct {
	*storetest.Memory
	failed bool
}

func (s *slowOnce) Load(ctx context.Context) (career.Dataset, uint64, error) {
	if !s.failed {
		s.failed = true
		return career.Dataset{}, 0, fmt.Errorf("neo4j stopped the transaction at its time limit (Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration): %w", context.DeadlineExceeded)
	}
	return s.Memory.Load(ctx)
}

// Issue 28 (bench/judged): a replica whose first load ran past the
// store's time limit exited 1 instead of trying again.
func TestStartRetriesALoadTheStoreStoppedAtItsTimeLimit(t *testing.T) {
	ctx, m := onMemory(t)
	st := &slowOnce{Memory: m}
	a := guideApp(t, st)
	if err := a.loadRetrying(ctx); err != nil {
		t.Fatalf("the start gave up: %v", err)
	}
	if !st.failed || a.live.Graph() == nil {
		t.Fatal("no load failed, or none succeeded after")
	}
}

// Issue 28 (bench/judged's run 5): of two replicas started together on an
// empty Neo4j, one exited 1 on "the store has changed since the write was
// planned: neo4j: Neo.TransientError.Transaction.DeadlockDetected" (the
// two creating the schema, or seeding, at once). A start retries it.
func TestStartRetriesADeadlockWithAnotherReplicaStarting(t *testing.T) {
	ctx, m := onMemory(t)
	a := guideApp(t, m)
	tries := 0
	a.connect = func(context.Context) error {
		if tries++; tries == 1 {
			return fmt.Errorf("%w: neo4j: Neo.TransientError.Transaction.DeadlockDetected", store.ErrStale)
		}
		return nil
	}
	if err := a.loadRetrying(ctx); err != nil {
		t.Fatalf("the start gave up: %v", err)
	}
	if tries != 2 || a.live.Graph() == nil {
		t.Fatalf("%d tries, graph %v", tries, a.live.Graph() != nil)
	}
}

// Issue 28: a replica starting while another's batched import lands ran
// the whole import itself, on a snapshot each landing batch made stale
// (up to five times, then a fatal start). It now sees the store's batching
// marker, says "importing" in /readyz, waits for the batches, and loads
// the import without running it.
func TestReplicaStartingDuringABatchedImportWaitsForIt(t *testing.T) {
	ctx, m := onMemory(t)
	// a's import lands in 3 batches (after its seed, which is one write).
	a, runsA := memoryApp(t, m, 5, func() { m.Batch = 2 })
	b, runsB := memoryApp(t, m, 5, nil)
	bDone := make(chan error, 1)
	var started, sawImporting atomic.Bool
	m.BetweenBatches = func() {
		if !started.CompareAndSwap(false, true) {
			return
		}
		// b starts after a's first batch, and a's next batch waits until
		// b says it waits for it, or b has started without waiting.
		go func() { bDone <- b.load(ctx) }()
		for ctx.Err() == nil {
			if readyzStatus(b) == "importing" {
				sawImporting.Store(true)
				return
			}
			select {
			case err := <-bDone:
				bDone <- err
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}
	if err := a.load(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-bDone; err != nil {
		t.Fatal(err)
	}
	if runsA.Load() != 1 || runsB.Load() != 0 {
		t.Errorf("the import ran %d times on a and %d on b, want once on a only", runsA.Load(), runsB.Load())
	}
	if !sawImporting.Load() {
		t.Error(`b's /readyz never said "importing" while a's batches landed`)
	}
	v, _ := m.Version(ctx)
	for name, x := range map[string]*app{"a": a, "b": b} {
		if g := x.live.Graph(); g.Version() != v || g.Role("role:imported-4") == nil || !x.loaded.Load() {
			t.Errorf("%s serves version %d (store at %d) without the whole import, or is not loaded", name, g.Version(), v)
		}
	}
	if until, _ := m.Meta(ctx, store.BatchingKey); until != "" {
		t.Errorf("the batching marker is left at %q after the last batch", until)
	}
}

// cutAfterFirstBatch opens the configured store (TEST_STORE=neo4j: Neo4j)
// as another replica's import leaves it after the first of its three
// batches: the seed, part of the import, and store.BatchingKey two
// versions ahead (where the import, done again here in one write, leaves
// the store). It returns a server over it whose import is 5 roles, and
// the counter of that import's runs.
func cutAfterFirstBatch(ctx context.Context, t *testing.T) (*app, store.Store, uint64, *atomic.Int32) {
	t.Helper()
	cfg := testConfig(t, t.TempDir())
	st, connect, err := openStore(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a, runs := memoryApp(t, st, 5, nil)
	a.connect = connect
	if connect != nil {
		if err := connect(ctx); err != nil {
			t.Fatal(err)
		}
	}
	seeded(ctx, t, a.live)
	v, _ := st.Version(ctx)
	part := career.Dataset{Roles: []career.Role{{ID: "role:imported-0", Slug: "imported-0", Name: "Imported"}}}
	if _, err := st.Apply(ctx, store.Write{Upsert: part, Meta: map[string]string{store.BatchingKey: fmt.Sprint(v + 2)}}); err != nil {
		t.Fatal(err)
	}
	return a, st, v + 2, runs
}

// The same wait on the configured store (Neo4j under TEST_STORE=neo4j):
// a start that finds another replica's import landing says "importing"
// and waits; once the last batch lands, it loads the import.
func TestStartWaitsForABatchedImportLanding(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	a, st, until, runs := cutAfterFirstBatch(ctx, t)
	done := make(chan error, 1)
	go func() { done <- a.load(ctx) }()
	for readyzStatus(a) != "importing" {
		select {
		case err := <-done:
			t.Fatalf("the start ended (%v) without waiting for the import landing", err)
		case <-ctx.Done():
			t.Fatal(`/readyz never said "importing"`)
		case <-time.After(5 * time.Millisecond):
		}
	}
	// The other replica's last batch.
	var rest career.Dataset
	for i := 1; i < 5; i++ {
		rest.Roles = append(rest.Roles, career.Role{ID: fmt.Sprintf("role:imported-%d", i), Slug: fmt.Sprintf("imported-%d", i), Name: "Imported"})
	}
	if _, err := st.Apply(ctx, store.Write{Upsert: rest, Meta: map[string]string{store.BatchingKey: "", openDataKey: seed.OpenDataVersion}}); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if g := a.live.Graph(); runs.Load() != 0 || g.Version() != until || g.Role("role:imported-4") == nil {
		t.Errorf("the start ran the import %d times (want 0) and serves version %d (want %d, the import's)", runs.Load(), g.Version(), until)
	}
	if s := readyzStatus(a); s != "ready" {
		t.Errorf("/readyz says %q after the load", s)
	}
}

// A batched import cut short (its server killed between two batches)
// leaves the batching marker behind and the version standing still: the
// next start waits for it only batchStall, then imports itself.
func TestStartAfterABatchedImportCutShortImportsAgain(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	a, _, _, runs := cutAfterFirstBatch(ctx, t)
	a.batchStall = 300 * time.Millisecond
	start := time.Now()
	if err := a.load(ctx); err != nil {
		t.Fatal(err)
	}
	if runs.Load() != 1 || a.live.Graph().Role("role:imported-4") == nil {
		t.Fatalf("the start after a cut-short import ran it %d times, want once (and its graph has imported-4: %v)", runs.Load(), a.live.Graph().Role("role:imported-4") != nil)
	}
	if took := time.Since(start); took < a.batchStall {
		t.Errorf("imported after %v, before the batches stood still for %v", took, a.batchStall)
	}
}

// bigWritesDuringLoads makes every load of m overlap a write too large
// for its change log, as loads during another replica's import do on
// Neo4j (store.ErrBusy after five tries), until stop is set.
func bigWritesDuringLoads(t *testing.T, m *storetest.Memory, stop *atomic.Bool) {
	m.MaxLogged = 1
	n := 0
	m.DuringLoad = func() {
		if stop.Load() {
			return
		}
		n++
		big := career.Dataset{Roles: []career.Role{{ID: fmt.Sprint("role:big-a", n), Slug: fmt.Sprint("big-a", n), Name: "Big"}, {ID: fmt.Sprint("role:big-b", n), Slug: fmt.Sprint("big-b", n), Name: "Big"}}}
		if _, err := m.Apply(context.Background(), store.Write{Upsert: big}); err != nil {
			t.Error(err)
		}
	}
}

// Issue 28 E/4: a start whose loads keep overlapping another replica's
// big writes (its import's batches, too large to log) says "importing" in
// /readyz, not "unavailable", retries, and loads once they stop (on Neo4j
// only until the in-memory store's Load read at read-committed too).
func TestStartDuringBigWritesSaysImportingThenLoads(t *testing.T) {
	ctx, m := onMemory(t)
	seeded(ctx, t, store.NewLive(m, quiet()))
	var stop atomic.Bool
	bigWritesDuringLoads(t, m, &stop)
	a, _ := memoryApp(t, m, 1, nil)
	a.cfg.OpenData = false
	done := make(chan error, 1)
	go func() { done <- a.loadRetrying(ctx) }()
	for readyzStatus(a) != "importing" {
		select {
		case err := <-done:
			t.Fatalf(`the start ended (%v) and /readyz never said "importing"`, err)
		case <-ctx.Done():
			t.Fatal(`/readyz never said "importing"`)
		case <-time.After(2 * time.Millisecond):
		}
	}
	stop.Store(true)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	v, _ := m.Version(ctx)
	if g := a.live.Graph(); g.Version() != v || readyzStatus(a) != "ready" {
		t.Errorf("after the big writes: serving version %d (store at %d), /readyz %q", g.Version(), v, readyzStatus(a))
	}
}

// A serving replica whose reload overlaps another's big writes keeps
// serving its snapshot, "ready" (not "degraded": the store answers), says
// so in its log, and catches up once they stop.
func TestPollDuringBigWritesKeepsServingThenCatchesUp(t *testing.T) {
	ctx, m := onMemory(t)
	a, _ := memoryApp(t, m, 1, nil)
	a.cfg.OpenData = false
	var logs testkit.LockedBuffer
	a.log = slog.New(slog.NewTextHandler(&logs, nil))
	if err := a.load(ctx); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	bigWritesDuringLoads(t, m, &stop)
	// Another replica's big write: the poller must load everything.
	if _, err := m.Apply(ctx, store.Write{Upsert: career.Dataset{Roles: []career.Role{{ID: "role:x", Slug: "x", Name: "X"}, {ID: "role:y", Slug: "y", Name: "Y"}}}}); err != nil {
		t.Fatal(err)
	}
	pctx, stopPoll := context.WithCancel(ctx)
	polled := make(chan struct{})
	go func() { a.poll(pctx); close(polled) }()
	defer func() { stopPoll(); <-polled }()
	for !strings.Contains(logs.String(), "another replica is importing") {
		if s := readyzStatus(a); s != "ready" {
			t.Fatalf("/readyz says %q while the store is busy", s)
		}
		select {
		case <-ctx.Done():
			t.Fatal("the poller never said another replica is importing")
		case <-time.After(2 * time.Millisecond):
		}
	}
	stop.Store(true)
	for {
		v, _ := m.Version(ctx)
		if a.live.Graph().Version() == v {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the poller did not catch up: version %d, store at %d", a.live.Graph().Version(), v)
		case <-time.After(2 * time.Millisecond):
		}
	}
	if s := readyzStatus(a); s != "ready" {
		t.Errorf("/readyz says %q once caught up", s)
	}
}

// A replica whose own batched import failed after its first batch (seen
// in bench/judged: a batch refused by a Neo4j at load 35) does not wait
// for it to land on the retry of its start: the store's batching marker
// names its own write, which nobody is landing. It waited batchStall.
func TestStartRetryAfterItsOwnImportCutShortDoesNotWait(t *testing.T) {
	ctx, m := onMemory(t)
	a, runs := memoryApp(t, m, 5, func() { m.Batch = 2 })
	a.batchStall = time.Hour
	cut, stop := context.WithCancel(ctx)
	m.BetweenBatches = func() { m.BetweenBatches = nil; stop() }
	if err := a.load(cut); err == nil {
		t.Fatal("the import went on after its context ended")
	}
	if until, _, _ := store.Batching(ctx, m); until == 0 {
		t.Fatal("no batching marker left by the cut-short import")
	}
	if err := a.load(ctx); err != nil { // with batchStall an hour, a wait would end at ctx's minute
		t.Fatal(err)
	}
	if runs.Load() != 2 || a.live.Graph().Role("role:imported-4") == nil {
		t.Errorf("the import ran %d times (want 2), or its graph lacks it", runs.Load())
	}
}
