package linker

import (
	"sync"
	"testing"

	"careergraph/career"
	"careergraph/seed"
)

// The index belongs to its snapshot: a write gives a snapshot whose
// index holds it, and the old one's stays as it was.
func TestIndexFollowsWrites(t *testing.T) {
	ds, _, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	g, err := career.Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	if first := For(g); For(g).titles != first.titles || For(g).skills != first.skills { // For copies the handle, not the index
		t.Fatal("one snapshot, two indexes")
	}
	if got := For(g).Title("Astronaute", LinkOptions{Limit: 1}); len(got) != 0 {
		t.Fatalf("before the write: %+v", got)
	}
	next, ok := g.Patch(career.Dataset{Roles: []career.Role{{ID: "role:astronaute", Slug: "astronaute", Name: "Astronaute",
		Titles: []career.JobTitle{{Label: "Spationaute", Lang: "fr"}}}}})
	if !ok {
		t.Fatal("the write was not patched")
	}
	// Readers share the snapshot's index, built once, and its scratch pools.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			For(next).Title("Développeuse back-end", LinkOptions{Limit: 3})
			For(next).Text("Go, PostgreSQL et Docker au quotidien.", 5, 3)
		})
	}
	wg.Wait()
	for _, title := range []string{"astronaute (h/f)", "Spationaute"} {
		if got := For(next).Title(title, LinkOptions{Limit: 1}); len(got) != 1 || got[0].Role.ID != "role:astronaute" {
			t.Errorf("after the write, %q: %+v", title, got)
		}
	}
	if got := For(g).Title("Astronaute", LinkOptions{Limit: 1}); len(got) != 0 {
		t.Errorf("the old snapshot's index changed: %+v", got)
	}
}
