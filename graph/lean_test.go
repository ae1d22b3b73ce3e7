package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"careergraph/bench/queries"
	"careergraph/graph/generated"
	"careergraph/store"
)

// The fast path (graph/lean) answers byte for byte what gqlgen's path
// answers: every query below goes to a server with it and to one without
// (Options.PlainExecutor), over the same snapshot, and the two bodies must
// be equal. The queries: the README's, every field of every node kind
// without required arguments (so every plain field the fast path covers,
// and every list) two levels deep, aliases, fragments, __typename, nulls,
// enums, errors and introspection.
func TestFastPathAnswersAsGqlgen(t *testing.T) {
	live, _ := guideLive(t)
	compareFastAndPlain(t, live, 1000)
}

// The same on the shipped graph: its first nodes of each kind.
func TestFastPathAnswersAsGqlgenOnShippedGraph(t *testing.T) {
	compareFastAndPlain(t, shippedGraph(t), 40)
}

func compareFastAndPlain(t *testing.T, live *store.Live, perKind int) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	limits := Limits{MaxTokens: 200000, MaxQueryLength: 1 << 20, Introspection: true}
	fast := NewServer(live, Options{Limits: limits, Log: log})
	plain := NewServer(live, Options{Limits: limits, Log: log, PlainExecutor: true})
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()

	var qs []string
	for _, name := range queries.Names {
		qs = append(qs, queries.Get(name))
	}
	introspection, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	qs = append(qs, string(introspection),
		`{ a: role(slug: "developpeur-back-end") { id n: slug slug ...R ... on Node { id } } b: role(slug: "nobody") { id } }
		 fragment R on Role { __typename slug description market { trend remoteWorkPercent } }`,
		`{ roles(first: 7) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { __typename id slug name description market { trend remoteWorkPercent startingSalary { label } } } } } }`,
		`{ skills(first: 30) { nodes { id name category description escoUri } } }`,
		`{ search(query: "data", first: 20) { kind matched score node { __typename ... on Node { id } ... on Role { slug } ... on Skill { category } } } }`,
		`{ role(slug: "developpeur-back-end") { slug bad: nextSteps { to { slug } } } x: role(id: "") { id } }`,
		// The root field's arguments are kept per document (lean.Args):
		// another document with the same shape answers its own role.
		`{ role(slug: "data-engineer") { slug name market { startingSalary { label } } } }`,
		`{ role(slug: "developpeur-back-end") { slug name market { startingSalary { label } } } }`,
		`query Q($s: String!) { role(slug: $s) { slug name } }`,
		`{ roles(first: 5) { nodes { en: name(lang: EN) fr: name(lang: FR) name levels { yearsLabel en: yearsLabel(lang: EN) } } } }`,
		`query L($l: Language) { roles(first: 5) { nodes { name(lang: $l) levels { yearsLabel(lang: $l) salary { label } } market { trendLabel(lang: $l) } trainings { training { kindLabel(lang: $l) } } } } }`,
		`query V($yes: Boolean!, $no: Boolean!) { role(slug: "developpeur-back-end") { slug description @include(if: $yes) insight @include(if: $no) access @skip(if: $yes) } }`,
		`{ role(slug: "developpeur-back-end") { slug description @include(if: false) insight @skip(if: false) ... on Role @include(if: true) { access } } }`,
		`{ __typename __schema { queryType { name } } __type(name: "Role") { name fields { name type { kind name ofType { name } } } } }`)

	// Every node kind, with every field.
	g := live.Graph()
	ds := g.Dataset()
	ids := map[string][]string{}
	add := func(typ, id string) {
		if len(ids[typ]) < perKind {
			ids[typ] = append(ids[typ], id)
		}
	}
	for _, r := range ds.Roles {
		add("Role", r.ID)
	}
	for _, s := range ds.Skills {
		add("Skill", s.ID)
	}
	for _, x := range ds.Groups {
		add("Group", x.ID)
	}
	for _, x := range ds.Trainings {
		add("Training", x.ID)
	}
	for _, x := range ds.Employers {
		add("Employer", x.ID)
	}
	for _, x := range ds.Levels {
		add("Level", x.ID)
	}
	kinds := make([]string, 0, len(ids))
	for k := range ids {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, typ := range kinds {
		sel := everyField(schema, typ, 0)
		for i := 0; i < len(ids[typ]); i += 20 {
			quoted, _ := json.Marshal(ids[typ][i:min(i+20, len(ids[typ]))])
			qs = append(qs, fmt.Sprintf("{ nodes(ids: %s) { __typename ... on %s { %s } } }", quoted, typ, sel))
		}
	}

	compared := 0
	for i, q := range qs {
		// Twice each, variables changed: the second answer comes from the
		// fields the fast path keeps for a document without variables.
		vars := map[string]any{"s": "developpeur-back-end", "yes": true, "no": false, "l": "EN"}
		if a := send2(fast, q, vars); i%2 == 0 && !bytes.Equal(a, send2(plain, q, vars)) {
			t.Errorf("%.200s: the first answers differ", q)
		}
		vars["yes"], vars["no"], vars["l"] = false, true, "FR"
		a, b := send2(fast, q, vars), send2(plain, q, vars)
		if !bytes.Equal(a, b) {
			i := 0
			for i < min(len(a), len(b)) && a[i] == b[i] {
				i++
			}
			t.Errorf("%.200s\nfast and plain answers differ at byte %d:\nfast:  %.300s\nplain: %.300s", q, i, a[max(0, i-100):], b[max(0, i-100):])
			continue
		}
		if !bytes.Contains(a, []byte(`"data":{`)) {
			t.Errorf("%.200s: no data: %.300s", q, a)
		}
		compared += len(a)
	}
	t.Logf("%d queries, %d bytes compared", len(qs), compared)
}

