package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"careergraph/graph"
	"careergraph/testkit"
)

// Every attack a hostile client tried (issue 10), sent to a real server:
// each gets its coded refusal, and where the cost limits' walks refuse it,
// a bound on the document nodes they visited (a counter, not a clock).
// Each case first shows the server would otherwise serve it, or is built
// so that only the limit named stands in the way.
func TestHostileRequestsAreRefusedCheaply(t *testing.T) {
	introspection, err := os.ReadFile("../graph/testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	repeat := func(n int, f func(i int) string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(f(i))
		}
		return b.String()
	}
	fanOut := func(n int) string { // each fragment spreads the next twice
		return "{...F0} " + repeat(n-1, func(i int) string {
			return fmt.Sprintf("fragment F%d on Query{...F%d a:__typename ...F%d} ", i, i+1, i+1)
		}) + fmt.Sprintf("fragment F%d on Query{__typename}", n-1)
	}
	nest := func(n int) string { // role { nextSteps { to { nextSteps { to ... } } } }
		return `{ role(slug: "developpeur-back-end") { ` + strings.Repeat("nextSteps { to { ", n) + "name" + strings.Repeat(" } }", n) + " } }"
	}
	for _, c := range []struct {
		name      string
		cfg       func(*config)
		query     string
		code      string
		says      string
		maxVisits int // bound on the walks' work; 0: not checked
	}{
		{name: "fragment fan-out, 30 levels", query: fanOut(30), code: graph.CodeFieldsExceeded, maxVisits: 10 * 30},
		{name: "fragment fan-out, 1,000 levels", query: fanOut(1000), code: graph.CodeFieldsExceeded, maxVisits: 10 * 1000,
			cfg: func(c *config) { c.Limits.MaxQueryLength, c.Limits.MaxTokens = 100_000, 50_000 }},
		{name: "aliased full introspection", query: "{" + repeat(20, func(i int) string {
			return fmt.Sprintf(" s%d: __schema { types { name fields { name args { name } type { name } } } }", i)
		}) + "}", code: graph.CodeIntrospectionExceeded, maxVisits: 40_000 + 1_000}, // MAX_INTROSPECTION, and the rest of the walk
		{name: "one response name 400 times", query: "{ roles { nodes {" + strings.Repeat(" name", 400) + " } } }",
			code: graph.CodeFieldsExceeded, says: `response name "name" is selected 400 times`, maxVisits: 10 * 400},
		{name: "aliases", query: "{" + repeat(31, func(i int) string { return fmt.Sprintf(" a%d: __typename", i) }) + "}", code: graph.CodeAliasesExceeded},
		{name: "root fields", query: "{" + repeat(21, func(i int) string { return fmt.Sprintf(` r%d: role(slug: "r%d") { id }`, i, i) }) + "}", code: graph.CodeRootFieldsExceeded},
		{name: "depth", query: nest(6), code: graph.CodeDepthExceeded},
		{name: "tokens", query: "{" + strings.Repeat(" a", 5001) + "}", code: "GRAPHQL_PARSE_FAILED", says: "token limit"},
		// Lists are priced by the graph's longest; connection pages by first, whatever the graph.
		{name: "complexity", query: `{ groups(first: 100) { nodes { roles(first: 100) { nodes { id name } } skills(first: 100) { nodes { id name } } } } }`, code: graph.CodeComplexityExceeded},
		{name: "response size", query: `{ roles(first: 50) { nodes { name description insight } } }`, code: graph.CodeResponseTooLarge,
			cfg: func(c *config) { c.Limits.MaxResponseBytes = 500 }},
		{name: "introspection when off", query: string(introspection), code: "GRAPHQL_VALIDATION_FAILED", says: "introspection is disabled",
			cfg: func(c *config) { c.Limits.Introspection = false }},
		{name: "no suggestions when introspection is off", query: `{ rol(slug: "x") { name } }`, code: "GRAPHQL_VALIDATION_FAILED",
			cfg: func(c *config) { c.Limits.Introspection = false }},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := testConfig(t, t.TempDir())
			if c.cfg != nil {
				c.cfg(&cfg)
			}
			s := start(t, cfg)
			before := metric(t, s, "careergraph_graphql_cost_walk_nodes_total", nil)
			res := testkit.Post(t, s.URL, map[string]any{"query": c.query})
			if res.Code() != c.code || !strings.Contains(res.Errors[0].Message, c.says) {
				t.Fatalf("answered %.300v, want %s saying %q", res.Errors, c.code, c.says)
			}
			if strings.Contains(res.Errors[0].Message, "Did you mean") {
				t.Errorf("a suggestion tells the schema: %s", res.Errors[0].Message)
			}
			if visited := metric(t, s, "careergraph_graphql_cost_walk_nodes_total", nil) - before; c.maxVisits > 0 && visited > float64(c.maxVisits) {
				t.Errorf("the walks visited %g document nodes, at most %d expected", visited, c.maxVisits)
			}
			if n := metric(t, s, "careergraph_graphql_errors_total", map[string]string{"code": c.code}); n != 1 {
				t.Errorf("errors_total{code=%s} = %g, want 1", c.code, n)
			}
		})
	}
}

