package linker

import "testing"

// A word the titles lack is read by the longest of their words it ends
// with (a compound's head), when neither a typo nor a cut explains it,
// and not when what is left is too short to be a word of its own.
func TestCompoundHead(t *testing.T) {
	lx := newLexicon(map[string]string{}, [][]string{{"technicien", "electronique"}, {"delegue", "pharmaceutique"}, {"securite"}, {"cite"}})
	for _, c := range []struct{ word, want string }{
		{"nanoelectronique", "electronique"},
		{"medicopharmaceutique", "pharmaceutique"},
		{"cybersecurite", "securite"}, // not « cite », the longest head wins
		{"technicienne", "technicien"},
		{"xxcite", ""}, // « cite » is too short a head
		{"elecsecurite", "securite"},
	} {
		alts := lx.lookup(c.word)
		got := ""
		if len(alts) > 0 {
			got = lx.words[alts[0].id]
		}
		if got != c.want {
			t.Errorf("%q read as %q, want %q", c.word, got, c.want)
		}
	}
	if a := lx.lookup("nanoelectronique"); len(a) != 1 || a[0].q >= 0.9 {
		t.Errorf("a compound's head is taken as sure as a typo: %v", a)
	}
}

// « lead » is seniority in a title (« Lead dev ») and a verb in a text
// or a skill's name (« lead a team »); « son » the other way round.
func TestTitleAndTextStopWordsDiffer(t *testing.T) {
	for _, c := range []struct {
		w           string
		title, text bool
	}{{"lead", false, true}, {"son", true, false}, {"senior", false, false}, {"developpeur", true, true}} {
		if keepTitle(c.w) != c.title || keep(c.w) != c.text {
			t.Errorf("%q: kept in a title %v, in a text %v; want %v, %v", c.w, keepTitle(c.w), keep(c.w), c.title, c.text)
		}
	}
}