func send2(h http.Handler, q string, vars map[string]any) []byte {
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Body.Bytes()
}

// everyField selects every field of typ without required arguments, the
// objects below to depth 2 (a list of connections' first 3 nodes).
func everyField(s *ast.Schema, typ string, depth int) string {
	var b strings.Builder
	b.WriteString("__typename")
	for _, f := range s.Types[typ].Fields {
		if strings.HasPrefix(f.Name, "__") || slices.ContainsFunc(f.Arguments, func(a *ast.ArgumentDefinition) bool { return a.Type.NonNull && a.DefaultValue == nil }) {
			continue
		}
		elem := s.Types[f.Type.Name()]
		args := ""
		if strings.HasSuffix(elem.Name, "Connection") {
			args = "(first: 3)"
		}
		switch elem.Kind {
		case ast.Scalar, ast.Enum:
			b.WriteString(" " + f.Name)
		case ast.Object:
			if depth < 2 {
				fmt.Fprintf(&b, " %s%s { %s }", f.Name, args, everyField(s, elem.Name, depth+1))
			} else {
				fmt.Fprintf(&b, " %s%s { __typename }", f.Name, args)
			}
		default: // interfaces and unions
			fmt.Fprintf(&b, " %s%s { __typename ... on Node { id } }", f.Name, args)
		}
	}
	return b.String()
}

// leanQuery is a page of roles whose every field below the page (id,
// slug, description, insight, access) takes the fast path.
const leanQuery = `{ roles(first: 50) { nodes { id slug description insight access } } }`

// The response-size budget counts the fast path's fields exactly as
// countResponse counts gqlgen's, and stops them at the limit: with no
// limit in reach both paths spend the same bytes; at a limit in the
// middle of the page both answer RESPONSE_TOO_LARGE, the budget is
// spent (the count stopped it, not capResponse's check of the whole
// answer), and the fast path went no further than a field past it.
func TestFastPathKeepsTheSizeLimit(t *testing.T) {
	live, log := guideLive(t)
	// Leaves, then objects and lists of objects (leanObject), then a
	// value of an abstract type (SearchHit.node, a union).
	for _, query := range []string{leanQuery, objectQuery, searchQuery} {
		t.Run(query[:24], func(t *testing.T) { keepsTheSizeLimit(t, live, log, query) })
	}
}

// objectQuery is a page whose objects (edges, node, market, its salary
// band) take the fast path as objects.
const objectQuery = `{ roles(first: 50) { edges { cursor node { slug market { remoteWorkPercent startingSalary { label } } } } } }`

// searchQuery is a page of hits whose node (the union SearchResult)
// takes the fast path.
const searchQuery = `{ search(query: "d", first: 50) { matched node { ... on Role { slug } ... on Skill { name } ... on Training { name } } } }`

