package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"html"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"careergraph/career"
	"careergraph/graph/playground"
	"careergraph/testkit"
)

func TestSearchRanksTheRoleFirst(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	for _, q := range []string{"developpeur backend", "ingénieur backend", "backend dev", "DÉVELOPPEUR BACK", "Ingenieur Backend"} {
		var data struct {
			Search []struct {
				Kind, Matched string
				Score         float64
				Node          struct{ ID string }
			}
		}
		testkit.Query(t, s.URL, `query($q: String!) { search(query: $q) { kind matched score node { __typename ... on Node { id } } } }`, map[string]any{"q": q}, &data)
		if len(data.Search) == 0 || data.Search[0].Node.ID != "role:developpeur-back-end" {
			t.Errorf("search %q: first hit %+v, want role:developpeur-back-end", q, data.Search)
			continue
		}
		for i := 1; i < len(data.Search); i++ {
			if data.Search[i].Node.ID == "role:developpeur-back-end" {
				t.Errorf("search %q: the role appears twice", q)
			}
		}
	}
	var skills struct {
		Search []struct {
			Kind string
			Node struct{ Name string }
		}
	}
	testkit.Query(t, s.URL, `{ search(query: "postgre", types: [SKILL]) { kind node { ... on Skill { name } } } }`, nil, &skills)
	if len(skills.Search) != 1 || skills.Search[0].Node.Name != "PostgreSQL" {
		t.Errorf("search postgre in skills = %+v", skills.Search)
	}
	var none struct{ Search []any }
	testkit.Query(t, s.URL, `{ search(query: "zzzz") { kind } }`, nil, &none)
	if len(none.Search) != 0 {
		t.Errorf("search zzzz found %v", none.Search)
	}
	if code, _ := testkit.QueryErr(t, s.URL, `{ search(query: "dev", first: 0) { kind } }`, nil); code != "BAD_USER_INPUT" {
		t.Errorf("search first 0: code %q", code)
	}
	if code, _ := testkit.QueryErr(t, s.URL, `query($q: String!) { search(query: $q) { kind } }`, map[string]any{"q": strings.Repeat("a", 201)}); code != "BAD_USER_INPUT" {
		t.Errorf("long search: code %q", code)
	}
}

func TestLookups(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	var data struct {
		ByID, BySlug, Unknown *struct{ Name string }
		Node                  *struct {
			Typename string `json:"__typename"`
			Name     string
		} `json:"node"`
		Level *struct {
			Typename string `json:"__typename"`
			Name     string
		} `json:"level"`
		Nodes []*struct {
			Typename string `json:"__typename"`
		} `json:"nodes"`
		Skill, Training *struct{ Name string }
		Employer        *struct{ Name string }
	}
	testkit.Query(t, s.URL, `{
		byID: role(id: "role:data-engineer") { name }
		bySlug: role(slug: "tech-lead") { name }
		unknown: role(slug: "astronaute") { name }
		node: node(id: "skill:postgresql") { __typename ... on Skill { name } }
		level: node(id: "level:developpeur-back-end/senior") { __typename ... on Level { name } }
		nodes: nodes(ids: ["role:tech-lead", "nope", "source:apec", "employer:scale-ups-produit", "training:but-informatique-ex-dut"]) { __typename }
		skill(slug: "redis") { name }
		training(id: "training:bootcamp-oriente-back-end") { name }
		employer(slug: "plateformes-e-commerce") { name }
	}`, nil, &data)
	if data.ByID == nil || data.ByID.Name != "Data engineer" || data.BySlug == nil || data.BySlug.Name != "Tech Lead" {
		t.Errorf("role by id/slug: %+v %+v", data.ByID, data.BySlug)
	}
	// An unknown slug is null without an error, as the schema documents.
	if data.Unknown != nil {
		t.Errorf("unknown slug = %+v, want null", data.Unknown)
	}
	if data.Node == nil || data.Node.Typename != "Skill" || data.Node.Name != "PostgreSQL" {
		t.Errorf("node(skill) = %+v", data.Node)
	}
	if data.Level == nil || data.Level.Typename != "Level" || data.Level.Name != "Senior" {
		t.Errorf("node(level) = %+v", data.Level)
	}
	var types []string
	for _, n := range data.Nodes {
		if n == nil {
			types = append(types, "null")
		} else {
			types = append(types, n.Typename)
		}
	}
	if got := strings.Join(types, ","); got != "Role,null,Source,Employer,Training" {
		t.Errorf("nodes = %s", got)
	}
	if data.Skill == nil || data.Training == nil || data.Employer == nil {
		t.Errorf("skill/training/employer lookups: %+v %+v %+v", data.Skill, data.Training, data.Employer)
	}
	for _, q := range []string{`{ role { name } }`, `{ role(id: "role:tech-lead", slug: "tech-lead") { name } }`} {
		if code, _ := testkit.QueryErr(t, s.URL, q, nil); code != "BAD_USER_INPUT" {
			t.Errorf("%s: code %q, want BAD_USER_INPUT", q, code)
		}
	}
}

