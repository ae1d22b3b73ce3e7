package career

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestStatsOnTheGuideGraph(t *testing.T) {
	st := guideGraph(t).Stats()
	counts := map[string]int{}
	for _, c := range append(st.Nodes, st.Relationships...) {
		counts[c.Kind] = c.Count
	}
	for kind, want := range map[string]int{"Role": 7, "Skill": 14, "Training": 5, "Employer": 5, "Level": 4, "REQUIRES": 14, "TRANSITIONS_TO": 6, "LEADS_TO": 5, "HIRES": 5} {
		if counts[kind] != want {
			t.Errorf("%s = %d, want %d", kind, counts[kind], want)
		}
	}
	top := st.TopHubs(ByBetweenness, 1)[0]
	// 3 career-changer origins x 3 next steps: 9 shortest paths, all
	// through the back-end role.
	if top.Role.ID != "role:developpeur-back-end" || top.Betweenness != 9 || top.InDegree != 3 || top.OutDegree != 3 {
		t.Errorf("top hub = %+v", top)
	}
	if len(st.TransitionKinds) != 2 || st.TransitionKinds[0].Count != 3 {
		t.Errorf("transition kinds = %+v", st.TransitionKinds)
	}
}

func TestBetweennessMatchesBruteForceOnALine(t *testing.T) {
	// a -> b -> c -> d and a -> c. Shortest paths: a..d is a->c->d and
	// b..d is b->c->d, both through c; a..c is direct, so b carries none.
	ds := Dataset{}
	for _, id := range []string{"a", "b", "c", "d"} {
		ds.Roles = append(ds.Roles, Role{ID: "role:" + id, Slug: id, Name: id})
	}
	for _, e := range [][2]string{{"a", "b"}, {"b", "c"}, {"c", "d"}, {"a", "c"}} {
		ds.Transitions = append(ds.Transitions, Transition{FromID: "role:" + e[0], ToID: "role:" + e[1], Kind: Mobility, Rank: 1})
	}
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	bc := map[string]float64{}
	for _, h := range g.Stats().Hubs {
		bc[h.Role.Slug] = h.Betweenness
	}
	if bc["b"] != 0 || bc["c"] != 2 || bc["a"] != 0 || bc["d"] != 0 {
		t.Errorf("betweenness = %v", bc)
	}
}

func TestSimilarRolesAndMCCFlags(t *testing.T) {
	ds := loadCurated(t)
	band := func(min float64) *Band { return &Band{Min: min, Max: min + 10, Currency: "EUR"} }
	roleIn(t, &ds, "role:developpeur-full-stack").Market.StartingSalary = band(20) // pays under 75% of back-end's 36
	roleIn(t, &ds, "role:data-engineer").Market.StartingSalary = band(30)          // pays enough
	for _, r := range []struct {
		role   string
		skills []string
	}{
		{"role:developpeur-full-stack", []string{"skill:conception-d-api", "skill:postgresql", "skill:docker", "skill:redis", "skill:systemes-distribues"}},
		{"role:data-engineer", []string{"skill:conception-d-api", "skill:postgresql", "skill:docker", "skill:redis", "skill:systemes-distribues"}},
		{"role:devops-sre", []string{"skill:docker"}},
	} {
		for i, s := range r.skills {
			ds.Requires = append(ds.Requires, Requires{RoleID: r.role, SkillID: s, Importance: Essential, Rank: i + 1})
		}
	}
	g, sims := backEndSimilar(t, ds)
	if len(sims) != 3 {
		t.Fatalf("similar roles = %+v", sims)
	}
	// Back-end weighs 11x2 + 3x1 = 25; 5 shared essential skills = 10.
	if sims[0].Role.ID != "role:data-engineer" || math.Abs(sims[0].Score-10.0/25) > 1e-9 || sims[0].SharedSkills != 5 {
		t.Errorf("first = %+v", sims[0])
	}
	if !sims[0].Viable || sims[0].HighlyViable || sims[0].Desirable == nil || !*sims[0].Desirable {
		t.Errorf("data engineer flags = %+v", sims[0])
	}
	if sims[1].Role.ID != "role:developpeur-full-stack" || sims[1].Desirable == nil || *sims[1].Desirable {
		t.Errorf("full-stack pays under 75%%, not desirable: %+v", sims[1])
	}
	if last := sims[2]; last.Role.ID != "role:devops-sre" || last.Viable || last.Desirable != nil {
		t.Errorf("devops = %+v", last)
	}
	if _, err := g.SimilarRoles("role:nope", 3); err == nil {
		t.Error("unknown role: no error")
	}
}