// GraphiQL's own introspection passes, and the walk's count of its fields
// is exact: one field less than the answer holds is refused.
func TestIntrospectionCountIsExact(t *testing.T) {
	q, err := os.ReadFile("../graph/testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	s := start(t, testConfig(t, t.TempDir()))
	res := testkit.Post(t, s.URL, map[string]any{"query": string(q)})
	if len(res.Errors) > 0 {
		t.Fatalf("introspection: %v", res.Errors)
	}
	var data any
	if err := json.Unmarshal(res.Data, &data); err != nil {
		t.Fatal(err)
	}
	n := countFields(data)
	if n < 1000 || n > s.cfg.Limits.MaxIntrospection/2 {
		t.Fatalf("the introspection answer holds %d fields; the default limit %d should leave twice that", n, s.cfg.Limits.MaxIntrospection)
	}
	for limit, want := range map[int]string{n: "", n - 1: graph.CodeIntrospectionExceeded} {
		cfg := testConfig(t, t.TempDir())
		cfg.Limits.MaxIntrospection = limit
		if got := testkit.Post(t, start(t, cfg).URL, map[string]any{"query": string(q)}).Code(); got != want {
			t.Errorf("limit %d for an answer of %d fields: code %q, want %q", limit, n, got, want)
		}
	}
}

// countFields counts an answer's fields as the walk does: each key, and
// each item of a list of scalars.
func countFields(v any) int {
	n := 0
	switch v := v.(type) {
	case map[string]any:
		for _, x := range v {
			n += 1 + countFields(x)
		}
	case []any:
		for _, x := range v {
			if _, scalar := x.(string); scalar {
				n++
			} else {
				n += countFields(x)
			}
		}
	}
	return n
}

// Refusals before GraphQL runs are exact: a status that says what is
// wrong, a JSON body with extensions.code, and a count in the metrics.
func TestHTTPRefusalsAreCoded(t *testing.T) {
	cfg := testConfig(t, t.TempDir())
	cfg.MaxBodyBytes, cfg.APIKeys = 1024, testKey
	s := start(t, cfg)
	big := `{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", 2000) + `"}}`
	mutation := url.QueryEscape(`mutation { delete(ids: ["role:tech-lead"]) { deleted } }`)
	for _, c := range []struct {
		name   string
		req    func() *http.Request
		status int
		code   string
	}{
		{"wrong content type", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
			r.Header.Set("Content-Type", "text/plain")
			return r
		}, http.StatusUnsupportedMediaType, graph.CodeBadRequest},
		{"mutation over GET", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, s.URL+"/graphql?query="+mutation, nil)
			r.Header.Set("Authorization", "Bearer "+testKey)
			return r
		}, http.StatusMethodNotAllowed, graph.CodeBadRequest},
		{"mutation over GET, without a key", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, s.URL+"/graphql?query="+mutation, nil)
			return r
		}, http.StatusMethodNotAllowed, graph.CodeBadRequest},
		{"body over the limit, with its length", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(big))
			r.Header.Set("Content-Type", "application/json")
			return r
		}, http.StatusRequestEntityTooLarge, graph.CodeBadUserInput},
		{"body over the limit, chunked", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", io.MultiReader(strings.NewReader(big)))
			r.Header.Set("Content-Type", "application/json")
			r.ContentLength = -1
			return r
		}, http.StatusRequestEntityTooLarge, graph.CodeBadUserInput},
		{"Accept-Language over the limit", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Accept-Language", strings.Repeat("de,", 3400))
			return r
		}, http.StatusBadRequest, graph.CodeBadRequest},
		{"PUT", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPut, s.URL+"/graphql", strings.NewReader(`{}`))
			return r
		}, http.StatusMethodNotAllowed, graph.CodeBadRequest},
	} {
		before := metric(t, s, "careergraph_graphql_errors_total", map[string]string{"code": c.code})
		res, err := testkit.Client.Do(c.req())
		if err != nil {
			t.Fatal(err)
		}
		var body testkit.Response
		err = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		if err != nil || res.StatusCode != c.status || body.Code() != c.code {
			t.Errorf("%s: %d %+v (%v), want %d %s", c.name, res.StatusCode, body.Errors, err, c.status, c.code)
		}
		if after := metric(t, s, "careergraph_graphql_errors_total", map[string]string{"code": c.code}); after != before+1 {
			t.Errorf("%s: errors_total{code=%s} went %g -> %g", c.name, c.code, before, after)
		}
	}
	// The refused mutation wrote nothing.
	var data struct{ Role *struct{ Name string } }
	testkit.Query(t, s.URL, `{ role(slug: "tech-lead") { name } }`, nil, &data)
	if data.Role == nil {
		t.Error("a mutation sent with GET deleted the role")
	}
}

