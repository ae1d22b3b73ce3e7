package storetest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"careergraph/career"
	"careergraph/store"
)

// Memory is a store held in memory, with a change log as Neo4j keeps one
// (store.ChangeLog), so that replay, version jumps, a store going back and
// races between replicas run in every `go test`, not only against Neo4j.
// It meets the store contract (Run). The hooks let a test act at the
// moments that matter: between a write's commit and its return, before a
// write, in the middle of a load.
type Memory struct {
	mu      sync.Mutex
	ds      career.Dataset
	version uint64
	meta    map[string]string
	log     []career.Change // the writes after logFrom, oldest first
	logFrom uint64

	// Batch, when > 0, is the most records one transaction of Apply
	// writes: a larger write is committed in several, each bumping the
	// version, as Neo4j's are (store.Batcher).
	Batch int
	// BetweenBatches, when set, runs between two transactions of a
	// batched write, outside the store's lock.
	BetweenBatches func()
	// MaxLogged, when > 0, is the largest write logged: a larger one
	// empties the log, as Neo4j logs it "full" (replicas then load all).
	MaxLogged int
	// Keep, when > 0, is how many of the last writes the log keeps, as
	// Neo4j's keeps 256: a replica further behind loads everything.
	Keep int
	// BeforeApply, when set, runs at the start of each Apply, outside the
	// store's lock (a test may block it, or write meanwhile).
	BeforeApply func(w store.Write)
	// AfterApply, when set, runs after each Apply has committed and before
	// it returns, outside the store's lock.
	AfterApply func(version uint64)
	// DuringLoad, when set, runs in each Load after the version is read
	// and before the records are (a torn read's window on Neo4j: see Load).
	DuringLoad func()

	loads, applies atomic.Int64
}

var (
	_ store.Store     = (*Memory)(nil)
	_ store.ChangeLog = (*Memory)(nil)
	_ store.Replacer  = (*Memory)(nil)
)

// NewMemory returns an empty store.
func NewMemory() *Memory { return &Memory{meta: map[string]string{}} }

// Loads and Applies count the calls so far.
func (m *Memory) Loads() int64   { return m.loads.Load() }
func (m *Memory) Applies() int64 { return m.applies.Load() }

// Load returns a copy of every record and the version, as Neo4j's Load
// does at read-committed: the version and the nodes are read, then the
// relationships and the version again (DuringLoad runs between: a write
// there tears the read), and writes that landed between are
// replayed from the log (store.Fold); when the log lacks one (a write too
// large to log: MaxLogged), the read is tried again, and after 5 tries it
// fails with store.ErrBusy, as a load during another replica's import does.
func (m *Memory) Load(ctx context.Context) (career.Dataset, uint64, error) {
	m.loads.Add(1)
	for range 5 {
		// Nodes, then relationships, as Neo4j's two bulk queries read them:
		// a write between the two tears the read.
		ds, before := m.read(true, career.Dataset{})
		if m.DuringLoad != nil {
			m.DuringLoad()
		}
		if err := ctx.Err(); err != nil {
			return career.Dataset{}, 0, err
		}
		ds, after := m.read(false, ds)
		if before == after {
			return ds, after, nil
		}
		changes, ok, _ := m.Changes(ctx, before)
		if ds, ok := store.Fold(ds, before, after, changes, ok); ok {
			return ds, after, nil
		}
	}
	return career.Dataset{}, 0, fmt.Errorf("memory: %w: large writes kept landing during the load", store.ErrBusy)
}

// read adds to ds a copy of the store's nodes (or relationships), and
// returns the version they are at.
func (m *Memory) read(nodes bool, ds career.Dataset) (career.Dataset, uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var part career.Dataset
	for _, k := range career.Kinds {
		if k.Node() == nodes {
			k.Move(&m.ds, &part, 0, k.Len(m.ds))
		}
	}
	part = part.Clone()
	for _, k := range career.Kinds {
		k.Move(&part, &ds, 0, k.Len(part))
	}
	return ds, m.version
}

// Apply commits w (deletes, then upserts, then meta) and logs it.
func (m *Memory) Apply(ctx context.Context, w store.Write) (uint64, error) {
	m.applies.Add(1)
	if m.BeforeApply != nil {
		m.BeforeApply(w)
	}
	var v uint64
	var err error
	parts := m.batches(w)
	for i, part := range parts {
		if i > 0 && m.BetweenBatches != nil {
			m.BetweenBatches()
		}
		if v, err = m.apply(ctx, part, len(parts)-1-i, len(parts) > 1); err != nil {
			break
		}
	}
	if err == nil && m.AfterApply != nil {
		m.AfterApply(v)
	}
	return v, err
}

// Commits is how many transactions Apply makes of w (store.Batcher).
func (m *Memory) Commits(w store.Write) int { return len(m.batches(w)) }

