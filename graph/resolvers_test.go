package graph

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"careergraph/bench/queries"
	"careergraph/career"
)

// In-package tests of the resolvers: gqlgen's client over the executable
// schema and the guide's snapshot, with no process and no port. The HTTP
// suite in app/ covers the routes, smoke_test.go in the root the binary.

func guideClient(t *testing.T) *client.Client {
	t.Helper()
	return client.New(testServer(t, false))
}

// post runs q, which must succeed, and decodes its data into out (only
// the fields out names).
func post(t *testing.T, c *client.Client, q string, out any, opts ...client.Option) {
	t.Helper()
	res, err := c.RawPost(q, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 && string(res.Errors) != "null" {
		t.Fatalf("%s: %s", q, res.Errors)
	}
	raw, _ := json.Marshal(res.Data)
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatal(err)
	}
}

// errCode runs q and answers the first error's extensions.code.
func errCode(t *testing.T, c *client.Client, q string) string {
	t.Helper()
	res, err := c.RawPost(q)
	if err != nil {
		t.Fatal(err)
	}
	var errs []struct{ Extensions map[string]any }
	if err := json.Unmarshal(res.Errors, &errs); err != nil || len(errs) == 0 {
		t.Fatalf("%s: no error (%s)", q, res.Errors)
	}
	code, _ := errs[0].Extensions["code"].(string)
	return code
}

func TestGuidePageResolves(t *testing.T) {
	var out struct {
		Role struct {
			Name   string
			Market struct {
				StartingSalary struct{ Label string }
				TrendLabel     string
			}
			Trainings   []struct{ Rank int }
			SkillGroups []struct {
				Label  string
				Skills []struct{ Skill struct{ Name string } }
			}
			Levels []struct {
				Name       string
				YearsLabel string
				Next       *struct{ Name string }
			}
			NextSteps []struct{ To struct{ Slug string } }
		}
	}
	post(t, guideClient(t), queries.Get("guide-page"), &out)
	r := out.Role
	if r.Name != "Développeur Back-End" || r.Market.StartingSalary.Label != "36-46 k€" || r.Market.TrendLabel != "Trending up" {
		t.Errorf("head of the page: %+v", r)
	}
	if len(r.Trainings) != 5 || len(r.SkillGroups) != 3 || r.SkillGroups[1].Label != "Tools" || len(r.SkillGroups[1].Skills) != 6 {
		t.Errorf("trainings %d, skill groups %+v", len(r.Trainings), r.SkillGroups)
	}
	if len(r.Levels) != 4 || r.Levels[0].YearsLabel != "0-2 years" || r.Levels[0].Next.Name != "Mid-level" || r.Levels[3].Next != nil {
		t.Errorf("levels %+v", r.Levels)
	}
	if len(r.NextSteps) != 3 || r.NextSteps[2].To.Slug != "staff-engineer" {
		t.Errorf("next steps %+v", r.NextSteps)
	}
}

func TestListsSortPageAndRefuse(t *testing.T) {
	c := guideClient(t)
	var out struct {
		Roles struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				EndCursor   string
			}
			Nodes []struct {
				Slug   string
				Market struct{ StartingSalary *struct{ Min float64 } }
			}
		}
	}
	post(t, c, `{ roles(orderBy: {field: STARTING_SALARY, direction: DESC}, first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { slug market { startingSalary { min } } } } }`, &out)
	n := out.Roles.Nodes
	// Only the back-end role has a market card in the guide; roles
	// without the value come last.
	if out.Roles.TotalCount != 7 || len(n) != 2 || !out.Roles.PageInfo.HasNextPage ||
		n[0].Slug != "developpeur-back-end" || n[0].Market.StartingSalary == nil || n[1].Market.StartingSalary != nil {
		t.Fatalf("first page %+v", out.Roles)
	}
	var byName struct {
		Roles struct{ Nodes []struct{ Slug string } }
	}
	post(t, c, `{ roles(orderBy: {field: NAME, direction: DESC}, first: 1) { nodes { slug } } }`, &byName)
	if len(byName.Roles.Nodes) != 1 || byName.Roles.Nodes[0].Slug != "tech-lead" {
		t.Errorf("last by name: %+v, want tech-lead", byName.Roles.Nodes)
	}
	var next struct {
		Roles struct{ Nodes []struct{ Slug string } }
	}
	post(t, c, `query($after: String) { roles(orderBy: {field: STARTING_SALARY, direction: DESC}, first: 2, after: $after) { nodes { slug } } }`, &next,
		client.Var("after", out.Roles.PageInfo.EndCursor))
	if len(next.Roles.Nodes) != 2 || next.Roles.Nodes[0].Slug == n[0].Slug || next.Roles.Nodes[0].Slug == n[1].Slug {
		t.Errorf("second page %+v after %+v", next.Roles.Nodes, n)
	}
	for q, want := range map[string]string{
		`{ roles(first: 101) { totalCount } }`:             "BAD_USER_INPUT",
		`{ roles(after: "not a cursor") { totalCount } }`:  "BAD_USER_INPUT",
		`{ careerPaths(from: {}, to: "role:x") { cost } }`: "BAD_USER_INPUT",
	} {
		if got := errCode(t, c, q); got != want {
			t.Errorf("%s: code %q, want %q", q, got, want)
		}
	}
}

