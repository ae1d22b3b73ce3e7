package storetest_test

import (
	"context"
	"fmt"
	"testing"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/storetest"
)

// The in-memory store meets the contract every store meets.
func TestMemoryStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Opener {
		m := storetest.NewMemory()
		return func() (store.Store, error) { return m, nil }
	})
}

// Like Neo4j's, the in-memory store's batched write keeps
// store.BatchingKey at the version its last batch will reach while its
// batches land, and clears it with the last; a write cut short leaves it
// ahead of the version.
func TestMemoryBatchedWriteKeepsTheBatchingMarker(t *testing.T) {
	ctx := context.Background()
	m := storetest.NewMemory()
	m.Batch = 2
	var roles career.Dataset
	for i := range 5 {
		roles.Roles = append(roles.Roles, career.Role{ID: fmt.Sprint("role:r", i), Slug: fmt.Sprint("r", i), Name: "R"})
	}
	w := store.Write{Upsert: roles}
	if n := m.Commits(w); n != 3 {
		t.Fatalf("%d batches, want 3", n)
	}
	var seen [][2]uint64
	m.BetweenBatches = func() {
		until, at, err := store.Batching(ctx, m)
		if err != nil {
			t.Error(err)
		}
		seen = append(seen, [2]uint64{until, at})
	}
	v, err := m.Apply(ctx, w)
	if err != nil || v != 3 {
		t.Fatalf("Apply = %d, %v", v, err)
	}
	if want := [][2]uint64{{3, 1}, {3, 2}}; fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Errorf("between batches, (until, at) = %v, want %v", seen, want)
	}
	if until, _, _ := store.Batching(ctx, m); until != 0 {
		t.Errorf("after the last batch, a batched write still lands until %d", until)
	}
	// Cut short after its first batch.
	cctx, cancel := context.WithCancel(ctx)
	m.BetweenBatches = cancel
	if _, err := m.Apply(cctx, w); err == nil {
		t.Fatal("the write went on after its context ended")
	}
	if until, at, _ := store.Batching(ctx, m); until != 6 || at != 4 {
		t.Errorf("cut short after its first batch: (until, at) = (%d, %d), want (6, 4)", until, at)
	}
}

// E on the in-memory store too: its batches go in reference order, as
// Neo4j's do, so a replica loading between two batches of a big write (a
// start during another's import) loads a valid graph. (In the kind
// registry's order, sources and groups came after the roles and skills
// citing them.)
func TestMemoryBatchesLeaveAValidGraphBetween(t *testing.T) {
	ctx := context.Background()
	curated, _, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	full := storetest.Full(curated)
	m := storetest.NewMemory()
	m.Batch = 7
	loads := 0
	m.BetweenBatches = func() {
		loads++
		ds, v, err := m.Load(ctx)
		if err == nil {
			_, err = career.Build(ds, v)
		}
		if err != nil {
			t.Fatalf("loaded between batch %d and the next: %.300v", loads, err)
		}
	}
	if _, err := m.Apply(ctx, store.Write{Upsert: full}); err != nil {
		t.Fatal(err)
	}
	if loads < 3 {
		t.Fatalf("%d loads between batches: the write should take many", loads)
	}
}

// A write cut into batches keeps the records that name another of their
// kind (career.Kind.SelfRef) in one batch: no batch names a role or group
// a later one writes, though the write lists each before what it names.
func TestMemoryBatchesKeepSelfReferencesTogether(t *testing.T) {
	ctx := context.Background()
	m := storetest.NewMemory()
	m.Batch = 2
	w := store.Write{Upsert: storetest.ChildrenFirst(4)}
	loads := 0
	m.BetweenBatches = func() {
		loads++
		ds, _, err := m.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if d := storetest.Dangling(ds); len(d) > 0 {
			t.Errorf("after batch %d: %v", loads, d)
		}
	}
	if _, err := m.Apply(ctx, w); err != nil {
		t.Fatal(err)
	}
	if loads == 0 {
		t.Fatal("one batch: the test cuts nothing")
	}
}
