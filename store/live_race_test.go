package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// onMemory returns n replicas loaded over one in-memory store.
func onMemory(t *testing.T, n int) (*storetest.Memory, []*store.Live) {
	t.Helper()
	m := storetest.NewMemory()
	var out []*store.Live
	for range n {
		l := store.NewLive(m, quiet)
		loadSeed(t, l)
		out = append(out, l)
	}
	return m, out
}

// loadSeed loads the curated seed into l, as a start does.
func loadSeed(t testing.TB, l *store.Live) {
	t.Helper()
	curated, digest, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Load(context.Background(), curated, digest); err != nil {
		t.Fatalf("loading the seed: %v", err)
	}
}

// D: a write waits for the one before it only as long as its context
// allows (the lock was a mutex: a write hung past its deadline).
func TestWriteLockHonoursTheContext(t *testing.T) {
	m, ls := onMemory(t, 1)
	a := ls[0]
	entered, release := holdFirstApply(m)
	done := make(chan error, 1)
	go func() { _, err := a.Upsert(context.Background(), newRole("slow"), nil); done <- err }()
	<-entered
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	second := make(chan error, 1)
	go func() { _, err := a.Upsert(ctx, newRole("waits"), nil); second <- err }()
	select {
	case err := <-second:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("second write: %v, want its deadline", err)
		}
	case <-time.After(5 * time.Second):
		close(release)
		t.Fatal("the second write waited past its deadline for the one before")
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if a.Graph().Role("role:waits") != nil {
		t.Fatal("a write that gave up reached the snapshot")
	}
}

// D: a replica catches up with another's writes while its own write is
// stuck in the store (the poller reloaded holding the writers' lock, so a
// replica stayed stale and "ready" for as long as a write hung).
func TestRefreshDoesNotWaitForWriters(t *testing.T) {
	m, ls := onMemory(t, 2)
	a, b := ls[0], ls[1]
	ctx := context.Background()
	// Two writes: the store moves by more than a's write in flight can
	// account for.
	for _, slug := range []string{"from-b", "from-b2"} {
		if _, err := b.Upsert(ctx, newRole(slug), nil); err != nil {
			t.Fatal(err)
		}
	}
	entered, release := holdFirstApply(m)
	done := make(chan error, 1)
	go func() { _, err := a.Upsert(ctx, newRole("from-a"), nil); done <- err }()
	<-entered
	refreshed := make(chan error, 1)
	go func() { _, err := a.Refresh(ctx); refreshed <- err }()
	select {
	case err := <-refreshed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		close(release)
		t.Fatal("Refresh waited for the write in flight")
	}
	if a.Graph().Role("role:from-b") == nil {
		t.Fatal("a did not catch up with b's write")
	}
	close(release)
	// a's write was planned before the refresh: stale, planned again.
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if a.Graph().Role("role:from-a") == nil || a.Graph().Role("role:from-b") == nil {
		t.Fatal("a lost a write")
	}
}

// G: a poll that reads the version between a replica's own commit and its
// swap does not reload (it did: the version had moved past the snapshot).
func TestOwnWriteDoesNotMakeThePollerReload(t *testing.T) {
	m, ls := onMemory(t, 1)
	a := ls[0]
	ctx := context.Background()
	var moved bool
	var perr error
	m.AfterApply = func(uint64) { moved, perr = a.Refresh(ctx) }
	loads := m.Loads()
	if _, err := a.Upsert(ctx, newRole("own"), nil); err != nil {
		t.Fatal(err)
	}
	m.AfterApply = nil
	if perr != nil || moved || m.Loads() != loads {
		t.Fatalf("the poll between commit and swap: moved %v, err %v, %d loads", moved, perr, m.Loads()-loads)
	}
	// A write by another replica in the same window is more than the
	// write: that one is reloaded.
	m2, ls2 := onMemory(t, 2)
	a, b := ls2[0], ls2[1]
	m2.AfterApply = func(v uint64) {
		m2.AfterApply = nil
		if _, err := b.Upsert(ctx, newRole("other"), nil); err != nil {
			t.Error(err)
		}
		moved, perr = a.Refresh(ctx)
	}
	if _, err := a.Upsert(ctx, newRole("own"), nil); err != nil {
		t.Fatal(err)
	}
	if perr != nil || !moved || a.Graph().Role("role:other") == nil || a.Graph().Role("role:own") == nil {
		t.Fatalf("another replica's write in the window: moved %v, err %v", moved, perr)
	}
}

