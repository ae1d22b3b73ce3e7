package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"careergraph/store"
	"careergraph/store/embedded"
	"careergraph/testkit"
)

const testKey = "test-key-0123456789"

func writer(t *testing.T) *started {
	cfg := testConfig(t, t.TempDir())
	cfg.APIKeys = "other-key, " + testKey
	cfg.WriteRate = 0 // many writers share 127.0.0.1; the limit has its own test
	return start(t, cfg)
}

func TestWritesNeedAValidKey(t *testing.T) {
	s := writer(t)
	vars := map[string]any{"in": testkit.RoleInput("product-manager")}
	for key, want := range map[string]string{"": "UNAUTHENTICATED", "wrong": "UNAUTHENTICATED", testKey + "x": "UNAUTHENTICATED"} {
		if res := testkit.PostAuth(t, s.URL, key, map[string]any{"query": testkit.CreateRole, "variables": vars}); res.Code() != want {
			t.Errorf("key %q: %+v, want %s", key, res.Errors, want)
		}
	}
	if res := testkit.PostAuth(t, s.URL, testKey, map[string]any{"query": testkit.CreateRole, "variables": vars}); len(res.Errors) > 0 {
		t.Fatalf("valid key refused: %+v", res.Errors)
	}
	// Without any key configured, writes are off for everyone.
	closed := start(t, testConfig(t, t.TempDir()))
	if res := testkit.PostAuth(t, closed.URL, testKey, map[string]any{"query": testkit.CreateRole, "variables": vars}); res.Code() != "FORBIDDEN" {
		t.Errorf("no keys configured: %+v", res.Errors)
	}
}