// 600 repeated directives make 599 validation errors: 20 are listed, the
// rest counted.
func TestErrorsPerResponseAreCapped(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	raw, _ := json.Marshal(map[string]any{"query": "{ __typename " + strings.Repeat("@include(if: true) ", 600) + "}"})
	res, err := testkit.Client.Post(s.URL+"/graphql", "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		Errors     []testkit.GQLError
		Extensions map[string]any
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if len(body.Errors) != 20 || body.Extensions["errorsOmitted"] != float64(579) {
		t.Errorf("%d errors listed, %v omitted; want 20 and 579", len(body.Errors), body.Extensions["errorsOmitted"])
	}
}

// CORS_ORIGINS="" means no cross-origin access, not any.
func TestEmptyCORSOriginsAllowsNoOrigin(t *testing.T) {
	for origins, want := range map[string]string{"": "", "*": "*", "https://guide.example": "https://guide.example"} {
		cfg := testConfig(t, t.TempDir())
		cfg.CORSOrigins = origins
		s := start(t, cfg)
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "https://guide.example")
		res, err := testkit.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Access-Control-Allow-Origin"); got != want {
			t.Errorf("CORS_ORIGINS=%q: Access-Control-Allow-Origin %q, want %q", origins, got, want)
		}
	}
}

// Operation names are client input: the label set stays bounded.
func TestMetricLabelsAreBounded(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	for i := range 300 {
		testkit.Post(t, s.URL, map[string]any{"query": fmt.Sprintf("query Op%d { __typename }", i)})
	}
	long := "Q" + strings.Repeat("x", 100)
	testkit.Post(t, s.URL, map[string]any{"query": "query " + long + " { __typename }"})
	families, err := s.metrics.Gather()
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]bool{}
	for _, f := range families {
		if f.GetName() != "careergraph_graphql_requests_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "operation" {
					labels[l.GetValue()] = true
				}
			}
		}
	}
	if len(labels) > 201 || !labels["other"] || labels[long] || !labels["Op0"] {
		t.Errorf("%d operation labels (other: %v, long name: %v)", len(labels), labels["other"], labels[long])
	}
}