// A reload that finds the snapshot at the store's version already (the
// reload before it, or the replica's own write, got there between the
// poll's version check and the reload) does not load the whole store: it
// did, in judged run 6 a full Neo4j load took 6 s of CPU during 40 s of
// paced writes.
func TestReloadWhenCurrentLoadsNothing(t *testing.T) {
	m, ls := onMemory(t, 2)
	a, b := ls[0], ls[1]
	ctx := context.Background()
	if _, err := b.Upsert(ctx, newRole("from-b"), nil); err != nil {
		t.Fatal(err)
	}
	// a catches up from the log (a poll), then a second poll that had seen
	// the same version move runs its reload.
	if moved, err := a.Refresh(ctx); err != nil || !moved {
		t.Fatalf("the first poll: moved %v, %v", moved, err)
	}
	loads := m.Loads()
	moved, err := a.Reload(ctx)
	if err != nil || moved || m.Loads() != loads {
		t.Fatalf("a reload with nothing to do: moved %v, err %v, %d whole loads", moved, err, m.Loads()-loads)
	}
	if a.Graph().Role("role:from-b") == nil {
		t.Fatal("a lost b's write")
	}
}

// A background build given up because a newer snapshot came makes the
// warmer wait twice as long before the next, and a build that finishes
// resets the wait: under writes every tenth of a second it started a
// whole-graph build after each write, only to give it up at the next.
func TestWarmerBacksOffWhileWritesKeepComing(t *testing.T) {
	ctx := context.Background()
	a := store.NewLive(storetest.NewMemory(), quiet)
	var mu sync.Mutex
	var waits []time.Duration
	builds, done := 0, make(chan struct{})
	a.PaceWarmer(func(d time.Duration) {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
	}, func(g *career.Graph, stop func() bool) bool {
		builds++
		if builds <= 3 { // a write lands during the build: it is given up
			if _, err := a.Upsert(ctx, newRole(fmt.Sprint("during-", builds)), nil); err != nil {
				t.Error(err)
			}
		}
		ok := g.WarmUntil(stop)
		if builds == 4 {
			close(done)
		}
		return ok
	})
	loadSeed(t, a)
	<-done
	mu.Lock()
	defer mu.Unlock()
	ms := time.Millisecond
	if want := []time.Duration{100 * ms, 200 * ms, 400 * ms, 800 * ms}; !slices.Equal(waits, want) {
		t.Fatalf("the warmer waited %v, want %v", waits, want)
	}
}

// F: two replicas seeding an empty store at once both start (one exited:
// "apply seed: planned on version 0, store is at 1").
func TestTwoReplicasSeedAnEmptyStoreTogether(t *testing.T) {
	m := storetest.NewMemory()
	a, b := store.NewLive(m, quiet), store.NewLive(m, quiet)
	// b seeds while a's seed is on its way to the store: a's is stale.
	m.BeforeApply = func(store.Write) {
		m.BeforeApply = nil
		loadSeed(t, b)
	}
	loadSeed(t, a) // the second replica to seed
	if a.Graph().Version() != b.Graph().Version() || a.Graph().Role("role:developpeur-back-end") == nil {
		t.Fatalf("a at %d, b at %d", a.Graph().Version(), b.Graph().Version())
	}
}

