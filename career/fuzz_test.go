package career

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"unicode/utf8"
)

// Any search string: no panic, at most limit hits, scores in (0,1], each
// node once, sorted by words matched then score.
func FuzzSearch(f *testing.F) {
	g := guideGraph(f)
	for _, s := range []string{"developpeur backend", "Ingénieur", "", "--", "é", "back-end dev", "\xff\xfe", "ǅ", "ﬁ", "İstanbul"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		hits := g.Search(q, nil, 10)
		if len(hits) > 10 {
			t.Fatalf("%d hits", len(hits))
		}
		seen := map[string]bool{}
		for _, h := range hits {
			if h.Score <= 0 || h.Score > 1 {
				t.Fatalf("score %v for %q", h.Score, q)
			}
			if seen[h.NodeID] {
				t.Fatalf("%s twice for %q", h.NodeID, q)
			}
			seen[h.NodeID] = true
			if g.Node(h.NodeID) == nil {
				t.Fatalf("hit on unknown node %s", h.NodeID)
			}
		}
	})
}

// Any mutation input (a Dataset as JSON): validation never panics; what it
// accepts builds, and what Build accepts is exactly what Validate accepts.
// Written onto the guide graph, an accepted upsert keeps every record.
func FuzzMutationInput(f *testing.F) {
	base := loadCurated(f)
	cur, err := Build(base, 1)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"roles":[{"id":"role:x","slug":"x","name":"X","market":{"startingSalary":{"min":1,"max":2,"currency":"EUR"}}}]}`))
	f.Add([]byte(`{"transitions":[{"from":"role:tech-lead","to":"role:data-engineer","kind":"MOBILITY","rank":1,"typicalYears":2}]}`))
	f.Add([]byte(`{"levels":[{"id":"level:x/1","role":"role:tech-lead","rank":1,"name":"L","yearsMin":3,"yearsMax":1}]}`))
	f.Add([]byte(`{"skills":[{"id":"skill:é","slug":"é","name":"\u0000","category":"TOOL"}]}`))
	f.Add([]byte(`{"similar":[{"a":"role:tech-lead","b":"role:tech-lead","score":2}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var in Dataset
		if json.Unmarshal(raw, &in) != nil {
			return
		}
		next := base.Upsert(in)
		g, err := Build(next, 1)
		// A patched snapshot is the built one, and Patch takes nothing
		// Build refuses.
		p, ok, closureErr := cur.patch(Change{Version: cur.Version(), Upsert: in})
		if closureErr != nil && err == nil {
			t.Fatalf("the closure refuses %s, which Build takes: %v", raw, closureErr)
		}
		if ok {
			if err != nil {
				t.Fatalf("Patch took %s, which Build refuses: %v", raw, err)
			}
			if !sameGraph(p, g) {
				t.Fatalf("Patch of %s differs from Build in %s", raw, graphDiff(p, g))
			}
		}
		if err != nil {
			// A refusal says what is wrong: at least one problem, each
			// placed and explained.
			var verr *ValidationError
			if !errors.As(err, &verr) || len(verr.Problems) == 0 {
				t.Fatalf("refused without a ValidationError listing problems: %v", err)
			}
			for _, p := range verr.Problems {
				if p.Where == "" || p.Message == "" {
					t.Fatalf("a problem without its place or message: %+v", p)
				}
			}
			return
		}
		for _, r := range next.Roles {
			if g.Role(r.ID) == nil || !utf8.ValidString(r.Name) {
				t.Fatalf("accepted role %q missing or invalid", r.ID)
			}
		}
		for _, tr := range in.Transitions {
			if !slices.ContainsFunc(g.TransitionsFrom(tr.FromID), func(x *Transition) bool { return x.ToID == tr.ToID && x.Kind == tr.Kind }) {
				t.Fatalf("accepted transition %s missing", tr.Key())
			}
		}
	})
}
