package linker

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"

	"careergraph/career"
)

// SkillMatch is a skill a text mentions.
type SkillMatch struct {
	Skill *career.Skill
	// Score is in [0, 1]: the idf-weighted share of the skill's words
	// found together in the text, lowered when the words found are
	// common ones.
	Score float64
	// Evidence is the text's span that mentions the skill, at [Start,
	// End) of the text as given, counted in characters (code points).
	Evidence   string
	Start, End int
	at         int // Start in bytes
}

// skillIndex indexes skill names, and their alternative labels, by
// stemmed word. A word's key is its Snowball stem in the skill's language
// ("fr:developp" for « développement », "en:develop" for "development");
// a text's words are looked up in both languages.
type skillIndex struct {
	// The words of skill names: the skills' own, shared by the snapshots
	// whose skill list is the same (a write that touched no skill).
	*skillVocab
	// roles: per skill, the roles requiring it with each link's weight;
	// roleNorm: per role, the sum of its links' weights.
	roles    [][]roleLink
	roleNorm []float64
	titles   *titleIndex
	// roleScratch holds a reading's per-role sums (roleSums).
	roleScratch sync.Pool
}

// skillVocab is what a skill index holds of skill names alone.
type skillVocab struct {
	skills []*career.Skill
	// nameSkill: per name (each skill's name, then its alternative labels),
	// the skill it names.
	nameSkill []int32
	keys      map[string]int32
	idf       []float64
	df        []int32          // per key, the skills a name of which holds it
	postings  [][]skillPosting // per key
	words     [][]int32        // per name, its keys in order (at most maxSkillWords)
	weights   [][]float64      // per name, each key's weight
	norm      []float64        // per name, the sum of its weights
	// common: per name, the weight of its words too common to anchor a
	// candidate (see maxAnchorNames).
	common  []float64
	num     map[string]int32 // skill id -> number
	scratch sync.Pool
	// known holds the keys of the folded words of skill names, both
	// languages, so that reading a text stems only words no name holds
	// (a Snowball stem costs microseconds).
	known map[string][2]int32
	// maxIDF is the weight of a word one name alone holds.
	maxIDF float64
	// alt: built with useAltLabels.
	alt bool
}

// lastVocab is the last skill vocabulary built. The next snapshot of a
// write that touched no skill shares its parent's skill list (Patch copies
// only what a write changes), and so this vocabulary: its index costs the
// role links, not the ~80 % of a build that stemming every name is.
var lastVocab atomic.Pointer[skillVocab]

// vocabFor returns the vocabulary of skills, the one built last when it is
// of this very list (same backing array and length: lists are never
// changed in place), else a new one.
func vocabFor(skills []*career.Skill) *skillVocab {
	if v := lastVocab.Load(); v != nil && v.alt == useAltLabels && len(v.skills) == len(skills) &&
		(len(skills) == 0 || &v.skills[0] == &skills[0]) {
		return v
	}
	v := newSkillVocab(skills)
	lastVocab.Store(v)
	return v
}

// keysOf returns the keys of a folded word, French and English, -1 where
// no skill has it.
func (ix *skillVocab) keysOf(w string) [2]int32 {
	if k, ok := ix.known[w]; ok {
		return k
	}
	k := [2]int32{-1, -1}
	for i, lang := range [2]string{"fr", "en"} {
		if id, ok := ix.keys[stem(lang, w)]; ok {
			k[i] = id
		}
	}
	return k
}

type skillPosting struct {
	name int32
	at   uint8   // the key's place among the name's words
	w    float32 // the key's weight there, a bound for pruning
}

type roleLink struct {
	role int32
	w    float64
}

// maxSkillWords bounds the words of a skill name that count.
const maxSkillWords = 24

// stem is the key of a folded word in lang.
func stem(lang, w string) string {
	if lang == "en" {
		return "en:" + english.Stem(w, false)
	}
	return "fr:" + french.Stem(w, false)
}