func keepsTheSizeLimit(t *testing.T, live *store.Live, log *slog.Logger, query string) {
	type result struct {
		spent int64
		over  bool
		body  string
	}
	run := func(plain bool, maxBytes int) result {
		srv := NewServer(live, Options{Limits: Limits{MaxResponseBytes: maxBytes}, Log: log, PlainExecutor: plain})
		var r result
		// Added last, so innermost: it sees the budget once every field ran.
		srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
			resp := next(ctx)
			b := budgetOf(ctx)
			r.spent, r.over = int64(b.Spent()), b.Over()
			return resp
		})
		r.body = string(send2(srv, query, nil))
		return r
	}
	fast, plain := run(false, 1<<30), run(true, 1<<30)
	if fast.spent != plain.spent || fast.over || fast.body != plain.body || fast.spent < 500 {
		t.Fatalf("unlimited: the fast path spent %d bytes (over %v), gqlgen's %d (over %v)", fast.spent, fast.over, plain.spent, plain.over)
	}
	limit := int(fast.spent / 2)
	fast, plain = run(false, limit), run(true, limit)
	for name, r := range map[string]result{"fast": fast, "plain": plain} {
		if !r.over || !strings.Contains(r.body, CodeResponseTooLarge) {
			t.Errorf("%s, limit %d: over %v, answered %.200s", name, limit, r.over, r.body)
		}
	}
	if past := fast.spent - int64(limit); past > 1000 {
		t.Errorf("the fast path spent %d bytes past a limit of %d: it went on past the limit", past, limit)
	}
	t.Logf("%d bytes counted; at a %d-byte limit, %d bytes past it", 2*limit, limit, fast.spent-int64(limit))
}

// The deadline stops the fast path's fields: the context ends right
// after the root field resolved, when all that is left to run is fast
// path fields, and both paths answer one UNAVAILABLE error instead of the
// role. Without the deadline, the test's field middleware sees those
// fields on gqlgen's path, and none of them on the fast path.
func TestFastPathStopsAtTheDeadline(t *testing.T) {
	live, log := guideLive(t)
	const q = `{ role(slug: "developpeur-back-end") { id slug description insight access careerChangeCommon updatedOn } }`
	for _, plain := range []bool{false, true} {
		for _, stop := range []bool{false, true} {
			srv := NewServer(live, Options{Limits: Limits{MaxDepth: 10, MaxComplexity: 5000}, Log: log, PlainExecutor: plain})
			var seen []string
			ctx, cancel := context.WithCancel(context.Background())
			srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
				fc := graphql.GetFieldContext(ctx)
				seen = append(seen, fc.Object+"."+fc.Field.Name)
				res, err := next(ctx)
				if fc.Object == "Query" && stop {
					cancel()
				}
				return res, err
			})
			body, _ := json.Marshal(map[string]any{"query": q})
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			cancel()
			var out struct {
				Data   json.RawMessage
				Errors []struct{ Extensions struct{ Code string } }
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Fatal(err)
			}
			switch {
			case stop && (len(out.Errors) != 1 || out.Errors[0].Extensions.Code != CodeUnavailable || len(out.Data) > 0 && string(out.Data) != "null"):
				t.Errorf("plain %v: answered %s, want only UNAVAILABLE", plain, rec.Body.String())
			case !stop && (len(out.Errors) > 0 || !strings.Contains(string(out.Data), `"slug":"developpeur-back-end"`)):
				t.Errorf("plain %v, no deadline: answered %s", plain, rec.Body.String())
			case !stop && len(seen) != 1+7*btoi(plain):
				t.Errorf("plain %v: the field middleware saw %v", plain, seen)
			}
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Errors below the fast path's object fields and lists are located as
// gqlgen locates them: a field left on gqlgen's path (transitionsOut, a
// list argument, under role > nextSteps[i] > to, all three on the fast
// path) fails for a middleware added to both servers, and another
// (transitionsIn) panics, and both answers, paths included, are the same
// bytes.
func TestFastPathLocatesErrorsAsGqlgen(t *testing.T) {
	live, log := guideLive(t)
	const q = `{ role(slug: "developpeur-back-end") { slug nextSteps { to { name transitionsOut { kind } transitionsIn { kind } } } } }`
	var bodies []string
	for _, plain := range []bool{false, true} {
		srv := NewServer(live, Options{Limits: Limits{MaxDepth: 10, MaxComplexity: 5000}, Log: log, PlainExecutor: plain})
		srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
			fc := graphql.GetFieldContext(ctx)
			switch fc.Object + "." + fc.Field.Name {
			case "Role.transitionsOut":
				return nil, fmt.Errorf("no transitions")
			case "Role.transitionsIn":
				panic("no transitions")
			}
			return next(ctx)
		})
		bodies = append(bodies, string(send2(srv, q, nil)))
	}
	if bodies[0] != bodies[1] {
		t.Fatalf("fast and plain answers differ:\nfast:  %.1000s\nplain: %.1000s", bodies[0], bodies[1])
	}
	for _, want := range []string{`"path":["role","nextSteps",0,"to","transitionsOut"]`, `"path":["role","nextSteps",0,"to","transitionsIn"]`} {
		if !strings.Contains(bodies[0], want) {
			t.Errorf("no error at %s: %.1000s", want, bodies[0])
		}
	}
}
