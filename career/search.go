package career

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
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

// searchEntry is an entry as it is built, and as searchIndex.entry reads
// it back.
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

// packedEntry is a searchEntry as the index keeps it: without a pointer,
// so that the collector does not scan the entries (215,000 on the full
// graph: four strings each were 19 MB of pointers marked every cycle).
// Its texts are spans of searchIndex.texts, its node id nodeIDs[node].
type packedEntry struct {
	node         int32
	text, folded span
	ntok         int32
	kind         uint8 // in SearchKinds
	members      bool
}

// span is s[at:end] of one string.
type span struct{ at, end uint32 }

// entry reads entry e back.
func (ix *searchIndex) entry(e int32) searchEntry {
	en := &ix.entries[e]
	return searchEntry{kind: SearchKinds[en.kind], nodeID: ix.nodeIDs[en.node], node: en.node, text: ix.texts[en.text.at:en.text.end],
		folded: ix.texts[en.folded.at:en.folded.end], ntok: int(en.ntok), members: en.members}
}

// kind is entry e's kind.
func (ix *searchIndex) kind(e int32) SearchKind { return SearchKinds[ix.entries[e].kind] }

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
	// entries are numbered in the order ties rank in (order): those of
	// SearchKinds[k] are entries[kindAt[k]:kindAt[k+1]].
	entries []packedEntry
	kindAt  [6]int32 // len(SearchKinds)+1
	// texts holds every entry's text and folded text; nodeIDs the node
	// ids by number.
	texts   string
	nodeIDs []string
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
	var entries []searchEntry
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
		n := int32(len(entries))
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
		entries = append(entries, searchEntry{kind: kind, nodeID: id, node: node, text: text, folded: folded, ntok: len(toks), members: members})
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
		for _, t := range g.out.get(r.ID) {
			if t.Kind != Equivalent {
				continue
			}
			twin := g.roles.byID.get(t.ToID)
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
	entries = ix.order(entries, postings)
	ix.pack(entries, postings, listWords)
	return ix
}

// order numbers the entries in the order hitOrder breaks ties in (kind,
// then number of words, folded text, node id, and the order they were
// added), and renumbers the postings to match: among entries of one
// score, the lower number ranks first, so that Search reads a posting
// list from its start and stops once its page is full (searchPage). The
// entries of one kind are a run of numbers (kindAt).
func (ix *searchIndex) order(all []searchEntry, postings map[string][]int32) []searchEntry {
	perm := make([]int32, len(all)) // new number -> old
	for i := range perm {
		perm[i] = int32(i)
	}
	rank := make([]uint8, len(all))
	for i := range all {
		rank[i] = uint8(slices.Index(SearchKinds, all[i].kind))
	}
	slices.SortStableFunc(perm, func(a, b int32) int {
		if c := cmp.Compare(rank[a], rank[b]); c != 0 {
			return c
		}
		x, y := &all[a], &all[b]
		if c := cmp.Compare(x.ntok, y.ntok); c != 0 {
			return c
		}
		if c := cmp.Compare(x.folded, y.folded); c != 0 {
			return c
		}
		return cmp.Compare(x.nodeID, y.nodeID)
	})
	renum := make([]int32, len(perm)) // old -> new
	entries := make([]searchEntry, len(perm))
	for n, old := range perm {
		renum[old] = int32(n)
		entries[n] = all[old]
	}
	for _, p := range postings {
		for i, e := range p {
			p[i] = renum[e]
		}
		slices.Sort(p)
	}
	for k, kind := range SearchKinds {
		ix.kindAt[k+1] = ix.kindAt[k] + int32(sort.Search(len(entries)-int(ix.kindAt[k]), func(i int) bool {
			return entries[int(ix.kindAt[k])+i].kind != kind
		}))
	}
	return entries
}

