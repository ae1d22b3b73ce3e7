package linker

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"careergraph/career"
)

// Scheme is the vocabulary a role comes from.
type Scheme string

const (
	ROME  Scheme = "ROME"
	ESCO  Scheme = "ESCO"
	Guide Scheme = "GUIDE"
)

// SchemeOf says which vocabulary r belongs to.
func SchemeOf(r *career.Role) Scheme {
	switch {
	case r.RomeCode != nil:
		return ROME
	case r.EscoURI != nil:
		return ESCO
	}
	return Guide
}

// Via says how a role was reached from the words.
type Via string

const (
	// ViaLabel: one of the role's own names or titles matched.
	ViaLabel Via = "LABEL"
	// ViaMapping: a ROME appellation matched, and the official ESCO–ROME
	// mapping maps that appellation to this ESCO occupation.
	ViaMapping Via = "MAPPING"
	// ViaTwin: a name or title of an EQUIVALENT twin of the role matched.
	ViaTwin Via = "TWIN"
	// ViaSkills: the skills a text mentions are the role's (Index.Text).
	ViaSkills Via = "SKILLS"
)

// RoleMatch is a role a text names, with why.
type RoleMatch struct {
	Role *career.Role
	// Score is in [0, 1]: 1 when a label of the role is the text, word
	// for word once case, accents, gender, number and seniority are set
	// aside.
	Score float64
	// Matched is the label that matched, in MatchedLang ("fr", "en", or
	// "" for a level title, whose language no source gives).
	Matched     string
	MatchedLang string
	// Through is the role Matched belongs to: Role itself for ViaLabel,
	// the ROME fiche of the appellation for ViaMapping, the twin for
	// ViaTwin.
	Through *career.Role
	Via     Via
	// Relation is the mapping's SKOS relation for ViaMapping
	// ("exactMatch", "closeMatch", "narrowMatch", "broadMatch").
	Relation string
	// support adds up every way the role was reached: between equal
	// scores, the role more labels lead to comes first.
	support float64
	// other is the best score of a path through another role than
	// Through (romeMerge).
	other float64
}

// LinkOptions filter an answer. Empty lists mean all.
type LinkOptions struct {
	Schemes []Scheme
	// Langs are the languages of the labels that may match ("fr", "en").
	// Roles are still reached across languages through the graph.
	Langs []string
	Limit int
}

// label is one name of a role the linker matches against.
type label struct {
	role   int32
	text   string
	lang   string
	words  []int32 // lexicon ids, each once
	weight float64 // sum of their idf
	// bridge lists the ESCO occupations the official mapping maps this
	// ROME appellation to.
	bridge []bridged
}

// labelHot is what scoring reads of every label a title touches, apart
// from the rest of the label so that it costs one cache line: its
// role, language, weight and where its bridge lies in titleIndex.bridges.
type labelHot struct {
	role   int32
	b0, b1 int32
	weight float64
	lang   string
	// reach holds the schemes (schemeBit) of the roles the label leads
	// to: its own, its bridge's, its role's twins'.
	reach uint8
}

// schemeBit is a scheme's bit in a set of schemes; an empty list is all.
func schemeBits(schemes []Scheme) uint8 {
	if len(schemes) == 0 {
		return 0xff
	}
	var m uint8
	for _, s := range schemes {
		m |= schemeBit(s)
	}
	return m
}

func schemeBit(s Scheme) uint8 {
	switch s {
	case ROME:
		return 1
	case ESCO:
		return 2
	}
	return 4
}

type bridged struct {
	role int32
	rel  byte
}

// Weights of the moves from a matched label to a role, by how close the
// relation says the two are. One place for them.
var (
	relationWeight = map[byte]float64{'e': 0.97, 'c': 0.92, 'n': 0.8, 'b': 0.75}
	relationName   = map[byte]string{'e': "exactMatch", 'c': "closeMatch", 'n': "narrowMatch", 'b': "broadMatch"}
	// twinWeight discounts a role reached through its EQUIVALENT twin: the
	// twin is the same job in another vocabulary, but a ROME fiche has
	// several ESCO twins, so a mapped appellation (above) says more.
	twinWeight = 0.75
	// twinAffinity picks among a fiche's twins, which its label gives the
	// same score: a twin gains this share of its affinity with the title,
	// the best score of an appellation mapped to it (any of the fiche's,
	// not only the label matched best) or of its own labels, up to the
	// label's score. The mapped appellations nearest the title choose the
	// twin; its own labels alone did not help. Chosen with twinWeight on
	// one half of the held-out titles, checked on the other (README).
	twinAffinity = 0.35
)

