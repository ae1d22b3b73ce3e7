package linker

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
)

// lexicon is the vocabulary of the graph's job titles: every word a
// title holds once its gender and number are set aside, with how rare it
// is, and what a typo or a cut word in a query may stand for.
type lexicon struct {
	ids   map[string]int32
	words []string  // by id
	df    []int32   // labels holding the word
	idf   []float64 // ln(1 + labels/df)
	// masc maps a feminine form to its masculine one, from the titles
	// that write both ("Boucher / Bouchère") and, failing that, from the
	// endings in feminine when the masculine one is a word of the titles.
	masc map[string]string
	// sorted lists the words in order, for prefixes ("commerc").
	sorted []string
	// grams lists, per character trigram, the words of four letters or
	// more holding it, for typos.
	grams map[string][]int32
	// counts is per-lookup scratch for typos (one count per word), reused
	// so that a typo allocates nothing in proportion to the lexicon.
	counts sync.Pool
}

type typoScratch struct {
	shared  []uint8 // per word: trigrams shared with the query word
	touched []int32
	cands   []typoCand
}

type typoCand struct {
	id     int32
	shared int
}

// learnGender pairs the words of the two sides of titles written
// "masculine / feminine": "Conducteur / Conductrice d'abatteuses" pairs
// conductrice with conducteur.
func learnGender(labels []string) map[string]string {
	masc := map[string]string{}
	for _, l := range labels {
		left, right, ok := strings.Cut(l, "/")
		if !ok {
			continue
		}
		right, _, _ = strings.Cut(right, "/")
		lw, rw := keptWords(left), keptWords(right)
		for i := 0; i < len(lw) && i < len(rw); i++ {
			m, f := lw[i], rw[i]
			if m != f && commonPrefix(m, f) >= 3 {
				masc[f] = m
			}
		}
	}
	return masc
}