type page struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
	Edges []struct {
		Cursor string
		Node   struct{ Slug, Name string }
	}
}

func TestPagination(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	const q = `query($first: Int, $after: String) { roles(first: $first, after: $after) {
		totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { slug name } } } }`
	var data struct{ Roles page }

	testkit.Query(t, s.URL, q, map[string]any{"first": 0}, &data)
	if p := data.Roles; len(p.Edges) != 0 || p.TotalCount != 7 || !p.PageInfo.HasNextPage || p.PageInfo.EndCursor != nil {
		t.Errorf("first: 0 = %+v, want no edges, totalCount 7, hasNextPage, no cursor", p)
	}

	// Pages of 3 visit every role once, in name order.
	var seen []string
	var after any
	for pages := 0; ; pages++ {
		testkit.Query(t, s.URL, q, map[string]any{"first": 3, "after": after}, &data)
		for _, e := range data.Roles.Edges {
			seen = append(seen, e.Node.Name)
		}
		if data.Roles.PageInfo.HasPreviousPage != (pages > 0) {
			t.Errorf("page %d: hasPreviousPage = %v", pages, data.Roles.PageInfo.HasPreviousPage)
		}
		if !data.Roles.PageInfo.HasNextPage {
			break
		}
		after = *data.Roles.PageInfo.EndCursor
	}
	want := []string{"Architecte logiciel", "Data engineer", "Développeur Back-End", "Développeur full-stack", "DevOps / SRE", "Staff Engineer", "Tech Lead"}
	if strings.Join(seen, "|") != strings.Join(want, "|") {
		t.Errorf("paged roles = %v, want %v", seen, want)
	}

	// After the last item: an empty page, not an error.
	testkit.Query(t, s.URL, q, map[string]any{"first": 3, "after": data.Roles.Edges[len(data.Roles.Edges)-1].Cursor}, &data)
	if len(data.Roles.Edges) != 0 || data.Roles.PageInfo.HasNextPage {
		t.Errorf("page beyond the end = %+v", data.Roles)
	}

	for name, vars := range map[string]map[string]any{
		"bad cursor":  {"first": 3, "after": "not-a-cursor"},
		"forged":      {"first": 3, "after": "Y3Vyc29yOnYxOnJvbGU6bm9wZQ"}, // cursor:v1:role:nope
		"first > 100": {"first": 101},
		"negative":    {"first": -1},
	} {
		if code, _ := testkit.QueryErr(t, s.URL, q, vars); code != "BAD_USER_INPUT" {
			t.Errorf("%s: code %q, want BAD_USER_INPUT", name, code)
		}
	}
}