type titleIndex struct {
	lx       *lexicon
	roles    []*career.Role
	num      map[string]int32 // role id -> number
	twins    [][]int32        // EQUIVALENT twins, per role
	labels   []label
	hot      []labelHot // per label
	bridges  []bridged  // every label's bridge, one after the other
	postings [][]int32  // per lexicon word, the labels holding it
	// readings are the English words a French word may stand for, learnt
	// from the graph's parallel titles (translate.go).
	readings [][]alt
	// acronyms are the words an acronym stands for, learnt from the
	// titles that spell it out (acronyms.go).
	acronyms map[string][]int32
	scratch  sync.Pool
}

// maxTitleWords bounds the words read from a title: no title is longer,
// and each costs a pass over its postings.
const maxTitleWords = 16

// newTitleIndex indexes every role's name, job titles and level titles,
// and the appellation mapping (bridge: appellation code -> ESCO role id
// and relation initial).
func newTitleIndex(g *career.Graph, roles []*career.Role, bridge map[string][]bridgeRow) *titleIndex {
	ix := &titleIndex{roles: roles, twins: make([][]int32, len(roles))}
	num := make(map[string]int32, len(roles))
	for i, r := range roles {
		num[r.ID] = int32(i)
	}
	ix.num = num
	type raw struct {
		role       int32
		text, lang string
		code       string
	}
	var raws []raw
	for i, r := range roles {
		raws = append(raws, raw{int32(i), r.Name, r.NameLang(), ""})
		for _, t := range r.Titles {
			if t.Label != r.Name {
				raws = append(raws, raw{int32(i), t.Label, t.Lang, t.Code})
			}
		}
		for _, l := range g.Levels(r.ID) {
			for _, t := range l.Titles {
				raws = append(raws, raw{int32(i), t, "", ""})
			}
		}
		// Twins: the same job (EQUIVALENT) or, since the ESCO–ROME mapping's
		// close matches stopped being equivalences, a close one (CLOSE_MATCH):
		// a title names both as well.
		for _, t := range g.TransitionsFrom(r.ID, career.Equivalent, career.CloseMatch) {
			if n, ok := num[t.ToID]; ok {
				ix.twins[i] = append(ix.twins[i], n)
			}
		}
	}
	texts := make([]string, len(raws))
	for i, r := range raws {
		texts[i] = r.text
	}
	masc := learnGender(texts)
	words := make([][]string, len(raws))
	all := map[string]bool{}
	for i, t := range texts {
		for _, w := range keptWords(t) {
			all[w] = true
			words[i] = append(words[i], w)
		}
	}
	for w := range all { // endings the titles do not pair themselves
		if _, ok := masc[w]; ok {
			continue
		}
		for _, f := range feminine {
			if stem, ok := strings.CutSuffix(w, f[0]); ok && all[stem+f[1]] {
				masc[w] = stem + f[1]
				break
			}
		}
	}
	for i := range words {
		for j, w := range words[i] {
			words[i][j] = canon(masc, w)
		}
		slices.Sort(words[i])
		words[i] = slices.Compact(words[i])
	}
	ix.lx = newLexicon(masc, words)
	ix.postings = make([][]int32, len(ix.lx.words))
	for i, r := range raws {
		if len(words[i]) == 0 {
			continue
		}
		l := label{role: r.role, text: r.text, lang: r.lang}
		for _, w := range words[i] {
			id := ix.lx.ids[w]
			l.words = append(l.words, id)
			l.weight += ix.lx.idf[id]
		}
		for _, b := range bridge[r.code] {
			if n, ok := num[b.roleID]; r.code != "" && ok {
				l.bridge = append(l.bridge, bridged{n, b.rel})
			}
		}
		n := int32(len(ix.labels))
		ix.labels = append(ix.labels, l)
		for _, id := range l.words {
			ix.postings[id] = append(ix.postings[id], n)
		}
	}
	// The labels' words and the words' postings in one array each: two
	// objects for the collector to mark instead of 50,000.
	lw := make([][]int32, len(ix.labels))
	for i := range ix.labels {
		lw[i] = ix.labels[i].words
	}
	career.PackLists(lw)
	for i := range ix.labels {
		ix.labels[i].words = lw[i]
	}
	career.PackLists(ix.postings)
	ix.hot = make([]labelHot, len(ix.labels))
	for i, l := range ix.labels {
		b0 := int32(len(ix.bridges))
		ix.bridges = append(ix.bridges, l.bridge...)
		reach := schemeBit(SchemeOf(ix.roles[l.role]))
		for _, b := range l.bridge {
			reach |= schemeBit(SchemeOf(ix.roles[b.role]))
		}
		for _, tw := range ix.twins[l.role] {
			reach |= schemeBit(SchemeOf(ix.roles[tw]))
		}
		ix.hot[i] = labelHot{role: l.role, b0: b0, b1: int32(len(ix.bridges)), weight: l.weight, lang: l.lang, reach: reach}
	}
	for i, h := range ix.hot { // the labels' bridges share the one array
		ix.labels[i].bridge = ix.bridges[h.b0:h.b1:h.b1]
	}
	ix.readings = learnReadings(len(ix.lx.words), ix.parallel())
	ix.acronyms = map[string][]int32{}
	for acr, ws := range learnAcronyms(texts, masc) {
		for _, w := range ws {
			if id, ok := ix.lx.ids[w]; ok {
				ix.acronyms[acr] = append(ix.acronyms[acr], id)
			}
		}
	}
	return ix
}