func keptWords(s string) []string {
	var out []string
	for _, w := range splitWords(s, 64) {
		if keepTitle(w.w) {
			out = append(out, plural(w.w))
		}
	}
	return out
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// newLexicon counts the words of labels (each label a list of its
// masculine singular words) and indexes them for typos and prefixes.
func newLexicon(masc map[string]string, labels [][]string) *lexicon {
	lx := &lexicon{ids: map[string]int32{}, masc: masc, grams: map[string][]int32{}}
	for _, ws := range labels {
		for _, w := range ws {
			id, ok := lx.ids[w]
			if !ok {
				id = int32(len(lx.words))
				lx.ids[w] = id
				lx.words = append(lx.words, w)
				lx.df = append(lx.df, 0)
			}
			lx.df[id]++
		}
	}
	n := float64(len(labels))
	lx.idf = make([]float64, len(lx.words))
	for i, d := range lx.df {
		lx.idf[i] = idf(n, float64(d))
	}
	lx.sorted = slices.Clone(lx.words)
	sort.Strings(lx.sorted)
	for id, w := range lx.words {
		if len(w) < 4 {
			continue
		}
		for _, g := range trigrams(w) {
			if p := lx.grams[g]; len(p) == 0 || p[len(p)-1] != int32(id) {
				lx.grams[g] = append(p, int32(id))
			}
		}
	}
	return lx
}

func idf(n, df float64) float64 {
	if df < 1 {
		df = 1
	}
	return math.Log1p(n / df)
}

// trigrams are the character trigrams of ^w$.
func trigrams(w string) []string {
	p := "^" + w + "$"
	out := make([]string, 0, len(p)-2)
	for i := 0; i+3 <= len(p); i++ {
		out = append(out, p[i:i+3])
	}
	return out
}

// canon is a folded word's masculine singular form.
func canon(masc map[string]string, w string) string {
	w = plural(w)
	if m, ok := masc[w]; ok {
		return m
	}
	return w
}

// alt is a word of the lexicon a query word may stand for, and how sure
// that is (1 for the word itself).
type alt struct {
	id int32
	q  float64
	// en: a learnt English reading of a French word (translate.go), which
	// only English labels may match.
	en bool
}

// lookup returns what the folded query word w may stand for: itself, its
// masculine form, or failing those the words it is a typo of or a prefix
// of.
func (lx *lexicon) lookup(w string) []alt {
	if out := lx.exact(w); out != nil {
		return out
	}
	c := canon(lx.masc, w)
	var out []alt
	if len(c) >= 4 {
		out = lx.typos(c)
	}
	if len(out) == 0 && len(c) >= minCut {
		out = lx.prefixed(c)
	}
	if len(out) == 0 {
		out = lx.compound(c)
	}
	return out
}

// Bounds of a compound read by its head: the prefix it drops and the
// word it keeps, in bytes.
const (
	minCompoundPrefix = 3
	minCompoundHead   = 5
)

// compound reads a word the titles lack as the longest word of theirs it
// ends with, French compounds putting their head last:
// « nanoélectronique » as électronique, « médicopharmaceutique » as
// pharmaceutique, « cyberdéfense » as défense. A compound says more than
// its head, so the match is less sure than a typo's.
func (lx *lexicon) compound(w string) []alt {
	for i := minCompoundPrefix; len(w)-i >= minCompoundHead; i++ {
		if id, ok := lx.ids[canon(lx.masc, w[i:])]; ok {
			return []alt{{id: id, q: 0.7}}
		}
	}
	return nil
}

// exact returns the word w is, in its masculine singular form, or nil:
// lookup without mending typos, cuts or compounds.
func (lx *lexicon) exact(w string) []alt {
	c := canon(lx.masc, w)
	if id, ok := lx.ids[c]; ok {
		return []alt{{id: id, q: 1}}
	}
	for _, f := range feminine {
		if stem, ok := strings.CutSuffix(c, f[0]); ok {
			if id, ok := lx.ids[stem+f[1]]; ok {
				return []alt{{id: id, q: 0.95}}
			}
		}
	}
	return nil
}

// minCut is the shortest cut word read as the words it starts: three
// letters start too many (« sap » is not sapper).
const minCut = 4

// maxAlts bounds the words one query word may stand for.
const maxAlts = 3

// prefixed returns the commonest words starting with p ("commerc" ->
// commercial), a cut word.
func (lx *lexicon) prefixed(p string) []alt {
	i := sort.SearchStrings(lx.sorted, p)
	var out []alt
	for ; i < len(lx.sorted) && strings.HasPrefix(lx.sorted[i], p) && len(out) < 64; i++ {
		id := lx.ids[lx.sorted[i]]
		out = append(out, alt{id: id, q: 0.5 + 0.4*float64(len(p))/float64(len(lx.sorted[i]))})
	}
	slices.SortFunc(out, func(a, b alt) int { return int(lx.df[b.id] - lx.df[a.id]) })
	return out[:min(len(out), maxAlts)]
}

// typos returns the words w is one edit from (two for words over six
// letters), closest then commonest first. Candidates share trigrams with
// w; the edit distance is counted only for the 32 sharing most.
func (lx *lexicon) typos(w string) []alt {
	sc, ok := lx.counts.Get().(*typoScratch)
	if !ok {
		sc = &typoScratch{shared: make([]uint8, len(lx.words))}
	}
	defer lx.counts.Put(sc)
	sc.touched, sc.cands = sc.touched[:0], sc.cands[:0]
	var buf [maxWordBytes + 2]byte
	p := append(append(append(buf[:0], '^'), w...), '$')
	for i := 0; i+3 <= len(p); i++ {
		for _, id := range lx.grams[string(p[i:i+3])] {
			if sc.shared[id] == 0 {
				sc.touched = append(sc.touched, id)
			}
			if sc.shared[id] < math.MaxUint8 {
				sc.shared[id]++
			}
		}
	}
	for _, id := range sc.touched {
		if n := int(sc.shared[id]); n >= 2 {
			sc.cands = append(sc.cands, typoCand{id, n})
		}
		sc.shared[id] = 0
	}
	cands := sc.cands
	slices.SortFunc(cands, func(a, b typoCand) int {
		if a.shared != b.shared {
			return b.shared - a.shared
		}
		return int(a.id - b.id)
	})
	limit := 1
	if len(w) > 6 {
		limit = 2
	}
	var out []alt
	for _, c := range cands[:min(len(cands), 32)] {
		d := osa(w, lx.words[c.id], limit)
		if d <= limit {
			out = append(out, alt{id: c.id, q: 0.9 - 0.15*float64(d-1)})
		}
	}
	slices.SortStableFunc(out, func(a, b alt) int {
		if a.q != b.q {
			if a.q > b.q {
				return -1
			}
			return 1
		}
		return int(lx.df[b.id] - lx.df[a.id])
	})
	return out[:min(len(out), maxAlts)]
}

// osa is the optimal string alignment distance (Levenshtein with
// transpositions) of a and b in bytes, or limit+1 once it exceeds limit.
func osa(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	// On the stack for the words of titles (at most maxWordBytes).
	var rows [3][maxWordBytes + 1]int
	n := len(b) + 1
	var prev2, prev, cur []int
	if n <= len(rows[0]) {
		prev2, prev, cur = rows[0][:n], rows[1][:n], rows[2][:n]
	} else {
		prev2, prev, cur = make([]int, n), make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