// pack lays out the postings and list names built in maps as searchIndex
// keeps them: every word once in one string, numbered, the vocabulary
// sorted first.
func (ix *searchIndex) pack(entries []searchEntry, postings map[string][]int32, listWords [][][]string) {
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
	ix.nodeIDs = make([]string, len(ix.nodes))
	for id, n := range ix.nodes {
		ix.nodeIDs[n] = id
	}
	n = 0
	for _, en := range entries {
		n += len(en.text) + len(en.folded)
	}
	var texts strings.Builder
	texts.Grow(n)
	put := func(s string) span {
		at := texts.Len()
		texts.WriteString(s)
		return span{uint32(at), uint32(texts.Len())}
	}
	ix.entries = make([]packedEntry, len(entries))
	for i, en := range entries {
		ix.entries[i] = packedEntry{node: en.node, text: put(en.text), folded: put(en.folded), ntok: int32(en.ntok),
			kind: uint8(slices.Index(SearchKinds, en.kind)), members: en.members}
	}
	ix.texts = texts.String()
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

// SearchWords is how many words of query Search reads (at most 8): its
// work grows with them, three or more taking a whole pass each, so a
// search is priced by them.
func SearchWords(query string) int { return min(len(Tokens(query)), maxSearchWords) }

// tokensFor returns the numbers of the vocabulary tokens starting with q,
// shortest first (then in vocabulary order).
func (ix *searchIndex) tokensFor(q string) []int32 {
	if len(q) <= shortPrefix {
		r := ix.short[q]
		return ix.shortTok[r[0]:r[1]]
	}
	lo := sort.SearchStrings(ix.vocab, q)
	hi, longest := lo, 0
	for hi < len(ix.vocab) && strings.HasPrefix(ix.vocab[hi], q) {
		longest = max(longest, len(ix.vocab[hi]))
		hi++
	}
	// A counting sort by length: stable, and no comparisons (« ingénieur »
	// starts 252 tokens on the full graph).
	at := make([]int32, longest+2)
	for v := lo; v < hi; v++ {
		at[len(ix.vocab[v])+1]++
	}
	for n := 1; n < len(at); n++ {
		at[n] += at[n-1]
	}
	toks := make([]int32, hi-lo)
	for v := lo; v < hi; v++ {
		n := len(ix.vocab[v])
		toks[at[n]] = int32(v)
		at[n]++
	}
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
	parts            []searchPart // searchPage's
	wordToks         [][]int32    // per query word, its tokens (tokensFor)
	heap             []postCursor
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
	wanted := func(e int32) bool { return len(kinds) == 0 || slices.Contains(kinds, ix.kind(e)) }
	switch len(qtoks) {
	case 1:
		sc.gen++
		sc.hits = sc.hits[:0]
		sc.wordToks = append(sc.wordToks[:0], ix.tokensFor(qtoks[0]))
		return ix.searchPage(g, sc, qtoks, kinds, wanted, limit, sc.gen)
	case 2:
		if hits, ok := ix.searchAll(g, sc, qtoks, kinds, wanted, limit, searchAllRatio); ok {
			return hits
		}
	}
	sc.gen++
	queryGen := sc.gen
	sc.touched = sc.touched[:0]
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
		en := ix.entry(e)
		sc.addHit(&en, e, sc.sum[e], int(sc.words[e]), len(qtoks), nodeGen)
	}
	return topHits(sc.hits, limit)
}

// addHit makes entry e, whose qualities for the query's n words sum to
// sum over the words it matched, its node's hit in sc.hits if it ranks
// before the one kept so far (nodes stamped nodeGen have one).
func (sc *searchScratch) addHit(en *searchEntry, e int32, sum float64, words, n int, nodeGen uint32) {
	score := sum / float64(n)
	if en.members {
		score *= memberWeight
	}
	h := rankedHit{Hit{Kind: en.kind, NodeID: en.nodeID, Matched: en.text, Score: score}, words, en.ntok, en.folded, e}
	if sc.nodeGen[en.node] == nodeGen {
		if at := sc.nodeHit[en.node]; hitOrder(h, sc.hits[at]) < 0 {
			sc.hits[at] = h
		}
		return
	}
	sc.nodeGen[en.node], sc.nodeHit[en.node] = nodeGen, int32(len(sc.hits))
	sc.hits = append(sc.hits, h)
}