// Between roles that both list work contexts, the score is the mean of the
// skill facet and the contexts' Jaccard similarity, and a role sharing
// only contexts is still ranked.
func TestWorkContextsJoinTheScore(t *testing.T) {
	ds := loadCurated(t)
	ctx := func(labels ...string) *RomeProfile {
		p := &RomeProfile{}
		for _, l := range labels {
			p.WorkContexts = append(p.WorkContexts, WorkContext{Label: l, Category: "Lieux et déplacements"})
		}
		return p
	}
	roleIn(t, &ds, "role:developpeur-back-end").Rome = ctx("a", "b", "c", "d")
	roleIn(t, &ds, "role:data-engineer").Rome = ctx("a", "b")
	roleIn(t, &ds, "role:staff-engineer").Rome = ctx("c", "d", "e")
	// Same label, other category: not the same context.
	roleIn(t, &ds, "role:tech-lead").Rome = &RomeProfile{WorkContexts: []WorkContext{{Label: "a", Category: "Horaires et durée du travail"}}}
	for i, s := range []string{"skill:conception-d-api", "skill:postgresql", "skill:docker", "skill:redis", "skill:systemes-distribues"} {
		ds.Requires = append(ds.Requires,
			Requires{RoleID: "role:data-engineer", SkillID: s, Importance: Essential, Rank: i + 1},
			Requires{RoleID: "role:devops-sre", SkillID: s, Importance: Essential, Rank: i + 1})
	}
	g, sims := backEndSimilar(t, ds)
	got := map[string]Similarity{}
	for _, s := range sims {
		got[s.Role.ID] = s
	}
	if len(sims) != 3 {
		t.Fatalf("similar roles = %+v", sims)
	}
	// Skills: 10/25 as in TestSimilarRolesAndMCCFlags; contexts 2 of 4.
	de := got["role:data-engineer"]
	if math.Abs(de.SkillScore-0.4) > 1e-9 || de.ContextScore == nil || math.Abs(*de.ContextScore-0.5) > 1e-9 || math.Abs(de.Score-0.45) > 1e-9 {
		t.Errorf("data engineer = %+v", de)
	}
	// DevOps lists no contexts: its score is its skills'.
	if d := got["role:devops-sre"]; d.ContextScore != nil || d.Score != d.SkillScore || d.Score == 0 {
		t.Errorf("devops = %+v", d)
	}
	// Staff engineer shares no skill, 2 contexts of 5: (0 + 0.4) / 2.
	if s, ok := got["role:staff-engineer"]; !ok || s.SharedSkills != 0 || math.Abs(s.Score-0.2) > 1e-9 {
		t.Errorf("staff engineer = %+v (found: %v)", s, ok)
	}
	if _, ok := got["role:tech-lead"]; ok {
		t.Error("tech lead shares a label under another category and nothing else, yet is ranked")
	}
	if c := g.Compare(g.Role("role:developpeur-back-end"), g.Role("role:data-engineer")); c.Score != de.Score {
		t.Errorf("Compare = %v, SimilarRoles = %v", c.Score, de.Score)
	}
}

func TestViabilityNeedsCloseJobZones(t *testing.T) {
	ds := loadCurated(t)
	for i, s := range []string{"skill:conception-d-api", "skill:postgresql", "skill:docker", "skill:redis", "skill:systemes-distribues", "skill:securite-applicative"} {
		ds.Requires = append(ds.Requires, Requires{RoleID: "role:data-engineer", SkillID: s, Importance: Essential, Rank: i + 1})
	}
	score := func(zoneA, zoneB float64) Similarity {
		d := ds.Clone()
		for i := range d.Roles {
			switch d.Roles[i].ID {
			case "role:developpeur-back-end":
				d.Roles[i].MCC = &MCCProfile{JobZone: zoneA, Currency: "GBP"}
			case "role:data-engineer":
				d.Roles[i].MCC = &MCCProfile{JobZone: zoneB, Currency: "GBP"}
			}
		}
		g, err := Build(d, 1)
		if err != nil {
			t.Fatal(err)
		}
		sims, _ := g.SimilarRoles("role:developpeur-back-end", 1)
		return sims[0]
	}
	if s := score(4, 5); !s.Viable || !s.HighlyViable {
		t.Errorf("zones 4 and 5: %+v, want viable", s)
	}
	if s := score(2, 5); s.Viable || s.HighlyViable || s.Score <= HighlyViableSimilarity {
		t.Errorf("zones 2 and 5: %+v, want similar but not viable", s)
	}
}