func TestFiltersAndOrders(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	var data struct {
		Trending, BySalary, Backend page
		Tools                       struct{ TotalCount int }
		Trainings                   struct{ Nodes []struct{ Name string } }
		Employers                   struct{ TotalCount int }
	}
	testkit.Query(t, s.URL, `{
		trending: roles(filter: {trends: [UP]}) { totalCount edges { node { slug } } }
		bySalary: roles(orderBy: {field: STARTING_SALARY, direction: DESC}, first: 2) { totalCount edges { node { slug } } }
		backend: roles(filter: {query: "ingenieur back"}) { totalCount edges { node { slug } } }
		tools: skills(filter: {categories: [TOOL], roleId: "role:developpeur-back-end"}) { totalCount }
		trainings(orderBy: {field: DURATION, direction: DESC}, filter: {kinds: [DEGREE, BOOTCAMP]}) { nodes { name } }
		employers(filter: {roleId: "role:developpeur-back-end"}) { totalCount }
	}`, nil, &data)
	if data.Trending.TotalCount != 1 || data.Trending.Edges[0].Node.Slug != "developpeur-back-end" {
		t.Errorf("trending roles = %+v", data.Trending)
	}
	// Roles without a salary sort last, whichever the direction.
	if data.BySalary.TotalCount != 7 || data.BySalary.Edges[0].Node.Slug != "developpeur-back-end" {
		t.Errorf("by salary = %+v", data.BySalary)
	}
	if data.Backend.TotalCount != 1 || data.Backend.Edges[0].Node.Slug != "developpeur-back-end" {
		t.Errorf("role query via job title = %+v", data.Backend)
	}
	if data.Tools.TotalCount != 6 {
		t.Errorf("tool skills of back-end = %d, want 6", data.Tools.TotalCount)
	}
	var names []string
	for _, n := range data.Trainings.Nodes {
		names = append(names, n.Name)
	}
	if strings.Join(names, "|") != "École d'ingénieur informatique|Master informatique universitaire|BUT Informatique (ex-DUT)|Bootcamp orienté back-end" {
		t.Errorf("trainings by duration desc = %v", names)
	}
	if data.Employers.TotalCount != 5 {
		t.Errorf("employers of back-end = %d", data.Employers.TotalCount)
	}
}

