package graph

import (
	"path/filepath"
	"testing"

	"careergraph/seed/seedtest"
	"careergraph/testkit"
)

// The ROME lists are priced by the largest of the shipped files, counted
// here from the files themselves.
func TestROMEListSizesAreTheFilesLargest(t *testing.T) {
	largest := func(name string) int {
		all := testkit.ReadCSV(t, filepath.Join(seedtest.Release(t, "rome"), name))
		col := -1
		for i, h := range all[0] {
			if h == "code_rome" {
				col = i
			}
		}
		per, most := map[string]int{}, 0
		for _, rec := range all[1:] {
			per[rec[col]]++
			most = max(most, per[rec[col]])
		}
		return most
	}
	if got := largest("unix_arborescence_centre_interet_v460_utf8.csv"); got != romeInterestsMax {
		t.Errorf("a fiche lists up to %d centres d'intérêt; priced as %d", got, romeInterestsMax)
	}
	if got := largest("unix_arborescence_thematique_v460_utf8.csv"); got != romeThemesMax {
		t.Errorf("a fiche is filed under up to %d thèmes; priced as %d", got, romeThemesMax)
	}
}