// Desirability follows MCC's earnings when both roles have them (here the
// move keeps 80% of the pay), even where starting salaries say otherwise.
func TestDesirablePrefersMCCEarnings(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	ds := Dataset{Skills: []Skill{{ID: "skill:a", Slug: "a", Name: "A", Category: Tool}}}
	for _, r := range []struct {
		id       string
		earn     float64
		starting float64
	}{{"from", 100, 100}, {"to", 80, 50}} {
		ds.Roles = append(ds.Roles, Role{ID: "role:" + r.id, Slug: r.id, Name: r.id,
			Market: Market{StartingSalary: &Band{Min: r.starting, Max: r.starting, Currency: "EUR"}},
			MCC:    &MCCProfile{JobZone: 3, AnnualEarnings: f(r.earn), Currency: "GBP"}})
		ds.Requires = append(ds.Requires, Requires{RoleID: "role:" + r.id, SkillID: "skill:a", Importance: Essential, Rank: 1})
	}
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	sim := g.Compare(g.Role("role:from"), g.Role("role:to"))
	if !sim.Viable || sim.Desirable == nil || !*sim.Desirable {
		t.Fatalf("by MCC earnings the move is desirable: %+v", sim)
	}
	// Without MCC earnings, the starting salaries decide: 50% is not enough.
	roleIn(t, &ds, "role:to").MCC = nil
	g, _ = Build(ds, 1)
	if sim := g.Compare(g.Role("role:from"), g.Role("role:to")); sim.Desirable == nil || *sim.Desirable {
		t.Fatalf("by starting salaries the move is not desirable: %+v", sim)
	}
}

// roleIn is the record of role id in ds, to edit in place.
// backEndSimilar builds ds and ranks the roles similar to the guide's
// back-end developer.
func backEndSimilar(t *testing.T, ds Dataset) (*Graph, []Similarity) {
	t.Helper()
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	sims, err := g.SimilarRoles("role:developpeur-back-end", 10)
	if err != nil {
		t.Fatal(err)
	}
	return g, sims
}

func roleIn(t *testing.T, ds *Dataset, id string) *Role {
	t.Helper()
	i := slices.IndexFunc(ds.Roles, func(r Role) bool { return r.ID == id })
	if i < 0 {
		t.Fatalf("no role %s", id)
	}
	return &ds.Roles[i]
}

// A caller of StatsBy whose request ends first gets its context's error
// at once, not after betweenness; the computation goes on for the next.
func TestStatsByStopsWaitingAtTheDeadline(t *testing.T) {
	// 1,000 roles and 10,000 transitions: betweenness takes a while (a
	// fifth of a second plain, seconds under -race), so it cannot end
	// before StatsBy sees the ended context. esco(t, 1), with 3,000 roles,
	// 30,000 transitions and 14,000 skills, made this test 400 s of the
	// race step at a load of 18 (issue 26).
	rng := rand.New(rand.NewPCG(7, 1))
	var ds Dataset
	for i := range 1000 {
		ds.Roles = append(ds.Roles, Role{ID: fmt.Sprintf("role:r%d", i), Slug: fmt.Sprintf("r%d", i), Name: fmt.Sprintf("Role %d", i)})
	}
	for seen := map[[2]int]bool{}; len(ds.Transitions) < 10000; {
		a, c := rng.IntN(1000), rng.IntN(1000)
		if a != c && !seen[[2]int{a, c}] {
			seen[[2]int{a, c}] = true
			ds.Transitions = append(ds.Transitions, Transition{FromID: ds.Roles[a].ID, ToID: ds.Roles[c].ID, Kind: Mobility, Rank: 1})
		}
	}
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.StatsBy(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("StatsBy with an ended context: %v, want context.Canceled", err)
	}
	st, err := g.StatsBy(context.Background())
	if err != nil || len(st.Hubs) == 0 || !reflect.DeepEqual(st, g.Stats()) {
		t.Errorf("StatsBy afterwards: %d hubs, %v", len(st.Hubs), err)
	}
}

// Similarity is over sets: lists that repeat an entry (refused by
// validation, but a score must not depend on it) keep it between 0 and 1.
func TestContextScoreIsOverSets(t *testing.T) {
	a, b := WorkContext{Label: "a", Category: "c"}, WorkContext{Label: "b", Category: "c"}
	x := &Role{Rome: &RomeProfile{WorkContexts: []WorkContext{a, a, a}}}
	y := &Role{Rome: &RomeProfile{WorkContexts: []WorkContext{a, b}}}
	at := map[WorkContext]int32{}
	ix := &pathIndex{contexts: [][]int32{contextSet(x, at), contextSet(y, at), contextSet(&Role{}, at)}}
	if s, ok := ix.contextScore(0, 1); !ok || s != 0.5 {
		t.Errorf("contexts {a} and {a, b} = %v, want 1/2", s)
	}
	if s, ok := ix.contextScore(0, 2); ok {
		t.Errorf("a role without contexts scored %v", s)
	}
	if s, _ := ix.contextScore(0, 0); s != 1 {
		t.Errorf("a role with itself = %v, want 1", s)
	}
}