// A mutation operation is one transaction: with two root fields it is
// refused whole; an input naming a record twice, or none, is refused; the
// write budget counts records, not operations.
func TestWritesAreWholeAndCountedInRecords(t *testing.T) {
	cfg := testConfig(t, t.TempDir())
	cfg.APIKeys, cfg.WriteRate, cfg.WriteBurst = testKey, 0.001, 5
	s := start(t, cfg)
	roles := func(slugs ...string) map[string]any {
		var rs []any
		for _, slug := range slugs {
			rs = append(rs, map[string]any{"id": "role:" + slug, "slug": slug, "name": "Role " + slug})
		}
		return map[string]any{"roles": rs}
	}
	version := func() uint64 { return s.live.Graph().Version() }
	v0 := version()
	for _, c := range []struct {
		name, query string
		vars        map[string]any
		code, says  string
	}{
		{"two root fields", `mutation($a: GraphInput!, $b: GraphInput!) { a: create(input: $a) { version } b: create(input: $b) { version } }`,
			map[string]any{"a": roles("ok-one"), "b": map[string]any{"roles": []any{map[string]any{"id": "role:bad", "slug": "bad", "name": ""}}}},
			graph.CodeBadUserInput, "one root field"},
		{"one id twice", testkit.CreateRole, map[string]any{"in": roles("twice", "twice")}, graph.CodeBadUserInput, "appears twice"},
		{"empty input", testkit.CreateRole, map[string]any{"in": map[string]any{}}, graph.CodeBadUserInput, "no record"},
		{"bidi control in a name", testkit.CreateRole, map[string]any{"in": map[string]any{"roles": []any{map[string]any{"id": "role:evil", "slug": "evil", "name": "admin\u202egnp.exe"}}}},
			graph.CodeBadUserInput, "U+202E"},
		{"NUL in a name", testkit.CreateRole, map[string]any{"in": map[string]any{"roles": []any{map[string]any{"id": "role:nul", "slug": "nul", "name": "a\x00b"}}}},
			graph.CodeBadUserInput, "U+0000"},
		{"more records than the burst", testkit.CreateRole, map[string]any{"in": roles("a", "b", "c", "d", "e", "f")}, graph.CodeBadUserInput, "at most 5"},
	} {
		res := testkit.PostAuth(t, s.URL, testKey, map[string]any{"query": c.query, "variables": c.vars})
		if res.Code() != c.code || !strings.Contains(fmt.Sprint(res.Errors), c.says) {
			t.Errorf("%s: %+v, want %s saying %q", c.name, res.Errors, c.code, c.says)
		}
	}
	if v := version(); v != v0 {
		t.Fatalf("refused writes moved the version %d -> %d", v0, v)
	}
	if res := testkit.PostAuth(t, s.URL, testKey, map[string]any{"query": testkit.CreateRole, "variables": map[string]any{"in": roles("x1", "x2", "x3")}}); len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	res := testkit.PostAuth(t, s.URL, testKey, map[string]any{"query": testkit.CreateRole, "variables": map[string]any{"in": roles("y1", "y2", "y3")}})
	if res.Code() != graph.CodeRateLimited {
		t.Errorf("3 + 3 records with a burst of 5: %+v, want RATE_LIMITED", res.Errors)
	}
	if v := version(); v != v0+1 {
		t.Errorf("version %d, want %d: one write landed", v, v0+1)
	}
}

// A path search stops at the request deadline and says so.
func TestDeadlineStopsPathSearch(t *testing.T) {
	cfg := testConfig(t, t.TempDir())
	cfg.RequestTimeout = time.Nanosecond
	s := start(t, cfg)
	code, _ := testkit.QueryErr(t, s.URL, `{ careerPaths(from: { roleId: "role:data-engineer" }, to: "role:staff-engineer", k: 5) { cost } }`, nil)
	if code != graph.CodeUnavailable {
		t.Errorf("past the deadline: code %q, want UNAVAILABLE", code)
	}
}

// metric reads one sample of the app's registry: a counter or gauge whose
// labels include labels; 0 when there is none yet.
func metric(t *testing.T, s *started, name string, labels map[string]string) float64 {
	t.Helper()
	families, err := s.metrics.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	next:
		for _, m := range f.GetMetric() {
			have := map[string]string{}
			for _, l := range m.GetLabel() {
				have[l.GetName()] = l.GetValue()
			}
			for k, v := range labels {
				if have[k] != v {
					continue next
				}
			}
			if c := m.GetCounter(); c != nil {
				return c.GetValue()
			}
			return m.GetGauge().GetValue()
		}
	}
	return 0
}

// An empty CORS_ORIGINS or METRICS_ADDR in the environment means "none",
// not "the default" (ff skips empty variables; the config does not).
func TestEmptyEnvironmentMeansNone(t *testing.T) {
	t.Setenv("CORS_ORIGINS", "")
	t.Setenv("METRICS_ADDR", "")
	cfg, err := parseConfig(nil)
	if err != nil || cfg.CORSOrigins != "" || cfg.MetricsAddr != "" {
		t.Errorf("CORS_ORIGINS=%q METRICS_ADDR=%q (%v), want both empty", cfg.CORSOrigins, cfg.MetricsAddr, err)
	}
	if cfg, _ := parseConfig([]string{"-cors-origins", "https://a.example"}); cfg.CORSOrigins != "https://a.example" {
		t.Errorf("the flag lost to the empty variable: %q", cfg.CORSOrigins)
	}
}

