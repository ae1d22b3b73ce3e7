package seed_test

import (
	"slices"
	"strings"
	"testing"

	"careergraph/career"
)

// A ROME domain is found by the words its fiches are named with, though
// its own name does not hold them: « informatique » finds M18 (Systèmes
// d'information et de télécommunication), after the fiches and job titles
// that hold the word themselves.
func TestSearchFindsFamiliesByTheirRolesWords(t *testing.T) {
	shipped(t)
	got, err := romeWithLabour()
	if err != nil {
		t.Fatal(err)
	}
	g, err := career.Build(got.rome, 1)
	if err != nil {
		t.Fatal(err)
	}
	groups := g.Search("informatique", []career.SearchKind{career.HitGroup}, 10)
	at := slices.IndexFunc(groups, func(h career.Hit) bool { return h.NodeID == "group:rome-m18" })
	if at < 0 || !strings.Contains(groups[at].Matched, "informatique") {
		t.Fatalf("« informatique » among groups: %+v", groups)
	}
	// Groups whose name holds the word (ROME's sector « Informatique »,
	// domain I14 « Equipements domestiques et informatique ») come first.
	for _, h := range groups[:at] {
		if h.Score <= groups[at].Score || !strings.Contains(career.Fold(g.Group(h.NodeID).Name), "informatique") {
			t.Errorf("%+v ranks before M18 (%+v)", h, groups[at])
		}
	}
	// Over every kind, the fiches and titles that hold the word come first.
	all := g.Search("informatique", nil, 100)
	if i := slices.IndexFunc(all, func(h career.Hit) bool { return h.NodeID == "group:rome-m18" }); i >= 0 && all[0].Score <= all[i].Score {
		t.Errorf("« informatique »: M18 at %d of %+v", i, all)
	}
	// A word of the domain's own name still finds it by its name.
	if own := g.Search("télécommunication", []career.SearchKind{career.HitGroup}, 3); !slices.ContainsFunc(own, func(h career.Hit) bool { return h.NodeID == "group:rome-m18" && h.Score == 1 }) {
		t.Errorf("« télécommunication »: %+v", own)
	}
}
