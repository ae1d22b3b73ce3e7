package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// The arguments of root Query fields, input objects and lists included,
// are kept per document (lean.Args) and shared by every request of it: a
// resolver that wrote through them (set a filter's field, sorted or
// normalised a list in place) would change what the next request of the
// same text reads. Each query below, without variables, goes three times
// to the fast server and once to gqlgen's plain path: the answers must be
// the same bytes, every root field's arguments must read the same after
// its resolver ran as before, and the fast server's second and third
// requests must have been handed the first one's arguments (the cache is
// in use, so this test tests it).
func TestSharedArgsAreNotWritten(t *testing.T) {
	live, _ := guideLive(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	limits := Limits{MaxDepth: 12, MaxComplexity: 50000}
	fast := NewServer(live, Options{Limits: limits, Log: log})
	plain := NewServer(live, Options{Limits: limits, Log: log, PlainExecutor: true})

	var mu sync.Mutex
	var written []string
	seen := map[string][]map[string]any{} // root field alias: its arguments, per request (kept alive)
	for _, srv := range []*Server{fast, plain} {
		isFast := srv == fast
		srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
			fc := graphql.GetFieldContext(ctx)
			if fc.Object != "Query" || len(fc.Args) == 0 {
				return next(ctx)
			}
			before, err := json.Marshal(fc.Args)
			if err != nil {
				t.Errorf("%s: %v", fc.Field.Alias, err)
			}
			res, rerr := next(ctx)
			after, _ := json.Marshal(fc.Args)
			mu.Lock()
			defer mu.Unlock()
			if !bytes.Equal(before, after) {
				written = append(written, fc.Field.Alias+": "+string(before)+" became "+string(after))
			}
			if isFast {
				seen[fc.Field.Alias] = append(seen[fc.Field.Alias], fc.Args)
			}
			return res, rerr
		})
	}

	queries := []string{
		`{ roles(filter: { query: "dev", trends: [UP, STABLE], minRemoteWorkPercent: 0 }, orderBy: { field: STARTING_SALARY, direction: DESC }, first: 5) {
		     totalCount pageInfo { hasNextPage endCursor } nodes { slug } } }`,
		`{ roles(filter: { romePrefix: "" }, orderBy: { field: REMOTE_WORK, direction: DESC }, first: 3, after: "Y3Vyc29yOnYxOnJvbGU6ZGV2ZWxvcHBldXItYmFjay1lbmQ") { nodes { slug } } }`,
		`{ roles(filter: { query: "engineer" }, first: 10) { totalCount nodes { slug } } }`,
		`{ a: roles(orderBy: { field: NAME, direction: DESC }, first: 2) { nodes { slug } } b: roles(first: 2) { nodes { slug } } }`,
		`{ skills(filter: { categories: [TOOL, TECHNICAL], roleId: "role:developpeur-back-end" }, orderBy: { field: DEMAND, direction: DESC }, first: 5) { totalCount nodes { id } } }`,
		`{ trainings(filter: { kinds: [DEGREE, BOOTCAMP], roleId: "role:developpeur-back-end" }, orderBy: { field: DURATION, direction: DESC }) { totalCount nodes { id } } }`,
		`{ employers(filter: { query: "e", roleId: "role:developpeur-back-end" }, orderBy: { field: ROLES_HIRED, direction: DESC }, first: 3) { totalCount nodes { id } } }`,
		`{ groups(filter: { topLevel: true, query: "" }, first: 5) { totalCount nodes { id } } }`,
		`{ search(query: "data dev", types: [SKILL, ROLE, JOB_TITLE], first: 8) { kind matched score node { ... on Node { id } } } }`,
		`{ search(query: "back", types: [ROLE]) { kind score node { ... on Node { id } } } }`,
		`{ careerPaths(from: { roleId: "role:developpeur-back-end" }, to: "role:staff-engineer", optimize: YEARS, k: 3,
		     avoid: ["role:tech-lead", "role:architecte-logiciel"], transitionKinds: [NEXT_STEP, CAREER_CHANGE, EQUIVALENT, CLOSE_MATCH]) {
		     cost totalSteps steps { to { slug } transition { kind } } } }`,
		`{ careerPaths(from: { skillIds: ["skill:postgresql", "skill:go", "skill:docker"] }, to: "role:staff-engineer", optimize: EFFORT, k: 3,
		     avoid: ["role:devops-sre"]) { cost steps { to { slug } skillsToAcquire { id } } } }`,
		`{ skillGap(have: ["skill:postgresql", "skill:go"], target: "role:developpeur-back-end") { coverage missingEssential { id } missingOptional { id } trainings { training { id } } } }`,
		`{ skillGap(from: { skillIds: ["skill:docker", "skill:go"] }, target: "role:developpeur-back-end") { coverage missingEssential { id } } }`,
		`{ nodes(ids: ["role:tech-lead", "skill:go", "nobody", "role:developpeur-back-end", "training:but-informatique-ex-dut"]) { __typename ... on Node { id } } }`,
		`{ linkTitle(title: "Développeur back-end senior (h/f)", schemes: [GUIDE, ESCO, ROME], langs: [FR, EN], first: 5) { score via role { slug } } }`,
		`{ linkTitle(title: "ingénieur data", schemes: [GUIDE], langs: [FR, EN]) { score role { slug } } }`,
	}
	for _, q := range queries {
		clear(seen)
		want := send2(plain, q, nil)
		var out struct {
			Data   json.RawMessage
			Errors []any
		}
		if err := json.Unmarshal(want, &out); err != nil || len(out.Errors) > 0 || len(out.Data) < 3 || string(out.Data) == "null" {
			t.Errorf("%.100s: gqlgen answered %.500s", q, want)
			continue
		}
		for i := range 3 {
			if got := send2(fast, q, nil); !bytes.Equal(got, want) {
				t.Errorf("%.100s: request %d answered\n%.500s\nwant (gqlgen's plain path)\n%.500s", q, i+1, got, want)
			}
		}
		if len(seen) == 0 {
			t.Errorf("%.100s: no root field with arguments seen", q)
		}
		for alias, args := range seen {
			if maps := pointers(args); len(maps) != 3 || maps[1] != maps[0] || maps[2] != maps[0] {
				t.Errorf("%.100s: %s: its arguments were not shared by the three requests (%v): lean.Args is not in use", q, alias, maps)
			}
		}
	}
	// With variables, nothing is kept: each request reads its own.
	clear(seen)
	const withVars = `query R($f: RoleFilter, $k: [TransitionKind!]) { roles(filter: $f, first: 10) { totalCount } careerPaths(from: { roleId: "role:developpeur-back-end" }, to: "role:staff-engineer", transitionKinds: $k) { totalSteps } }`
	for _, vars := range []map[string]any{
		{"f": map[string]any{"query": "engineer"}, "k": []string{"NEXT_STEP"}},
		{"f": map[string]any{"query": "dev"}, "k": []string{"MOBILITY"}},
		{"f": map[string]any{"query": "engineer"}, "k": []string{"NEXT_STEP"}},
	} {
		if got, want := send2(fast, withVars, vars), send2(plain, withVars, vars); !bytes.Equal(got, want) {
			t.Errorf("%v: answered %.300s, want %.300s", vars, got, want)
		}
	}
	for alias, args := range seen {
		if maps := pointers(args); len(maps) != 3 || maps[0] == maps[1] || maps[0] == maps[2] || maps[1] == maps[2] {
			t.Errorf("with variables, %s: arguments kept between requests (%v)", alias, maps)
		}
	}
	for _, w := range written {
		t.Errorf("a resolver wrote through its shared arguments: %s", w)
	}
}

// pointers are where the maps are.
func pointers(maps []map[string]any) []uintptr {
	out := make([]uintptr, len(maps))
	for i, m := range maps {
		out[i] = reflect.ValueOf(m).Pointer()
	}
	return out
}

// argsWrites lists the fields whose arguments their resolver changed.
var argsWrites struct {
	sync.Mutex
	seen []string
}

// argsUnchanged reads a field's arguments as JSON before and after its
// resolver, and notes a field whose arguments changed.
func argsUnchanged(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || len(fc.Args) == 0 {
		return next(ctx)
	}
	before, err := json.Marshal(fc.Args)
	res, rerr := next(ctx)
	if after, err2 := json.Marshal(fc.Args); err == nil && err2 == nil && !bytes.Equal(before, after) {
		argsWrites.Lock()
		argsWrites.seen = append(argsWrites.seen, fmt.Sprintf("%s.%s: %s became %s", fc.Object, fc.Field.Name, before, after))
		argsWrites.Unlock()
	}
	return res, rerr
}
