package linker

import (
	"cmp"
	"math"
	"slices"
)

// French words are read in English too, for the ESCO occupations whose
// English labels are all a French title can match: "avicole" as
// "poultry", "compteur" as "meter". The pairs are learnt, when the index
// is built, from the graph's own parallel titles: an ESCO occupation's
// French name (from the ESCO–ROME mapping) beside its English name, and
// each ROME appellation beside the English name of the occupation the
// mapping says it exactly or closely is. A word and its reading co-occur
// in those pairs more than chance (Ochiai's coefficient, co-occurrences
// over the geometric mean of each word's pairs); nothing is
// downloaded, and an evaluation that holds titles out of the graph holds
// them out of these pairs too.

// Thresholds of the learnt readings: the pairs a word and its reading
// must share, their least association, how many readings a word
// keeps, and how sure a reading is taken to be at best.
const (
	minPairs      = 2
	minAssoc      = 0.3
	maxReadings   = 2
	readingWeight = 0.8
)

// learnReadings returns, per lexicon word of the French side, its
// readings among the words of the English side. pairs are (French
// words, English words), each a set of lexicon ids.
func learnReadings(nWords int, pairs [][2][]int32) [][]alt {
	fr := make([]int32, nWords)
	en := make([]int32, nWords)
	co := map[[2]int32]int32{}
	for _, p := range pairs {
		for _, f := range p[0] {
			fr[f]++
		}
		for _, e := range p[1] {
			en[e]++
		}
		for _, f := range p[0] {
			for _, e := range p[1] {
				if f != e { // a word both languages write matches itself already
					co[[2]int32{f, e}]++
				}
			}
		}
	}
	out := make([][]alt, nWords)
	for k, n := range co {
		if n < minPairs {
			continue
		}
		d := float64(n) / math.Sqrt(float64(fr[k[0]])*float64(en[k[1]]))
		if d >= minAssoc {
			out[k[0]] = append(out[k[0]], alt{id: k[1], q: readingWeight * min(1, d), en: true})
		}
	}
	for i, as := range out {
		slices.SortFunc(as, func(a, b alt) int { return cmp.Or(cmp.Compare(b.q, a.q), cmp.Compare(a.id, b.id)) })
		out[i] = slices.Clip(as[:min(len(as), maxReadings)])
	}
	return out
}