// parallel returns the graph's French titles beside the English names of
// the ESCO occupations they are: an occupation's French name, and a ROME
// appellation the mapping says exactly or closely is one.
func (ix *titleIndex) parallel() [][2][]int32 {
	english := make([][]int32, len(ix.roles)) // an ESCO occupation's English name
	for _, l := range ix.labels {
		if l.lang == "en" && l.text == ix.roles[l.role].Name && SchemeOf(ix.roles[l.role]) == ESCO {
			english[l.role] = l.words
		}
	}
	var pairs [][2][]int32
	for _, l := range ix.labels {
		if l.lang != "fr" {
			continue
		}
		if english[l.role] != nil {
			pairs = append(pairs, [2][]int32{l.words, english[l.role]})
		}
		for _, b := range l.bridge {
			if (b.rel == 'e' || b.rel == 'c') && english[b.role] != nil {
				pairs = append(pairs, [2][]int32{l.words, english[b.role]})
			}
		}
	}
	return pairs
}

// maxTerms bounds a query's terms (a bit each in a mask).
const maxTerms = 32

// query is a title read into lexicon words.
type query struct {
	terms     []term
	weight    float64 // sum of the terms' idf
	seniority []string
	unknown   []string
}

type term struct {
	word string
	alts []alt
	idf  float64
}

// read turns a title into terms: stop words and seniority dropped,
// abbreviations expanded, each word to its masculine singular form, and
// words the lexicon lacks to the words they are a typo or a prefix of.
func (ix *titleIndex) read(text string) query {
	var q query
	weight := 1.0 // of the words read now: contextWeight in the context
	add := func(w string, alts []alt) {
		if len(alts) == 0 {
			q.unknown = append(q.unknown, w)
			return
		}
		if len(q.terms) == maxTerms || slices.ContainsFunc(q.terms, func(t term) bool { return t.alts[0].id == alts[0].id }) {
			return
		}
		best := 0.0
		n := len(alts)
		for _, a := range alts[:n] {
			best = max(best, ix.lx.idf[a.id])
			for _, r := range ix.readings[a.id] {
				if !slices.ContainsFunc(alts, func(b alt) bool { return b.id == r.id }) {
					r.q *= a.q
					alts = append(alts, r)
				}
			}
		}
		best *= weight
		q.terms = append(q.terms, term{w, alts, best})
		q.weight += best
	}
	text = dropInflections(text)
	seps := separators(text)
	shouting := strings.ToUpper(text) == text // a title all in capitals
	named := false                            // a word of the title proper is known
	for _, w := range splitWords(text, maxTitleWords) {
		for len(seps) > 0 && seps[0] < w.start {
			seps = seps[1:]
			if named {
				weight = contextWeight
			}
		}
		context := weight < 1
		if seniority[w.w] {
			q.seniority = append(q.seniority, w.w)
			continue
		}
		if !keepTitle(w.w) && abbreviations[w.w] == nil {
			continue
		}
		if exp, ok := abbreviations[w.w]; ok {
			for _, e := range exp {
				if id, ok := ix.lx.ids[canon(ix.lx.masc, e)]; ok {
					add(w.w, []alt{{id: id, q: 0.95}})
					named = true
				}
			}
			continue
		}
		// An acronym written as one (« ASH », not the « arc » of « arc
		// welder ») is read as its words too.
		raw := text[w.start:w.end]
		capitals := strings.ToUpper(raw) == raw
		if exp, ok := ix.acronyms[w.w]; ok && capitals {
			for _, id := range exp {
				add(w.w, []alt{{id: id, q: 0.95}})
			}
		}
		// The context's words are names of places and employers as often
		// as not: only the words the titles hold are read there, none
		// mended (« Paris » is not a typo of parish). Nor is a short word
		// in capitals in a title that is not all capitals: an acronym or a
		// product (« Consultant SAP » is no sapper).
		alts := ix.lx.exact(w.w)
		acronym := capitals && !shouting && utf8.RuneCountInString(raw) <= maxAcronym
		if alts == nil && !context && !acronym {
			alts = ix.lx.lookup(w.w)
		}
		named = named || alts != nil
		add(w.w, alts)
	}
	return q
}

