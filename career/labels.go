package career

import (
	"strconv"
)

// Lang is a language labels are printed in: the guide page's English, as
// written there, or French.
type Lang string

const (
	English Lang = "en"
	French  Lang = "fr"
)

// pick returns the label in lang: French when asked, else English.
func pick(lang Lang, en, fr string) string {
	if lang == French {
		return fr
	}
	return en
}

// Label is how a guide names the category: "Technical", "Tools", ...
func (c Category) Label(lang Lang) string {
	switch c {
	case Technical:
		return pick(lang, "Technical", "Techniques")
	case Tool:
		return pick(lang, "Tools", "Outils")
	case Soft:
		return pick(lang, "Soft skills", "Savoir-être")
	case Knowledge:
		return pick(lang, "Knowledge", "Savoirs")
	}
	return string(c)
}

// Label is how a guide names the kind: "Degree", "Self-taught", ...
func (k TrainingKind) Label(lang Lang) string {
	switch k {
	case Degree:
		return pick(lang, "Degree", "Diplôme")
	case Bootcamp:
		return pick(lang, "Bootcamp", "Bootcamp")
	case SelfTaught:
		return pick(lang, "Self-taught", "Autodidacte")
	case Certification:
		return pick(lang, "Certification", "Certification")
	case ShortCourse:
		return pick(lang, "Short course", "Formation courte")
	}
	return string(k)
}

// Label is how a guide names the trend: "Trending up", ...
func (t Trend) Label(lang Lang) string {
	switch t {
	case TrendUp:
		return pick(lang, "Trending up", "En hausse")
	case TrendStable:
		return pick(lang, "Stable", "Stable")
	case TrendDown:
		return pick(lang, "Trending down", "En baisse")
	}
	return string(t)
}

// Label prints a band as a guide does: "36-46 k€", "22-30 kGBP".
//
// It is written into one buffer (a guide page prints a dozen bands per
// request: fmt and FormatFloat made four allocations of each).
func (b Band) Label() string {
	var buf [48]byte
	s := strconv.AppendFloat(buf[:0], b.Min, 'f', -1, 64)
	if b.Min != b.Max {
		s = strconv.AppendFloat(append(s, '-'), b.Max, 'f', -1, 64)
	}
	if b.Currency == "EUR" {
		s = append(s, " k€"...)
	} else {
		s = append(append(s, " k"...), b.Currency...)
	}
	return string(s)
}

// YearsLabel prints a level's experience range: "0-2 years", "8+ years"
// ("0-2 ans", "8 ans et +").
func (l Level) YearsLabel(lang Lang) *string {
	var buf [40]byte
	b := buf[:0]
	switch {
	case l.YearsMin != nil && l.YearsMax != nil:
		b = strconv.AppendInt(b, int64(*l.YearsMin), 10)
		b = strconv.AppendInt(append(b, '-'), int64(*l.YearsMax), 10)
		b = append(b, pick(lang, " years", " ans")...)
	case l.YearsMin != nil:
		b = strconv.AppendInt(b, int64(*l.YearsMin), 10)
		b = append(b, pick(lang, "+ years", " ans et +")...)
	case l.YearsMax != nil:
		b = strconv.AppendInt(append(b, pick(lang, "up to ", "jusqu'à ")...), int64(*l.YearsMax), 10)
		b = append(b, pick(lang, " years", " ans")...)
	default:
		return nil
	}
	s := string(b)
	return &s
}

// KindLabel is the training's kind as a guide prints it.
func (t Training) KindLabel(lang Lang) string { return t.Kind.Label(lang) }

// TrendLabel is the market trend as a guide prints it, or nil.
func (m Market) TrendLabel(lang Lang) *string {
	if m.Trend == nil {
		return nil
	}
	s := m.Trend.Label(lang)
	return &s
}

// NameLang is the language of the role's name: English for an ESCO
// occupation, French otherwise (ROME fiches, the French guide's roles).
func (r Role) NameLang() string {
	if r.EscoURI != nil && r.RomeCode == nil {
		return string(English)
	}
	return string(French)
}

// NameLang is the language of the skill's name: English for an ESCO
// skill, French otherwise (ROME's savoirs and savoir-faire, the guide's).
func (s Skill) NameLang() string {
	if s.EscoURI != nil {
		return string(English)
	}
	return string(French)
}

// NameLang is the language of the group's name: French for ROME's
// domains, English for the ISCO-08 and ESCO skill groups (as ESCO
// publishes them).
func (g Group) NameLang() string {
	if g.Kind != OccupationGroup && g.Kind != SkillGroupKind {
		return string(French)
	}
	return string(English)
}

// The sources whose transition notes careergraph's importers write in
// English (seed: the ESCO–ROME mapping's « ESCO–ROME mapping V1.4: … »
// and the reviewed crosswalk's « Same job: … »), named here so that the
// language of a note is read in one place.
const (
	RomeEscoSourceID  = "source:rome-esco"
	CrosswalkSourceID = "source:careergraph-crosswalk"
)

// NoteLang is the language the transition's note is written in: "en"
// for the notes the importers write; "" when there is no note or its
// language is not recorded (the guide's own notes are French, a client's
// are its own).
func (t Transition) NoteLang() string {
	if t.Note == nil {
		return ""
	}
	for _, s := range t.SourceIDs {
		if s == RomeEscoSourceID || s == CrosswalkSourceID {
			return string(English)
		}
	}
	return ""
}