// nameWords returns the folded words of a skill name with the weight
// each may carry: words in parentheses ("Python (computer programming)")
// qualify the name and weigh less.
func nameWords(name string) ([]string, []float64) {
	var ws []string
	var qs []float64
	depth := 0
	pos := 0
	for _, w := range splitWords(name, maxSkillWords*2) {
		depth += strings.Count(name[pos:w.start], "(") - strings.Count(name[pos:w.start], ")")
		pos = w.start
		if !keep(w.w) || len(ws) == maxSkillWords {
			continue
		}
		q := 1.0
		if depth > 0 {
			q = 0.3
		}
		ws, qs = append(ws, w.w), append(qs, q)
	}
	return ws, qs
}

// useAltLabels says whether skills are found by their alternative labels
// too; the evaluation turns it off to measure what they add.
var useAltLabels = true

// spanMargin: a mention overlapping one of its vocabulary's (same
// language) that scores more than this above it is dropped (its words are
// the better one's: ESCO holds near-twins, "manage staff" and "negotiate
// compromises" both say "manage a team"); an ESCO skill and a ROME one are
// both kept. Negative keeps every mention.
// Chosen on TestEvalSkills from six values (EVAL_SWEEP=1).
var spanMargin = 0.1

// cutShort says whether an alternative label holds a lone letter or
// digit ("R:Base", "C++"): read without it, it would be a common word
// ("base") standing for a product.
func cutShort(label string) bool {
	for _, w := range splitWords(label, maxSkillWords*2) {
		if utf8.RuneCountInString(w.w) == 1 && !stopWords[w.w] {
			return true
		}
	}
	return false
}

func newSkillIndex(g *career.Graph, titles *titleIndex) *skillIndex {
	ix := &skillIndex{skillVocab: vocabFor(g.Skills(career.SkillFilter{}, career.Order{})), titles: titles}
	// Roles by skill: an essential link weighs twice an optional one
	// (as in EFFORT), and a skill many roles require says less of which.
	num := titles.num
	nRoles := float64(len(titles.roles))
	ix.roles = make([][]roleLink, len(ix.skills))
	ix.roleNorm = make([]float64, len(titles.roles))
	for i, s := range ix.skills {
		req := g.RequiredBy(s.ID)
		spec := idf(nRoles, float64(len(req)))
		for _, r := range req {
			w := spec
			if r.Importance == career.Essential {
				w *= 2
			}
			n := num[r.RoleID]
			ix.roles[i] = append(ix.roles[i], roleLink{n, w})
			ix.roleNorm[n] += w
		}
	}
	career.PackLists(ix.roles)
	return ix
}

