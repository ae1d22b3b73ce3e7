package store_test

import (
	"context"
	"testing"

	"careergraph/store"
	"careergraph/store/storetest"
)

// I: a migration carries every marker the server keeps (the open-data
// marker was left behind, so the target imported the shipped data again
// over the edits made to it).
func TestCopyCarriesEveryMarker(t *testing.T) {
	ctx := context.Background()
	from, to := storetest.NewMemory(), storetest.NewMemory()
	meta := map[string]string{}
	for i, key := range store.Markers {
		meta[key] = "value-" + string(rune('a'+i))
	}
	if _, err := from.Apply(ctx, store.Write{Upsert: newRole("copied"), Meta: meta}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Copy(ctx, from, to, false); err != nil {
		t.Fatal(err)
	}
	for key, want := range meta {
		if got, _ := to.Meta(ctx, key); got != want {
			t.Errorf("marker %q: %q after the copy, want %q", key, got, want)
		}
	}
	if len(store.Markers) < 2 {
		t.Fatal("the markers list lacks the open-data marker")
	}
}
