package neo4j_test

import (
	"testing"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/neo4j"
)

// E: each batch of a big write, added to the batches before it, is a
// valid graph, so a write cut short leaves a store that loads (the
// open-data import cut after batches 1 and 2 of 15 left 36,987 and 56,987
// problems, and the server exited on every start). Validated
// cumulatively after every batch, for a write of every kind and optional
// field cut small, and for deleting it all again.
func TestEveryBatchPrefixIsAValidGraph(t *testing.T) {
	full := fullDataset(t)
	for _, max := range []int{3, 7, 40} {
		cum := career.Dataset{}
		parts := neo4j.Batches(store.Write{Upsert: full}, max)
		for i, p := range parts {
			cum = cum.Upsert(p.Upsert)
			if err := career.Validate(cum); err != nil {
				t.Fatalf("batches of %d: after batch %d of %d: %.300v", max, i+1, len(parts), err)
			}
		}
		parts = neo4j.Batches(store.Write{Delete: full}, max)
		for i, p := range parts {
			cum = cum.Without(p.Delete)
			if err := career.Validate(cum); err != nil {
				t.Fatalf("batches of %d: after delete batch %d of %d: %.300v", max, i+1, len(parts), err)
			}
		}
		if cum.Len() != 0 {
			t.Fatalf("%d records left after deleting everything", cum.Len())
		}
	}
}

// The same on the real import, at the real batch size, over the stored
// seed: the first batches (where the cut left a broken graph) and the
// whole.
func TestTheImportsFirstBatchesAreAValidGraph(t *testing.T) {
	curated, _, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	ds, _, err := seed.ImportOpenData(seed.OpenData(), curated, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	parts := neo4j.Batches(store.Write{Upsert: ds}, neo4j.MaxBatch)
	if len(parts) < 5 {
		t.Fatalf("%d batches: the import should take many", len(parts))
	}
	cum := curated
	for i, p := range parts[:2] {
		cum = cum.Upsert(p.Upsert)
		if err := career.Validate(cum); err != nil {
			t.Fatalf("after batch %d of %d: %.300v", i+1, len(parts), err)
		}
	}
}

// Issue 24: the open-data import deletes, in the same write, a source no
// longer shipped and rewrites the records that cited it. A write cut
// between its batches must not leave those records citing a deleted
// source: sources (and groups) are deleted after the upserts.
func TestABatchedDeleteOfACitedSourceComesLast(t *testing.T) {
	src := career.Source{ID: "source:old", Name: "Old", Kind: career.Taxonomy}
	var before, after career.Dataset
	before.Sources = []career.Source{src}
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		r := career.Role{ID: "role:" + id, Slug: id, Name: id, SourceIDs: []string{"source:old"}}
		before.Roles = append(before.Roles, r)
		r.SourceIDs = nil
		after.Roles = append(after.Roles, r)
	}
	stale := career.Dataset{Sources: []career.Source{src}, Roles: before.Roles[:1]}
	after.Roles = after.Roles[1:]
	for _, max := range []int{1, 2, 3} {
		cum := before
		parts := neo4j.Batches(store.Write{Delete: stale, Upsert: after}, max)
		for i, p := range parts {
			cum = cum.Without(p.Delete).Upsert(p.Upsert)
			if err := career.Validate(cum); err != nil {
				t.Fatalf("batches of %d: after batch %d of %d: %.300v", max, i+1, len(parts), err)
			}
		}
		if cum.Len() != 5 {
			t.Fatalf("batches of %d leave %d records, want 5", max, cum.Len())
		}
	}
}