func newSkillVocab(skills []*career.Skill) *skillVocab {
	ix := &skillVocab{skills: skills, keys: map[string]int32{}, alt: useAltLabels}
	ix.num = make(map[string]int32, len(ix.skills))
	type name struct {
		skill int32
		text  string
	}
	var names []name
	for i, s := range ix.skills {
		ix.num[s.ID] = int32(i)
		names = append(names, name{int32(i), s.Name})
	}
	preferred := len(names)
	if useAltLabels {
		for i, s := range ix.skills {
			for _, l := range s.AltLabels {
				if !cutShort(l) {
					names = append(names, name{int32(i), l})
				}
			}
		}
	}
	ix.nameSkill = make([]int32, len(names))
	ix.words = make([][]int32, len(names))
	ix.weights = make([][]float64, len(names))
	ix.norm = make([]float64, len(names))
	var dfSkill []int32 // per key, the last skill counted
	quals := make([][]float64, len(names))
	stems := map[[2]string]string{}
	for i, nm := range names {
		ix.nameSkill[i] = nm.skill
		ws, qs := nameWords(nm.text)
		lang := ix.skills[nm.skill].NameLang()
		seen := map[int32]bool{}
		for j, w := range ws {
			k, ok := stems[[2]string{lang, w}]
			if !ok {
				k = stem(lang, w)
				stems[[2]string{lang, w}] = k
			}
			id, ok := ix.keys[k]
			if !ok {
				id = int32(len(ix.df))
				ix.keys[k] = id
				ix.df = append(ix.df, 0)
				dfSkill = append(dfSkill, -1)
				ix.postings = append(ix.postings, nil)
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			// A skill's names count once: rarity is among skills, however
			// many labels repeat a word.
			if dfSkill[id] != nm.skill {
				dfSkill[id] = nm.skill
				ix.df[id]++
			}
			ix.postings[id] = append(ix.postings[id], skillPosting{int32(i), uint8(len(ix.words[i])), 0})
			ix.words[i] = append(ix.words[i], id)
			quals[i] = append(quals[i], qs[j])
		}
	}
	ix.known = make(map[string][2]int32, len(stems))
	for lw := range stems {
		if _, ok := ix.known[lw[1]]; !ok {
			ix.known[lw[1]] = ix.keysOf(lw[1])
		}
	}
	n := float64(len(ix.skills))
	ix.maxIDF = idf(n, 1)
	ix.idf = make([]float64, len(ix.df))
	for i, d := range ix.df {
		ix.idf[i] = idf(n, float64(d))
	}
	// The words that open many skill names are their verbs ("apply",
	// "manage", « Réaliser »): they say what is done to the rest, and a
	// text that names the rest mentions the skill. Counted on the
	// preferred names; they weigh so in every label.
	heads := map[int32]int{}
	for i := range preferred {
		if len(ix.words[i]) > 1 {
			heads[ix.words[i][0]]++
		}
	}
	ix.common = make([]float64, len(names))
	for i := range names {
		for j, id := range ix.words[i] {
			w := ix.idf[id] * quals[i][j]
			if j == 0 && heads[id] >= minHeads {
				w *= headWeight
			}
			ix.weights[i] = append(ix.weights[i], w)
			ix.norm[i] += w
			if ix.df[id] > maxAnchorNames {
				ix.common[i] += w
			}
		}
	}
	for _, ps := range ix.postings {
		for k, p := range ps {
			ps[k].w = float32(ix.weights[p.name][p.at])
		}
	}
	career.PackLists(ix.words)
	career.PackLists(ix.weights)
	career.PackLists(ix.postings)
	return ix
}

// Thresholds of a skill mention, in one place: the share of a skill's
// weight the text must hold anywhere to be looked at closer, the score a
// mention needs, and the weight of words under which a mention counts
// less (a word held by about a hundred skill names weighs 6).
const (
	minCoverage = 0.6
	minSkill    = 0.66
	fullShare   = 0.56
	// loneShare is fullShare when a single word of the text stands for
	// a name of several: only a rare one (HACCP, in five names) does.
	loneShare = 0.84
	// minHeads: a word opening this many names is a verb of skills, and
	// weighs headWeight of its idf there.
	minHeads   = 40
	headWeight = 0.5
)

// maxAnchorNames: a word held by more skill names than this does not make
// a skill a candidate on its own (about fifty words on the full graph).
const maxAnchorNames = 400

// maxTextWords bounds the words read from a text: 20,000 characters hold
// fewer.
const maxTextWords = 5000

type occurrence struct {
	key  int32
	pos  int32 // word number in the text, sentences apart
	word int32 // index in the text's words
}

type skillScratch struct {
	gen     uint32
	stamp   []uint32 // per name
	got     []float64
	keySeen []uint32 // per key: gen when the text holds it
	keyAt   []int32  // per key: where its occurrences start in byKey
	keyN    []int32  // per key: how many
	keys    []int32  // the text's distinct keys
	words   []word
	occ     []occurrence
	byKey   []occurrence // occ grouped by key, in text order within one
	touched []int32
}

func (ix *skillIndex) getScratch() *skillScratch {
	if sc, ok := ix.scratch.Get().(*skillScratch); ok {
		return sc
	}
	n, k := len(ix.nameSkill), len(ix.idf)
	return &skillScratch{stamp: make([]uint32, n), got: make([]float64, n),
		keySeen: make([]uint32, k), keyAt: make([]int32, k), keyN: make([]int32, k)}
}

// occurrences returns the positions of key in the text.
func (sc *skillScratch) occurrences(key int32) []occurrence {
	if sc.keySeen[key] != sc.gen {
		return nil
	}
	return sc.byKey[sc.keyAt[key] : sc.keyAt[key]+sc.keyN[key]]
}

// roleSums is one reading's evidence per role, reused across readings.
type roleSums struct {
	gen     uint32
	stamp   []uint32 // per role: gen when acc was last reset
	acc     []float64
	touched []int32
}

func (ix *skillIndex) getRoleScratch() *roleSums {
	if sc, ok := ix.roleScratch.Get().(*roleSums); ok {
		return sc
	}
	n := len(ix.roleNorm)
	return &roleSums{stamp: make([]uint32, n), acc: make([]float64, n)}
}

// extract finds the skills text mentions. Work is bounded by the text's
// words (at most maxTextWords) times the postings of each distinct one.
func (ix *skillIndex) extract(text string, limit int, visit func(int)) []SkillMatch {
	if limit <= 0 {
		return nil
	}
	sc := ix.getScratch()
	defer ix.scratch.Put(sc)
	words := appendWords(sc.words[:0], text, maxTextWords)
	sc.words = words
	sc.gen++
	occ, keys := sc.occ[:0], sc.keys[:0]
	var unknown map[string][2]int32 // words no name holds, stemmed once a text
	pos := int32(0)
	for i, w := range words {
		if i%64 == 0 { // a stride of words stemmed
			visit(min(64, len(words)-i))
		}
		// A sentence's end keeps a mention from spanning two sentences.
		pos++
		if i > 0 && strings.ContainsAny(text[words[i-1].end:w.start], ".;:!?\n\r•|·") {
			pos += 2 * maxSkillWords
		}
		var one [1]string
		var forms []string
		if exp, ok := abbreviations[w.w]; ok {
			forms = exp
		} else if keep(w.w) {
			one[0] = w.w
			forms = one[:]
		}
		for _, f := range forms {
			ks, ok := ix.known[f]
			if !ok {
				if ks, ok = unknown[f]; !ok {
					ks = ix.keysOf(f)
					if unknown == nil {
						unknown = map[string][2]int32{}
					}
					unknown[f] = ks
				}
			}
			for _, id := range ks {
				if id < 0 {
					continue
				}
				occ = append(occ, occurrence{id, pos, int32(i)})
				if sc.keySeen[id] != sc.gen {
					sc.keySeen[id], sc.keyN[id] = sc.gen, 0
					keys = append(keys, id)
				}
				sc.keyN[id]++
			}
		}
	}
	sc.occ, sc.keys = occ, keys
	if len(occ) == 0 {
		return nil
	}
	// Occurrences grouped by key (a counting sort: text order kept).
	at := int32(0)
	for _, k := range keys {
		sc.keyAt[k] = at
		at += sc.keyN[k]
		sc.keyN[k] = 0
	}
	sc.byKey = slices.Grow(sc.byKey[:0], len(occ))[:len(occ)]
	for _, o := range occ {
		sc.byKey[sc.keyAt[o.key]+sc.keyN[o.key]] = o
		sc.keyN[o.key]++
	}
	// Candidates are the skills holding a word of the text that few names
	// hold; the commonest words (« gestion », "manage") count towards a
	// candidate's coverage but do not make one. The anchors' weight found
	// plus all the common words' is a bound: a skill under the coverage
	// even so is dropped unread.
	sc.touched = sc.touched[:0]
	for _, key := range keys {
		if ix.df[key] > maxAnchorNames {
			continue
		}
		visit(len(ix.postings[key]))
		for _, p := range ix.postings[key] {
			if s := p.name; sc.stamp[s] != sc.gen {
				sc.stamp[s], sc.got[s] = sc.gen, 0
				sc.touched = append(sc.touched, s)
			}
			sc.got[p.name] += float64(p.w)
		}
	}
	visit(len(sc.touched))
	kept := sc.touched[:0]
	for _, s := range sc.touched {
		if sc.got[s]+ix.common[s] < minCoverage*ix.norm[s]-1e-6 {
			continue
		}
		sc.got[s] = 0
		for at, key := range ix.words[s] {
			if sc.keySeen[key] == sc.gen {
				sc.got[s] += ix.weights[s][at]
			}
		}
		if sc.got[s] >= minCoverage*ix.norm[s] {
			kept = append(kept, s)
		}
	}
	sc.touched = kept
	var out []SkillMatch
	var mine []occurrence
	for _, s := range sc.touched {
		// The best window of the text holding the skill's words.
		visit(1 + len(ix.words[s]))
		mine = mine[:0]
		for at, key := range ix.words[s] {
			for _, o := range sc.occurrences(key) {
				mine = append(mine, occurrence{int32(at), o.pos, o.word})
			}
		}
		slices.SortFunc(mine, func(a, b occurrence) int { return cmp.Compare(a.pos, b.pos) })
		span := int32(2*len(ix.words[s]) + 2)
		best, bi, bj := 0.0, 0, 0
		for i := range mine {
			var in uint64
			got := 0.0
			for j := i; j < len(mine) && mine[j].pos-mine[i].pos < span; j++ {
				if at := mine[j].key; in&(1<<at) == 0 {
					in |= 1 << at
					got += ix.weights[s][at]
				}
				if got > best+1e-9 {
					best, bi, bj = got, i, j
				}
			}
		}
		full := fullShare * ix.maxIDF
		if bi == bj && len(ix.words[s]) > 1 {
			full = loneShare * ix.maxIDF // one word for a name of several
		}
		score := best / ix.norm[s] * min(1, best/full)
		if score < minSkill {
			continue
		}
		a, b := words[mine[bi].word], words[mine[bj].word]
		out = append(out, SkillMatch{Skill: ix.skills[ix.nameSkill[s]], Score: math.Round(score*1e4) / 1e4, Evidence: text[a.start:b.end], at: a.start})
	}
	slices.SortFunc(out, func(a, b SkillMatch) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.at, b.at), cmp.Compare(a.Skill.ID, b.Skill.ID))
	})
	// A skill once, under its best name.
	seenSkill := map[*career.Skill]bool{}
	out = slices.DeleteFunc(out, func(m SkillMatch) bool {
		dup := seenSkill[m.Skill]
		seenSkill[m.Skill] = true
		return dup
	})
	if spanMargin >= 0 {
		var kept []SkillMatch
		for _, m := range out {
			beaten := false
			for _, k := range kept {
				if k.Score > m.Score+spanMargin && k.at < m.at+len(m.Evidence) && m.at < k.at+len(k.Evidence) &&
					k.Skill.NameLang() == m.Skill.NameLang() {
					beaten = true
					break
				}
			}
			if !beaten {
				kept = append(kept, m)
			}
		}
		out = kept
	}
	out = out[:min(len(out), limit)]
	// Byte offsets to characters, counting once along the text.
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return cmp.Compare(out[i].at, out[j].at) })
	runes, done := 0, 0
	for _, i := range order {
		runes += utf8.RuneCountInString(text[done:out[i].at])
		done = out[i].at
		out[i].Start = runes
		out[i].End = runes + utf8.RuneCountInString(out[i].Evidence)
	}
	return out
}

func (ix *skillIndex) index(id string) int32 { return ix.num[id] }