// batches cuts w into writes of about Batch upserted records (deletes and
// the Base check with the first, the metadata with the last; while they
// land, store.BatchingKey says so), in reference order as Neo4j's are
// (refOrder), so that each batch with those before it is a valid graph,
// and a replica loading between two of them loads.
func (m *Memory) batches(w store.Write) []store.Write {
	if m.Batch <= 0 || w.Upsert.Len() <= m.Batch {
		return []store.Write{w}
	}
	out := []store.Write{{Delete: w.Delete, Base: w.Base}}
	n := 0
	for _, k := range refOrder {
		total := k.Len(w.Upsert)
		if total > 0 && linked(k, w.Upsert) {
			// Roles (and groups) that point at broader ones of their
			// kind: all in one batch, so none comes before its parent.
			if n > 0 {
				out, n = append(out, store.Write{}), 0
			}
			k.Move(&w.Upsert, &out[len(out)-1].Upsert, 0, total)
			n = total
			continue
		}
		for i := 0; i < total; {
			if n >= m.Batch {
				out, n = append(out, store.Write{}), 0
			}
			take := min(total-i, m.Batch-n)
			k.Move(&w.Upsert, &out[len(out)-1].Upsert, i, take)
			i, n = i+take, n+take
		}
	}
	out[len(out)-1].Meta = w.Meta
	return out
}

// refOrder is career.Kinds in reference order: what records point at
// first (sources, groups, roles, the other nodes), relationships last.
var refOrder = func() []career.Kind {
	first := []string{"Source", "Group", "Role", "Level", "Skill", "Training", "Employer"}
	out := slices.Clone(career.Kinds)
	slices.SortStableFunc(out, func(a, b career.Kind) int {
		rank := func(k career.Kind) int {
			if i := slices.Index(first, k.Label()); i >= 0 {
				return i
			}
			return len(first)
		}
		return rank(a) - rank(b)
	})
	return out
}()

// linked reports whether a record of kind k in ds points at another of
// its kind (career.Kind.EachSelfRef: a broader role, a parent group).
func linked(k career.Kind, ds career.Dataset) bool {
	found := false
	k.EachSelfRef(ds, func(string, string) { found = true })
	return found
}

// apply commits one transaction; of a batched write, pending more follow
// it, and store.BatchingKey says so as Neo4j's batches do.
func (m *Memory) apply(ctx context.Context, w store.Write, pending int, batched bool) (uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if w.Base != nil && *w.Base != m.version {
		return 0, fmt.Errorf("%w: planned on version %d, store is at %d", store.ErrStale, *w.Base, m.version)
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	w.Delete, w.Upsert = w.Delete.Clone(), w.Upsert.Clone()
	m.ds = m.ds.Without(w.Delete).Upsert(w.Upsert)
	maps.Copy(m.meta, w.Meta)
	m.version++
	switch {
	case batched && pending > 0:
		m.meta[store.BatchingKey] = strconv.FormatUint(m.version+uint64(pending), 10)
	case batched:
		delete(m.meta, store.BatchingKey)
	}
	if m.MaxLogged > 0 && w.Delete.Len()+w.Upsert.Len() > m.MaxLogged {
		m.log, m.logFrom = nil, m.version
	} else {
		m.log = append(m.log, career.Change{Version: m.version, Delete: w.Delete, Upsert: w.Upsert})
		if m.Keep > 0 && len(m.log) > m.Keep {
			m.log = slices.Delete(m.log, 0, len(m.log)-m.Keep)
			m.logFrom = m.log[0].Version - 1
		}
	}
	return m.version, nil
}

// Replace swaps every record for ds.
func (m *Memory) Replace(ctx context.Context, ds career.Dataset, meta map[string]string) (uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ds = ds.Clone()
	maps.Copy(m.meta, meta)
	m.version++
	m.log, m.logFrom = nil, m.version
	return m.version, nil
}

// Meta returns the value stored under key, or "".
func (m *Memory) Meta(_ context.Context, key string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.meta[key], nil
}

// Version returns the version of the last write.
func (m *Memory) Version(context.Context) (uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.version, nil
}

// Changes returns the logged writes after from (store.ChangeLog).
func (m *Memory) Changes(_ context.Context, from uint64) ([]career.Change, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if from < m.logFrom || from > m.version {
		return nil, false, nil
	}
	var out []career.Change
	for _, c := range m.log {
		if c.Version > from {
			out = append(out, career.Change{Version: c.Version, Delete: c.Delete.Clone(), Upsert: c.Upsert.Clone()})
		}
	}
	return out, true, nil
}

// Close does nothing.
func (m *Memory) Close() error { return nil }

// MemoryState is what a Memory holds at one version: a backup.
type MemoryState struct {
	ds      career.Dataset
	version uint64
	meta    map[string]string
}

// Backup returns what the store holds now.
func (m *Memory) Backup() MemoryState {
	m.mu.Lock()
	defer m.mu.Unlock()
	return MemoryState{m.ds.Clone(), m.version, maps.Clone(m.meta)}
}

// Restore puts the store back to a backup, version included, as restoring
// a database from a backup does; the log restarts there.
func (m *Memory) Restore(s MemoryState) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ds, m.version, m.meta = s.ds.Clone(), s.version, maps.Clone(s.meta)
	m.log, m.logFrom = nil, s.version
}