// maxAcronym is the longest word in capitals read as an acronym, in
// letters.
const maxAcronym = 5

// contextWeight is how much a word of a title's context weighs: what
// follows a spaced dash or bar once a word of the title is known, where
// offers put the place, the employer, the hours (« Vendeur H/F - Paris
// 15e », « Technicien de maintenance - équipe 3x8 »).
var contextWeight = 0.5

// separators returns where the spaced dashes and bars of text stand, in
// order.
func separators(text string) []int {
	var out []int
	for i := 0; i+2 < len(text); i++ {
		if text[i] != ' ' {
			continue
		}
		rest := text[i+1:]
		for _, d := range []string{"-", "–", "—", "|"} {
			if strings.HasPrefix(rest, d+" ") {
				out = append(out, i)
			}
		}
	}
	return out
}

// titleScratch is one link's per-label state, reused across links. What
// one label or role needs sits in one struct, so that touching a label
// costs one cache line rather than one per field: a title touches
// thousands of labels spread over the index, and those misses were most
// of its time.
type titleScratch struct {
	gen     uint32
	label   []labelState // per label
	role    []roleState  // per role
	touched []int32
	current []int32
	top     []scoredLabel
	best    map[int32]RoleMatch
}

type labelState struct {
	seen    uint32 // gen when first touched by this query
	termGen uint32 // gen of the term last matched
	mask    uint32 // the terms it matched
	mq, ml  float64
	tq, tl  float64 // the current term's best match
}

type roleState struct {
	gen    uint32 // gen when mask was last set
	affGen uint32 // gen when aff was last set
	mask   uint32 // the terms its labels matched together
	aff    float64
}

type scoredLabel struct {
	l int32
	s float64
}

func (ix *titleIndex) getScratch() *titleScratch {
	if sc, ok := ix.scratch.Get().(*titleScratch); ok {
		return sc
	}
	return &titleScratch{label: make([]labelState, len(ix.labels)), role: make([]roleState, len(ix.roles)), best: map[int32]RoleMatch{}}
}

// roleShare is the part of a label's score that the role's other labels
// give: how much of the query all of them together cover. A fiche whose
// appellations share the query's words is more likely the one meant than
// one with a single label that happens to.
var roleShare = 0.25

// maxSpread is how many of the best labels pass their score on to the
// roles the graph joins them to, and spreadFloor the share of the best
// label's score they need.
const (
	maxSpread   = 200
	spreadFloor = 0.5
)

