package career

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// folder strips accents (decompose, drop combining marks, recompose) and
// folds case, so "Ingénieur" and "ingenieur" compare equal.
var folder = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC, cases.Fold())

// Fold returns s without accents and in folded case.
func Fold(s string) string {
	out, _, err := transform.String(folder, s)
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}

// Tokens splits folded s into runs of letters and digits.
func Tokens(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Slugify turns a name into an accent-free kebab-case slug:
// "Développeur Back-End" -> "developpeur-back-end".
func Slugify(name string) string {
	return strings.Join(Tokens(name), "-")
}
