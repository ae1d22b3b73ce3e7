package career

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"sync"
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
	node   int32 // the node's number in searchIndex.nodes
	text   string
	folded string // Fold(text), for tie-breaks
	ntok   int
	// members: a group's entry made of the words its roles' names and
	// definitions share (memberWords), scored memberWeight of a name's.
	members bool
}

// searchIndex is an inverted index over folded tokens. The vocabulary is
// sorted so that a prefix is a binary search away.
//
// The index lives as long as its snapshot and the collector marks it on
// every cycle, so it is laid out for that: a few large objects rather
// than one per token, posting list and name (on the full graph a
// string-keyed map of posting lists and a list of words per name were
// half a million objects). Words are numbered and held in one string,
// postings are int32 slices of one array, a node's names are word
// numbers in another.
type searchIndex struct {
	entries []searchEntry
	nodes   map[string]int32 // node id -> number, for per-node arrays
	// words are every word the index holds, each a substring of one
	// string: the vocabulary first (vocab, sorted), then the words of list
	// names that no entry posts (a group's code, an employer's name).
	words []string
	vocab []string
	// The postings of vocab[i] are post[postAt[i]:postAt[i+1]].
	postAt, post []int32
	// short lists, for each prefix of up to shortPrefix bytes, the
	// tokens it starts, shortest first: a one-letter query need not sort
	// thousands of tokens, and stops at the first lengths that fill a page.
	// The tokens of prefix p are shortTok[short[p][0]:short[p][1]].
	short    map[string][2]int32
	shortTok []int32
	scratch  sync.Pool // *searchScratch
	// The names of node n (a role's name and job titles; other nodes'
	// name), for list filters, are listNames[listAt[n]:listAt[n+1]]: per
	// name its number of words, then their numbers in words.
	listAt, listNames []int32
}

// postings are the entries holding vocab[v], in entry order.
func (ix *searchIndex) postings(v int32) []int32 { return ix.post[ix.postAt[v]:ix.postAt[v+1]] }

// postingsOf are the entries holding the token tok (none if no entry does).
func (ix *searchIndex) postingsOf(tok string) []int32 {
	if v, ok := slices.BinarySearch(ix.vocab, tok); ok {
		return ix.postings(int32(v))
	}
	return nil
}

// matchesWords reports whether every query word is a prefix of some word
// of one of the names of node id.
func (ix *searchIndex) matchesWords(q []string, id string) bool {
	n, ok := ix.nodes[id]
	if !ok {
		return false
	}
	for s := ix.listNames[ix.listAt[n]:ix.listAt[n+1]]; len(s) > 0; {
		words := s[1 : 1+s[0]]
		s = s[1+s[0]:]
		if !slices.ContainsFunc(q, func(w string) bool {
			return !slices.ContainsFunc(words, func(t int32) bool { return strings.HasPrefix(ix.words[t], w) })
		}) {
			return true
		}
	}
	return false
}

// newSearchIndex folds every searchable text once. The words of a node's
// own name and titles are also kept in listWords, for list filters.
func newSearchIndex(g *Graph) *searchIndex { return buildSearchIndex(g, never) }

// never is the stop of a build nobody cancels.
func never() bool { return false }