func TestNodesAndRoutesResolve(t *testing.T) {
	c := guideClient(t)
	var nodes struct {
		Nodes []*struct {
			Typename string `json:"__typename"`
		}
	}
	post(t, c, `{ nodes(ids: ["role:tech-lead", "skill:go", "level:developpeur-back-end/senior", "source:apec", "role:nobody"]) { __typename } }`, &nodes)
	var got []string
	for _, n := range nodes.Nodes {
		if n == nil {
			got = append(got, "null")
		} else {
			got = append(got, n.Typename)
		}
	}
	if strings.Join(got, " ") != "Role Skill Level Source null" {
		t.Errorf("nodes resolve to %v", got)
	}
	var routes struct {
		CareerPaths []struct {
			TotalSteps int
			Steps      []struct{ To struct{ Slug string } }
		}
	}
	post(t, c, `{ careerPaths(from: {roleId: "role:data-engineer"}, to: "role:staff-engineer", k: 2) { totalSteps steps { to { slug } } } }`, &routes)
	if len(routes.CareerPaths) == 0 || len(routes.CareerPaths) > 2 {
		t.Fatalf("routes %+v, want 1 or 2 (k: 2)", routes)
	}
	for _, p := range routes.CareerPaths {
		if p.TotalSteps != len(p.Steps) || p.Steps[len(p.Steps)-1].To.Slug != "staff-engineer" {
			t.Errorf("route %+v does not end at staff-engineer", p)
		}
	}
	if r := routes.CareerPaths; len(r) == 2 && r[0].TotalSteps > r[1].TotalSteps {
		t.Errorf("routes not best first: %+v", routes.CareerPaths)
	}
}

// A request's Accept-Language sets the default of every label's lang
// argument left out; an explicit argument wins; a header naming neither
// language changes nothing; a role's name stays as written unless asked.
func TestAcceptLanguageSetsTheDefault(t *testing.T) {
	h := Languages(testServer(t, false))
	c := client.New(h)
	const q = `{ role(slug: "developpeur-back-end") {
		name en: name(lang: EN)
		market { trendLabel explicit: trendLabel(lang: EN) }
		levels { yearsLabel }
		skillGroups { label }
		trainings { training { kindLabel fr: kindLabel(lang: FR) } }
	} }`
	type page struct {
		Role struct {
			Name, En string
			Market   struct{ TrendLabel, Explicit string }
			Levels   []struct{ YearsLabel string }
			Groups   []struct{ Label string } `json:"skillGroups"`
			Trains   []struct {
				Training struct{ KindLabel, Fr string }
			} `json:"trainings"`
		}
	}
	for header, want := range map[string][4]string{
		"fr-CH, fr;q=0.9, en;q=0.8": {"Développeur Back-End", "En hausse", "0-2 ans", "Outils"},
		"en-GB,en;q=0.9":            {"Développeur Back-End", "Trending up", "0-2 years", "Tools"},
		"de-DE":                     {"Développeur Back-End", "Trending up", "0-2 years", "Tools"},
		"":                          {"Développeur Back-End", "Trending up", "0-2 years", "Tools"},
	} {
		var out page
		post(t, c, q, &out, client.AddHeader("Accept-Language", header))
		r := out.Role
		got := [4]string{r.Name, r.Market.TrendLabel, r.Levels[0].YearsLabel, r.Groups[1].Label}
		if got != want || r.En != "Backend Developer" || r.Market.Explicit != "Trending up" {
			t.Errorf("Accept-Language %q: %q (explicit %q, %q), want %q", header, got, r.En, r.Market.Explicit, want)
		}
		if fr := r.Trains[0].Training; header == "fr-CH, fr;q=0.9, en;q=0.8" && fr.KindLabel != fr.Fr {
			t.Errorf("training kind label missing: %+v", r.Trains)
		}
	}
	// Caches are told the answer depends on the header.
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	if rec.Header().Get("Vary") != "Accept-Language" {
		t.Errorf("Vary = %q", rec.Header().Get("Vary"))
	}
}