// link ranks the roles q names. A label's score is the F1 of the idf
// weight the query and the label share, over the query's weight (how much
// of the query the label explains) and over the label's (how much of the
// label the query says), each shared word weighed by how sure its match
// is. A role takes its best label's score, or a share of a label of the
// ROME appellation mapped to it (ViaMapping) or of its twin (ViaTwin).
func (ix *titleIndex) link(q query, o LinkOptions, visit func(int)) []RoleMatch {
	if len(q.terms) == 0 || o.Limit <= 0 {
		return nil
	}
	sc := ix.getScratch()
	defer ix.scratch.Put(sc)
	sc.gen++
	qgen := sc.gen
	sc.touched = sc.touched[:0]
	for ti, t := range q.terms {
		sc.gen++
		tgen := sc.gen
		sc.current = sc.current[:0]
		for _, a := range t.alts {
			visit(1 + len(ix.postings[a.id]))
			for _, l := range ix.postings[a.id] {
				hot := &ix.hot[l]
				if len(o.Langs) > 0 && !slices.Contains(o.Langs, hot.lang) || a.en && hot.lang != "en" {
					continue
				}
				st := &sc.label[l]
				if st.seen != qgen {
					*st = labelState{seen: qgen}
					sc.touched = append(sc.touched, l)
				}
				vq, vl := t.idf*a.q, ix.lx.idf[a.id]*a.q
				if st.termGen != tgen {
					st.termGen, st.tq, st.tl = tgen, vq, vl
					sc.current = append(sc.current, l)
				} else if vq > st.tq {
					st.tq, st.tl = vq, vl
				}
			}
		}
		for _, l := range sc.current {
			st := &sc.label[l]
			st.mq += st.tq
			st.ml += st.tl
			st.mask |= 1 << ti
		}
	}
	visit(len(sc.touched))
	for _, l := range sc.touched {
		rs := &sc.role[ix.hot[l].role]
		if rs.gen != qgen {
			rs.gen, rs.mask = qgen, 0
		}
		rs.mask |= sc.label[l].mask
	}
	// Only labels that lead to a role of the schemes asked for compete
	// for the places below: asked for ESCO occupations, a title's best
	// ROME labels with no twin in ESCO would crowd out the ESCO ones.
	want := schemeBits(o.Schemes)
	top := sc.top[:0]
	for _, l := range sc.touched {
		st, hot := &sc.label[l], &ix.hot[l]
		if hot.reach&want == 0 {
			continue
		}
		r := st.mq / q.weight
		p := min(1, st.ml/hot.weight)
		if r+p > 0 {
			f1 := 2 * r * p / (r + p)
			s := (1-roleShare)*f1 + roleShare*q.cover(sc.role[hot.role].mask)/q.weight
			top = append(top, scoredLabel{l, s})
			sc.raiseAff(hot.role, s, qgen)
			for _, b := range ix.bridges[hot.b0:hot.b1] {
				sc.raiseAff(b.role, s, qgen)
			}
		}
	}
	// Labels far below the best cannot reach the first places, even
	// carried to a twin: leave them unsorted.
	best := 0.0
	for _, t := range top {
		best = max(best, t.s)
	}
	kept := top[:0]
	for _, t := range top {
		if t.s >= spreadFloor*best {
			kept = append(kept, t)
		}
	}
	top = kept
	sc.top = top // kept for the next link, grown
	slices.SortFunc(top, func(a, b scoredLabel) int {
		return cmp.Or(cmp.Compare(b.s, a.s), cmp.Compare(a.l, b.l))
	})
	top = top[:min(len(top), maxSpread)]
	clear(sc.best)
	offer := func(role int32, m RoleMatch) {
		if len(o.Schemes) > 0 && !slices.Contains(o.Schemes, SchemeOf(ix.roles[role])) {
			return
		}
		cur, ok := sc.best[role]
		m.support = cur.support + m.Score
		if !ok || better(m, cur) {
			m.other = cur.other
			if ok && cur.Through != m.Through {
				m.other = max(m.other, cur.Score)
			}
			sc.best[role] = m
		} else {
			cur.support = m.support
			if cur.Through != m.Through {
				cur.other = max(cur.other, m.Score)
			}
			sc.best[role] = cur
		}
	}
	for _, t := range top {
		l := &ix.labels[t.l]
		through := ix.roles[l.role]
		m := RoleMatch{Role: through, Score: math.Round(t.s*1e4) / 1e4, Matched: l.text, MatchedLang: l.lang, Through: through, Via: ViaLabel}
		offer(l.role, m)
		for _, b := range l.bridge {
			mm := m
			mm.Role, mm.Via, mm.Relation, mm.Score = ix.roles[b.role], ViaMapping, relationName[b.rel], math.Round(t.s*relationWeight[b.rel]*1e4)/1e4
			offer(b.role, mm)
		}
		for _, tw := range ix.twins[l.role] {
			mm := m
			s := min(t.s, t.s*twinWeight+twinAffinity*sc.twinAff(tw, qgen))
			// The twin's own labels are the role's labels too: the words
			// they cover beyond the fiche's add to the cover's share.
			if ts := &sc.role[tw]; ts.gen == qgen && ts.mask&^sc.role[l.role].mask != 0 {
				fm := sc.role[l.role].mask
				s += twinCover * (q.cover(fm|ts.mask) - q.cover(fm)) / q.weight
			}
			mm.Role, mm.Via, mm.Score = ix.roles[tw], ViaTwin, math.Round(s*1e4)/1e4
			offer(tw, mm)
		}
	}
	if romeMerge > 0 {
		for r, m := range sc.best {
			if m.other > 0 && SchemeOf(m.Role) == ROME {
				m.Score = math.Round(min(1, m.Score+romeMerge*m.other)*1e4) / 1e4
				sc.best[r] = m
			}
		}
	}
	return topMatches(sc.best, o.Limit)
}

