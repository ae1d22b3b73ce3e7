package graph

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"careergraph/career"
	"careergraph/graph/generated"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/embedded"
)

// The shipped graph (guide + open data), loaded once for the tests that
// need it: importing it takes seconds.
var shipped struct {
	once sync.Once
	dir  string
	live *store.Live
	err  error
}

// TestMain removes the shipped graph's store, which outlives each test.
// Outside benchmarks, every server the tests build checks that no
// resolver writes through its arguments (argsUnchanged): the package's
// whole suite, not only the queries TestSharedArgsAreNotWritten lists.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		testFieldMiddleware = argsUnchanged
	}
	code := m.Run()
	if shipped.dir != "" {
		os.RemoveAll(shipped.dir)
	}
	argsWrites.Lock()
	for _, w := range argsWrites.seen {
		fmt.Fprintln(os.Stderr, "FAIL: a resolver wrote through its shared arguments:", w)
		code = 1
	}
	argsWrites.Unlock()
	os.Exit(code)
}

func shippedGraph(t testing.TB) *store.Live {
	t.Helper()
	if testing.Short() {
		t.Skip("loads the whole shipped graph")
	}
	if raceEnabled {
		// Importing and writing the whole open data under the detector
		// was most of graph's race run (26 minutes at a load of 20,
		// issue 26), for tests that check costs and answers; the plain
		// run has them. Under -race, 64 requests at once run on the
		// guide graph (TestAuditRequestsSixtyFourAtOnce).
		t.Skip("loads the whole shipped graph; the run without -race has it")
	}
	shipped.once.Do(func() {
		dir, err := os.MkdirTemp("", "careergraph-prices-")
		if err != nil {
			shipped.err = err
			return
		}
		shipped.dir = dir
		st, err := embedded.Open(dir)
		if err != nil {
			shipped.err = err
			return
		}
		live := store.NewLive(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
		curated, digest, err := seed.Curated()
		if err == nil {
			err = live.Load(context.Background(), curated, digest)
		}
		if err == nil {
			_, err = live.Change(context.Background(), func(cur *career.Graph) (store.Write, error) {
				ds, _, err := seed.ImportOpenData(seed.OpenData(), cur.Dataset(), func(string) {})
				return store.Write{Upsert: ds}, err
			})
		}
		shipped.live, shipped.err = live, err
	})
	if shipped.err != nil {
		t.Fatal(shipped.err)
	}
	return shipped.live
}

// handler serves live with limits (the defaults of the server) or without
// any, to measure.
func shippedHandler(live *store.Live, limited bool) http.Handler {
	l := Limits{MaxTokens: 5000, MaxQueryLength: 20000, Introspection: true}
	if limited {
		l = Limits{MaxDepth: 10, MaxComplexity: 50000, MaxFields: 1000, MaxAliases: 30, MaxRootFields: 20, MaxIntrospection: 20000,
			MaxResponseBytes: 4 << 20, MaxErrors: 20, MaxTokens: 5000, MaxQueryLength: 20000, Introspection: true}
	}
	sectors, err := seed.MCCSectors()
	if err != nil {
		panic(err)
	}
	areas, err := seed.HiringAreas()
	if err != nil {
		panic(err)
	}
	return NewServer(live, Options{Limits: l, Sectors: sectors, HiringAreas: areas, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

func send(h http.Handler, query string) *httptest.ResponseRecorder {
	body, _ := json.Marshal(map[string]any{"query": query})
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// listFields are the schema's list fields ("Type.field"): fields whose type
// is a list, and connections (which page one).
func listFields(s *ast.Schema) []string {
	var out []string
	for name, def := range s.Types {
		if def.Kind != ast.Object || strings.HasPrefix(name, "__") {
			continue
		}
		for _, f := range def.Fields {
			if f.Type.Elem != nil || strings.HasSuffix(f.Type.Name(), "Connection") {
				out = append(out, name+"."+f.Name)
			}
		}
	}
	sort.Strings(out)
	return out
}

// selection selects every list field of typ (those without required
// arguments), each with __typename, and goes into the list items and
// objects that are not nodes of their own, whose lists are measured from
// here; paths collects "Type.field" for each list selected, keyed by its
// response path.
func selection(s *ast.Schema, typ string, path string, paths map[string]string, depth int) string {
	def := s.Types[typ]
	var b strings.Builder
	b.WriteString("__typename")
	for _, f := range def.Fields {
		if strings.HasPrefix(f.Name, "__") || slices.ContainsFunc(f.Arguments, func(a *ast.ArgumentDefinition) bool { return a.Type.NonNull && a.DefaultValue == nil }) {
			continue
		}
		elem := s.Types[f.Type.Name()]
		isList := f.Type.Elem != nil
		conn := strings.HasSuffix(f.Type.Name(), "Connection")
		own := elem.Kind == ast.Object && !slices.Contains(elem.Interfaces, "Node")
		switch {
		case conn:
			paths[path+f.Name+".nodes"] = typ + "." + f.Name
			fmt.Fprintf(&b, " %s(first: 100) { nodes { __typename } }", f.Name)
		case isList && (elem.Kind == ast.Scalar || elem.Kind == ast.Enum):
			paths[path+f.Name] = typ + "." + f.Name
			b.WriteString(" " + f.Name)
		case isList:
			paths[path+f.Name] = typ + "." + f.Name
			inner := "__typename"
			if own && depth < 2 {
				inner = selection(s, elem.Name, path+f.Name+"[].", paths, depth+1)
			}
			fmt.Fprintf(&b, " %s { %s }", f.Name, inner)
		case own && depth < 2 && hasLists(s, elem):
			fmt.Fprintf(&b, " %s { %s }", f.Name, selection(s, elem.Name, path+f.Name+".", paths, depth+1))
		}
	}
	return b.String()
}

func hasLists(s *ast.Schema, def *ast.Definition) bool {
	return slices.ContainsFunc(def.Fields, func(f *ast.FieldDefinition) bool {
		return f.Type.Elem != nil || strings.HasSuffix(f.Type.Name(), "Connection")
	})
}

// lengths walks an answer along the response paths ("a[].b.c": list
// items are "[]") and records the longest list found at each, even an
// empty one, and under which node.
func lengths(v any, path string, paths map[string]string, node string, longest map[string]int, where map[string][2]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			if path != "" {
				k = path + "." + k
			}
			lengths(c, k, paths, node, longest, where)
		}
	case []any:
		if f, ok := paths[path]; ok {
			if n, seen := longest[f]; !seen || len(v) > n {
				longest[f], where[f] = len(v), [2]string{node, path}
			}
		}
		for _, c := range v {
			lengths(c, path+"[]", paths, node, longest, where)
		}
	}
}

// Every list field of the schema has a price (quick: no graph needed).
func TestEveryListHasAPrice(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
	for _, f := range listFields(schema) {
		if _, ok := prices[f]; !ok {
			t.Errorf("%s is a list with no price: give it one in graph/prices.go (see docs/DESIGN.md, \"Pricing a list\")", f)
		}
	}
}

// Every list field of the schema is priced by the shipped graph: the
// longest list each gives, under every node of the graph, is within the
// number its price counts (graph/prices.go), and the bytes allocated to
// answer it at its longest stay within 100 times what a unit of its price
// costs on average. A new list field without a price, or priced below the
// data, fails here.
func TestListPricesOnShippedGraph(t *testing.T) {
	live := shippedGraph(t)
	g := live.Graph()
	sizes := g.Sizes()
	es := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}})
	schema := es.Schema()

	all := listFields(schema)

	// Every node of every kind (career.Kinds: a node kind's label is its
	// GraphQL type), 100 at a time, with every list it has.
	h, works := meteredHandler(live)
	ds := g.Dataset()
	ids := map[string][]string{}
	for _, k := range career.Kinds {
		if k.Node() {
			_ = k.Each(ds, func(id string, _ any) error {
				ids[k.Label()] = append(ids[k.Label()], id)
				return nil
			})
		}
	}
	longest, where := map[string]int{}, map[string][2]string{} // where: node id or root query, response path
	for typ, list := range ids {
		paths := map[string]string{}
		sel := selection(schema, typ, "nodes[].", paths, 0)
		for i := 0; i < len(list); i += MaxPageSize {
			batch := list[i:min(i+MaxPageSize, len(list))]
			quoted, _ := json.Marshal(batch)
			rec := send(h, fmt.Sprintf("{ nodes(ids: %s) { ... on %s { id %s } } }", quoted, typ, sel))
			var res struct {
				Data   struct{ Nodes []map[string]any }
				Errors []any
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || len(res.Errors) > 0 {
				t.Fatalf("%s batch %d: %v %.500s", typ, i, err, rec.Body.String())
			}
			for _, n := range res.Data.Nodes {
				lengths(n, "nodes[]", paths, n["id"].(string), longest, where)
			}
		}
	}

	// The root lists, at their dearest arguments, with the lists below
	// them by response path.
	hub := argmax(ids["Role"], func(id string) int { return len(g.TransitionsFrom(id)) })
	rich := argmax(ids["Role"], func(id string) int { return len(g.Requires(id, "", "")) })
	roots := []struct {
		query string
		lists map[string]string
	}{
		{`{ careerPaths(from: {roleId: "role:rome-m1855"}, to: "role:rome-m1803", k: 10, maxSteps: 10) { steps { skillsToAcquire { __typename } transferableSkills { __typename } trainings { __typename } } } }`,
			map[string]string{"careerPaths": "Query.careerPaths", "careerPaths[].steps": "CareerPath.steps",
				"careerPaths[].steps[].skillsToAcquire": "PathStep.skillsToAcquire", "careerPaths[].steps[].trainings": "PathStep.trainings",
				"careerPaths[].steps[].transferableSkills": "PathStep.transferableSkills"}},
		{`{ linkTitle(title: "développeur", first: 50) { __typename } }`, map[string]string{"linkTitle": "Query.linkTitle"}},
		{`{ readText(text: "Développeur web, gestion de bases de données, programmation en Python, comptabilité générale, tableaux de bord, conduite de projet, management d'équipe, relation client", skills: 100, roles: 50) { skills { __typename } roles { __typename } } }`,
			map[string]string{"readText.skills": "TextReading.skills", "readText.roles": "TextReading.roles"}},
		{fmt.Sprintf(`{ reachableRoles(from: %q, maxSteps: 10) { __typename } }`, hub), map[string]string{"reachableRoles": "Query.reachableRoles"}},
		{`{ similarRoles(role: "role:rome-k2111", k: 100) { __typename } }`, map[string]string{"similarRoles": "Query.similarRoles"}},
		{`{ search(query: "d", first: 50) { __typename } }`, map[string]string{"search": "Query.search"}},
		{`{ sectorTransitions(from: "ict workers", top: 100) { __typename } }`, map[string]string{"sectorTransitions": "Query.sectorTransitions"}},
		{`{ sectorMatrix(level: SUB_SECTOR) { sectors shares } }`, map[string]string{"sectorMatrix.sectors": "SectorMatrix.sectors", "sectorMatrix.shares": "SectorMatrix.shares"}},
		{fmt.Sprintf(`{ nodes(ids: %s) { __typename } }`, must(json.Marshal(ids["Skill"][:100]))), map[string]string{"nodes": "Query.nodes"}},
		{fmt.Sprintf(`{ skillGap(have: [], target: %q) { missingEssential { __typename } missingOptional { __typename } trainings { __typename } } }`, rich),
			map[string]string{"skillGap.missingEssential": "SkillGap.missingEssential", "skillGap.missingOptional": "SkillGap.missingOptional", "skillGap.trainings": "SkillGap.trainings"}},
		{`{ graphStats(top: 100) { nodes { __typename } relationships { __typename } transitionKinds { __typename } hubsByInDegree { __typename } hubsByOutDegree { __typename } hubsByBetweenness { __typename } } }`,
			map[string]string{"graphStats.nodes": "GraphStats.nodes", "graphStats.relationships": "GraphStats.relationships", "graphStats.transitionKinds": "GraphStats.transitionKinds",
				"graphStats.hubsByInDegree": "GraphStats.hubsByInDegree", "graphStats.hubsByOutDegree": "GraphStats.hubsByOutDegree", "graphStats.hubsByBetweenness": "GraphStats.hubsByBetweenness"}},
	}
	for _, conn := range []string{"roles", "skills", "trainings", "employers", "groups"} {
		roots = append(roots, struct {
			query string
			lists map[string]string
		}{fmt.Sprintf(`{ %s(first: 100) { nodes { __typename } } }`, conn), map[string]string{conn + ".nodes": "Query." + conn}})
	}
	for _, r := range roots {
		var res struct {
			Data   map[string]any
			Errors []any
		}
		rec := send(h, r.query)
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || len(res.Errors) > 0 {
			t.Fatalf("%s: %v %.500s", r.query, err, rec.Body.String())
		}
		lengths(res.Data, "", r.lists, r.query, longest, where)
	}

	// Each list against the items its price counts, with the arguments
	// the measures used.
	measured := map[string]args{
		"Query.careerPaths": {"k": 10}, "Query.similarRoles": {"k": 100}, "Query.search": {"first": 50},
		"Query.sectorTransitions": {"top": 100}, "Query.nodes": {"ids": make([]any, 100)},
		"Group.roles": {"first": 100}, "Group.skills": {"first": 100}, "RomeSkill.children": {"first": 100},
		"Query.roles": {"first": 100}, "Query.skills": {"first": 100}, "Query.trainings": {"first": 100},
		"Query.employers": {"first": 100}, "Query.groups": {"first": 100}, "Query.linkTitle": {"first": 50},
		"Role.certifications": {"first": 100}, "Role.hiringAreas": {"first": 100},
	}
	above := map[string]args{"CareerPath.steps": {"maxSteps": 10}, "TextReading.skills": {"skills": 100}, "TextReading.roles": {"roles": 50}, "GraphStats.hubsByInDegree": {"top": 100},
		"GraphStats.hubsByOutDegree": {"top": 100}, "GraphStats.hubsByBetweenness": {"top": 100}}
	var work []float64
	byField := map[string]float64{}
	for _, f := range all {
		if strings.HasSuffix(f, "Connection.nodes") || strings.HasSuffix(f, "Connection.edges") {
			continue // the connection's first counts its page
		}
		n, ok := longest[f]
		if !ok {
			t.Errorf("%s: no list measured; add it to this test", f)
			continue
		}
		typ, name, _ := strings.Cut(f, ".")
		// What one more unit of selection adds is how many items it counts.
		items := priceOf(sizes, typ, name, 2, measured[f], above[f]) - priceOf(sizes, typ, name, 1, measured[f], above[f])
		if n > items {
			t.Errorf("%s lists %d items under %s, priced at %d", f, n, where[f][0], items)
		}
		// The bytes allocated to answer the list where it is longest,
		// against the complexity the cost walk gives that request.
		q := where[f][0]
		if !strings.HasPrefix(q, "{") {
			q = nodeQuery(schema, q, where[f][1], f)
		}
		cx := complexityOf(t, es, sizes, q)
		b := allocated(h, q)
		perUnit := float64(b) / float64(cx)
		work = append(work, perUnit)
		byField[f] = perUnit
		// The records the request's reads visited (career.Work), which a
		// scan counts even where it allocates nothing.
		send(h, q)
		v := works.last.Visited()
		t.Logf("%-30s longest %5d, priced %5d; %8d bytes, %7d records for complexity %6d: %6.0f B/unit, %5.1f records/unit", f, n, items, b, v, cx, perUnit, float64(v)/float64(cx))
		if v > visitsPerUnit*int64(cx) {
			t.Errorf("%s visits %d records for complexity %d, over %d a unit: price it as the scan it is", f, v, cx, visitsPerUnit)
		}
	}
	slices.Sort(work)
	median := work[len(work)/2]
	for f, perUnit := range byField {
		if perUnit > 100*median {
			t.Errorf("%s allocates %.0f bytes per unit of its price, over 100 times the median %.0f: price it as the work it is", f, perUnit, median)
		}
	}
}

// visitsPerUnit is the most records a unit of complexity may visit: a
// filtered scan is priced at scanPerUnit records a unit, and a search's
// or a route's visits are array reads, cheaper than a list item.
const visitsPerUnit = 2 * scanPerUnit

// works keeps the meter of the last operation a handler served.
type works struct{ last *career.Work }

// meteredHandler is shippedHandler without limits, whose operations'
// meters the test reads (one request at a time).
func meteredHandler(live *store.Live) (http.Handler, *works) {
	w := &works{}
	sectors, err := seed.MCCSectors()
	if err != nil {
		panic(err)
	}
	areas, err := seed.HiringAreas()
	if err != nil {
		panic(err)
	}
	l := Limits{MaxTokens: 5000, MaxQueryLength: 20000, Introspection: true}
	return NewServer(live, Options{Limits: l, Sectors: sectors, HiringAreas: areas, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		onWork: func(cw *career.Work) { w.last = cw }}), w
}

// nodeQuery asks node id for the list at path (from a nodes(ids:) batch).
func nodeQuery(s *ast.Schema, id, path, field string) string {
	typ := map[string]string{"role": "Role", "skill": "Skill", "group": "Group", "training": "Training", "employer": "Employer", "level": "Level"}[strings.SplitN(id, ":", 2)[0]]
	segs := strings.Split(strings.TrimPrefix(path, "nodes[]."), ".")
	ftyp, fname, _ := strings.Cut(field, ".")
	inner := " { __typename }"
	if d := s.Types[ftyp].Fields.ForName(fname); d != nil && s.Types[d.Type.Name()].Kind != ast.Object {
		inner = ""
	}
	last := len(segs) - 1
	conn := last > 0 && segs[last] == "nodes" // a connection's page
	sel := inner
	if conn {
		sel, segs, last = " { nodes { __typename } }", segs[:last], last-1
	}
	for i := last; i >= 0; i-- {
		name := strings.TrimSuffix(segs[i], "[]")
		if conn && i == last {
			name += "(first: 100)"
		}
		sel = " { " + name + sel + " }"
	}
	return fmt.Sprintf("{ node(id: %q) { ... on %s%s } }", id, typ, sel)
}

// complexityOf is what the cost walk charges for query on sizes.
func complexityOf(t *testing.T, es graphql.ExecutableSchema, sizes *career.Sizes, query string) int {
	doc, errs := gqlparser.LoadQueryWithRules(es.Schema(), query, nil)
	if errs != nil {
		t.Fatalf("%s: %v", query, errs)
	}
	w := &complexityWalk{es: es, sizes: sizes, query: true, memo: map[string]int{}, intro: introspectionWalk{schema: es.Schema(), left: 1 << 30}}
	return w.set(doc.Operations[0].SelectionSet)
}

// allocated is the bytes one answer of query allocates, beyond what the
// smallest query does, averaged over a few runs.
func allocated(h http.Handler, query string) uint64 {
	const runs = 3
	measure := func(q string) uint64 {
		send(h, q) // the document cached, as in production
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range runs {
			send(h, q)
		}
		runtime.ReadMemStats(&after)
		return (after.TotalAlloc - before.TotalAlloc) / runs
	}
	base, b := measure("{ __typename }"), measure(query)
	if b < base {
		return 0
	}
	return b - base
}

func must(b []byte, err error) string {
	if err != nil {
		panic(err)
	}
	return string(b)
}

// argmax is the id for which f is largest.
func argmax(ids []string, f func(string) int) string {
	best, most := "", -1
	for _, id := range ids {
		if n := f(id); n > most {
			best, most = id, n
		}
	}
	return best
}

// A search is priced by the words it reads: on the shipped graph, one
// word and the dearest eight (one-letter prefixes of most tokens, each a
// whole pass) visit at most visitsPerUnit records per unit of their price.
func TestSearchPricedByItsWords(t *testing.T) {
	live := shippedGraph(t)
	g := live.Graph()
	g.Warm()
	es := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}})
	h, works := meteredHandler(live)
	for _, q := range []string{"a", "ingénieur backend", "a e i o u d l s"} {
		query := fmt.Sprintf(`{ search(query: %q, first: 50) { score } }`, q)
		cx := complexityOf(t, es, g.Sizes(), query)
		send(h, query)
		v := works.last.Visited()
		t.Logf("%-20q %8d records for complexity %6d: %5.1f a unit", q, v, cx, float64(v)/float64(cx))
		if v > visitsPerUnit*int64(cx) {
			t.Errorf("search %q visits %d records for complexity %d, over %d a unit", q, v, cx, visitsPerUnit)
		}
	}
}