// A store restored from a backup goes back to an older version: replicas
// follow it (they kept the newer snapshot, and refused every write as
// stale, forever).
func TestStoreGoingBackIsFollowed(t *testing.T) {
	m, ls := onMemory(t, 1)
	a := ls[0]
	ctx := context.Background()
	backup := m.Backup()
	for i := range 3 {
		if _, err := a.Upsert(ctx, newRole(fmt.Sprint("later", i)), nil); err != nil {
			t.Fatal(err)
		}
	}
	m.Restore(backup)
	moved, err := a.Refresh(ctx)
	if err != nil || !moved {
		t.Fatalf("Refresh after the restore: %v, %v", moved, err)
	}
	v, _ := m.Version(ctx)
	if a.Graph().Version() != v || a.Graph().Role("role:later0") != nil {
		t.Fatalf("snapshot at %d, store at %d", a.Graph().Version(), v)
	}
	if _, err := a.Upsert(ctx, newRole("after-restore"), nil); err != nil {
		t.Fatalf("write after the restore: %v", err)
	}
}

// A replica a few writes behind replays the log instead of loading the
// whole graph, deletes and their cascade included, and lands on what the
// store holds.
func TestReplicaReplaysTheChangeLog(t *testing.T) {
	m, ls := onMemory(t, 2)
	a, b := ls[0], ls[1]
	ctx := context.Background()
	if _, err := a.Upsert(ctx, newRole("one"), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Change(ctx, func(cur *career.Graph) (store.Write, error) {
		removed, err := cur.Delete([]string{"role:data-engineer"}, nil)
		return store.Write{Delete: removed}, err
	}); err != nil {
		t.Fatal(err)
	}
	loads := m.Loads()
	if moved, err := b.Refresh(ctx); err != nil || !moved {
		t.Fatalf("Refresh: %v, %v", moved, err)
	}
	if m.Loads() != loads {
		t.Error("b loaded the whole graph to follow two small writes")
	}
	sameAsStore(t, m, b.Graph())
	// A write too large to log: the replica loads everything.
	loads = m.Loads()
	m.MaxLogged = 1
	if _, err := a.Upsert(ctx, career.Dataset{Roles: []career.Role{{ID: "role:x", Slug: "x", Name: "X"}, {ID: "role:y", Slug: "y", Name: "Y"}}}, nil); err != nil {
		t.Fatal(err)
	}
	if moved, err := b.Refresh(ctx); err != nil || !moved || m.Loads() != loads+1 {
		t.Fatalf("Refresh past a write too large to log: %v, %v, %d loads", moved, err, m.Loads()-loads)
	}
	sameAsStore(t, m, b.Graph())
}

func sameAsStore(t *testing.T, m *storetest.Memory, g *career.Graph) {
	t.Helper()
	ds, v, err := m.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if g.Version() != v || string(store.Canonical(g.Dataset())) != string(store.Canonical(ds)) {
		t.Fatalf("snapshot at %d differs from the store at %d", g.Version(), v)
	}
}

// Replicas writing and polling at once (run it with -race): every
// acknowledged write is kept, and every replica ends on what the store
// holds.
func TestReplicasWritingAndPollingTogether(t *testing.T) {
	m, ls := onMemory(t, 3)
	ctx := context.Background()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var acked sync.Map
	for i, l := range ls {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := range 15 {
				slug := fmt.Sprintf("r%d-%d", i, j)
				if _, err := l.Upsert(ctx, newRole(slug), nil); err != nil {
					t.Error(err)
					return
				}
				acked.Store("role:"+slug, true)
			}
		}()
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := l.Refresh(ctx); err != nil {
					t.Error(err)
					return
				}
				runtime.Gosched()
			}
		}()
	}
	time.Sleep(10 * time.Millisecond)
	for {
		done := 0
		acked.Range(func(any, any) bool { done++; return true })
		if done == 45 || t.Failed() {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	for _, l := range ls {
		if _, err := l.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		sameAsStore(t, m, l.Graph())
		acked.Range(func(k, _ any) bool {
			if l.Graph().Role(k.(string)) == nil {
				t.Errorf("acknowledged %s is missing", k)
			}
			return true
		})
	}
}

// A: a burst of writes runs at most one background index build at a time
// (each snapshot started its own, 5 at once in a goroutine dump), and the
// last snapshot is the one warmed.
func TestBurstOfWritesWarmsOnce(t *testing.T) {
	// The warmers of the other tests' replicas end first.
	for deadline := time.Now().Add(30 * time.Second); warmers() > 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	_, ls := onMemory(t, 1)
	a := ls[0]
	ctx := context.Background()
	most := 0
	for i := range 60 {
		if _, err := a.Upsert(ctx, newRole(fmt.Sprint("burst", i)), nil); err != nil {
			t.Fatal(err)
		}
		most = max(most, warmers())
	}
	if most > 1 {
		t.Fatalf("%d background index builds at once", most)
	}
	deadline := time.Now().Add(20 * time.Second)
	for a.Warming() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if a.Warming() || warmers() != 0 {
		t.Fatal("the warmer did not finish")
	}
}

// warmers counts the goroutines running Live's background indexing.
func warmers() int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "store.(*Live).warm") {
			n++
		}
	}
	return n
}

