package neo4j_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/storetest"
)

// Neo4j as a second opinion on our routes, over ROME's 14,912 mobilités
// (the shipped release): for random pairs of fiches, the fewest moves our
// path search finds equals the length of Neo4j's own SHORTEST path
// (Cypher 5's shortest path selector over a quantified path pattern), and
// no route for us is no path for Neo4j; for random fiches, the roles
// within 1 to 3 moves are the same set as a bounded quantified path
// pattern's. (Neo4j's SHORTEST k > 1 may repeat a fiche along a path,
// where ours never do, so only the shortest is compared.)
func TestRoutesAgreeWithNeo4j(t *testing.T) {
	cfg := storetest.Neo4jConfig(t)
	ctx := context.Background()
	rome, err := seed.OpenDataRelease("rome")
	if err != nil {
		t.Fatal(err)
	}
	full, _, err := seed.ROME(rome, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The routes' graph: fiches, their domains and mobilités.
	ds := career.Dataset{Roles: full.Roles, Groups: full.Groups, Sources: full.Sources, Transitions: full.Transitions}
	g, err := career.Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	s := emptyStore(t, cfg)
	if _, err := s.Apply(ctx, store.Write{Upsert: ds}); err != nil {
		t.Fatal(err)
	}
	cypher := rawCypher(t, cfg)
	q := func(stmt string, params map[string]any) []*driver.Record {
		t.Helper()
		recs, err := cypher(stmt, params)
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	rng := rand.New(rand.NewPCG(7, 11))
	pick := func() string { return ds.Roles[rng.IntN(len(ds.Roles))].ID }
	compared, none := 0, 0
	for range 300 {
		from, to := pick(), pick()
		if from == to {
			continue
		}
		routes, err := g.CareerPaths(career.PathQuery{FromRole: from, To: to, Optimize: career.Steps, K: 1, MaxSteps: career.MaxMaxSteps})
		if err != nil {
			t.Fatal(err)
		}
		recs := q(fmt.Sprintf(`MATCH (a:Role {id: $from}), (b:Role {id: $to})
			MATCH p = SHORTEST 1 (a)-[:TRANSITIONS_TO]->{1,%d}(b)
			RETURN length(p) AS moves`, career.MaxMaxSteps), map[string]any{"from": from, "to": to})
		switch {
		case len(routes) == 0 && len(recs) == 0:
			none++
		case len(routes) == 0 || len(recs) == 0:
			t.Errorf("%s -> %s: %d routes here, %d paths in Neo4j", from, to, len(routes), len(recs))
		case int64(len(routes[0].Steps)) != recs[0].Values[0].(int64):
			t.Errorf("%s -> %s: %d moves here, %d in Neo4j", from, to, len(routes[0].Steps), recs[0].Values[0])
		}
		compared++
	}
	for range 40 {
		from := pick()
		reach, err := g.ReachableRoles(from, 3, nil)
		if err != nil {
			t.Fatal(err)
		}
		var ours []string
		for _, r := range reach {
			ours = append(ours, r.Role.ID)
		}
		var theirs []string
		for _, r := range q(`MATCH (a:Role {id: $from})-[:TRANSITIONS_TO]->{1,3}(b:Role) WHERE b <> a RETURN DISTINCT b.id AS id`, map[string]any{"from": from}) {
			theirs = append(theirs, r.Values[0].(string))
		}
		slices.Sort(ours)
		slices.Sort(theirs)
		if !slices.Equal(ours, theirs) {
			t.Errorf("reachable from %s within 3 moves: %d here, %d in Neo4j", from, len(ours), len(theirs))
		}
	}
	if compared < 250 || none == compared {
		t.Fatalf("compared %d pairs, %d without a route", compared, none)
	}
	t.Logf("%d pairs compared (%d without a route), 40 reachable sets", compared, none)
}
