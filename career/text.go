package career

import (
	"fmt"
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

// NameProblem says what the graph refuses in a name or label of at most
// max characters ("is required", "holds a line break ..."), or "". The
// importers ask it too, to refuse a row with its line.
func NameProblem(v string, max int) string {
	if strings.TrimSpace(v) == "" {
		return "is required"
	}
	if i := strings.IndexAny(v, "\t\n\r"); i >= 0 {
		return fmt.Sprintf("holds a line break or tab at byte %d; a name is one line", i)
	}
	return TextProblem(v, max)
}

// TextProblem says what the graph refuses in a text of at most max
// characters, or "".
func TextProblem(v string, max int) string {
	if !utf8.ValidString(v) {
		return "is not valid UTF-8"
	}
	if n := utf8.RuneCountInString(v); n > max {
		return fmt.Sprintf("is %d characters long, at most %d allowed", n, max)
	}
	if i := strings.IndexFunc(v, hidden); i >= 0 {
		r, _ := utf8.DecodeRuneInString(v[i:])
		return fmt.Sprintf("holds the invisible control character %U at byte %d", r, i)
	}
	return ""
}

// hidden is true for characters that change how text reads without being
// seen: control characters other than tab and line breaks, and the bidi
// embedding, override and isolate controls (the "Trojan Source" ones).
func hidden(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case unicode.IsControl(r):
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