// romeMerge is the share of its best path through another role that
// adds to a ROME fiche's score: a fiche reached both by its appellations
// and through an ESCO twin's labels, or through two twins, is likelier
// the one meant. Only fiches: an ESCO occupation so merged ranks worse
// (its twins' paths all come from one fiche's labels). Chosen on one
// half of the held-out titles from 0, 0.05, 0.1, 0.15, checked on the
// other (README).
var romeMerge = 0.15

// twinCover is the share of the title's weight a twin gains for the
// words its own labels cover beyond those its fiche's labels cover
// (roleShare: the twin's labels are among the role's labels).
var twinCover = roleShare

// cover is the weight of the terms in mask.
func (q *query) cover(mask uint32) float64 {
	c := 0.0
	for m, ti := mask, 0; m != 0; m, ti = m>>1, ti+1 {
		if m&1 != 0 {
			c += q.terms[ti].idf
		}
	}
	return c
}

// raiseAff notes that a label of role r, or an appellation mapped to
// it, scored s for this query: r's affinity with the title is the best.
func (sc *titleScratch) raiseAff(r int32, s float64, gen uint32) {
	rs := &sc.role[r]
	if rs.affGen != gen {
		rs.affGen, rs.aff = gen, 0
	}
	rs.aff = max(rs.aff, s)
}

func (sc *titleScratch) twinAff(r int32, gen uint32) float64 {
	if sc.role[r].affGen != gen {
		return 0
	}
	return sc.role[r].aff
}

// topMatches returns the first limit matches in order, keeping a sorted
// page rather than sorting them all.
func topMatches(all map[int32]RoleMatch, limit int) []RoleMatch {
	top := newTopK(limit)
	for _, m := range all {
		top.push(m)
	}
	return top.list
}

// topK keeps the best limit matches pushed, in order.
type topK struct {
	list  []RoleMatch
	limit int
}

func newTopK(limit int) *topK { return &topK{make([]RoleMatch, 0, limit+1), limit} }

func (t *topK) push(m RoleMatch) {
	if len(t.list) == t.limit && !better(m, t.list[t.limit-1]) {
		return
	}
	i, _ := slices.BinarySearchFunc(t.list, m, func(a, b RoleMatch) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	t.list = slices.Insert(t.list, i, m)
	if len(t.list) > t.limit {
		t.list = t.list[:t.limit]
	}
}

var viaOrder = map[Via]int{ViaLabel: 0, ViaMapping: 1, ViaTwin: 2, ViaSkills: 3}

// better orders matches: higher score, then a direct label before a
// mapping before a twin, the role's name before its other titles, then
// the shorter label, then by role id.
func better(a, b RoleMatch) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	if a.support != b.support {
		return a.support > b.support
	}
	if a.Via != b.Via {
		return viaOrder[a.Via] < viaOrder[b.Via]
	}
	if na, nb := notName(a), notName(b); na != nb {
		return na < nb
	}
	if len(a.Matched) != len(b.Matched) {
		return len(a.Matched) < len(b.Matched)
	}
	if a.Role.ID != b.Role.ID {
		return a.Role.ID < b.Role.ID
	}
	return a.Through.ID < b.Through.ID
}

func notName(m RoleMatch) int {
	if m.Matched == m.Through.Name {
		return 0
	}
	return 1
}
