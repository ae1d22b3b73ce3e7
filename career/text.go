package career

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// folders strip accents (decompose, drop combining marks, recompose) and
// fold case, so "Ingénieur" and "ingenieur" compare equal. A transformer
// chain keeps state, so each goroutine takes its own from the pool.
var folders = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC, cases.Fold())
}}

// Fold returns s without accents and in folded case.
func Fold(s string) string {
	// ASCII has no accents and folds to lower case: most imported text is
	// ASCII, and this path is what keeps a snapshot rebuild cheap.
	if isASCII(s) {
		return strings.ToLower(s)
	}
	return fullFold(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func fullFold(s string) string {
	t := folders.Get().(transform.Transformer)
	defer folders.Put(t)
	out, _, err := transform.String(t, s)
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}

// Tokens splits folded s into runs of letters and digits.
func Tokens(s string) []string { return foldedTokens(Fold(s)) }

func foldedTokens(folded string) []string {
	return strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Slugify turns a name into an accent-free kebab-case slug:
// "Développeur Back-End" -> "developpeur-back-end".
func Slugify(name string) string {
	return strings.Join(Tokens(name), "-")
}
