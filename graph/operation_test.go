package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	lru2 "github.com/hashicorp/golang-lru/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"careergraph/career"
	"careergraph/graph/lean"
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

// fastPath's guard holds what the operation holds: its snapshot (none, a
// nil interface, where it has none, so that Resolver.snap looks further),
// the transport's Output, and the budget where capResponse set one.
func TestFastPathGuardHoldsTheOperations(t *testing.T) {
	live, _ := guideLive(t)
	docs, _ := lru2.New[*ast.QueryDocument, *lean.Doc](1)
	r := &Resolver{Live: live}
	pinned := live.Graph().Metered(career.NewWork(nil))
	for _, c := range []struct {
		name   string
		op     *operation
		budget int
	}{
		{"none", nil, 0},
		{"empty", &operation{}, 0},
		{"pinned", &operation{snapshot: pinned, out: lean.GetOutput()}, 0},
		{"budget", &operation{snapshot: pinned}, 100},
	} {
		ctx := context.Background()
		if c.op != nil {
			ctx = withOperation(ctx, c.op)
		}
		answer := func(ctx context.Context) *graphql.Response {
			g := lean.Of(ctx)
			var want *career.Graph
			var out *lean.Output
			var budget *lean.Budget
			if c.op != nil {
				want, out = c.op.snapshot, c.op.out
				if c.op.hasBudget {
					budget = &c.op.budget
				}
			}
			if want == nil && g.Snapshot != nil {
				t.Errorf("%s: the guard's snapshot is %#v, not none", c.name, g.Snapshot)
			}
			if want == nil {
				want = live.Graph()
			}
			if s := r.snap(ctx); s != want {
				t.Errorf("%s: a resolver reads %p, want %p", c.name, s, want)
			}
			if g.Output != out || g.Budget != budget || budgetOf(ctx) != budget {
				t.Errorf("%s: the guard holds output %p budget %p, want %p and %p", c.name, g.Output, g.Budget, out, budget)
			}
			return &graphql.Response{}
		}
		handler := func(ctx context.Context) *graphql.Response { return fastPath(docs)(ctx, answer) }
		capResponse(c.budget, 0)(ctx, handler)
	}
}
