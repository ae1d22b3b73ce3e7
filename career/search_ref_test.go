package career

import (
	"fmt"
	"math/rand/v2"
	"slices"
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
			for _, e := range ix.postings[tok] {
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
		en := ix.entries[e]
		if len(kinds) > 0 && !slices.Contains(kinds, en.kind) {
			continue
		}
		h := rankedHit{Hit{Kind: en.kind, NodeID: en.nodeID, Matched: en.text, Score: s / float64(len(qtoks))}, words[e], en.ntok, en.folded, e}
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