// K (confirmed): a batched write between two transactions of which
// another replica wrote swapped in a snapshot without that write, at a
// version that said it was current, so the replica never caught up.
func TestBatchedWriteKeepsAnotherReplicasWriteBetweenItsBatches(t *testing.T) {
	m, ls := onMemory(t, 2)
	a, b := ls[0], ls[1]
	ctx := context.Background()
	m.Batch = 2
	m.BetweenBatches = func() {
		m.BetweenBatches = nil
		if _, err := b.Upsert(ctx, newRole("between"), nil); err != nil {
			t.Error(err)
		}
	}
	big := career.Dataset{}
	for i := range 5 {
		big.Roles = append(big.Roles, newRole(fmt.Sprint("big", i)).Roles...)
	}
	g, err := a.Upsert(ctx, big, nil)
	if err != nil {
		t.Fatal(err)
	}
	if g.Role("role:between") == nil || a.Graph().Role("role:between") == nil || g.Role("role:big4") == nil {
		t.Fatal("the snapshot after the batched write lacks the write made between its batches")
	}
	sameAsStore(t, m, a.Graph())
	// Without another write in between, the write's own snapshot is kept.
	loads := m.Loads()
	big.Roles[0].Name = "renamed"
	if _, err := a.Upsert(ctx, big, nil); err != nil {
		t.Fatal(err)
	}
	if m.Loads() != loads {
		t.Error("a batched write nobody interleaved reloaded the store")
	}
	sameAsStore(t, m, a.Graph())
}

// holdFirstApply stops the store's first apply until release is closed;
// entered is sent on when it has begun.
func holdFirstApply(m *storetest.Memory) (entered, release chan struct{}) {
	release, entered = make(chan struct{}), make(chan struct{})
	var first sync.Once
	m.BeforeApply = func(store.Write) {
		first.Do(func() {
			entered <- struct{}{}
			<-release
		})
	}
	return entered, release
}

// C on the in-memory store, whose loads read nodes and relationships
// apart as Neo4j's do (read-committed): a replica starting while another
// writes between the two reads of each of its loads (a role and a
// transition to it: torn, the read has the transition and not its end;
// then a role deleted with its relationships) starts, on exactly what the
// store holds, the writes replayed from the log over the torn read.
func TestReplicaStartsUnderSteadyWrites(t *testing.T) {
	m, ls := onMemory(t, 1)
	a := ls[0]
	ctx := context.Background()
	writes := 0
	m.DuringLoad = func() {
		writes++
		steadyWrite(t, a, writes)
		if writes == 1 {
			if _, err := a.Change(ctx, func(cur *career.Graph) (store.Write, error) {
				removed, err := cur.Delete([]string{"role:data-engineer"}, nil)
				return store.Write{Delete: removed}, err
			}); err != nil {
				t.Error(err)
			}
		}
	}
	b := store.NewLive(m, quiet)
	loadSeed(t, b) // a replica starting under steady writes
	m.DuringLoad = nil
	if writes == 0 || b.Graph().Role("role:steady1") == nil || b.Graph().Role("role:data-engineer") != nil {
		t.Fatalf("%d writes during the load; the start missed them", writes)
	}
	sameAsStore(t, m, b.Graph())
}

