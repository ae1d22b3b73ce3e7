package career

import (
	"cmp"
	"slices"
	"sort"
	"strings"
)

// SearchKind is what a search hit matched: a role's name, one of its job
// titles, a skill, a training or a classification group.
type SearchKind string

const (
	HitRole     SearchKind = "ROLE"
	HitJobTitle SearchKind = "JOB_TITLE"
	HitSkill    SearchKind = "SKILL"
	HitTraining SearchKind = "TRAINING"
	HitGroup    SearchKind = "GROUP"
)

// SearchKinds lists every kind, in the order ties are broken.
var SearchKinds = []SearchKind{HitRole, HitJobTitle, HitSkill, HitTraining, HitGroup}

// Hit is one search result. NodeID is the role, skill or training found;
// a JOB_TITLE hit names the role the title belongs to.
type Hit struct {
	Kind    SearchKind
	NodeID  string
	Matched string
	Score   float64
}

type searchEntry struct {
	kind   SearchKind
	nodeID string
	text   string
	folded string // Fold(text), for tie-breaks
	ntok   int
}

// searchIndex is an inverted index over folded tokens. The vocabulary is
// sorted so that a prefix is a binary search away.
type searchIndex struct {
	entries  []searchEntry
	vocab    []string
	postings map[string][]int32
	// listWords holds, per node id, the words of each of its names (a
	// role's name and job titles; other nodes' name).
	listWords map[string][][]string
}

// newSearchIndex folds every searchable text once. The words of a node's
// own name and titles are also kept in listWords, for list filters.
func newSearchIndex(g *Graph) *searchIndex {
	ix := &searchIndex{postings: make(map[string][]int32, len(g.roles.list)*4), listWords: make(map[string][][]string, len(g.roles.list)+len(g.skills.list))}
	add := func(kind SearchKind, id, text string, listed bool) {
		n := int32(len(ix.entries))
		folded := Fold(text)
		toks := foldedTokens(folded)
		words := withJoined(toks)
		if listed {
			ix.listWords[id] = append(ix.listWords[id], words)
		}
		if len(words) == 0 {
			return
		}
		ix.entries = append(ix.entries, searchEntry{kind: kind, nodeID: id, text: text, folded: folded, ntok: len(toks)})
		for _, w := range words {
			ix.post(w, n)
		}
	}
	for _, r := range g.roles.list {
		add(HitRole, r.ID, r.Name, true)
		for _, t := range r.Titles {
			add(HitJobTitle, r.ID, t.Label, true)
		}
		// Level titles are searchable but do not name the role in lists.
		for _, l := range g.levelsByRole[r.ID] {
			for _, t := range l.Titles {
				add(HitJobTitle, r.ID, t, false)
			}
		}
		// A role is also found under the names of its twins from other
		// sources (EQUIVALENT), so search crosses between them.
		for _, t := range g.out[r.ID] {
			if t.Kind != Equivalent {
				continue
			}
			twin := g.roles.byID[t.ToID]
			add(HitJobTitle, r.ID, twin.Name, false)
			for _, jt := range twin.Titles {
				add(HitJobTitle, r.ID, jt.Label, false)
			}
		}
	}
	for _, s := range g.skills.list {
		add(HitSkill, s.ID, s.Name, true)
	}
	for _, t := range g.trainings.list {
		add(HitTraining, t.ID, t.Name, true)
	}
	for _, gr := range g.groups.list {
		add(HitGroup, gr.ID, gr.Name, false)
		// The groups list filters on code and name together.
		ix.listWords[gr.ID] = [][]string{searchWords(gr.Code + " " + gr.Name)}
	}
	for _, e := range g.employers.list {
		ix.listWords[e.ID] = [][]string{searchWords(e.Name)}
	}
	ix.vocab = make([]string, 0, len(ix.postings))
	for t := range ix.postings {
		ix.vocab = append(ix.vocab, t)
	}
	sort.Strings(ix.vocab)
	return ix
}

// searchWords returns the folded words of text plus each pair of adjacent
// words joined, so that "backend" finds "Back-End" and "devops" "Dev Ops".
func searchWords(text string) []string { return withJoined(Tokens(text)) }

// withJoined returns toks followed by each adjacent pair joined.
func withJoined(toks []string) []string {
	words := make([]string, len(toks), max(0, 2*len(toks)-1))
	copy(words, toks)
	for i := 1; i < len(toks); i++ {
		words = append(words, toks[i-1]+toks[i])
	}
	return words
}

func (ix *searchIndex) post(tok string, entry int32) {
	p := ix.postings[tok]
	if len(p) == 0 || p[len(p)-1] != entry {
		ix.postings[tok] = append(p, entry)
	}
}

// Search finds roles, job titles, skills and trainings whose names contain
// every word of query, each word matched exactly or as a prefix, ignoring
// case and accents. Entries matching only some words rank after those
// matching all. Score is in (0,1]: the mean over query words of 1 for an
// exact word and 0.5 + 0.4 * len(word)/len(token) for a prefix. Each node
// appears once, under its best match; ties go to roles, then titles,
// skills, trainings, then to the shorter name. kinds filters; empty means
// all.
func (g *Graph) Search(query string, kinds []SearchKind, limit int) []Hit {
	ix := g.searchIx()
	qtoks := Tokens(query)
	if len(qtoks) == 0 || limit <= 0 {
		return nil
	}
	type acc struct {
		sum   float64
		words int
	}
	sum := map[int32]acc{}
	for _, q := range qtoks {
		best := map[int32]float64{}
		lo := sort.SearchStrings(ix.vocab, q)
		for i := lo; i < len(ix.vocab) && strings.HasPrefix(ix.vocab[i], q); i++ {
			tok := ix.vocab[i]
			quality := 1.0
			if len(tok) != len(q) {
				quality = 0.5 + 0.4*float64(len(q))/float64(len(tok))
			}
			for _, e := range ix.postings[tok] {
				best[e] = max(best[e], quality)
			}
		}
		for e, s := range best {
			a := sum[e]
			sum[e] = acc{a.sum + s, a.words + 1}
		}
	}
	byNode := map[string]rankedHit{}
	for e, a := range sum {
		en := ix.entries[e]
		if len(kinds) > 0 && !slices.Contains(kinds, en.kind) {
			continue
		}
		h := rankedHit{Hit{Kind: en.kind, NodeID: en.nodeID, Matched: en.text, Score: a.sum / float64(len(qtoks))}, a.words, en.ntok, en.folded}
		if prev, ok := byNode[en.nodeID]; ok && hitOrder(prev, h) <= 0 {
			continue
		}
		byNode[en.nodeID] = h
	}
	ranked := make([]rankedHit, 0, len(byNode))
	for _, h := range byNode {
		ranked = append(ranked, h)
	}
	slices.SortFunc(ranked, hitOrder)
	hits := make([]Hit, 0, min(limit, len(ranked)))
	for _, h := range ranked[:min(limit, len(ranked))] {
		hits = append(hits, h.Hit)
	}
	return hits
}

type rankedHit struct {
	Hit
	words, ntok int
	folded      string
}

func hitOrder(a, b rankedHit) int {
	return cmp.Or(
		cmp.Compare(b.words, a.words),
		cmp.Compare(b.Score, a.Score),
		cmp.Compare(slices.Index(SearchKinds, a.Kind), slices.Index(SearchKinds, b.Kind)),
		cmp.Compare(a.ntok, b.ntok),
		cmp.Compare(a.folded, b.folded),
		cmp.Compare(a.NodeID, b.NodeID),
	)
}