// Every argument outside its documented range is refused with
// BAD_USER_INPUT, zero included (k: 0 was once taken for the default);
// an explicit null is the default.
func TestArgumentsOutOfRangeAreRefused(t *testing.T) {
	c := guideClient(t)
	route := `careerPaths(from: {roleId: "role:data-engineer"}, to: "role:staff-engineer"`
	for _, q := range []string{
		`{ ` + route + `, k: 0) { cost } }`,
		`{ ` + route + `, k: 11) { cost } }`,
		`{ ` + route + `, maxSteps: 0) { cost } }`,
		`{ ` + route + `, k: 0, maxSteps: 0) { cost } }`,
		`{ ` + route + `, maxSteps: 11) { cost } }`,
		`{ reachableRoles(from: "role:data-engineer", maxSteps: 0) { steps } }`,
		`{ reachableRoles(from: "role:data-engineer", maxYears: -1) { steps } }`,
		`{ reachableRoles(from: "role:data-engineer", maxYears: 101) { steps } }`,
		`{ similarRoles(role: "role:data-engineer", k: 0) { score } }`,
		`{ graphStats(top: 0) { nodes { count } } }`,
		`{ search(query: "dev", first: 0) { kind } }`,
		`{ search(query: "dev", first: 51) { kind } }`,
		`{ roles(first: -1) { totalCount } }`,
	} {
		if got := errCode(t, c, q); got != "BAD_USER_INPUT" {
			t.Errorf("%s: code %q, want BAD_USER_INPUT", q, got)
		}
	}
	var out struct {
		CareerPaths []struct{ Cost float64 }
		Reach       []struct{ Steps int } `json:"reachableRoles"`
	}
	post(t, c, `{ `+route+`, k: null, maxSteps: null) { cost } reachableRoles(from: "role:data-engineer", maxSteps: null, maxYears: 0) { steps } }`, &out)
	if len(out.CareerPaths) != 1 || out.CareerPaths[0].Cost != 2 {
		t.Errorf("k and maxSteps null: %+v, want the default search's one route of 2 steps", out.CareerPaths)
	}
	// maxYears: 0 is a limit (no move takes no time here), not "no limit".
	if len(out.Reach) != 0 {
		t.Errorf("within 0 years: %+v", out.Reach)
	}
}

// graphStats asked for counts only (the explorer's first page) answers
// from career.Counts, without the hubs' betweenness; the counts are those
// of the whole answer, and a hub list asked through a fragment or an
// alias still gets its hubs.
func TestGraphStatsCountsAloneAndWithHubs(t *testing.T) {
	c := guideClient(t)
	type stats struct {
		Nodes, TransitionKinds []struct {
			Kind  string
			Count int
		}
		Hubs []struct{ Betweenness float64 }
	}
	var alone, whole, frag struct{ GraphStats stats }
	post(t, c, `{ graphStats(top: 3) { nodes { kind count } transitionKinds { kind count } } }`, &alone)
	post(t, c, `{ graphStats(top: 3) { nodes { kind count } transitionKinds { kind count } hubs: hubsByBetweenness { betweenness } } }`, &whole)
	post(t, c, `fragment H on GraphStats { hubs: hubsByInDegree { betweenness } } { graphStats(top: 3) { nodes { kind count } ...H } }`, &frag)
	if len(alone.GraphStats.Nodes) == 0 || !reflect.DeepEqual(alone.GraphStats.Nodes, whole.GraphStats.Nodes) ||
		!reflect.DeepEqual(alone.GraphStats.TransitionKinds, whole.GraphStats.TransitionKinds) {
		t.Errorf("counts alone %+v, with hubs %+v", alone.GraphStats, whole.GraphStats)
	}
	if len(whole.GraphStats.Hubs) != 3 || len(frag.GraphStats.Hubs) != 3 {
		t.Errorf("hubs asked by alias: %d, through a fragment: %d, want 3 each", len(whole.GraphStats.Hubs), len(frag.GraphStats.Hubs))
	}
}

// graphStats asked for counts only leaves the snapshot's hubs undone
// (career.Graph.StatsReady), and asked for a hub list computes them. The
// request reads a snapshot of its own, which no warmer builds, pinned
// through gqlgen's own transport (ours pins Live's).
func TestGraphStatsCountsAloneLeavesTheHubsUndone(t *testing.T) {
	live, log := guideLive(t)
	c := client.New(NewServer(live, Options{Log: log, Limits: testLimits, stockTransports: true}))
	g, err := career.Build(live.Graph().Dataset(), live.Graph().Version())
	if err != nil {
		t.Fatal(err)
	}
	pin := func(r *client.Request) { r.HTTP = r.HTTP.WithContext(WithSnapshot(r.HTTP.Context(), g)) }
	var out struct {
		GraphStats struct {
			Nodes []struct{ Count int }
			Hubs  []struct{ InDegree int } `json:"hubsByInDegree"`
		}
	}
	post(t, c, `{ graphStats { nodes { count } relationships { count } transitionKinds { count } } }`, &out, pin)
	if len(out.GraphStats.Nodes) == 0 {
		t.Fatal("no counts")
	}
	if g.StatsReady() {
		t.Error("graphStats asked for counts only computed the hubs")
	}
	post(t, c, `{ graphStats(top: 1) { hubsByInDegree { inDegree } } }`, &out, pin)
	if len(out.GraphStats.Hubs) != 1 || !g.StatsReady() {
		t.Errorf("asked for a hub list: %d hubs, StatsReady %v: the pinned snapshot is not the one read", len(out.GraphStats.Hubs), g.StatsReady())
	}
}
