package neo4j_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/neo4j"
	"careergraph/store/storetest"
)

// loadCounter is the Neo4j store, counting the whole-graph loads a
// replica makes through it.
type loadCounter struct {
	*neo4j.Store
	loads atomic.Int32
}

func (c *loadCounter) Load(ctx context.Context) (career.Dataset, uint64, error) {
	c.loads.Add(1)
	return c.Store.Load(ctx)
}

// A replica follows another's small writes (upserts, deletes, several at
// once) through the change log, without loading the graph again, and ends
// with the same records; a write too large to log makes it load everything.
func TestReplicaReplaysTheChangeLog(t *testing.T) {
	cfg := storetest.Neo4jConfig(t)
	st := emptyStore(t, cfg)
	ctx := context.Background()
	curated, digest, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := store.NewLive(st, log)
	bs := &loadCounter{Store: st}
	b := store.NewLive(bs, log)
	for _, l := range []*store.Live{a, b} {
		if err := l.Load(ctx, curated, digest); err != nil {
			t.Fatal(err)
		}
	}
	same := func(step string) {
		t.Helper()
		if moved, err := b.Refresh(ctx); err != nil || !moved {
			t.Fatalf("%s: Refresh = %v, %v", step, moved, err)
		}
		if b.Graph().Version() != a.Graph().Version() || !bytes.Equal(store.Canonical(b.Graph().Dataset()), store.Canonical(a.Graph().Dataset())) {
			t.Fatalf("%s: b at version %d differs from a at %d", step, b.Graph().Version(), a.Graph().Version())
		}
	}
	loads := bs.loads.Load()

	pm := career.Dataset{
		Roles:       []career.Role{{ID: "role:product-manager", Slug: "product-manager", Name: "Product manager"}},
		Transitions: []career.Transition{{FromID: "role:developpeur-back-end", ToID: "role:product-manager", Kind: career.Mobility, Rank: 1}},
	}
	if _, err := a.Upsert(ctx, pm, nil); err != nil {
		t.Fatal(err)
	}
	same("one upsert")
	for i := range 3 {
		if _, err := a.Upsert(ctx, career.Dataset{Roles: []career.Role{{ID: fmt.Sprintf("role:r%d", i), Slug: fmt.Sprintf("r%d", i), Name: "R"}}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	same("three upserts")
	if _, err := a.Change(ctx, func(cur *career.Graph) (store.Write, error) {
		removed, err := cur.Delete([]string{"role:product-manager"}, nil)
		return store.Write{Delete: removed}, err
	}); err != nil {
		t.Fatal(err)
	}
	same("a delete with its cascade")
	if b.Graph().Role("role:product-manager") != nil || len(b.Graph().TransitionsTo("role:product-manager")) != 0 {
		t.Fatal("the deleted role or its transition is still on b")
	}
	if got := bs.loads.Load(); got != loads {
		t.Fatalf("b loaded the whole graph %d times to follow small writes", got-loads)
	}

	var big career.Dataset
	for i := range 1001 {
		big.Skills = append(big.Skills, career.Skill{ID: fmt.Sprintf("skill:bulk-%d", i), Slug: fmt.Sprintf("bulk-%d", i), Name: "Bulk", Category: career.Tool})
	}
	if _, err := a.Upsert(ctx, big, nil); err != nil {
		t.Fatal(err)
	}
	same("a write too large to log")
	if got := bs.loads.Load(); got != loads+1 {
		t.Fatalf("after a write too large to log, b loaded %d times, want once", got-loads)
	}
}
