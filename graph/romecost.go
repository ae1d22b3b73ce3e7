package graph

import "careergraph/graph/generated"

// The largest ROME lists of one fiche in the shipped v460 files (checked
// against the files by TestROMEListSizesAreTheFilesLargest).
const (
	romeInterestsMax = 5 // centres d'intérêt of one fiche
	romeThemesMax    = 6 // thèmes of one fiche
)

// setROMEComplexity prices the ROME facets' lists by their real sizes; a
// macro-compétence's compétences (up to 248) are paged.
func setROMEComplexity(c *generated.ComplexityRoot) {
	c.RomeProfile.Interests = func(child int) int { return 1 + child*romeInterestsMax }
	c.RomeProfile.Themes = func(child int) int { return 1 + child*romeThemesMax }
	c.RomeSkill.Children = func(child int, first *int, _ *string) int { return 1 + child*pageSize(first) }
}
