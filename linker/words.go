package linker

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"careergraph/career"
)

// word is one run of letters and digits of a text, folded (no accents,
// lower case), with its byte offsets in the text as given.
type word struct {
	w          string
	start, end int
}

// splitWords cuts text into runs of letters and digits and folds each
// (career.Fold: accents removed with golang.org/x/text, case folded). A
// text in another script gives words that match nothing, not an error.
func splitWords(text string, max int) []word { return appendWords(nil, text, max) }

// appendWords is splitWords appending to out (a reading's scratch).
func appendWords(out []word, text string, max int) []word {
	start := -1
	for i, r := range text {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if in && start < 0 {
			start = i
		}
		if !in && start >= 0 {
			out = append(out, word{career.Fold(text[start:i]), start, i})
			start = -1
			if len(out) == max {
				return out
			}
		}
	}
	if start >= 0 {
		out = append(out, word{career.Fold(text[start:]), start, len(text)})
	}
	return out
}

// maxWordBytes is the longest word kept: no title or skill word is
// longer, and 20,000 letters in a row must not cost a folded copy per
// rule tried.
const maxWordBytes = 40

// plural strips the French and English plural marks, the same way on
// both sides of a match: "commerciaux" -> "commercial", "ventes" ->
// "vente", "developers" -> "developer".
func plural(w string) string {
	n := len(w)
	switch { // "eaux" before "aux": réseaux -> réseau, not réseal
	case n > 4 && strings.HasSuffix(w, "eaux"):
		return w[:n-1]
	case n > 4 && strings.HasSuffix(w, "aux"):
		return w[:n-3] + "al"
	case n > 3 && w[n-1] == 's' && w[n-2] != 's' && w[n-2] != 'u' && w[n-2] != 'i':
		return w[:n-1]
	}
	return w
}

// feminine lists French feminine endings and the masculine ones they
// come from (conductrice -> conducteur, bouchère -> boucher), tried when
// the data itself does not pair a word (learnGender).
var feminine = [][2]string{
	{"trice", "teur"}, {"euse", "eur"}, {"iere", "ier"}, {"ere", "er"}, {"ienne", "ien"}, {"enne", "en"},
	{"onne", "on"}, {"ive", "if"}, {"ette", "et"}, {"elle", "el"}, {"ee", "e"}, {"esse", "e"},
}

// seniority are the words of seniority, which say how senior, not which
// job: a title drops them and says so in the answer's Why.
var seniority = set(`junior senior jr sr lead confirme experimente debutant stagiaire stage alternant alternance`)

// stopWords are the function words of French and English, the gender and
// contract marks of job ads ("h/f", "CDI") and the words of seniority.
var stopWords = union(set(`a au aux avec d de des du en et l la le les ou par pour sur un une dans chez qu que qui
 se sa son ses leur leurs ce cet cette ces nos notre vos votre
 an and as at by for from in into of on or the to with its their
 hf fh hfx fhx mf fm mwd cdi cdd interim freelance mois semaine semaines heure heures`), seniority)

// abbreviations are the short forms of job ads, expanded before matching.
var abbreviations = map[string][]string{
	"dev": {"developpeur"}, "devs": {"developpeur"}, "resp": {"responsable"}, "respo": {"responsable"},
	"ing": {"ingenieur"}, "ingr": {"ingenieur"}, "tech": {"technicien"}, "techn": {"technicien"},
	"asst": {"assistant"}, "assist": {"assistant"}, "adj": {"adjoint"}, "dir": {"directeur"},
	"mgr": {"manager"}, "admin": {"administrateur"}, "sys": {"systeme"}, "info": {"informatique"},
	"cdp": {"chef", "projet"}, "drh": {"directeur", "ressource", "humaine"}, "rh": {"ressource", "humaine"},
	"daf": {"directeur", "administratif", "financier"}, "dsi": {"directeur", "systeme", "information"},
	"cto": {"directeur", "technique"}, "cfo": {"directeur", "financier"}, "ceo": {"directeur", "general"},
	"coord": {"coordinateur"}, "appro": {"approvisionnement"}, "prepa": {"preparateur"},
	"compta": {"comptable"}, "commerc": {"commercial"}, "cial": {"commercial"}, "ass": {"assistant"},
	"chgé": {"charge"}, "chg": {"charge"}, "ope": {"operateur"}, "op": {"operateur"},
	"agt": {"agent"}, "cond": {"conducteur"}, "mecanicien": {"mecanicien"}, "ide": {"infirmier"},
	"asv": {"auxiliaire", "veterinaire"}, "atsem": {"agent", "specialise", "ecole", "maternelle"},
	"vrp": {"representant", "commercial"}, "sav": {"service", "apres", "vente"}, "bts": {}, "dut": {},
	"pl": {"poids", "lourd"}, "spl": {"super", "lourd"}, "adv": {"administration", "vente"},
	"fullstack": {"full", "stack"}, "backend": {"back", "end"}, "frontend": {"front", "end"}, "devops": {"devops"},
}

func union(a, b map[string]bool) map[string]bool {
	for w := range b {
		a[w] = true
	}
	return a
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// tradeWords are stop words in a text that name a trade in a job title:
// « son » is « his » in a CV and sound in « Ingénieur du son »,
// « Preneur de son », « Assistant son ».
var tradeWords = set(`son`)

// verbWords are the other way round: seniority in a title (« Lead dev »),
// a verb in a CV and in skills' names (« lead a team »).
var verbWords = set(`lead`)

// keepTitle is keep for the words of job titles.
func keepTitle(w string) bool { return keep(w) && !verbWords[w] || tradeWords[w] }

// keep says whether a folded word of a text or a skill can carry meaning:
// not a stop word, not a single letter (the "d" of "d'abatteuses", the "h"
// of "(h/f)"), not longer than any word the graph holds.
func keep(w string) bool {
	return len(w) <= maxWordBytes && utf8.RuneCountInString(w) > 1 && (!stopWords[w] || verbWords[w])
}
