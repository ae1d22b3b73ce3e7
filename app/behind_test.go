package app

import (
	"fmt"
	"testing"

	"careergraph/career"
)

// Issue 28: a replica further behind than the change log keeps loads the
// whole graph again, and meanwhile served a version far behind the store
// as "ready" (b at 661, the store at 1218). /readyz now says "behind"
// (503) while it is more than maxBehind versions behind, and "ready" once
// it caught up.
func TestReadyzSaysBehindWhileAReplicaCatchesUp(t *testing.T) {
	ctx, m := onMemory(t)
	a, _ := memoryApp(t, m, 1, nil)
	b, _ := memoryApp(t, m, 1, nil)
	for _, x := range []*app{a, b} {
		if err := x.load(ctx); err != nil {
			t.Fatal(err)
		}
	}
	m.Keep = 10
	for i := range maxBehind + 1 {
		if _, err := a.live.Upsert(ctx, career.Dataset{Roles: []career.Role{{ID: fmt.Sprint("role:w", i), Slug: fmt.Sprint("w", i), Name: "W"}}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if s := readyzStatus(b); s != "ready" {
		t.Fatalf("b before it read the store's version: %q", s)
	}
	// b's poll finds the log does not reach back to its version and loads
	// the whole graph: /readyz meanwhile.
	during := ""
	m.DuringLoad = func() { during = readyzStatus(b) }
	if moved, err := b.live.Refresh(ctx); err != nil || !moved {
		t.Fatalf("b's poll: moved %v, %v", moved, err)
	}
	m.DuringLoad = nil
	if during != "behind" {
		t.Errorf("/readyz while b is %d versions behind: %q, want behind", maxBehind+1, during)
	}
	if s := readyzStatus(b); s != "ready" || b.live.Graph().Version() != a.live.Graph().Version() {
		t.Errorf("b caught up at version %d (a at %d): /readyz %q", b.live.Graph().Version(), a.live.Graph().Version(), s)
	}
}