// searchAll answers a query of several words from the entries that
// match every word, when they are enough: an entry matching all words
// ranks before any that misses one, so once limit nodes have such an
// entry, the others cannot reach the page. It walks the postings of the
// rarest word only and reads each of those entries' own words for the
// others (entryQuality), instead of walking every word's postings: on the
// full graph « ingénieur backend » is the few entries with « backend »,
// not the thousands with « ingénieur ». ok is false where the rarest word
// is not rare enough to pay, or too few nodes match every word: Search
// then runs its full pass. Scores are summed in query-word order, as the
// full pass sums them, so that they are equal to the last bit.
func (ix *searchIndex) searchAll(g *Graph, sc *searchScratch, qtoks []string, kinds []SearchKind, wanted func(int32) bool, limit, ratio int) ([]Hit, bool) {
	rare, rareCost, total := 0, 0, 0
	var rareToks []int32
	sc.wordToks = sc.wordToks[:0]
	for i, q := range qtoks {
		toks, cost := ix.tokensFor(q), 0
		sc.wordToks = append(sc.wordToks, toks)
		for _, v := range toks {
			cost += int(ix.postAt[v+1] - ix.postAt[v])
		}
		g.Visit(1 + len(toks)/stride)
		total += cost
		if i == 0 || cost < rareCost {
			rare, rareCost, rareToks = i, cost, toks
		}
	}
	// Reading an entry's words costs about as much as a few dozen
	// postings: below that ratio the full pass is as cheap.
	if rareCost == 0 || rareCost*ratio > total {
		return nil, false
	}
	sc.gen++
	gen := sc.gen
	sc.current = sc.current[:0]
	q := qtoks[rare]
	for _, v := range rareToks { // shortest first: an entry's first is its best
		tok := ix.vocab[v]
		quality := 1.0
		if len(tok) != len(q) {
			quality = 0.5 + 0.4*float64(len(q))/float64(len(tok))
		}
		g.Visit(1 + len(ix.postings(v)))
		for _, e := range ix.postings(v) {
			if sc.wordGen[e] != gen {
				sc.wordGen[e], sc.best[e] = gen, quality
				sc.current = append(sc.current, e)
			}
		}
	}
	sc.gen++
	nodeGen := sc.gen
	sc.hits = sc.hits[:0]
	for i, e := range sc.current {
		if i%stride == 0 {
			g.Visit(min(stride, len(sc.current)-i) * len(qtoks))
		}
		if !wanted(e) {
			continue
		}
		en := ix.entry(e)
		sum, all := 0.0, true
		for j, w := range qtoks {
			quality := sc.best[e]
			if j != rare {
				if quality, all = entryQuality(&en, w); !all {
					break
				}
			}
			sum += quality
		}
		if all {
			sc.addHit(&en, e, sum, len(qtoks), len(qtoks), nodeGen)
		}
	}
	if len(sc.hits) >= limit {
		return topHits(sc.hits, limit), true
	}
	if len(qtoks) != 2 {
		return nil, false
	}
	// Two words: the rest of the page matches one of them (searchPage),
	// below the nodes matching both, which it skips.
	slices.SortFunc(sc.hits, hitOrder) // one per node: ranked
	return ix.searchPage(g, sc, qtoks, kinds, wanted, limit, nodeGen), true
}

// searchPart is the entries of one score in searchPage: those holding
// a token of one length for one query word, of group member words or not.
type searchPart struct {
	score   float64
	word    int32
	toks    []int32 // the word's tokens of that length
	members bool
}

// postCursor reads one posting list from at, up to end.
type postCursor struct {
	entry   int32 // post[at]
	at, end int32
	members bool
}