func TestBadRequestsGetCodes(t *testing.T) {
	cfg := testConfig(t, t.TempDir())
	cfg.MaxBodyBytes = 64 << 10
	s := start(t, cfg)
	deep := "{ role(slug: \"developpeur-back-end\") { levels { next { next { next { next { next { next { next { next { next { name } } } } } } } } } } } }"
	cases := []struct {
		name, query, code string
	}{
		{"parse error", `{ role(slug: `, "GRAPHQL_PARSE_FAILED"},
		{"unknown field", `{ role(slug: "x") { salary } }`, "GRAPHQL_VALIDATION_FAILED"},
		{"bad enum", `{ roles(filter: {trends: [SIDEWAYS]}) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED"},
		{"too deep", deep, "DEPTH_LIMIT_EXCEEDED"},
		{"too complex", `{ groups(first: 100) { nodes { roles(first: 100) { nodes { id name } } skills(first: 100) { nodes { id name } } } } }`, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"too long", "{ " + strings.Repeat("__typename ", 2500) + "}", "BAD_USER_INPUT"},
	}
	for _, c := range cases {
		if code, res := testkit.QueryErr(t, s.URL, c.query, nil); code != c.code {
			t.Errorf("%s: code %q (%+v), want %s", c.name, code, res.Errors, c.code)
		}
	}
	if res := testkit.PostRaw(t, s.URL, []byte(`{not json`)); res.Code() != "BAD_REQUEST" || res.Status != http.StatusBadRequest {
		t.Errorf("malformed JSON: %d %+v", res.Status, res.Errors)
	}
	big := `{"query": "{ __typename }", "variables": {"pad": "` + strings.Repeat("x", 70<<10) + `"}}`
	if res := testkit.PostRaw(t, s.URL, []byte(big)); res.Code() != "BAD_USER_INPUT" || res.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d %+v", res.Status, res.Errors)
	}
}

func TestPersistedQueries(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	q := `{ role(slug: "tech-lead") { name } }`
	sum := sha256.Sum256([]byte(q))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	if res := testkit.Post(t, s.URL, map[string]any{"extensions": ext}); res.Code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("unknown hash: %+v", res.Errors)
	}
	if res := testkit.Post(t, s.URL, map[string]any{"query": q, "extensions": ext}); len(res.Errors) > 0 {
		t.Fatalf("register: %+v", res.Errors)
	}
	res := testkit.Post(t, s.URL, map[string]any{"extensions": ext})
	if len(res.Errors) > 0 || !strings.Contains(string(res.Data), "Tech Lead") {
		t.Fatalf("hash only after register: %s %+v", res.Data, res.Errors)
	}
}

// Data written to the store survives a restart, and a restart does not
// seed again.
func TestDataSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	a, err := newApp(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.load(context.Background()); err != nil {
		t.Fatal(err)
	}
	g, err := a.live.Upsert(context.Background(), career.Dataset{
		Roles:       []career.Role{{ID: "role:product-manager", Slug: "product-manager", Name: "Product manager"}},
		Transitions: []career.Transition{{FromID: "role:developpeur-back-end", ToID: "role:product-manager", Kind: career.Mobility, Rank: 1}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	written := g.Version()
	a.store.Close()

	s := start(t, cfg)
	var data struct {
		Role *struct {
			Name          string
			TransitionsIn []struct{ From struct{ Slug string } }
		}
	}
	testkit.Query(t, s.URL, `{ role(slug: "product-manager") { name transitionsIn { from { slug } } } }`, nil, &data)
	if data.Role == nil || data.Role.Name != "Product manager" || len(data.Role.TransitionsIn) != 1 {
		t.Fatalf("after restart: %+v", data.Role)
	}
	if v := s.live.Graph().Version(); v != written {
		t.Errorf("version after restart = %d, want %d (no re-seed)", v, written)
	}
}

func TestHealthReadinessAndCORS(t *testing.T) {
	a, err := newApp(testConfig(t, t.TempDir()), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.store.Close()
	srv := httptest.NewServer(a.handler)
	defer srv.Close()
	status := func(path string) int {
		res, err := testkit.Client.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if h, r := status("/healthz"), status("/readyz"); h != 200 || r != 503 {
		t.Errorf("before load: healthz %d readyz %d, want 200 503", h, r)
	}
	if res := testkit.Post(t, srv.URL, map[string]any{"query": "{ __typename }"}); res.Status != 503 || res.Code() != "UNAVAILABLE" {
		t.Errorf("graphql before load: %d %+v", res.Status, res.Errors)
	}
	if err := a.load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := status("/readyz"); r != 200 {
		t.Errorf("after load: readyz %d", r)
	}
	req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
	req.Header.Set("Origin", "https://guide.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type")
	res, err := testkit.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("CORS preflight allow-origin = %q", got)
	}
}

func TestGraphiQLIsServedFromTheBinary(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	get := func(path string) (string, http.Header) {
		res, err := testkit.Client.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		return string(b), res.Header
	}
	// Without a query GraphiQL opens on the guide-page example.
	res, err := testkit.Client.Get(s.URL + "/graphiql")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if q := res.Request.URL.Query().Get("query"); !strings.Contains(q, `role(slug: "developpeur-back-end")`) {
		t.Errorf("GET /graphiql landed on %s, want the guide-page example in ?query=", res.Request.URL)
	}
	page, _ := get("/graphiql?query=%7Bx%7D")
	if regexp.MustCompile(`(src|href)="(https?:)?//`).MatchString(page) {
		t.Fatal("the GraphiQL page loads something from another host")
	}
	refs := regexp.MustCompile(`(?:src|href)="(/graphiql/assets/[^"]+)"\s+integrity="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) != 4 {
		t.Fatalf("found %d local assets with integrity, want 4", len(refs))
	}
	for _, r := range refs {
		body, h := get(r[1])
		sum := sha256.Sum256([]byte(body))
		if want := "sha256-" + b64(sum[:]); want != html.UnescapeString(r[2]) {
			t.Errorf("%s: integrity %s, content hashes to %s", r[1], r[2], want)
		}
		if h.Get("Content-Type") == "" {
			t.Errorf("%s: no content type", r[1])
		}
	}
	res, err = testkit.Client.Get(s.URL + playground.AssetsPath)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("GET %s (a directory) = %s, want 404", playground.AssetsPath, res.Status)
	}
}

// Every type, field, argument and enum value of the public schema has a
// description, so GraphiQL documents all of it.
func TestSchemaIsDocumented(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	type arg struct{ Name, Description string }
	var data struct {
		Schema struct {
			Types []struct {
				Name, Description string
				Fields            []struct {
					Name, Description string
					Args              []arg
				}
				InputFields []arg
				EnumValues  []arg
			}
		} `json:"__schema"`
	}
	testkit.Query(t, s.URL, `{ __schema { types { name description
		fields { name description args { name description } }
		inputFields { name description } enumValues { name description } } } }`, nil, &data)
	builtin := map[string]bool{"String": true, "Int": true, "Float": true, "Boolean": true, "ID": true}
	n := 0
	for _, ty := range data.Schema.Types {
		if strings.HasPrefix(ty.Name, "__") || builtin[ty.Name] {
			continue
		}
		n++
		if ty.Description == "" {
			t.Errorf("type %s has no description", ty.Name)
		}
		for _, f := range ty.Fields {
			if f.Description == "" {
				t.Errorf("%s.%s has no description", ty.Name, f.Name)
			}
			for _, a := range f.Args {
				if a.Description == "" {
					t.Errorf("%s.%s(%s) has no description", ty.Name, f.Name, a.Name)
				}
			}
		}
		for _, f := range append(ty.InputFields, ty.EnumValues...) {
			if f.Description == "" {
				t.Errorf("%s.%s has no description", ty.Name, f.Name)
			}
		}
	}
	if n < 30 {
		t.Errorf("only %d schema types checked", n)
	}
}

func TestCareerPathsOverHTTP(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	var data struct {
		CareerPaths []struct {
			TotalSteps int
			Estimated  bool
			Steps      []struct {
				From            *struct{ Slug string }
				To              struct{ Slug string }
				Transition      *struct{ Kind, Note string }
				SkillsToAcquire []struct{ Name string }
				Trainings       []struct{ Rank int }
			}
		}
		FromSkills []struct {
			Steps []struct {
				From *struct{ Slug string }
				To   struct{ Slug string }
			}
		}
		SkillGap struct {
			Coverage         float64
			MissingEssential []struct{ Name string }
		}
		ReachableRoles []struct {
			Role  struct{ Slug string }
			Steps int
		}
		Viable            []struct{ Cost float64 }
		SectorTransitions []struct {
			From, To string
			Share    float64
		}
		Role struct {
			TransitionsOut []struct {
				Similarity struct {
					Score  float64
					Viable bool
					Role   struct{ Slug string }
				}
			}
		}
	}
	testkit.Query(t, s.URL, `{
		careerPaths(from: {roleId: "role:data-engineer"}, to: "role:staff-engineer", k: 5) {
			totalSteps estimated
			steps { from { slug } to { slug } transition { kind note } skillsToAcquire { name } trainings { rank } }
		}
		fromSkills: careerPaths(from: {skillIds: ["skill:go", "skill:postgresql", "skill:docker"]}, to: "role:architecte-logiciel", optimize: EFFORT) {
			steps { from { slug } to { slug } }
		}
		skillGap(have: ["skill:go", "skill:postgresql"], target: "role:developpeur-back-end") { coverage missingEssential { name } }
		reachableRoles(from: "role:devops-sre", maxSteps: 2) { role { slug } steps }
		viable: careerPaths(from: {roleId: "role:data-engineer"}, to: "role:staff-engineer", viableOnly: true) { cost }
		sectorTransitions(from: "developers & testers", level: SUB_SECTOR, top: 3) { from to share }
		role(slug: "data-engineer") { transitionsOut { similarity { score viable highlyViable desirable sharedSkills role { slug } } } }
	}`, nil, &data)
	// MCC's matrices ship with the binary: they answer on the guide graph.
	if st := data.SectorTransitions; len(st) != 3 || st[0].From != "developers & testers" || st[0].Share < st[1].Share || st[1].Share < st[2].Share {
		t.Errorf("sector transitions = %+v", st)
	}
	// The guide gives Data engineer no skills: by MCC's rules its move to
	// the back-end role scores 0 and is not viable, so viableOnly finds no route.
	if len(data.Viable) != 0 {
		t.Errorf("viableOnly routes from a role without skills = %+v", data.Viable)
	}
	if ts := data.Role.TransitionsOut; len(ts) != 1 || ts[0].Similarity.Score != 0 || ts[0].Similarity.Viable || ts[0].Similarity.Role.Slug != "developpeur-back-end" {
		t.Errorf("similarity of data-engineer's move = %+v", ts)
	}
	if len(data.CareerPaths) != 1 || data.CareerPaths[0].TotalSteps != 2 {
		t.Fatalf("careerPaths = %+v", data.CareerPaths)
	}
	st := data.CareerPaths[0].Steps
	if st[0].To.Slug != "developpeur-back-end" || st[1].To.Slug != "staff-engineer" || st[0].Transition.Kind != "CAREER_CHANGE" ||
		st[0].Transition.Note != "la maîtrise des bases de données et des pipelines est transférable" || len(st[0].SkillsToAcquire) != 11 || len(st[0].Trainings) != 5 {
		t.Errorf("route through back-end = %+v", st)
	}
	if len(data.FromSkills) != 1 || data.FromSkills[0].Steps[0].From != nil || data.FromSkills[0].Steps[0].To.Slug != "developpeur-back-end" {
		t.Errorf("from skills = %+v", data.FromSkills)
	}
	if len(data.SkillGap.MissingEssential) != 10 || data.SkillGap.Coverage <= 0 {
		t.Errorf("skill gap = %+v", data.SkillGap)
	}
	if len(data.ReachableRoles) != 4 || data.ReachableRoles[0].Role.Slug != "developpeur-back-end" {
		t.Errorf("reachable = %+v", data.ReachableRoles)
	}
	for _, q := range []string{
		`{ careerPaths(from: {roleId: "role:nope"}, to: "role:tech-lead") { cost } }`,
		`{ careerPaths(from: {roleId: "role:tech-lead"}, to: "role:tech-lead", k: 11) { cost } }`,
		`{ careerPaths(from: {}, to: "role:tech-lead") { cost } }`,
		`{ skillGap(have: ["skill:nope"], target: "role:tech-lead") { coverage } }`,
		`{ reachableRoles(from: "role:tech-lead", maxSteps: 0) { steps } }`,
	} {
		if code, _ := testkit.QueryErr(t, s.URL, q, nil); code != "BAD_USER_INPUT" {
			t.Errorf("%s: code %q", q, code)
		}
	}
}

func TestAnalyticsOverHTTP(t *testing.T) {
	s := writer(t)
	var data struct {
		GraphStats struct {
			Nodes []struct {
				Kind  string
				Count int
			}
			HubsByBetweenness []struct {
				Role        struct{ Slug string }
				Betweenness float64
			}
			TransitionKinds []struct {
				Kind  string
				Count int
			}
		}
		SimilarRoles []any
	}
	testkit.Query(t, s.URL, `{
		graphStats(top: 2) { nodes { kind count } hubsByBetweenness { role { slug } betweenness } transitionKinds { kind count } }
		similarRoles(role: "role:developpeur-back-end") { score }
	}`, nil, &data)
	st := data.GraphStats
	if len(st.HubsByBetweenness) != 2 || st.HubsByBetweenness[0].Role.Slug != "developpeur-back-end" || st.HubsByBetweenness[0].Betweenness != 9 {
		t.Errorf("hubs = %+v", st.HubsByBetweenness)
	}
	if len(st.Nodes) != 7 || st.Nodes[0].Kind != "Role" || st.Nodes[0].Count != 7 {
		t.Errorf("node counts = %+v", st.Nodes)
	}
	// Only the back-end role lists skills in the guide: nothing to compare,
	// until another role shares some.
	if len(data.SimilarRoles) != 0 {
		t.Errorf("similar roles = %+v", data.SimilarRoles)
	}
	res := testkit.PostAuth(t, s.URL, testKey, map[string]any{"query": `mutation($in: GraphInput!) { upsert(input: $in) { version } }`,
		"variables": map[string]any{"in": map[string]any{"requires": []any{
			map[string]any{"roleId": "role:tech-lead", "skillId": "skill:conception-d-api", "importance": "ESSENTIAL", "rank": 1},
			map[string]any{"roleId": "role:tech-lead", "skillId": "skill:go", "importance": "OPTIONAL", "rank": 2},
		}}}})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	var sim struct {
		SimilarRoles []struct {
			Role         struct{ Slug string }
			Score        float64
			SharedSkills int
			Viable       bool
		}
	}
	testkit.Query(t, s.URL, `{ similarRoles(role: "role:developpeur-back-end") { role { slug } score sharedSkills viable } }`, nil, &sim)
	// Weighted Jaccard: shared 2 (essential to one) + 1 (optional to both)
	// over the back-end role's 11 essential × 2 + 3 optional = 25.
	if r := sim.SimilarRoles; len(r) != 1 || r[0].Role.Slug != "tech-lead" || r[0].SharedSkills != 2 || math.Abs(r[0].Score-3.0/25) > 1e-9 || r[0].Viable {
		t.Errorf("similar roles after the write = %+v, want tech-lead at 3/25, not viable", r)
	}
	for _, q := range []string{`{ graphStats(top: 0) { nodes { kind } } }`, `{ similarRoles(role: "role:nope") { score } }`, `{ similarRoles(role: "role:tech-lead", k: 101) { score } }`, `{ sectorTransitions(from: "astronauts") { to } }`, `{ sectorTransitions(from: "ict workers", top: 0) { to } }`} {
		if code, _ := testkit.QueryErr(t, s.URL, q, nil); code != "BAD_USER_INPUT" {
			t.Errorf("%s: code %q", q, code)
		}
	}
}

// The whole matrix is the per-sector answers side by side: row i holds
// what sectorTransitions(from: sectors[i]) lists, 0 where it lists nothing.
func TestSectorMatrixIsEveryRowOfSectorTransitions(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	for _, level := range []string{"SECTOR", "SUB_SECTOR"} {
		var m struct {
			SectorMatrix struct {
				Level   string
				Sectors []string
				Shares  [][]float64
			}
		}
		testkit.Query(t, s.URL, `{ sectorMatrix(level: `+level+`) { level sectors shares } }`, nil, &m)
		mx := m.SectorMatrix
		want := map[string]int{"SECTOR": 14, "SUB_SECTOR": 54}[level]
		if mx.Level != level || len(mx.Sectors) != want || len(mx.Shares) != want {
			t.Fatalf("%s: level %s, %d sectors, %d rows; want %d", level, mx.Level, len(mx.Sectors), len(mx.Shares), want)
		}
		for i, from := range mx.Sectors {
			var row struct {
				SectorTransitions []struct {
					To    string
					Share float64
				}
			}
			testkit.Query(t, s.URL, `query($f: String!) { sectorTransitions(from: $f, level: `+level+`, top: 100) { to share } }`, map[string]any{"f": from}, &row)
			listed := map[string]float64{}
			for _, f := range row.SectorTransitions {
				listed[f.To] = f.Share
			}
			if len(mx.Shares[i]) != want {
				t.Fatalf("%s row %q has %d cells", level, from, len(mx.Shares[i]))
			}
			for j, to := range mx.Sectors {
				if mx.Shares[i][j] != listed[to] {
					t.Errorf("%s %q -> %q: matrix %v, sectorTransitions %v", level, from, to, mx.Shares[i][j], listed[to])
				}
			}
		}
	}
}