// Issue 28 K: the write budget pays for what a write holds. A write
// refused by its checks costs one token, not one per record it named;
// a delete costs the records it removes, its cascade included, not one
// per id asked.
func TestWriteBudgetPaysForWhatIsWritten(t *testing.T) {
	roles := func(prefix string, n int) map[string]any {
		var rs []any
		for i := range n {
			slug := fmt.Sprintf("%s-%d", prefix, i)
			rs = append(rs, map[string]any{"id": "role:" + slug, "slug": slug, "name": "Role " + slug})
		}
		return map[string]any{"roles": rs}
	}
	post := func(s *started, query string, vars map[string]any) testkit.Response {
		return testkit.PostAuth(t, s.URL, testKey, map[string]any{"query": query, "variables": vars})
	}
	const deleteRole = `mutation($ids: [ID!]) { delete(ids: $ids) { version deleted } }`
	t.Run("refused", func(t *testing.T) {
		cfg := testConfig(t, t.TempDir())
		cfg.APIKeys, cfg.WriteRate, cfg.WriteBurst = testKey, 0.001, 10
		s := start(t, cfg)
		// 4 records, refused: a transition to a role that does not exist.
		bad := roles("bad", 3)
		bad["transitions"] = []any{map[string]any{"fromId": "role:bad-0", "toId": "role:nowhere", "kind": "MOBILITY", "rank": 1}}
		if res := post(s, testkit.CreateRole, map[string]any{"in": bad}); res.Code() != graph.CodeBadUserInput {
			t.Fatalf("dangling transition: %+v, want BAD_USER_INPUT", res.Errors)
		}
		// 9 records left of 10.
		if res := post(s, testkit.CreateRole, map[string]any{"in": roles("ok", 9)}); len(res.Errors) > 0 {
			t.Fatalf("9 records after a refused write of 4, burst 10: %+v", res.Errors)
		}
		if res := post(s, testkit.CreateRole, map[string]any{"in": roles("over", 1)}); res.Code() != graph.CodeRateLimited {
			t.Errorf("1 record past the budget: %+v, want RATE_LIMITED", res.Errors)
		}
	})
	t.Run("cascade", func(t *testing.T) {
		cfg := testConfig(t, t.TempDir())
		cfg.APIKeys, cfg.WriteRate, cfg.WriteBurst = testKey, 0.001, 10
		s := start(t, cfg)
		in := roles("hub", 1)
		in["transitions"] = []any{
			map[string]any{"fromId": "role:hub-0", "toId": "role:developpeur-back-end", "kind": "MOBILITY", "rank": 1},
			map[string]any{"fromId": "role:developpeur-back-end", "toId": "role:hub-0", "kind": "MOBILITY", "rank": 1},
			map[string]any{"fromId": "role:hub-0", "toId": "role:staff-engineer", "kind": "MOBILITY", "rank": 1},
		}
		if res := post(s, testkit.CreateRole, map[string]any{"in": in}); len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		// 6 tokens left; the delete removes 4 records: 2 left.
		res := post(s, deleteRole, map[string]any{"ids": []string{"role:hub-0"}})
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		var out struct{ Delete struct{ Deleted int } }
		if err := json.Unmarshal(res.Data, &out); err != nil {
			t.Fatal(err)
		}
		if out.Delete.Deleted != 4 {
			t.Fatalf("deleted %d records, want the role and its 3 transitions", out.Delete.Deleted)
		}
		if res := post(s, testkit.CreateRole, map[string]any{"in": roles("after", 3)}); res.Code() != graph.CodeRateLimited {
			t.Errorf("3 records with 2 tokens left (10 - 4 created - 4 deleted): %+v, want RATE_LIMITED", res.Errors)
		}
		if res := post(s, testkit.CreateRole, map[string]any{"in": roles("after", 2)}); len(res.Errors) > 0 {
			t.Errorf("2 records with 2 tokens left: %+v", res.Errors)
		}
	})
}
