package career

import (
	"regexp"
	"strings"
)

// LevelRange is the range of qualification levels (EQF/CEC 1 to 8) a
// text names for getting into a job.
type LevelRange struct {
	Min, Max int
	// Open is true when the text also says the job is open without a
	// diploma, or at every level: Min is then 1.
	Open bool
}

// levelWords are the diplomas and level phrases of ROME's « accès au
// métier » texts, folded (Fold), with the EQF/CEC level each means. Only
// names that say a level on their own.
var levelWords = []struct {
	re    *regexp.Regexp
	level int
}{
	{regexp.MustCompile(`\b(capa?|bep|cap[a-z]* agricole|certificat d'aptitude professionnelle)\b`), 3},
	{regexp.MustCompile(`\b(bac pro[a-z]*|baccalaureat[a-z ]*|bac|brevet professionnel|bp|brevet de technicien|brevet de maitrise)\b(\s*\+)?`), 4},
	{regexp.MustCompile(`\b(bts[a-z]?|dut|deust|brevet de technicien superieur|bac ?\+ ?[12])\b`), 5},
	{regexp.MustCompile(`\b(licences?|licence professionnelle|bachelors?|dcg|bac ?\+ ?[34])\b`), 6},
	{regexp.MustCompile(`\b(masters?|mba|dscg|diplome d'ingenieurs?|ecoles? d'ingenieurs?|ecoles? de commerce|bac ?\+ ?[567])\b`), 7},
	{regexp.MustCompile(`\b(doctorats?|phd|bac ?\+ ?[89])\b`), 8},
}

var (
	// A level number counts only after a diploma word (« diplôme de niveau
	// 5 »): « niveau 1 » alone is also a first-aid certificate's (PSC1).
	levelNumber = regexp.MustCompile(`\b(?:diplome|qualification|titre|certification)s? (?:[a-z']+ )?de niveau ([3-8])\b`)
	openAccess  = regexp.MustCompile(`\b(sans diplome|tous (les )?niveaux|accessible a tous|sans qualification)\b`)
)

// notDiplomas are licences that are not university degrees (a bar's
// « licence IV », a « licence de vente » of alcohol).
var notDiplomas = strings.NewReplacer("licence iv", "", "licence de vente", "", "licence d'exploitation", "", "licences d'exploitation", "")

// AccessLevels reads the qualification levels a ROME « accès au métier »
// text names: the lowest and highest of the diplomas it cites (« CAP ou
// Bac Pro » is 3 to 4, « Bac +3 à Bac +5 » 6 to 7, « Licence
// Professionnelle, Master ou Diplôme d'Ingénieur » 6 to 7). ok is false
// when the text names none. A text that also says the job is open
// without a diploma starts at 1.
func AccessLevels(text string) (r LevelRange, ok bool) {
	t := notDiplomas.Replace(Fold(text))
	add := func(l int) {
		if !ok || l < r.Min {
			r.Min = l
		}
		if !ok || l > r.Max {
			r.Max = l
		}
		ok = true
	}
	for _, w := range levelWords {
		for _, m := range w.re.FindAllStringSubmatch(t, -1) {
			// « Bac » followed by « + » is a Bac+N the later rows read.
			if w.level == 4 && len(m) > 2 && m[2] != "" {
				continue
			}
			add(w.level)
		}
	}
	for _, m := range levelNumber.FindAllStringSubmatch(t, -1) {
		add(int(m[1][0] - '0'))
	}
	if ok && openAccess.MatchString(t) {
		r.Min, r.Open = 1, true
	}
	return r, ok
}

// Distance is how many levels level lies outside r: 0 inside it.
func (r LevelRange) Distance(level int) int {
	switch {
	case level < r.Min:
		return r.Min - level
	case level > r.Max:
		return level - r.Max
	}
	return 0
}

// Wording says the range as French guides do: « Bac+3 ou Bac+4 à
// Bac+5 », « sans diplôme à Bac », or one level's words.
func (r LevelRange) Wording(lang Lang) string {
	lo, hi := LevelWording(r.Min, lang), LevelWording(r.Max, lang)
	if lo == hi {
		return lo
	}
	return lo + pick(lang, " to ", " à ") + hi
}
