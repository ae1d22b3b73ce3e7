package career

import (
	"fmt"
	"strconv"
)

// The English labels a guide page prints next to the data.

// Label is how a guide names the category: "Technical", "Tools", ...
func (c Category) Label() string {
	switch c {
	case Technical:
		return "Technical"
	case Tool:
		return "Tools"
	case Soft:
		return "Soft skills"
	case Knowledge:
		return "Knowledge"
	}
	return string(c)
}

// Label is how a guide names the kind: "Degree", "Self-taught", ...
func (k TrainingKind) Label() string {
	switch k {
	case Degree:
		return "Degree"
	case Bootcamp:
		return "Bootcamp"
	case SelfTaught:
		return "Self-taught"
	case Certification:
		return "Certification"
	case ShortCourse:
		return "Short course"
	}
	return string(k)
}

// Label is how a guide names the trend: "Trending up", ...
func (t Trend) Label() string {
	switch t {
	case TrendUp:
		return "Trending up"
	case TrendStable:
		return "Stable"
	case TrendDown:
		return "Trending down"
	}
	return string(t)
}

// Label prints a band as a guide does: "36-46 k€", "22-30 kGBP".
func (b Band) Label() string {
	unit := "k" + b.Currency
	if b.Currency == "EUR" {
		unit = "k€"
	}
	if b.Min == b.Max {
		return fmt.Sprintf("%s %s", num(b.Min), unit)
	}
	return fmt.Sprintf("%s-%s %s", num(b.Min), num(b.Max), unit)
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// YearsLabel prints a level's experience range: "0-2 years", "8+ years".
func (l Level) YearsLabel() *string {
	var s string
	switch {
	case l.YearsMin != nil && l.YearsMax != nil:
		s = fmt.Sprintf("%d-%d years", *l.YearsMin, *l.YearsMax)
	case l.YearsMin != nil:
		s = fmt.Sprintf("%d+ years", *l.YearsMin)
	case l.YearsMax != nil:
		s = fmt.Sprintf("up to %d years", *l.YearsMax)
	default:
		return nil
	}
	return &s
}

// KindLabel is the training's kind as a guide prints it.
func (t Training) KindLabel() string { return t.Kind.Label() }

// TrendLabel is the market trend as a guide prints it, or nil.
func (m Market) TrendLabel() *string {
	if m.Trend == nil {
		return nil
	}
	s := m.Trend.Label()
	return &s
}