// searchPage fills the page after sc.hits (ranked, their nodes stamped
// nodeGen) with the entries that match exactly one word of qtoks (one or
// two words, whose tokens are sc.wordToks), in rank order, and stops once it is full: the cost of a
// page, not of every entry a common word holds. An entry matching one
// word scores its best quality for it divided by the number of words (a
// group's member words memberWeight of that), so the candidates come in
// parts of one word, one token length and one kind of entry, which
// rank by score; parts of equal score are read together. Entries are
// numbered in the order their ties rank in (order), so within a part of
// one score the lowest number ranks first: the posting lists are merged
// from their start. A node ranks under its first entry read: its best.
// An entry matching both words has its node stamped already, and one
// holding several tokens of a word ranks at its shortest, which comes
// first.
func (ix *searchIndex) searchPage(g *Graph, sc *searchScratch, qtoks []string, kinds []SearchKind, wanted func(int32) bool, limit int, nodeGen uint32) []Hit {
	sc.parts = sc.parts[:0]
	n := float64(len(qtoks))
	// The entries a part may hold: one kind's run when the query names
	// one, and the groups' for member words.
	lo, hi := int32(0), int32(len(ix.entries))
	if len(kinds) == 1 {
		k := slices.Index(SearchKinds, kinds[0])
		lo, hi = ix.kindAt[k], ix.kindAt[k+1]
	}
	glo, ghi := max(lo, ix.kindAt[len(SearchKinds)-1]), hi
	for w, q := range qtoks {
		toks := sc.wordToks[w]
		g.Visit(1 + len(toks)/stride)
		for len(toks) > 0 {
			size := len(ix.vocab[toks[0]])
			same := 1
			for same < len(toks) && len(ix.vocab[toks[same]]) == size {
				same++
			}
			quality := 1.0
			if size != len(q) {
				quality = 0.5 + 0.4*float64(len(q))/float64(size)
			}
			score := quality / n
			sc.parts = append(sc.parts, searchPart{score: score, word: int32(w), toks: toks[:same]})
			if glo < ghi {
				sc.parts = append(sc.parts, searchPart{score: score * memberWeight, word: int32(w), toks: toks[:same], members: true})
			}
			toks = toks[same:]
		}
	}
	slices.SortStableFunc(sc.parts, func(a, b searchPart) int { return cmp.Compare(b.score, a.score) })
	for len(sc.parts) > 0 && len(sc.hits) < limit {
		same := 1
		for same < len(sc.parts) && sc.parts[same].score == sc.parts[0].score {
			same++
		}
		level := sc.parts[:same]
		sc.parts = sc.parts[same:]
		// The posting lists of the level, merged on a heap by entry.
		sc.heap = sc.heap[:0]
		for _, p := range level {
			from, to := lo, hi
			if p.members {
				from, to = glo, ghi
			}
			for _, v := range p.toks {
				post := ix.post[ix.postAt[v]:ix.postAt[v+1]]
				at, _ := slices.BinarySearch(post, from)
				end, _ := slices.BinarySearch(post, to)
				if at < end {
					base := ix.postAt[v]
					sc.heap = append(sc.heap, postCursor{entry: post[at], at: base + int32(at), end: base + int32(end), members: p.members})
				}
			}
		}
		g.Visit(1 + len(sc.heap))
		h := cursorHeap(sc.heap)
		h.init()
		read := 0
		for len(h) > 0 && len(sc.hits) < limit {
			c := &h[0]
			e := c.entry
			if en := &ix.entries[e]; en.members == c.members && sc.nodeGen[en.node] != nodeGen && wanted(e) {
				sc.nodeGen[en.node] = nodeGen
				sc.hits = append(sc.hits, rankedHit{Hit: Hit{Kind: SearchKinds[en.kind], NodeID: ix.nodeIDs[en.node], Matched: ix.texts[en.text.at:en.text.end], Score: level[0].score}})
			}
			if c.at++; c.at < c.end {
				c.entry = ix.post[c.at]
				h.down(0)
			} else {
				h[0] = h[len(h)-1]
				h = h[:len(h)-1]
				h.down(0)
			}
			if read++; read%stride == 0 {
				g.Visit(stride)
			}
		}
		sc.heap = h[:0]
	}
	hits := make([]Hit, min(limit, len(sc.hits)))
	for i := range hits {
		hits[i] = sc.hits[i].Hit
	}
	return hits
}

// cursorHeap is a min-heap of posting cursors by entry.
type cursorHeap []postCursor

func (h cursorHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h cursorHeap) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h[r].entry < h[l].entry {
			m = r
		}
		if h[i].entry <= h[m].entry {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// searchAllRatio is how many postings a query's words must hold in all
// per posting of its rarest word for searchAll to be worth trying.
const searchAllRatio = 16

// entryQuality is the best quality with which query word q matches one of
// en's words (the tokens of its folded text and, unless it is a group's
// member words, the adjacent pairs withJoined joins), as Search scores
// it: the shortest such word wins. ok is false when none matches. It
// reads en.folded in place, allocating nothing.
func entryQuality(en *searchEntry, q string) (quality float64, ok bool) {
	best := -1
	s, prev := en.folded, ""
	for len(s) > 0 {
		// The next run of letters and digits, as foldedTokens splits.
		start := -1
		end := len(s)
		for i, r := range s {
			word := unicode.IsLetter(r) || unicode.IsDigit(r)
			if start < 0 && word {
				start = i
			} else if start >= 0 && !word {
				end = i
				break
			}
		}
		if start < 0 {
			break
		}
		tok := s[start:end]
		s = s[end:]
		if strings.HasPrefix(tok, q) && (best < 0 || len(tok) < best) {
			best = len(tok)
		}
		// The pair prev+tok, when withJoined joins it: only where q runs
		// past prev, else prev alone matched with fewer bytes.
		if prev != "" && !en.members && len(q) > len(prev) && strings.HasPrefix(q, prev) && strings.HasPrefix(tok, q[len(prev):]) &&
			!stopWords[prev] && !stopWords[tok] && (best < 0 || len(prev)+len(tok) < best) {
			best = len(prev) + len(tok)
		}
		prev = tok
	}
	switch {
	case best < 0:
		return 0, false
	case best == len(q):
		return 1, true
	}
	return 0.5 + 0.4*float64(len(q))/float64(best), true
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
