package career

import (
	"errors"
	"sync/atomic"
)

// Work meters the reads of one request on a snapshot (Graph.Metered): how
// many records they visited, and whether the caller has given up (its
// done channel closed: deadline, client gone, shutdown). A metered read
// looks at done at every visit, so a scan, a search or a wait for an
// index stops within a few records of it instead of running to its end;
// it stops by panicking with ErrStopped, which the API recovers per field
// (a snapshot is immutable and every index is built unmetered, so an
// unwound read leaves nothing half done).
type Work struct {
	visited atomic.Int64
	done    <-chan struct{}
	stopped atomic.Bool
}

// ErrStopped is what a metered read panics with once its Work is done.
var ErrStopped = errors.New("the read was stopped: its caller gave up")

// NewWork meters a read that stops when done is closed (nil: never).
func NewWork(done <-chan struct{}) *Work { return &Work{done: done} }

// Visited is how many records the reads metered by w visited.
func (w *Work) Visited() int64 { return w.visited.Load() }

// Stopped reports whether a read metered by w was stopped.
func (w *Work) Stopped() bool { return w.stopped.Load() }

// check panics with ErrStopped once w's caller has given up.
func (w *Work) check() {
	if w.done == nil {
		return
	}
	select {
	case <-w.done:
		w.stopped.Store(true)
		panic(ErrStopped)
	default:
	}
}

// Metered is g read under w: the same snapshot (indexes included), whose
// reads count their records in w and stop when w is done. Indexes built
// on a metered graph are built from g itself, unmetered and whole. It
// shares g's snapshot: three words, not a copy of it.
func (g *Graph) Metered(w *Work) *Graph {
	return &Graph{snapshot: g.snapshot, work: w, root: g.unmetered()}
}

// clone is g with a copy of its snapshot, for a caller to change.
func (g *Graph) clone() *Graph {
	s := *g.snapshot
	return &Graph{snapshot: &s, work: g.work, root: g.root}
}

// Work is the meter of g's reads, or nil when g is not metered.
func (g *Graph) Work() *Work { return g.work }

// unmetered is the snapshot g meters, or g.
func (g *Graph) unmetered() *Graph {
	if g.root != nil {
		return g.root
	}
	return g
}

// Visit counts n records visited by a read of g (a scan's, a search's, or
// the items of a list handed out), and stops it if its caller gave up.
// Every loop over a table, an index or a search frontier in career/ and
// linker/ calls it, a stride at a time, so that Work.Visited is what a
// request really visited (graph's price test holds it to the price).
func (g *Graph) Visit(n int) {
	if w := g.work; w != nil {
		w.visited.Add(int64(n))
		w.check()
	}
}

// done is closed when the caller of a metered read gives up (nil: never).
func (g *Graph) done() <-chan struct{} {
	if g.work == nil {
		return nil
	}
	return g.work.done
}

// stride is how many records a loop visits between two Visit calls.
const stride = 64

// visitList counts a list handed out whole (an index's entry).
func visitList[T any](g *Graph, l []T) []T {
	if g.work != nil {
		g.Visit(len(l))
	}
	return l
}

// wait returns l's value, building it with build (from the unmetered
// snapshot) if no one has yet. A metered read whose caller gives up while
// the index is being built stops (ErrStopped); the build goes on for the
// next reader, once.
func wait[T any](g *Graph, l *lazy[T], build func(*Graph) T) T {
	if l.ready.Load() {
		return l.v
	}
	base := g.unmetered()
	if g.work == nil || g.work.done == nil {
		return l.get(func() T { return build(base) })
	}
	built := l.built()
	go l.get(func() T { return build(base) })
	select {
	case <-built:
		return l.v
	case <-g.work.done:
		g.work.stopped.Store(true)
		panic(ErrStopped)
	}
}

// built is closed once l's value is set.
func (l *lazy[T]) built() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ch == nil {
		l.ch = make(chan struct{})
		if l.ready.Load() {
			close(l.ch)
		}
	}
	return l.ch
}

// set records v as l's value and wakes its waiters (under l.once).
func (l *lazy[T]) set(v T) {
	l.v = v
	l.mu.Lock()
	l.ready.Store(true)
	if l.ch != nil {
		close(l.ch)
	}
	l.mu.Unlock()
}
