package seed_test

import (
	"cmp"
	"slices"
	"testing"

	"careergraph/career"
)

// checkRoute says what is wrong with a route, read on its own: a role
// entered twice (its start included), two EQUIVALENT moves in a row, a
// step that does not continue from the last, or a wrong end.
func checkRoute(from, to string, r career.Route) string {
	seen := map[string]bool{from: true}
	at, prevKind := from, career.TransitionKind("")
	for i, s := range r.Steps {
		if s.From == nil || s.From.ID != at || s.Transition == nil || s.Transition.FromID != at || s.Transition.ToID != s.To.ID {
			return "step " + s.To.ID + " does not continue the route"
		}
		if seen[s.To.ID] {
			return "enters " + s.To.ID + " twice"
		}
		if i > 0 && prevKind == career.Equivalent && s.Transition.Kind == career.Equivalent {
			return "two EQUIVALENT moves in a row into " + s.To.ID
		}
		seen[s.To.ID], at, prevKind = true, s.To.ID, s.Transition.Kind
	}
	if at != to {
		return "ends at " + at
	}
	return ""
}

// routeOrder compares routes as the schema orders them: cost, then fewer
// steps, then role ids.
func routeOrder(a, b career.Route) int {
	ids := func(r career.Route) []string {
		var out []string
		for _, s := range r.Steps {
			out = append(out, s.To.ID)
		}
		return out
	}
	return cmp.Or(cmp.Compare(a.Cost, b.Cost), cmp.Compare(len(a.Steps), len(b.Steps)), slices.Compare(ids(a), ids(b)))
}

// On the shipped graph, routes between twins of one ROME fiche (the
// pattern where a route could leave a fiche entered as a twin and come
// back to it) enter no role twice, never take two EQUIVALENT moves in a
// row, and come in the promised order; the reported pair first.
func TestRoutesOnTheShippedGraph(t *testing.T) {
	g := openGraphT(t)
	const gunsmith, propMaker = "role:esco-12dc4509-7d36-46d8-aca0-c147c7ecd806", "role:esco-7a18e959-44fe-49ae-9757-124f46a7487c"
	pairs := [][2]string{{gunsmith, propMaker}}
	// Twins of one fiche: two occupations equivalent to the same role.
	for _, r := range g.Roles(career.RoleFilter{}, career.Order{}) {
		var twins []string
		for _, e := range g.TransitionsFrom(r.ID, career.Equivalent) {
			twins = append(twins, e.ToID)
		}
		for i := 1; i < len(twins); i++ {
			pairs = append(pairs, [2]string{twins[i-1], twins[i]}, [2]string{twins[i], twins[i-1]})
		}
	}
	if len(pairs) < 100 {
		t.Fatalf("only %d pairs of twins", len(pairs))
	}
	pairs = pairs[:min(len(pairs), 301)]
	routes := 0
	for _, p := range pairs {
		for _, opt := range []career.Optimize{career.Steps, career.Years, career.Effort} {
			got, err := g.CareerPaths(career.PathQuery{FromRole: p[0], To: p[1], Optimize: opt, K: 5, MaxSteps: 6})
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range got {
				if bad := checkRoute(p[0], p[1], r); bad != "" {
					t.Fatalf("%s -> %s under %s, route %d: %s", p[0], p[1], opt, i, bad)
				}
				if i > 0 && routeOrder(got[i-1], r) >= 0 {
					t.Fatalf("%s -> %s under %s: route %d comes before route %d", p[0], p[1], opt, i, i-1)
				}
			}
			routes += len(got)
		}
	}
	t.Logf("%d pairs of twins, %d routes checked", len(pairs), routes)
	if routes < 500 {
		t.Fatalf("only %d routes between %d pairs", routes, len(pairs))
	}
	// Reach counts what routes reach: the fewest steps to each role within
	// 3 moves of the gunsmith are those of its first STEPS route.
	reach, err := g.ReachableRoles(gunsmith, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range reach {
		if i%7 != 0 {
			continue // a sample: one route search each
		}
		got, err := g.CareerPaths(career.PathQuery{FromRole: gunsmith, To: r.Role.ID, Optimize: career.Steps, K: 1, MaxSteps: 3})
		if err != nil || len(got) != 1 || len(got[0].Steps) != r.Steps {
			t.Fatalf("reach has %s in %d steps; careerPaths: %v %v", r.Role.ID, r.Steps, got, err)
		}
	}
}
