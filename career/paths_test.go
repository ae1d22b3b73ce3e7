package career

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func guideGraph(t testing.TB) *Graph {
	t.Helper()
	// The curated seed, rebuilt here without importing seed (import cycle
	// in an internal test): read the same file.
	ds := loadCurated(t)
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func roleIDs(r Route) []string {
	var ids []string
	for _, s := range r.Steps {
		ids = append(ids, s.To.ID)
	}
	return ids
}

func TestPathsOnTheGuideGraph(t *testing.T) {
	g := guideGraph(t)
	routes, err := g.CareerPaths(PathQuery{FromRole: "role:data-engineer", To: "role:staff-engineer", K: DefaultK, MaxSteps: DefaultMaxSteps})
	if err != nil {
		t.Fatal(err)
	}
	if len(routes) != 1 || !slices.Equal(roleIDs(routes[0]), []string{"role:developpeur-back-end", "role:staff-engineer"}) {
		t.Fatalf("data-engineer -> staff-engineer = %+v", routes)
	}
	st := routes[0].Steps[0]
	if st.Transition == nil || st.Transition.Kind != CareerChange || st.Transition.Note == nil {
		t.Errorf("first step transition = %+v", st.Transition)
	}
	// A data engineer has no listed skills: every essential back-end skill
	// is to acquire, and the five ranked trainings lead there.
	if len(st.Acquire) != 11 || len(st.Trainings) != 5 || st.Trainings[0].Rank != 1 {
		t.Errorf("step 1 acquire %d skills, %d trainings", len(st.Acquire), len(st.Trainings))
	}
	if routes[0].Cost != 2 || routes[0].Estimated {
		t.Errorf("STEPS cost %v estimated %v, want 2 and exact", routes[0].Cost, routes[0].Estimated)
	}

	// YEARS: the time to get ready for each move. Into back-end, the
	// shortest training that leads there (the guide's bootcamp, 3-9 months:
	// half a year); the progression to staff engineer, one of back-end's
	// levels (Senior, 5-8 years: 3). Neither is an estimate.
	routes, _ = g.CareerPaths(PathQuery{FromRole: "role:data-engineer", To: "role:staff-engineer", Optimize: Years, K: DefaultK, MaxSteps: DefaultMaxSteps})
	if len(routes) != 1 || routes[0].Estimated || routes[0].Steps[0].YearsBasis != BasisTraining || routes[0].Steps[1].YearsBasis != BasisLevels {
		t.Fatalf("YEARS route = %+v", routes)
	}
	if y0, y1 := routes[0].Steps[0].Years, routes[0].Steps[1].Years; y0 != 0.5 || y1 != 3 || routes[0].Years != 3.5 {
		t.Errorf("years %v + %v = %v, want 0.5 + 3 = 3.5", y0, y1, routes[0].Years)
	}

	// From equal to to: one route with no steps.
	routes, _ = g.CareerPaths(PathQuery{FromRole: "role:tech-lead", To: "role:tech-lead", K: DefaultK, MaxSteps: DefaultMaxSteps})
	if len(routes) != 1 || len(routes[0].Steps) != 0 {
		t.Errorf("from == to = %+v", routes)
	}
	// Transitions are directed: nothing leads from staff engineer back.
	routes, err = g.CareerPaths(PathQuery{FromRole: "role:staff-engineer", To: "role:data-engineer", K: DefaultK, MaxSteps: DefaultMaxSteps})
	if err != nil || len(routes) != 0 {
		t.Errorf("no route: %v %v", routes, err)
	}
	// Avoiding the only bridge leaves no route.
	routes, _ = g.CareerPaths(PathQuery{FromRole: "role:data-engineer", To: "role:tech-lead", Avoid: []string{"role:developpeur-back-end"}, K: DefaultK, MaxSteps: DefaultMaxSteps})
	if len(routes) != 0 {
		t.Errorf("avoid: %+v", routes)
	}
	// Only NEXT_STEP transitions: the career change is not allowed.
	routes, _ = g.CareerPaths(PathQuery{FromRole: "role:data-engineer", To: "role:tech-lead", Kinds: []TransitionKind{NextStep}, K: DefaultK, MaxSteps: DefaultMaxSteps})
	if len(routes) != 0 {
		t.Errorf("kinds: %+v", routes)
	}
}

func TestPathsFromSkills(t *testing.T) {
	g := guideGraph(t)
	routes, err := g.CareerPaths(PathQuery{FromSkills: []string{"skill:go", "skill:postgresql", "skill:docker"}, To: "role:tech-lead", Optimize: Effort, K: 5, MaxSteps: DefaultMaxSteps})
	if err != nil {
		t.Fatal(err)
	}
	if len(routes) != 1 {
		t.Fatalf("routes = %+v", routes)
	}
	first := routes[0].Steps[0]
	if first.From != nil || first.Transition != nil || first.To.ID != "role:developpeur-back-end" {
		t.Errorf("the route does not begin by entering the role the skills cover: %+v", first)
	}
	// The person has PostgreSQL and Docker: 9 essential skills remain.
	if len(first.Acquire) != 9 {
		t.Errorf("acquire %d skills, want 9", len(first.Acquire))
	}
	for _, s := range first.Acquire {
		if s.ID == "skill:postgresql" || s.ID == "skill:docker" {
			t.Errorf("asked to acquire %s, which the person has", s.ID)
		}
	}
	// What carries over: the three skills, the two essential ones first.
	var carried []string
	for _, s := range first.Transferable {
		carried = append(carried, s.ID)
	}
	if len(carried) != 3 || !slices.Contains(carried[:2], "skill:postgresql") || !slices.Contains(carried[:2], "skill:docker") || carried[2] != "skill:go" {
		t.Errorf("transferable = %v, want postgresql and docker (essential), then go", carried)
	}
}

func TestPathQueryErrors(t *testing.T) {
	g := guideGraph(t)
	for name, q := range map[string]PathQuery{
		"unknown to":    {FromRole: "role:tech-lead", To: "role:nope", K: 1, MaxSteps: 1},
		"unknown from":  {FromRole: "role:nope", To: "role:tech-lead", K: 1, MaxSteps: 1},
		"unknown skill": {FromSkills: []string{"skill:cobol"}, To: "role:tech-lead", K: 1, MaxSteps: 1},
		"both froms":    {FromRole: "role:tech-lead", FromSkills: []string{"skill:go"}, To: "role:tech-lead", K: 1, MaxSteps: 1},
		"k too big":     {FromRole: "role:tech-lead", To: "role:tech-lead", K: 11, MaxSteps: 1},
		"k negative":    {FromRole: "role:tech-lead", To: "role:tech-lead", K: -1, MaxSteps: 1},
		"k zero":        {FromRole: "role:tech-lead", To: "role:tech-lead", K: 0, MaxSteps: 1},
		"steps":         {FromRole: "role:tech-lead", To: "role:tech-lead", K: 1, MaxSteps: 11},
		"steps zero":    {FromRole: "role:tech-lead", To: "role:tech-lead", K: 1, MaxSteps: 0},
		"avoid":         {FromRole: "role:tech-lead", To: "role:tech-lead", K: 1, MaxSteps: 1, Avoid: []string{"role:nope"}},
	} {
		if _, err := g.CareerPaths(q); err == nil {
			t.Errorf("%s: no error", name)
		} else if _, ok := err.(*QueryError); !ok {
			t.Errorf("%s: %T, want *QueryError", name, err)
		}
	}
}

func TestSkillGapAndReach(t *testing.T) {
	g := guideGraph(t)
	gap, err := g.SkillGap([]string{"skill:go", "skill:postgresql", "skill:docker"}, "role:developpeur-back-end")
	if err != nil {
		t.Fatal(err)
	}
	// 11 essential (weight 2) + 3 optional (weight 1) = 25; has 2 essential
	// and 1 optional = 5.
	if len(gap.MissingEssential) != 9 || len(gap.MissingOptional) != 2 || gap.Coverage == nil || math.Abs(*gap.Coverage-5.0/25) > 1e-9 {
		t.Errorf("gap = %d essential, %d optional, coverage %v", len(gap.MissingEssential), len(gap.MissingOptional), gap.Coverage)
	}
	if len(gap.Trainings) != 5 || gap.Trainings[0].Rank != 1 {
		t.Errorf("covering trainings = %d", len(gap.Trainings))
	}
	if gap, _ := g.SkillGap(nil, "role:tech-lead"); gap.Coverage != nil {
		t.Errorf("coverage of a role without skills = %v, want unknown", *gap.Coverage)
	}

	reach, err := g.ReachableRoles("role:data-engineer", 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range reach {
		got = append(got, fmt.Sprintf("%s:%d", r.Role.Slug, r.Steps))
	}
	want := []string{"developpeur-back-end:1", "architecte-logiciel:2", "staff-engineer:2", "tech-lead:2"}
	if !slices.Equal(got, want) {
		t.Errorf("reachable = %v, want %v", got, want)
	}
	if reach, _ := g.ReachableRoles("role:data-engineer", 1, nil); len(reach) != 1 {
		t.Errorf("within 1 step: %d roles", len(reach))
	}
	if reach, _ := g.ReachableRoles("role:data-engineer", 5, new(3.0)); len(reach) != 1 || reach[0].Years != 0.5 || reach[0].YearsEstimated {
		t.Errorf("within 3 years: %+v", reach) // half a year to back-end (a training), 3 more beyond (a level)
	}
}

// randomGraph makes n roles with random transitions, each with typical
// years, so that YEARS costs are exact and varied, and random skills from
// a small pool, so that some moves are MCC-viable and others not.
func randomGraph(t testing.TB, rng *rand.Rand, n, edges int) *Graph {
	var ds Dataset
	for i := range 4 {
		ds.Skills = append(ds.Skills, Skill{ID: fmt.Sprintf("skill:s%d", i), Slug: fmt.Sprintf("s%d", i), Name: fmt.Sprintf("S%d", i), Category: Technical})
	}
	for i := range n {
		ds.Roles = append(ds.Roles, Role{ID: fmt.Sprintf("role:r%02d", i), Slug: fmt.Sprintf("r%02d", i), Name: fmt.Sprintf("R%02d", i)})
		for _, sk := range ds.Skills {
			if rng.IntN(2) == 0 {
				ds.Requires = append(ds.Requires, Requires{RoleID: ds.Roles[i].ID, SkillID: sk.ID, Importance: []Importance{Essential, Optional}[rng.IntN(2)], Rank: 1})
			}
		}
	}
	seen := map[string]bool{}
	for len(ds.Transitions) < edges {
		a, b := rng.IntN(n), rng.IntN(n)
		kind := TransitionKinds[rng.IntN(len(TransitionKinds))]
		key := fmt.Sprint(a, b, kind)
		if a == b || seen[key] {
			continue
		}
		seen[key] = true
		y := float64(1 + rng.IntN(4))
		ds.Transitions = append(ds.Transitions, Transition{FromID: ds.Roles[a].ID, ToID: ds.Roles[b].ID, Kind: kind, Rank: 1, TypicalYears: &y})
	}
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// A closed Done stops Yen's algorithm after the search in progress: the
// caller's deadline bounds a k-route query.
func TestCareerPathsStopWhenDone(t *testing.T) {
	// A complete graph of 6 roles has many routes between any two.
	rng := rand.New(rand.NewPCG(3, 4))
	g := randomGraph(t, rng, 6, 30)
	q := PathQuery{FromRole: "role:r00", To: "role:r05", K: 5, MaxSteps: 5}
	all, err := g.CareerPaths(q)
	if err != nil || len(all) < 2 {
		t.Fatalf("without a deadline: %d routes, %v", len(all), err)
	}
	done := make(chan struct{})
	close(done)
	q.Done = done
	if cut, err := g.CareerPaths(q); err != nil || len(cut) != 1 {
		t.Errorf("with Done closed: %d routes, %v; want only the first", len(cut), err)
	}
}

// Equal-cost routes go to fewer steps, then role ids, even when the
// search meets them in another order, and even at the k-th place: here
// r02 → r03 → r05 is settled first (r03 sorts before r09), but
// r01 → r09 → r05 comes first by role ids.
func TestEqualCostRoutesGoByRoleIDs(t *testing.T) {
	var ds Dataset
	for i := range 10 {
		ds.Roles = append(ds.Roles, Role{ID: fmt.Sprintf("role:r%02d", i), Slug: fmt.Sprintf("r%02d", i), Name: fmt.Sprintf("R%02d", i)})
	}
	move := func(a, b int) {
		ds.Transitions = append(ds.Transitions, Transition{FromID: fmt.Sprintf("role:r%02d", a), ToID: fmt.Sprintf("role:r%02d", b), Kind: NextStep, Rank: 1})
	}
	// From r00: r00 → r02 → r03 → r05 and r00 → r01 → r09 → r05, 3 steps each.
	move(0, 2)
	move(2, 3)
	move(3, 5)
	move(0, 1)
	move(1, 9)
	move(9, 5)
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[int][]string{1: {"r01"}, 2: {"r01", "r02"}} {
		routes, err := g.CareerPaths(PathQuery{FromRole: "role:r00", To: "role:r05", K: k, MaxSteps: 4})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range routes {
			got = append(got, r.Steps[0].To.Slug)
		}
		if !slices.Equal(got, want) {
			t.Errorf("k=%d: routes through %v, want %v", k, got, want)
		}
	}
}

// Two EQUIVALENT moves in a row join records that are each only
// equivalent to a third: r00 ≡ r01 ≡ r02 is no route from r00 to r02, nor
// is its detour through r03 when it is again two equivalences in a row;
// r00 ≡ r01 → r04 ≡ r02 is one.
func TestNoTwoEquivalentMovesInARow(t *testing.T) {
	var ds Dataset
	for i := range 5 {
		ds.Roles = append(ds.Roles, Role{ID: fmt.Sprintf("role:r%02d", i), Slug: fmt.Sprintf("r%02d", i), Name: fmt.Sprintf("R%02d", i)})
	}
	move := func(a, b int, kind TransitionKind) {
		ds.Transitions = append(ds.Transitions, Transition{FromID: fmt.Sprintf("role:r%02d", a), ToID: fmt.Sprintf("role:r%02d", b), Kind: kind, Rank: 1})
	}
	move(0, 1, Equivalent)
	move(1, 2, Equivalent)
	move(1, 3, Equivalent)
	move(3, 2, Mobility)
	move(1, 4, Mobility)
	move(4, 2, Equivalent)
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	routes, err := g.CareerPaths(PathQuery{FromRole: "role:r00", To: "role:r02", K: 5, MaxSteps: 5})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range routes {
		got = append(got, strings.Join(roleIDs(r), " "))
	}
	// r00 ≡ r01 ≡ r03 → r02 takes two in a row as well.
	if want := []string{"role:r01 role:r04 role:r02"}; !slices.Equal(got, want) {
		t.Errorf("routes %q, want %q", got, want)
	}
	// From r01 (not entered by an equivalence), r01 ≡ r02 is a route.
	routes, err = g.CareerPaths(PathQuery{FromRole: "role:r01", To: "role:r02", K: 5, MaxSteps: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(routes) != 3 || strings.Join(roleIDs(routes[0]), " ") != "role:r02" {
		t.Errorf("from r01: %d routes, first %v", len(routes), roleIDs(routes[0]))
	}
	// Reach follows the same rule: r03 only lies beyond r00 ≡ r01 ≡ r03,
	// and r02 is three moves away, not two.
	reach, err := g.ReachableRoles("role:r00", 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	var reached []string
	for _, r := range reach {
		reached = append(reached, fmt.Sprintf("%s:%d", r.Role.Slug, r.Steps))
	}
	if want := []string{"r01:1", "r04:2", "r02:3"}; !slices.Equal(reached, want) {
		t.Errorf("reach from r00 = %v, want %v", reached, want)
	}
}

// `estimated` is about the optimised measure: under YEARS, a move whose
// years a source gives is exact even into a role with no known skills
// (whose effort is a guess); under EFFORT that same move is estimated.
func TestEstimatedFollowsTheOptimisedMeasure(t *testing.T) {
	y := 2.0
	ds := Dataset{
		Roles:       []Role{{ID: "role:a", Slug: "a", Name: "A"}, {ID: "role:b", Slug: "b", Name: "B"}},
		Transitions: []Transition{{FromID: "role:a", ToID: "role:b", Kind: NextStep, Rank: 1, TypicalYears: &y}},
	}
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	for opt, want := range map[Optimize]bool{Steps: false, Years: false, Effort: true} {
		routes, err := g.CareerPaths(PathQuery{FromRole: "role:a", To: "role:b", Optimize: opt, K: DefaultK, MaxSteps: DefaultMaxSteps})
		if err != nil || len(routes) != 1 {
			t.Fatalf("%s: %v %v", opt, routes, err)
		}
		if routes[0].Estimated != want || !routes[0].Steps[0].EffortEstimated || routes[0].Steps[0].YearsEstimated {
			t.Errorf("%s: estimated %v (step: years %v, effort %v), want %v", opt, routes[0].Estimated,
				routes[0].Steps[0].YearsEstimated, routes[0].Steps[0].EffortEstimated, want)
		}
	}
}

// Warm leaves nothing for the first route to build: the path index and
// every transition's viability are there.
func TestWarmBuildsWhatRoutesNeed(t *testing.T) {
	g := guideGraph(t)
	g.Warm()
	if g.search.v == nil || g.pathIx.v == nil || len(g.pathIx.v.viable) != len(g.Dataset().Transitions) {
		t.Fatalf("after Warm: search %v, path index %v", g.search.v != nil, g.pathIx.v != nil)
	}
}
