package graph

import (
	"context"
	"strings"
	"testing"

	"careergraph/career"
)

// An operation reads the snapshot the transport pinned (the one its
// response cache key names), metered, even when a write is committed
// after the transport pinned it and before the operation starts (here,
// when the operation middleware makes its meter): on the fast path (the
// guard's snapshot) and on gqlgen's (the operation's).
func TestOperationReadsThePinnedSnapshot(t *testing.T) {
	live, log := guideLive(t)
	write := func(name string) {
		t.Helper()
		if _, err := live.Upsert(context.Background(), career.Dataset{Roles: []career.Role{{ID: "role:pinned", Slug: "pinned", Name: name}}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, plain := range []bool{false, true} {
		write("Pinned before")
		var work *career.Work
		srv := NewServer(live, Options{Limits: Limits{MaxDepth: 10, MaxComplexity: 5000}, Log: log, PlainExecutor: plain, ResponseCacheBytes: 1 << 20,
			onWork: func(w *career.Work) {
				work = w
				write("Pinned after")
			}})
		body := string(send2(srv, `{ roles(filter: {query: "pinned"}, first: 1) { nodes { name } } }`, nil))
		if !strings.Contains(body, `"name":"Pinned before"`) {
			t.Errorf("plain %v: answered %s, want the pinned snapshot's \"Pinned before\"", plain, body)
		}
		if work == nil || work.Visited() == 0 {
			t.Errorf("plain %v: the operation's reads were not metered", plain)
		}
	}
}
