package graph

// The largest ROME lists of one fiche in the shipped v460 files (checked
// against the files by TestROMEListSizesAreTheFilesLargest). The API
// prices them by the served graph's own maxima (career.Sizes, prices.go).
const (
	romeInterestsMax = 5 // centres d'intérêt of one fiche
	romeThemesMax    = 6 // thèmes of one fiche
)