func TestMutationsCreateUpdateDeleteAndValidate(t *testing.T) {
	s := writer(t)
	do := func(q string, vars map[string]any) testkit.Response {
		return testkit.PostAuth(t, s.URL, testKey, map[string]any{"query": q, "variables": vars})
	}
	in := map[string]any{
		"roles":       []any{map[string]any{"id": "role:product-manager", "slug": "product-manager", "name": "Product manager", "market": map[string]any{"startingSalary": map[string]any{"min": 40, "max": 50, "currency": "EUR"}}}},
		"transitions": []any{map[string]any{"fromId": "role:developpeur-back-end", "toId": "role:product-manager", "kind": "MOBILITY", "rank": 1, "typicalYears": 3}},
		"requires":    []any{map[string]any{"roleId": "role:product-manager", "skillId": "skill:communication-avec-le-front-et-le-produit", "importance": "ESSENTIAL", "rank": 1}},
	}
	res := do(testkit.CreateRole, map[string]any{"in": in})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	var data struct {
		Create struct{ Version, Written int }
	}
	json.Unmarshal(res.Data, &data)
	if data.Create.Written != 3 || data.Create.Version != 2 {
		t.Errorf("create = %+v", data.Create)
	}
	// Visible to reads as soon as answered.
	var read struct {
		Role struct {
			Market        struct{ StartingSalary struct{ Label string } }
			TransitionsIn []struct{ TypicalYears float64 }
		}
	}
	testkit.Query(t, s.URL, `{ role(slug: "product-manager") { market { startingSalary { label } } transitionsIn { typicalYears } } }`, nil, &read)
	if read.Role.Market.StartingSalary.Label != "40-50 k€" || len(read.Role.TransitionsIn) != 1 {
		t.Errorf("after create: %+v", read.Role)
	}
	// The search index of the new snapshot is built lazily (the write does
	// not wait for it), yet a search right after the write finds the role.
	var found struct {
		Search []struct{ Node struct{ Slug string } }
		Roles  struct{ TotalCount int }
	}
	testkit.Query(t, s.URL, `{ search(query: "product manag") { node { ... on Role { slug } } } roles(filter: {query: "product"}) { totalCount } }`, nil, &found)
	if len(found.Search) == 0 || found.Search[0].Node.Slug != "product-manager" || found.Roles.TotalCount != 1 {
		t.Errorf("search after create: %+v", found)
	}

	cases := []struct {
		name, q string
		vars    map[string]any
		code    string
	}{
		{"create existing", testkit.CreateRole, map[string]any{"in": testkit.RoleInput("tech-lead")}, "CONFLICT"},
		{"update missing", `mutation($in: GraphInput!) { update(input: $in) { version } }`, map[string]any{"in": testkit.RoleInput("astronaut")}, "NOT_FOUND"},
		{"min > max", `mutation($in: GraphInput!) { upsert(input: $in) { version } }`, map[string]any{"in": map[string]any{"roles": []any{map[string]any{"id": "role:x", "slug": "x", "name": "X", "market": map[string]any{"startingSalary": map[string]any{"min": 50, "max": 40, "currency": "EUR"}}}}}}, "BAD_USER_INPUT"},
		{"dangling", `mutation($in: GraphInput!) { upsert(input: $in) { version } }`, map[string]any{"in": map[string]any{"hires": []any{map[string]any{"employerId": "employer:ghost", "roleId": "role:tech-lead", "rank": 1}}}}, "BAD_USER_INPUT"},
		{"duplicate slug", `mutation($in: GraphInput!) { upsert(input: $in) { version } }`, map[string]any{"in": map[string]any{"roles": []any{map[string]any{"id": "role:y", "slug": "tech-lead", "name": "Y"}}}}, "BAD_USER_INPUT"},
		{"bad enum", `mutation($in: GraphInput!) { upsert(input: $in) { version } }`, map[string]any{"in": map[string]any{"skills": []any{map[string]any{"id": "skill:z", "slug": "z", "name": "Z", "category": "MAGIC"}}}}, "GRAPHQL_VALIDATION_FAILED"},
		{"empty name", `mutation($in: GraphInput!) { upsert(input: $in) { version } }`, map[string]any{"in": map[string]any{"employers": []any{map[string]any{"id": "employer:e", "slug": "e", "name": " "}}}}, "BAD_USER_INPUT"},
		{"delete unknown", `mutation { delete(ids: ["role:astronaut"]) { deleted } }`, nil, "NOT_FOUND"},
		{"delete cited source", `mutation { delete(ids: ["source:apec"]) { deleted } }`, nil, "CONFLICT"},
	}
	for _, c := range cases {
		before := s.live.Graph().Version()
		if res := do(c.q, c.vars); res.Code() != c.code {
			t.Errorf("%s: %+v, want %s", c.name, res.Errors, c.code)
		}
		if after := s.live.Graph().Version(); after != before {
			t.Errorf("%s: refused write changed the version %d -> %d", c.name, before, after)
		}
	}

	res = do(`mutation { delete(ids: ["role:product-manager"]) { deleted version } }`, nil)
	var del struct {
		Delete struct{ Deleted, Version int }
	}
	json.Unmarshal(res.Data, &del)
	if len(res.Errors) > 0 || del.Delete.Deleted != 3 {
		t.Errorf("delete with cascade = %+v %+v", del, res.Errors)
	}
	var gone struct{ Role *struct{ Name string } }
	testkit.Query(t, s.URL, `{ role(slug: "product-manager") { name } }`, nil, &gone)
	if gone.Role != nil {
		t.Error("deleted role still readable")
	}
}