// A replica more versions behind than the change log keeps loads the
// whole graph; writes go on while it loads and builds, more of them than
// the log keeps, and the snapshot it swaps in must still be the store's
// current one: it read the log meanwhile and replays it over the load.
// It swapped in the version it had loaded, already past the log, and
// every poll loaded everything again (judged run 6: replica b at 661, the
// store at 1218, "ready").
func TestReplicaFarBehindConvergesUnderSteadyWrites(t *testing.T) {
	const keep = 8
	for _, start := range []bool{false, true} {
		t.Run(fmt.Sprintf("start=%v", start), func(t *testing.T) {
			m, ls := onMemory(t, 2)
			a, b := ls[0], ls[1]
			m.Keep = keep
			ctx := context.Background()
			writes := 0
			write := func() {
				writes++
				steadyWrite(t, a, writes)
			}
			// b falls further behind than the log keeps.
			for range 2 * keep {
				write()
			}
			if start {
				b = store.NewLive(m, quiet)
			}
			tick := make(chan time.Time)
			builds := 0
			var behind, at uint64
			b.SlowBuild(func(ds career.Dataset, v uint64) (*career.Graph, error) {
				builds++
				// 3 logs' worth of writes during the build, b reading the log
				// after every keep/2 of them (each send returns once b took
				// the one before: b has read the log).
				for i := range 3 * keep {
					write()
					if i == keep {
						if _, err := a.Change(ctx, func(cur *career.Graph) (store.Write, error) {
							removed, err := cur.Delete([]string{"role:steady3"}, nil)
							return store.Write{Delete: removed}, err
						}); err != nil {
							t.Error(err)
						}
					}
					if i%(keep/2) == keep/2-1 {
						tick <- time.Now()
						tick <- time.Now()
					}
				}
				behind, at = b.Behind()
				return career.Build(ds, v)
			}, tick)
			loads := m.Loads()
			if start {
				loadSeed(t, b)
			} else if moved, err := b.Refresh(ctx); err != nil || !moved {
				t.Fatalf("Refresh: moved %v, %v", moved, err)
			}
			if builds != 1 || m.Loads() != loads+1 {
				t.Fatalf("%d builds, %d whole loads: want one of each", builds, m.Loads()-loads)
			}
			// While it loads, it says how far behind it is (a starting one
			// has no snapshot yet: it says "loading").
			if v, _ := m.Version(ctx); at != v || !start && behind < 3*keep {
				t.Errorf("during the build: %d behind the store at %d; want at least %d behind %d", behind, at, 3*keep, v)
			}
			sameAsStore(t, m, b.Graph())
			if b.Graph().Role("role:steady3") != nil || b.Graph().Role(fmt.Sprint("role:steady", writes)) == nil {
				t.Error("the replay missed a write")
			}
			if n, _ := b.Behind(); n != 0 {
				t.Errorf("%d behind once current", n)
			}
			// Current: the next write is replayed from the log, not loaded.
			loads = m.Loads()
			write()
			if moved, err := b.Refresh(ctx); err != nil || !moved || m.Loads() != loads || builds != 1 {
				t.Fatalf("the next poll: moved %v, %v, %d whole loads", moved, err, m.Loads()-loads)
			}
			sameAsStore(t, m, b.Graph())
		})
	}
}

// steadyWrite makes a write of a's under steady writes: role steady<n>
// and a transition to it.
func steadyWrite(t *testing.T, a *store.Live, n int) {
	t.Helper()
	slug := fmt.Sprint("steady", n)
	w := newRole(slug)
	w.Transitions = []career.Transition{{FromID: "role:developpeur-back-end", ToID: "role:" + slug, Kind: career.Mobility, Rank: 1}}
	if _, err := a.Upsert(context.Background(), w, nil); err != nil {
		t.Error(err)
	}
}
