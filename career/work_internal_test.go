package career

import (
	"reflect"
	"sync/atomic"
	"testing"
)

// stoppedBy runs f and reports whether it stopped with ErrStopped.
func stoppedBy(f func()) (stopped bool) {
	defer func() {
		if p := recover(); p != nil {
			if p != ErrStopped {
				panic(p)
			}
			stopped = true
		}
	}()
	f()
	return false
}

// A metered read counts what it visits and stops once its caller gives
// up; the snapshot it reads, unmetered, is unchanged and answers whole.
func TestMeteredReadsCountAndStop(t *testing.T) {
	g, err := Build(loadCurated(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	open := NewWork(make(chan struct{}))
	roles := g.Metered(open).Roles(RoleFilter{Query: "dev"}, Order{})
	if len(roles) == 0 || open.Visited() < int64(len(g.roles.list)) || open.Stopped() {
		t.Errorf("a filter over %d roles found %d and counted %d records", len(g.roles.list), len(roles), open.Visited())
	}

	closed := make(chan struct{})
	close(closed)
	w := NewWork(closed)
	if !stoppedBy(func() { g.Metered(w).Roles(RoleFilter{Query: "dev"}, Order{}) }) || !w.Stopped() {
		t.Error("a scan went on after its caller gave up")
	}
	if !stoppedBy(func() { g.Metered(NewWork(closed)).Search("dev", nil, 5) }) {
		t.Error("a search went on after its caller gave up")
	}
	if got := g.Roles(RoleFilter{Query: "dev"}, Order{}); len(got) != len(roles) {
		t.Errorf("unmetered after the stops: %d roles, want %d", len(got), len(roles))
	}
}

// A metered read waiting for an index stops waiting when its caller gives
// up; the index is built once, whole, for the next reader.
func TestWaitForAnIndexStops(t *testing.T) {
	g, err := Build(loadCurated(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	var l lazy[int]
	var builds atomic.Int32
	release := make(chan struct{})
	build := func(*Graph) int { builds.Add(1); <-release; return 7 }
	done := make(chan struct{})
	stopped := make(chan bool)
	for range 3 {
		go func() { stopped <- stoppedBy(func() { wait(g.Metered(NewWork(done)), &l, build) }) }()
	}
	close(done) // the build is still blocked: the waiters must not be
	for range 3 {
		if !<-stopped {
			t.Fatal("a waiter returned before the index was built")
		}
	}
	close(release)
	<-l.built()
	if v := wait(g, &l, build); v != 7 || builds.Load() != 1 {
		t.Errorf("after the waiters left: value %d, built %d times", v, builds.Load())
	}
}

// Counts answers the counts of Stats without computing its hubs (their
// betweenness takes seconds on the full graph): graphStats asking for
// counts only once passed a request's deadline right after a start.
func TestCountsWithoutBetweenness(t *testing.T) {
	g, err := Build(loadCurated(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	c := g.Counts()
	if g.StatsReady() {
		t.Error("Counts computed the hubs")
	}
	st := g.Stats()
	if !reflect.DeepEqual(c.Nodes, st.Nodes) || !reflect.DeepEqual(c.Relationships, st.Relationships) || !reflect.DeepEqual(c.TransitionKinds, st.TransitionKinds) {
		t.Errorf("Counts %+v, Stats %+v", c, st)
	}
	if len(c.Nodes) == 0 || len(c.TransitionKinds) == 0 || len(st.Hubs) == 0 {
		t.Errorf("empty: %d nodes, %d transition kinds, %d hubs", len(c.Nodes), len(c.TransitionKinds), len(st.Hubs))
	}
}

// Stats adds the hubs to Counts' memoised result rather than counting
// again: asked first, it leaves Counts' memo filled, with the same lists.
func TestStatsReusesCounts(t *testing.T) {
	g, err := Build(loadCurated(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	st := g.Stats()
	if !g.StatsReady() {
		t.Error("Stats left StatsReady false")
	}
	c := g.Counts()
	if len(c.Nodes) == 0 || len(c.TransitionKinds) == 0 || &c.Nodes[0] != &st.Nodes[0] || &c.TransitionKinds[0] != &st.TransitionKinds[0] {
		t.Error("Stats counted again: its lists are not Counts' memoised ones")
	}
}
