package linker

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Acronyms the graph's own titles spell out: « Agent / Agente de service
// hospitalier (ASH) », « Technicien / Technicienne de Service
// Après-Vente (SAV) en informatique ». A title that writes only the
// acronym (« ASH hôpital ») is read as the words it stands for too.

// learnAcronyms returns, per folded acronym, the canonical words it
// stands for: an upper-case run of 2 to 6 letters in parentheses whose
// letters are the initials of a run of the kept words before it. When
// titles spell one acronym differently, the commonest reading is kept.
func learnAcronyms(texts []string, masc map[string]string) map[string][]string {
	count := map[string]map[string]int{}
	for _, t := range texts {
		for rest, off := t, 0; ; {
			i := strings.IndexByte(rest, '(')
			if i < 0 {
				break
			}
			j := strings.IndexByte(rest[i:], ')')
			if j < 0 {
				break
			}
			inner := rest[i+1 : i+j]
			pos := off + i
			off += i + j + 1
			rest = rest[i+j+1:]
			if len(inner) < 2 || len(inner) > 6 || strings.IndexFunc(inner, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsUpper(r) }) >= 0 {
				continue
			}
			var words []string
			for _, w := range keptWords(t[:pos]) {
				if c := canon(masc, w); !slices.Contains(words, c) {
					words = append(words, c)
				}
			}
			acr := strings.ToLower(inner)
			for end := len(words); end >= len(acr); end-- {
				run := words[end-len(acr) : end]
				ok := true
				for k, w := range run {
					if w[0] != acr[k] {
						ok = false
						break
					}
				}
				if ok {
					if count[acr] == nil {
						count[acr] = map[string]int{}
					}
					count[acr][strings.Join(run, " ")]++
					break
				}
			}
		}
	}
	out := map[string][]string{}
	for acr, readings := range count {
		best, n := "", 0
		for r, c := range readings {
			if c > n || c == n && r < best {
				best, n = r, c
			}
		}
		out[acr] = strings.Fields(best)
	}
	return out
}

// dropInflections removes the feminine or plural endings job ads glue in
// parentheses to a word, « Infirmier(ère) », « Opérateur(trice) »,
// « Technicien(ne) », so that they are not read as words of their own:
// a run of at most five lower-case letters in parentheses right after a
// letter.
func dropInflections(s string) string {
	if !strings.Contains(s, "(") {
		return s
	}
	var b strings.Builder
	prevLetter := false
	for i := 0; i < len(s); {
		if s[i] == '(' && prevLetter {
			// Within five letters' bytes: a line of « a(a(a( » costs its length.
			j := strings.IndexByte(s[i:min(len(s), i+2+5*utf8.UTFMax)], ')')
			if j > 1 {
				inner := s[i+1 : i+j]
				if len([]rune(inner)) <= 5 && strings.IndexFunc(inner, func(r rune) bool { return !unicode.IsLower(r) }) < 0 {
					i += j + 1
					continue
				}
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		prevLetter = unicode.IsLetter(r)
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}
