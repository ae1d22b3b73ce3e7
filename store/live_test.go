package store_test

import (
	"context"
	"errors"
	"testing"

	"careergraph/career"
	"careergraph/store"
	"careergraph/store/embedded"
	"careergraph/store/storetest"
)

func newRole(slug string) career.Dataset {
	return career.Dataset{Roles: []career.Role{{ID: "role:" + slug, Slug: slug, Name: slug}}}
}

// Two Lives over one store are two replicas over one shared database.
func replicas(t *testing.T) (*store.Live, *store.Live, *storetest.Outage) {
	t.Helper()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	shared := &storetest.Outage{Store: st, Dead: storetest.Unreachable{}}
	a, b := store.NewLive(shared, quiet), store.NewLive(shared, quiet)
	loadSeed(t, a)
	loadSeed(t, b)
	return a, b, shared
}

func TestReplicaSeesAnotherReplicasWriteOnRefresh(t *testing.T) {
	ctx := context.Background()
	a, b, _ := replicas(t)
	if _, err := a.Upsert(ctx, newRole("written-by-a"), nil); err != nil {
		t.Fatal(err)
	}
	if b.Graph().Role("role:written-by-a") != nil {
		t.Fatal("b saw the write before refreshing")
	}
	if moved, err := b.Refresh(ctx); err != nil || !moved {
		t.Fatalf("Refresh = %v, %v; want a reload", moved, err)
	}
	if b.Graph().Role("role:written-by-a") == nil || b.Graph().Version() != a.Graph().Version() {
		t.Fatalf("b at version %d after refresh, a at %d", b.Graph().Version(), a.Graph().Version())
	}
	if moved, err := b.Refresh(ctx); err != nil || moved {
		t.Fatalf("second Refresh = %v, %v; want nothing to do", moved, err)
	}
}

func TestWritePlannedOnAStaleSnapshotIsReplannedNotLost(t *testing.T) {
	ctx := context.Background()
	a, b, _ := replicas(t)
	if _, err := a.Upsert(ctx, newRole("from-a"), nil); err != nil {
		t.Fatal(err)
	}
	// b has not refreshed: its write is planned on the old version, refused
	// as stale by the store, then planned again on a reload.
	g, err := b.Upsert(ctx, newRole("from-b"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if g.Role("role:from-a") == nil || g.Role("role:from-b") == nil {
		t.Fatal("one replica's write is missing from the merged snapshot")
	}
	if _, err := a.Refresh(ctx); err != nil || a.Graph().Role("role:from-b") == nil {
		t.Fatalf("a after refresh: %v", err)
	}
}

func TestOutageKeepsReadsRefusesWritesAndRecovers(t *testing.T) {
	ctx := context.Background()
	a, b, shared := replicas(t)
	before := a.Graph()
	shared.SetDown(true)

	if _, err := a.Refresh(ctx); !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("Refresh during outage: %v", err)
	}
	if a.Health() == nil {
		t.Fatal("Health is nil during an outage")
	}
	if a.Graph() != before || a.Graph().Role("role:developpeur-back-end") == nil {
		t.Fatal("reads lost the last snapshot during the outage")
	}
	if _, err := a.Upsert(ctx, newRole("during-outage"), nil); !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("write during outage: %v, want ErrUnavailable", err)
	}
	if a.Graph().Role("role:during-outage") != nil {
		t.Fatal("a refused write reached the snapshot")
	}

	shared.SetDown(false)
	if _, err := a.Refresh(ctx); err != nil || a.Health() != nil {
		t.Fatalf("after recovery: %v, health %v", err, a.Health())
	}
	if _, err := b.Upsert(ctx, newRole("after-outage"), nil); err != nil {
		t.Fatalf("write after recovery: %v", err)
	}
	if _, err := a.Refresh(ctx); err != nil || a.Graph().Role("role:after-outage") == nil || a.Graph().Role("role:during-outage") != nil {
		t.Fatalf("a after recovery: %v", err)
	}
}