// Concurrent writers are serialised and none is lost; readers see each
// write whole (a role and its transition together, or neither).
func TestConcurrentWritesLoseNothing(t *testing.T) {
	s := writer(t)
	start := s.live.Graph().Version()
	const writers = 40
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var torn int
	var mu sync.Mutex
	readerDone := make(chan struct{})
	go func() { // a reader checking atomicity while writes land
		defer close(readerDone)
		for {
			select {
			case <-stop:
				return
			default:
			}
			g := s.live.Graph()
			for i := range writers {
				r := g.Role(fmt.Sprintf("role:w%d", i))
				if r != nil && len(g.TransitionsTo(r.ID)) != 1 {
					mu.Lock()
					torn++
					mu.Unlock()
				}
			}
		}
	}()
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := testkit.RoleInput(fmt.Sprintf("w%d", i))
			in["transitions"] = []any{map[string]any{"fromId": "role:tech-lead", "toId": fmt.Sprintf("role:w%d", i), "kind": "MOBILITY", "rank": 1}}
			if res := testkit.PostAuth(t, s.URL, testKey, map[string]any{"query": testkit.CreateRole, "variables": map[string]any{"in": in}}); len(res.Errors) > 0 {
				t.Errorf("writer %d: %+v", i, res.Errors)
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-readerDone // the reader is gone before torn is read
	g := s.live.Graph()
	if g.Version() != start+writers {
		t.Errorf("version %d, want %d", g.Version(), start+writers)
	}
	for i := range writers {
		if g.Role(fmt.Sprintf("role:w%d", i)) == nil {
			t.Errorf("write %d lost", i)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if torn > 0 {
		t.Errorf("a reader saw %d half-applied writes", torn)
	}
	// And the store has every one of them after a restart.
	ds, v, err := s.store.Load(context.Background())
	if err != nil || v != start+writers || len(ds.Roles) != 7+writers {
		t.Errorf("store: version %d, %d roles, %v", v, len(ds.Roles), err)
	}
}

func TestMetricsEndpoint(t *testing.T) {
	s := writer(t)
	testkit.Query(t, s.URL, `query GuideCard { role(slug: "tech-lead") { name } }`, nil, &struct{}{})
	testkit.QueryErr(t, s.URL, `{ roles(first: 500) { totalCount } }`, nil)
	if res := testkit.PostAuth(t, s.URL, testKey, map[string]any{"query": testkit.CreateRole, "variables": map[string]any{"in": testkit.RoleInput("metered")}}); len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	if res, err := testkit.Client.Get(s.URL + "/metrics"); err != nil || res.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the API port: %v %v, want 404", res.Status, err)
	}
	res, err := testkit.Client.Get(s.MetricsURL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body bytes.Buffer
	body.ReadFrom(res.Body)
	for _, want := range []string{
		`careergraph_graphql_requests_total{operation="GuideCard",type="query"} 1`,
		`careergraph_graphql_duration_seconds_count{operation="GuideCard",type="query"} 1`,
		`careergraph_graphql_errors_total{code="BAD_USER_INPUT"} 1`,
		`careergraph_store_write_duration_seconds_count 1`,
		`careergraph_snapshot_version 2`,
		`go_goroutines`,
	} {
		if !bytes.Contains(body.Bytes(), []byte(want)) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// Groups, skills in groups, BUILDS_ON links and ESCO/MCC role fields are
// written, read, refused and deleted through the same four mutations.
func TestMutationsOnGroupsAndSkillLinks(t *testing.T) {
	s := writer(t)
	do := func(q string, vars map[string]any) testkit.Response {
		t.Helper()
		return testkit.PostAuth(t, s.URL, testKey, map[string]any{"query": q, "variables": vars})
	}
	in := map[string]any{
		"groups": []any{
			map[string]any{"id": "group:isco-2", "slug": "isco-2", "name": "Professionals", "kind": "OCCUPATION", "code": "2"},
			map[string]any{"id": "group:isco-25", "slug": "isco-25", "name": "ICT professionals", "kind": "OCCUPATION", "code": "25", "parentId": "group:isco-2"},
			map[string]any{"id": "group:esco-s5", "slug": "esco-s5", "name": "working with computers", "kind": "SKILL", "code": "S5"},
		},
		"skills": []any{map[string]any{"id": "skill:debug-software", "slug": "debug-software", "name": "debug software", "category": "TECHNICAL",
			"escoUri": "http://data.europa.eu/esco/skill/x", "groupIds": []any{"group:esco-s5"}, "sourceIds": []any{"source:apec"}}},
		"skillLinks": []any{map[string]any{"fromId": "skill:debug-software", "toId": "skill:postgresql", "importance": "OPTIONAL"}},
		"roles": []any{map[string]any{"id": "role:ict-dev", "slug": "ict-dev", "name": "ICT developer", "iscoCode": "2512",
			"mcc": map[string]any{"jobZone": 4, "currency": "GBP", "annualEarnings": 42000, "sector": "ict workers", "subSector": "developers", "riskCategory": "Lower risk"}},
			map[string]any{"id": "role:blockchain-dev", "slug": "blockchain-dev", "name": "Blockchain developer", "broaderId": "role:ict-dev"}},
	}
	if res := do(`mutation($in: GraphInput!) { create(input: $in) { written } }`, map[string]any{"in": in}); len(res.Errors) > 0 {
		t.Fatalf("create: %+v", res.Errors)
	}
	var data struct {
		Group struct {
			Children []struct{ Code string }
			Roles    struct{ TotalCount int }
		}
		Skill struct {
			Groups   []struct{ Code string }
			BuildsOn []struct {
				To         struct{ Slug string }
				Importance string
			}
			Sources []struct{ ID string }
		}
		Role struct {
			Mcc      struct{ JobZone float64 }
			Narrower []struct{ Slug string }
		}
	}
	testkit.Query(t, s.URL, `{
		group(kind: OCCUPATION, code: "2") { children { code } roles { totalCount } }
		skill(slug: "debug-software") { groups { code } buildsOn { to { slug } importance } sources { id } }
		role(slug: "ict-dev") { mcc { jobZone } narrower { slug } }
	}`, nil, &data)
	if len(data.Group.Children) != 1 || data.Group.Children[0].Code != "25" || data.Group.Roles.TotalCount != 1 {
		t.Errorf("group 2 = %+v", data.Group)
	}
	if len(data.Skill.Groups) != 1 || len(data.Skill.BuildsOn) != 1 || data.Skill.BuildsOn[0].To.Slug != "postgresql" || data.Skill.Sources[0].ID != "source:apec" {
		t.Errorf("skill = %+v", data.Skill)
	}
	if data.Role.Mcc.JobZone != 4 || len(data.Role.Narrower) != 1 || data.Role.Narrower[0].Slug != "blockchain-dev" {
		t.Errorf("role MCC = %+v", data.Role)
	}
	for name, c := range map[string]struct {
		q    string
		vars map[string]any
		code string
	}{
		"group with children":   {`mutation { delete(ids: ["group:isco-2"]) { deleted } }`, nil, "CONFLICT"},
		"group holding a skill": {`mutation { delete(ids: ["group:esco-s5"]) { deleted } }`, nil, "CONFLICT"},
		"code not under parent": {`mutation($in: GraphInput!) { upsert(input: $in) { version } }`, map[string]any{"in": map[string]any{"groups": []any{
			map[string]any{"id": "group:isco-31", "slug": "isco-31", "name": "x", "kind": "OCCUPATION", "code": "31", "parentId": "group:isco-2"}}}}, "BAD_USER_INPUT"},
		"skill in an occupation group": {`mutation($in: GraphInput!) { upsert(input: $in) { version } }`, map[string]any{"in": map[string]any{"skills": []any{
			map[string]any{"id": "skill:y", "slug": "y", "name": "y", "category": "SOFT", "groupIds": []any{"group:isco-2"}}}}}, "BAD_USER_INPUT"},
		"link to itself": {`mutation($in: GraphInput!) { upsert(input: $in) { version } }`, map[string]any{"in": map[string]any{"skillLinks": []any{
			map[string]any{"fromId": "skill:postgresql", "toId": "skill:postgresql", "importance": "ESSENTIAL"}}}}, "BAD_USER_INPUT"},
	} {
		before := s.live.Graph().Version()
		if res := do(c.q, c.vars); res.Code() != c.code {
			t.Errorf("%s: %+v, want %s", name, res.Errors, c.code)
		}
		if s.live.Graph().Version() != before {
			t.Errorf("%s: a refused write changed the version", name)
		}
	}
	res := do(`mutation { delete(ids: ["group:isco-25"], relationships: [{type: "BUILDS_ON", from: "skill:debug-software", to: "skill:postgresql"}]) { deleted } }`, nil)
	if len(res.Errors) > 0 || s.live.Graph().Group("group:isco-25") != nil || len(s.live.Graph().BuildsOn("skill:debug-software")) != 0 {
		t.Errorf("delete a leaf group and a link: %+v", res.Errors)
	}
}

// gatedStore holds every write in its Apply until gate closes, whatever
// the write's context says: a write in flight keeps the writers' lock as
// long as the test wants.
type gatedStore struct {
	store.Store
	entered chan struct{} // closed once a write is in Apply
	gate    chan struct{}
	once    sync.Once
}

func (g *gatedStore) Apply(ctx context.Context, w store.Write) (uint64, error) {
	g.once.Do(func() { close(g.entered) })
	<-g.gate // past the request's time limit too: the lock stays held
	return g.Store.Apply(context.WithoutCancel(ctx), w)
}

// Writes with hostile ids (issue 28, bench/judged's run 4) are refused
// BAD_USER_INPUT by their syntax alone, without waiting for the writers'
// lock: here another write holds it for as long as the test runs, and each
// hostile write must still get its coded refusal (before, each waited for
// the lock until its request's time limit: UNAVAILABLE, and at load the
// client gave up first). None reaches the store.
func TestHostileIDsAreRefusedWithoutWaitingForWriters(t *testing.T) {
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	gated := &gatedStore{Store: st, entered: make(chan struct{}), gate: make(chan struct{})}
	cfg := testConfig(t, "")
	cfg.APIKeys, cfg.WriteRate, cfg.RequestTimeout = testKey, 0, 2*time.Second // a failure shows in 2 s, not 10
	a := newAppOn(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), gated)
	close(gated.gate) // the seed goes through
	if err := a.load(context.Background()); err != nil {
		t.Fatal(err)
	}
	gated.gate, gated.entered, gated.once = make(chan struct{}), make(chan struct{}), sync.Once{}
	srv := httptest.NewServer(a.handler)
	defer srv.Close()
	v0 := a.live.Graph().Version()

	held := make(chan testkit.Response, 1)
	go func() {
		held <- testkit.PostAuth(t, srv.URL, testKey, map[string]any{"query": testkit.CreateRole, "variables": map[string]any{"in": testkit.RoleInput("holder")}})
	}()
	<-gated.entered // the writers' lock is held until the gate opens
	const upsert = `mutation($in: GraphInput!) { upsert(input: $in) { version } }`
	for _, id := range []string{"role:a|b", "role:a\x00b", "role:\u202eevil", "role:" + strings.Repeat("x", 300), "role:", "role:a b",
		"skill:wrong-kind", "role:\nnewline", "ROLE:upper", "role:a\u200bzero-width"} {
		for what, in := range map[string]map[string]any{
			"a role":             {"roles": []any{map[string]any{"id": id, "slug": "hostile", "name": "Hostile"}}},
			"a transition's end": {"transitions": []any{map[string]any{"fromId": "role:developpeur-back-end", "toId": id, "kind": "MOBILITY", "rank": 1}}},
		} {
			if res := testkit.PostAuth(t, srv.URL, testKey, map[string]any{"query": upsert, "variables": map[string]any{"in": in}}); res.Code() != "BAD_USER_INPUT" {
				t.Errorf("%q as %s: %+v, want BAD_USER_INPUT", id, what, res.Errors)
			}
		}
	}
	del := `mutation($ids: [ID!]) { delete(ids: $ids) { deleted } }`
	if res := testkit.PostAuth(t, srv.URL, testKey, map[string]any{"query": del, "variables": map[string]any{"ids": []string{"role:a|b"}}}); res.Code() != "BAD_USER_INPUT" {
		t.Errorf("delete of role:a|b: %+v, want BAD_USER_INPUT", res.Errors)
	}
	close(gated.gate)
	<-held // answered or timed out: committed either way
	if v := a.live.Graph().Version(); v != v0+1 {
		t.Errorf("version %d after the held write, want %d: a hostile write reached the store", v, v0+1)
	}
}
