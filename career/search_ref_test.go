package career

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// referenceSearch is the plain algorithm Search must agree with: every
// entry scored against every query word, each node under its best entry,
// everything sorted. No early stop, no scratch arrays.
func referenceSearch(ix *searchIndex, query string, kinds []SearchKind, limit int) []Hit {
	qtoks := Tokens(query)
	if len(qtoks) == 0 || limit <= 0 {
		return nil
	}
	qtoks = qtoks[:min(len(qtoks), maxSearchWords)]
	sum, words := map[int32]float64{}, map[int32]int{}
	for _, q := range qtoks {
		best := map[int32]float64{}
		for _, tok := range ix.vocab {
			if len(tok) < len(q) || tok[:len(q)] != q {
				continue
			}
			quality := 1.0
			if len(tok) != len(q) {
				quality = 0.5 + 0.4*float64(len(q))/float64(len(tok))
			}
			for _, e := range ix.postingsOf(tok) {
				best[e] = max(best[e], quality)
			}
		}
		for e, s := range best {
			sum[e] += s
			words[e]++
		}
	}
	byNode := map[string]rankedHit{}
	for e, s := range sum {
		en := ix.entry(e)
		if len(kinds) > 0 && !slices.Contains(kinds, en.kind) {
			continue
		}
		score := s / float64(len(qtoks))
		if en.members {
			score *= memberWeight
		}
		h := rankedHit{Hit{Kind: en.kind, NodeID: en.nodeID, Matched: en.text, Score: score}, words[e], en.ntok, en.folded, e}
		if prev, ok := byNode[en.nodeID]; ok && hitOrder(prev, h) <= 0 {
			continue
		}
		byNode[en.nodeID] = h
	}
	var ranked []rankedHit
	for _, h := range byNode {
		ranked = append(ranked, h)
	}
	slices.SortFunc(ranked, hitOrder)
	var hits []Hit
	for _, h := range ranked[:min(limit, len(ranked))] {
		hits = append(hits, h.Hit)
	}
	return hits
}

// Search, with its early stop and reused arrays, answers exactly what the
// plain algorithm does, for random prefixes of one to three words, kind
// filters and page sizes, over the guide graph.
func TestSearchMatchesReference(t *testing.T) {
	g := guideGraph(t)
	ix := g.searchIx()
	rng := rand.New(rand.NewPCG(5, 6))
	word := func() string {
		tok := ix.vocab[rng.IntN(len(ix.vocab))]
		return tok[:1+rng.IntN(len(tok))]
	}
	for trial := range 3000 {
		q := word()
		for range rng.IntN(3) {
			q += " " + word()
		}
		var kinds []SearchKind
		if rng.IntN(3) == 0 {
			kinds = []SearchKind{SearchKinds[rng.IntN(len(SearchKinds))]}
		}
		limit := 1 + rng.IntN(20)
		got, want := g.Search(q, kinds, limit), referenceSearch(ix, q, kinds, limit)
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d, %q %v limit %d:\n got %v\nwant %v", trial, q, kinds, limit, got, want)
		}
	}
	if hits := g.Search("d", nil, 3); len(hits) != 3 {
		t.Fatal(fmt.Sprint("one letter found ", hits))
	}
}

