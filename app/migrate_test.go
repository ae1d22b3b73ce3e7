package app

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/embedded"
	neo4jstore "careergraph/store/neo4j"
	"careergraph/store/storetest"
	"careergraph/testkit"
)

// fullStore is an embedded store holding a graph with every record kind.
func fullStore(t *testing.T) (*embedded.Store, career.Dataset) {
	t.Helper()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	curated, digest, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	full := storetest.Full(curated)
	if _, err := st.Apply(context.Background(), store.Write{Upsert: full, Meta: map[string]string{store.SeedDigestKey: digest}}); err != nil {
		t.Fatal(err)
	}
	return st, full
}

func TestMigrateCopiesEveryRecordAndRefusesToOverwrite(t *testing.T) {
	ctx := context.Background()
	from, full := fullStore(t)
	to, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer to.Close()
	msg, err := store.Copy(ctx, from, to, false)
	if err != nil || !strings.Contains(msg, "read back and identical") {
		t.Fatalf("migrate: %q, %v", msg, err)
	}
	got, v, _ := to.Load(ctx)
	if !bytes.Equal(store.Canonical(got), store.Canonical(full)) || v != 1 {
		t.Fatalf("target at version %d differs from the source", v)
	}
	if d, _ := to.Meta(ctx, store.SeedDigestKey); d == "" {
		t.Error("seed digest not copied: the target would seed again on start")
	}

	// A second copy onto a store holding a graph needs -replace.
	if _, err := store.Copy(ctx, from, to, false); !errors.Is(err, store.ErrTargetNotEmpty) {
		t.Fatalf("overwrite without -replace: %v", err)
	}
	// The source changes (a role goes); -replace makes the target equal.
	changed := full.Clone()
	gone := changed.Roles[len(changed.Roles)-1]
	next, removed, err := changed.Delete([]string{gone.ID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := from.Apply(ctx, store.Write{Delete: removed}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Copy(ctx, from, to, true); err != nil {
		t.Fatal(err)
	}
	got, _, _ = to.Load(ctx)
	if !bytes.Equal(store.Canonical(got), store.Canonical(next)) {
		t.Fatal("after -replace the target differs from the source")
	}
}

func TestMigrateToUnreachableNeo4jSaysSoAndChangesNothing(t *testing.T) {
	dir := t.TempDir()
	st, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	var out bytes.Buffer
	err = runMigrate(context.Background(), []string{"-to", "neo4j", "-data-dir", dir, "-neo4j-uri", "bolt://127.0.0.1:" + testkit.FreePort(t)}, &out)
	if !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("migrate to a dead Neo4j: %v", err)
	}
	var usage usageError
	if err := runMigrate(context.Background(), []string{"-to", "mars"}, &out); !errors.As(err, &usage) || !strings.Contains(err.Error(), "-to neo4j or -to embedded") {
		t.Errorf("bad -to: %v", err)
	}
}

// Embedded -> Neo4j -> embedded, against a real Neo4j when NEO4J_URI is set.
func TestMigrateThroughNeo4j(t *testing.T) {
	cfg := storetest.Neo4jConfig(t)
	ctx := context.Background()
	from, full := fullStore(t)
	neo, err := neo4jstore.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer neo.Close()
	if _, err := store.Copy(ctx, from, neo, true); err != nil {
		t.Fatal(err)
	}
	back, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if _, err := store.Copy(ctx, neo, back, false); err != nil {
		t.Fatal(err)
	}
	got, _, _ := back.Load(ctx)
	if !bytes.Equal(store.Canonical(got), store.Canonical(full)) {
		t.Fatal("the round trip through Neo4j changed the graph")
	}
}
