package linker

import (
	"slices"
	"testing"
)

// A French word is read as the English word it meets in at least
// minPairs parallel titles, more often than chance; one meeting is not
// enough, and a word both languages write is not its own reading.
func TestLearnReadings(t *testing.T) {
	const (
		avicole = iota
		technicien
		poultry
		technician
		breeder
		assistant
		n
	)
	pairs := [][2][]int32{
		{{avicole, technicien}, {poultry, technician}},
		{{avicole}, {poultry, breeder}},
		{{technicien, assistant}, {technician, assistant}},
		{{assistant}, {assistant, breeder}},
	}
	r := learnReadings(n, pairs)
	ids := func(as []alt) []int32 {
		var out []int32
		for _, a := range as {
			if !a.en || a.q <= 0 || a.q > readingWeight {
				t.Errorf("reading %+v", a)
			}
			out = append(out, a.id)
		}
		return out
	}
	for _, c := range []struct {
		word int32
		want []int32
	}{{avicole, []int32{poultry}}, {technicien, []int32{technician}}, {assistant, nil}, {poultry, nil}} {
		if got := ids(r[c.word]); !slices.Equal(got, c.want) {
			t.Errorf("readings of %d: %v, want %v", c.word, got, c.want)
		}
	}
}

// On the full graph, a French title reaches the English labels of an
// ESCO occupation through the words' learnt readings, and only those.
func TestReadingsOnGraph(t *testing.T) {
	ix := full(t).titles
	id, ok := ix.lx.ids["compteur"]
	if !ok || !slices.ContainsFunc(ix.readings[id], func(a alt) bool { return ix.lx.words[a.id] == "meter" }) {
		t.Fatalf("compteur is not read as meter: %+v", ix.readings[id])
	}
	// "manager" is written in French titles too ("Manager de rayon"): as a
	// reading, it matches only English ones.
	mgr := ix.lx.ids["manager"]
	q := query{terms: []term{{"manager", []alt{{id: mgr, q: 0.5, en: true}}, ix.lx.idf[mgr]}}, weight: ix.lx.idf[mgr]}
	got := ix.link(q, LinkOptions{Limit: 100}, func(int) {})
	if len(got) == 0 {
		t.Fatal("the reading matched nothing")
	}
	for _, m := range got {
		if m.MatchedLang != "en" {
			t.Errorf("a reading matched %q (%s)", m.Matched, m.MatchedLang)
		}
	}
}