// The same agreement over a graph where groups are found by their roles'
// words (a ROME domain of informatique fiches among unrelated ones), whose
// entries score memberWeight of a name's and must not stop a one-word
// search before a better name.
func TestSearchMatchesReferenceWithMemberWords(t *testing.T) {
	ds := loadCurated(t)
	ds.Groups = append(ds.Groups, Group{ID: "group:rome-m18", Slug: "rome-m18", Name: "Systèmes d'information", Kind: RomeGroup, Code: "M18"})
	for i, name := range []string{"Administrateur informatique", "Technicien informatique", "Développeur informatique", "Informaticien industriel"} {
		code := fmt.Sprintf("M18%02d", i+1)
		ds.Roles = append(ds.Roles, Role{ID: "role:rome-" + strings.ToLower(code), Slug: "rome-" + strings.ToLower(code), Name: name, RomeCode: &code,
			Description: new("Installe et maintient le réseau.")})
	}
	// « rese » finds the domain by « réseau » (its fiches' definitions)
	// before it reaches « Réseautage », a better (name) match.
	ds.Roles = append(ds.Roles, Role{ID: "role:reseautage", Slug: "reseautage", Name: "Réseautage"})
	for i := range 12 {
		ds.Roles = append(ds.Roles, Role{ID: fmt.Sprintf("role:cook-%d", i), Slug: fmt.Sprintf("cook-%d", i), Name: fmt.Sprintf("Cuisinier %d", i)})
	}
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	ix := g.searchIx()
	hits := g.Search("informatique", []SearchKind{HitGroup}, 3)
	if len(hits) != 1 || hits[0].NodeID != "group:rome-m18" || hits[0].Score != memberWeight {
		t.Fatalf("« informatique » among groups: %+v", hits)
	}
	for _, q := range []string{"informatique", "info", "i", "in", "informati", "rese", "res", "administrateur informatique", "technicien", "cuisinier",
		"informatique reseau", "info res", "systemes information"} {
		for limit := 1; limit <= 8; limit++ {
			for _, kinds := range [][]SearchKind{nil, {HitGroup}} {
				want := referenceSearch(ix, q, kinds, limit)
				if got := g.Search(q, kinds, limit); !slices.Equal(got, want) {
					t.Fatalf("%q %v limit %d:\n got %v\nwant %v", q, kinds, limit, got, want)
				}
				// searchAll too, whatever the ratio of postings.
				sc := ix.getScratch()
				got, ok := ix.searchAll(g, sc, Tokens(q), kinds, func(e int32) bool { return len(kinds) == 0 || slices.Contains(kinds, ix.kind(e)) }, limit, 0)
				ix.scratch.Put(sc)
				if ok && !slices.Equal(got, want) {
					t.Fatalf("searchAll %q %v limit %d:\n got %v\nwant %v", q, kinds, limit, got, want)
				}
			}
		}
	}
}

// A list's text filter reads the packed names: every role is found by the
// prefixes of its own name's words, and a word no name has finds none.
func TestListQueryReadsPackedNames(t *testing.T) {
	g, err := Build(loadCurated(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range g.roles.list {
		var q []string
		for _, w := range Tokens(r.Name) {
			q = append(q, w[:min(3, len(w))])
		}
		if !slices.Contains(g.Roles(RoleFilter{Query: strings.Join(q, " ")}, Order{}), r) {
			t.Errorf("%s: not found by %q", r.ID, q)
		}
	}
	if got := g.Roles(RoleFilter{Query: "zqxwv"}, Order{}); len(got) > 0 {
		t.Errorf("zqxwv found %d roles", len(got))
	}
}

// searchAll, the path of a several-word query through the entries of its
// rarest word, answers what the plain algorithm does whenever it answers:
// queries made of prefixes of the words of one name (so that many entries
// match them all), run with any ratio of postings, kind filters, small
// pages. It must answer most of them, or the test proves nothing.
func TestSearchAllMatchesReference(t *testing.T) {
	g := guideGraph(t)
	ix := g.searchIx()
	rng := rand.New(rand.NewPCG(7, 8))
	answered := 0
	const trials = 3000
	for trial := range trials {
		en := ix.entry(int32(rng.IntN(len(ix.entries))))
		toks := foldedTokens(en.folded)
		var words []string
		for range 2 + rng.IntN(2) {
			tok := toks[rng.IntN(len(toks))]
			words = append(words, tok[:1+rng.IntN(len(tok))])
		}
		q := strings.Join(words, " ")
		var kinds []SearchKind
		if rng.IntN(4) == 0 {
			kinds = []SearchKind{SearchKinds[rng.IntN(len(SearchKinds))]}
		}
		wanted := func(e int32) bool { return len(kinds) == 0 || slices.Contains(kinds, ix.kind(e)) }
		limit := 1 + rng.IntN(4)
		qtoks := Tokens(q)
		sc := ix.getScratch()
		got, ok := ix.searchAll(g, sc, qtoks, kinds, wanted, limit, 0)
		ix.scratch.Put(sc)
		if !ok {
			continue
		}
		answered++
		if want := referenceSearch(ix, q, kinds, limit); !slices.Equal(got, want) {
			t.Fatalf("trial %d, %q %v limit %d:\n got %v\nwant %v", trial, q, kinds, limit, got, want)
		}
		if full := g.Search(q, kinds, limit); !slices.Equal(full, got) {
			t.Fatalf("trial %d, %q: Search %v, searchAll %v", trial, q, full, got)
		}
	}
	if answered < trials/5 {
		t.Fatalf("searchAll answered %d queries of %d", answered, trials)
	}
	t.Logf("searchAll answered %d queries of %d", answered, trials)
}