// buildSearchIndex is newSearchIndex, given up (nil) once stop says so:
// Warm's build for a snapshot a newer one has replaced.
func buildSearchIndex(g *Graph, stop func() bool) *searchIndex {
	ix := &searchIndex{nodes: map[string]int32{}}
	// Built in plain maps and lists, then packed (pack).
	postings := make(map[string][]int32, len(g.roles.list)*4)
	var listWords [][][]string // per node number
	node := func(id string) int32 {
		n, ok := ix.nodes[id]
		if !ok {
			n = int32(len(ix.nodes))
			ix.nodes[id] = n
			listWords = append(listWords, nil)
		}
		return n
	}
	addEntry := func(kind SearchKind, id, text string, listed, members bool) {
		n := int32(len(ix.entries))
		node := node(id)
		folded := Fold(text)
		toks := foldedTokens(folded)
		words := toks
		if !members { // member words are a list, not a phrase to join
			words = withJoined(toks)
		}
		if listed {
			listWords[node] = append(listWords[node], words)
		}
		if len(words) == 0 {
			return
		}
		ix.entries = append(ix.entries, searchEntry{kind: kind, nodeID: id, node: node, text: text, folded: folded, ntok: len(toks), members: members})
		for _, w := range words {
			if p := postings[w]; len(p) == 0 || p[len(p)-1] != n {
				postings[w] = append(p, n)
			}
		}
	}
	add := func(kind SearchKind, id, text string, listed bool) { addEntry(kind, id, text, listed, false) }
	for i, r := range g.roles.list {
		if i%256 == 0 && stop() {
			return nil
		}
		add(HitRole, r.ID, r.Name, true)
		// A fiche is found by its ROME code, and by the historical code it
		// derives from, which job boards still send (M1805 finds M1855).
		if r.RomeCode != nil {
			add(HitRole, r.ID, *r.RomeCode, false)
		}
		if r.RomeParent != nil && (r.RomeCode == nil || *r.RomeParent != *r.RomeCode) {
			add(HitJobTitle, r.ID, *r.RomeParent, false)
		}
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
	for i, s := range g.skills.list {
		if i%1024 == 0 && stop() {
			return nil
		}
		add(HitSkill, s.ID, s.Name, true)
		// Found by its other names too ("git"), which do not name it in lists.
		for _, l := range s.AltLabels {
			add(HitSkill, s.ID, l, false)
		}
	}
	for _, t := range g.trainings.list {
		// A replaced certification is kept for its successor, not offered.
		if t.Current != nil && !*t.Current {
			continue
		}
		add(HitTraining, t.ID, t.Name, true)
	}
	mw := memberWordsOf(g)
	for i, gr := range g.groups.list {
		if i%64 == 0 && stop() {
			return nil
		}
		add(HitGroup, gr.ID, gr.Name, false)
		// A family or domain is also found by what its roles are called:
		// « informatique » finds ROME's M18, whose name does not say it.
		if words := mw.of(gr); len(words) > 0 {
			addEntry(HitGroup, gr.ID, strings.Join(words, ", "), false, true)
		}
		// The groups list filters on code and name together.
		listWords[node(gr.ID)] = [][]string{searchWords(gr.Code + " " + gr.Name)}
	}
	for _, e := range g.employers.list {
		listWords[node(e.ID)] = [][]string{searchWords(e.Name)}
	}
	ix.pack(postings, listWords)
	return ix
}

// pack lays out the postings and list names built in maps as searchIndex
// keeps them: every word once in one string, numbered, the vocabulary
// sorted first.
func (ix *searchIndex) pack(postings map[string][]int32, listWords [][][]string) {
	vocab := make([]string, 0, len(postings))
	for t := range postings {
		vocab = append(vocab, t)
	}
	sort.Strings(vocab)
	num := make(map[string]int32, len(vocab))
	for i, t := range vocab {
		num[t] = int32(i)
	}
	words := vocab
	for _, names := range listWords {
		for _, name := range names {
			for _, w := range name {
				if _, ok := num[w]; !ok {
					num[w] = int32(len(words))
					words = append(words, w)
				}
			}
		}
	}
	ix.words = intern(words)
	ix.vocab = ix.words[:len(vocab):len(vocab)]
	n := 0
	for _, p := range postings {
		n += len(p)
	}
	ix.postAt, ix.post = make([]int32, len(vocab)+1), make([]int32, 0, n)
	for i, t := range vocab {
		ix.post = append(ix.post, postings[t]...)
		ix.postAt[i+1] = int32(len(ix.post))
	}
	short := map[string][]int32{}
	for i, t := range ix.vocab {
		for n := 1; n <= min(shortPrefix, len(t)); n++ {
			short[t[:n]] = append(short[t[:n]], int32(i))
		}
	}
	ix.short = make(map[string][2]int32, len(short))
	for p, toks := range short {
		slices.SortStableFunc(toks, func(a, b int32) int { return cmp.Compare(len(ix.vocab[a]), len(ix.vocab[b])) })
		ix.short[p] = [2]int32{int32(len(ix.shortTok)), int32(len(ix.shortTok) + len(toks))}
		ix.shortTok = append(ix.shortTok, toks...)
	}
	ix.listAt = make([]int32, len(listWords)+1)
	for n, names := range listWords {
		for _, name := range names {
			ix.listNames = append(ix.listNames, int32(len(name)))
			for _, w := range name {
				ix.listNames = append(ix.listNames, num[w])
			}
		}
		ix.listAt[n+1] = int32(len(ix.listNames))
	}
	folded := make([]string, len(ix.entries))
	for i := range ix.entries {
		folded[i] = ix.entries[i].folded
	}
	for i, f := range intern(folded) {
		ix.entries[i].folded = f
	}
}

// intern returns ss as substrings of one string: one object to mark
// instead of one per string.
func intern(ss []string) []string {
	n := 0
	for _, s := range ss {
		n += len(s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range ss {
		b.WriteString(s)
	}
	all, out := b.String(), make([]string, len(ss))
	for i, s := range ss {
		out[i], all = all[:len(s)], all[len(s):]
	}
	return out
}

// shortPrefix is the longest prefix whose tokens are listed in advance.
const shortPrefix = 3

// maxSearchWords bounds the words of a query: each costs a pass over the
// postings of every token it prefixes.
const maxSearchWords = 8

// tokensFor returns the numbers of the vocabulary tokens starting with q,
// shortest first (then in vocabulary order).
func (ix *searchIndex) tokensFor(q string) []int32 {
	if len(q) <= shortPrefix {
		r := ix.short[q]
		return ix.shortTok[r[0]:r[1]]
	}
	lo := sort.SearchStrings(ix.vocab, q)
	hi := lo
	for hi < len(ix.vocab) && strings.HasPrefix(ix.vocab[hi], q) {
		hi++
	}
	toks := make([]int32, 0, hi-lo)
	for v := lo; v < hi; v++ {
		toks = append(toks, int32(v))
	}
	slices.SortStableFunc(toks, func(a, b int32) int { return cmp.Compare(len(ix.vocab[a]), len(ix.vocab[b])) })
	return toks
}

// searchScratch holds one search's per-entry and per-node state in arrays
// reused across searches; a generation stamp says which cells are current.
type searchScratch struct {
	gen              uint32
	wordGen, sumGen  []uint32 // per entry
	best             []float64
	sum              []float64
	words            []int32
	nodeGen          []uint32 // per node
	nodeHit          []int32  // per node: index of its best hit in hits
	touched, current []int32
	hits             []rankedHit
}

func (ix *searchIndex) getScratch() *searchScratch {
	sc, _ := ix.scratch.Get().(*searchScratch)
	if sc == nil {
		n, m := len(ix.entries), len(ix.nodes)
		sc = &searchScratch{wordGen: make([]uint32, n), sumGen: make([]uint32, n), best: make([]float64, n), sum: make([]float64, n),
			words: make([]int32, n), nodeGen: make([]uint32, m), nodeHit: make([]int32, m)}
	}
	return sc
}

// searchWords returns the folded words of text plus each pair of adjacent
// words joined, so that "backend" finds "Back-End" and "devops" "Dev Ops".
func searchWords(text string) []string { return withJoined(Tokens(text)) }

// withJoined returns toks followed by each adjacent pair joined, except
// pairs with a stop word: "back end" gives "backend", but "de vie" must
// not give "devie", which "dev" would find before "développeur".
func withJoined(toks []string) []string {
	words := make([]string, len(toks), max(0, 2*len(toks)-1))
	copy(words, toks)
	for i := 1; i < len(toks); i++ {
		if !stopWords[toks[i-1]] && !stopWords[toks[i]] {
			words = append(words, toks[i-1]+toks[i])
		}
	}
	return words
}

// stopWords are the French and English words a name joins others with.
var stopWords = map[string]bool{
	"a": true, "au": true, "aux": true, "d": true, "de": true, "des": true, "du": true, "en": true, "et": true,
	"l": true, "la": true, "le": true, "les": true, "ou": true, "par": true, "pour": true, "sur": true,
	"and": true, "for": true, "in": true, "of": true, "on": true, "or": true, "the": true, "to": true,
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
	qtoks = qtoks[:min(len(qtoks), maxSearchWords)]
	sc := ix.getScratch()
	defer ix.scratch.Put(sc)
	sc.gen++
	queryGen := sc.gen
	sc.touched = sc.touched[:0]
	wanted := func(e int32) bool { return len(kinds) == 0 || slices.Contains(kinds, ix.entries[e].kind) }
	for _, q := range qtoks {
		sc.gen++
		wordGen := sc.gen
		sc.current = sc.current[:0]
		// Tokens come shortest first, so an entry's first match is its
		// best for this word. With one word, a longer token only scores
		// lower: once a length is done and the page is full, stop.
		nodes, length := 0, 0
		for _, v := range ix.tokensFor(q) {
			tok := ix.vocab[v]
			if len(qtoks) == 1 && len(tok) > length {
				if nodes >= limit {
					break
				}
				length = len(tok)
			}
			g.Visit(1 + len(ix.postings(v)))
			quality := 1.0
			if len(tok) != len(q) {
				quality = 0.5 + 0.4*float64(len(q))/float64(len(tok))
			}
			for _, e := range ix.postings(v) {
				if sc.wordGen[e] == wordGen {
					continue
				}
				sc.wordGen[e], sc.best[e] = wordGen, quality
				sc.current = append(sc.current, e)
				// A group's member words score below its name's, so they
				// do not fill the page.
				if len(qtoks) == 1 && wanted(e) && !ix.entries[e].members {
					if node := ix.entries[e].node; sc.nodeGen[node] != wordGen {
						sc.nodeGen[node] = wordGen
						nodes++
					}
				}
			}
		}
		for _, e := range sc.current {
			if sc.sumGen[e] != queryGen {
				sc.sumGen[e], sc.sum[e], sc.words[e] = queryGen, 0, 0
				sc.touched = append(sc.touched, e)
			}
			sc.sum[e] += sc.best[e]
			sc.words[e]++
		}
	}
	// Each node once, under its best entry.
	sc.gen++
	nodeGen := sc.gen
	sc.hits = sc.hits[:0]
	for i, e := range sc.touched {
		if i%stride == 0 {
			g.Visit(min(stride, len(sc.touched)-i))
		}
		if !wanted(e) {
			continue
		}
		en := &ix.entries[e]
		score := sc.sum[e] / float64(len(qtoks))
		if en.members {
			score *= memberWeight
		}
		h := rankedHit{Hit{Kind: en.kind, NodeID: en.nodeID, Matched: en.text, Score: score}, int(sc.words[e]), en.ntok, en.folded, e}
		if sc.nodeGen[en.node] == nodeGen {
			if at := sc.nodeHit[en.node]; hitOrder(h, sc.hits[at]) < 0 {
				sc.hits[at] = h
			}
			continue
		}
		sc.nodeGen[en.node], sc.nodeHit[en.node] = nodeGen, int32(len(sc.hits))
		sc.hits = append(sc.hits, h)
	}
	return topHits(sc.hits, limit)
}

// topHits returns the first limit hits in hitOrder, keeping a sorted page
// rather than sorting them all.
func topHits(all []rankedHit, limit int) []Hit {
	top := make([]rankedHit, 0, min(limit, len(all)))
	for _, h := range all {
		if len(top) == limit && hitOrder(h, top[limit-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(top, h, hitOrder)
		if len(top) < limit {
			top = append(top, rankedHit{})
		}
		copy(top[i+1:], top[i:len(top)-1])
		top[i] = h
	}
	hits := make([]Hit, len(top))
	for i, h := range top {
		hits[i] = h.Hit
	}
	return hits
}

type rankedHit struct {
	Hit
	words, ntok int
	folded      string
	entry       int32 // last tie-break: two names of one node that fold alike
}

// hitOrder compares key by key and stops at the first that differs
// (cmp.Or would compute every key, strings included, for each of the
// thousands of hits a common word has).
func hitOrder(a, b rankedHit) int {
	if c := cmp.Compare(b.words, a.words); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	if a.Kind != b.Kind {
		return cmp.Compare(slices.Index(SearchKinds, a.Kind), slices.Index(SearchKinds, b.Kind))
	}
	if c := cmp.Compare(a.ntok, b.ntok); c != 0 {
		return c
	}
	if c := cmp.Compare(a.folded, b.folded); c != 0 {
		return c
	}
	if c := cmp.Compare(a.NodeID, b.NodeID); c != 0 {
		return c
	}
	return cmp.Compare(a.entry, b.entry)
}

// memberWeight scales the score of a group found by its roles' words:
// below a name that holds the word (1), about a prefix of one.
const memberWeight = 0.6

// Member words: a group's roles (GroupRoles: an ISCO-08 family or a ROME
// domain, with the groups under it) are counted per word of their names
// and job titles, and per word of their definitions at half weight. A word
// tells the group when its weight reaches a third of the roles (two at
// least, in groups of three roles or more) and its share of the group is
// at least memberLift times its share of all the roles: « informatique »
// for ROME's M18, not « avec ». The heaviest maxMemberWords are kept. The
// cost is one pass over each role's words per group above it (two ROME
// levels, four ISCO ones), and one over all roles.
const (
	maxMemberWords = 12
	minMemberRoles = 3
	memberLift     = 4
)

type memberWords struct {
	roles map[string][]*Role
	ww    map[*Role][]weightedWord // each role's words, once
	df    map[string]float64       // their weights over all roles
	n     float64                  // roles
	shown map[string]string        // folded word -> as first written, lower case, where they differ
	count map[string]float64       // scratch
	seen  map[string]bool          // scratch
}

type weightedWord struct {
	w      string
	weight float64
}

func memberWordsOf(g *Graph) *memberWords {
	m := &memberWords{roles: g.groupRoles(), ww: map[*Role][]weightedWord{}, df: map[string]float64{},
		shown: map[string]string{}, count: map[string]float64{}, seen: map[string]bool{}}
	for _, r := range g.roles.list {
		texts := []string{r.Name}
		for _, t := range r.Titles {
			texts = append(texts, t.Label)
		}
		var ww []weightedWord
		for _, w := range m.words(texts...) {
			ww = append(ww, weightedWord{w, 1})
		}
		if r.Description != nil {
			names := m.seen // words() cleared it: the names' words, kept below
			seen := make(map[string]bool, len(names))
			for w := range names {
				seen[w] = true
			}
			for _, w := range m.words(*r.Description) {
				if !seen[w] {
					ww = append(ww, weightedWord{w, 0.5})
				}
			}
		}
		m.ww[r] = ww
		for _, x := range ww {
			m.df[x.w] += x.weight
		}
	}
	m.n = float64(len(g.roles.list))
	return m
}

// words are the distinct folded words of texts, of 4 letters or more.
// A text with accents is also read word by word, to show its words as
// written (« systèmes », not « systemes »).
func (m *memberWords) words(texts ...string) []string {
	clear(m.seen)
	var out []string
	keep := func(f, shown string) {
		if len(f) < 4 || stopWords[f] || m.seen[f] {
			return
		}
		m.seen[f] = true
		out = append(out, f)
		if _, ok := m.shown[f]; !ok && shown != f {
			m.shown[f] = shown
		}
	}
	for _, t := range texts {
		if isASCII(t) {
			for _, f := range foldedTokens(strings.ToLower(t)) {
				keep(f, f)
			}
			continue
		}
		for _, w := range foldedTokens(strings.ToLower(t)) {
			keep(Fold(w), w)
		}
	}
	return out
}

func (m *memberWords) of(gr *Group) []string {
	if gr.Kind != OccupationGroup && gr.Kind != RomeGroup {
		return nil
	}
	rs := m.roles[gr.ID]
	if len(rs) < minMemberRoles {
		return nil
	}
	clear(m.count)
	for _, r := range rs {
		for _, x := range m.ww[r] {
			m.count[x.w] += x.weight
		}
	}
	size := float64(len(rs))
	need := max(2, size/3)
	var words []string
	for w, c := range m.count {
		if c >= need && c/size >= memberLift*m.df[w]/m.n {
			words = append(words, w)
		}
	}
	slices.SortFunc(words, func(a, b string) int { return cmp.Or(cmp.Compare(m.count[b], m.count[a]), strings.Compare(a, b)) })
	words = words[:min(len(words), maxMemberWords)]
	for i, w := range words {
		if shown, ok := m.shown[w]; ok {
			words[i] = shown
		}
	}
	return words
}
