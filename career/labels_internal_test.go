package career

import (
	"fmt"
	"math"
	"strconv"
	"testing"
)

// Band.Label writes what fmt wrote before it was written into one buffer:
// every band the data has (whole and fractional thousands, one figure or a
// range, euros and other currencies) and the odd ones.
func TestBandLabelAsFmtWroteIt(t *testing.T) {
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	want := func(b Band) string {
		unit := "k" + b.Currency
		if b.Currency == "EUR" {
			unit = "k€"
		}
		if b.Min == b.Max {
			return fmt.Sprintf("%s %s", num(b.Min), unit)
		}
		return fmt.Sprintf("%s-%s %s", num(b.Min), num(b.Max), unit)
	}
	for _, b := range []Band{
		{Min: 36, Max: 46, Currency: "EUR"}, {Min: 22, Max: 30, Currency: "GBP"}, {Min: 40, Max: 40, Currency: "EUR"},
		{Min: 27.5, Max: 31.25, Currency: "EUR"}, {Min: 0, Max: 0}, {Min: -3, Max: 1e21, Currency: "USD"},
		{Min: math.NaN(), Max: math.NaN(), Currency: "EUR"}, {Min: math.Inf(1), Max: 5, Currency: "CHF"},
		{Min: 123456789.123456789, Max: 1e-7, Currency: "a very long currency name indeed"},
	} {
		if got, w := b.Label(), want(b); got != w {
			t.Errorf("%+v: %q, want %q", b, got, w)
		}
	}
}

// Level.YearsLabel writes what fmt.Sprintf wrote before it was written
// with strconv: both languages, a range, a floor, a ceiling and none.
func TestYearsLabelAsFmtWroteIt(t *testing.T) {
	p := func(n int) *int { return &n }
	for _, lang := range []Lang{English, French, ""} {
		for _, l := range []Level{
			{YearsMin: p(0), YearsMax: p(2)}, {YearsMin: p(8)}, {YearsMax: p(3)}, {},
			{YearsMin: p(-1), YearsMax: p(math.MaxInt)}, {YearsMin: p(math.MinInt)}, {YearsMax: p(12345)},
		} {
			var want *string
			switch {
			case l.YearsMin != nil && l.YearsMax != nil:
				s := fmt.Sprintf(pick(lang, "%d-%d years", "%d-%d ans"), *l.YearsMin, *l.YearsMax)
				want = &s
			case l.YearsMin != nil:
				s := fmt.Sprintf(pick(lang, "%d+ years", "%d ans et +"), *l.YearsMin)
				want = &s
			case l.YearsMax != nil:
				s := fmt.Sprintf(pick(lang, "up to %d years", "jusqu'à %d ans"), *l.YearsMax)
				want = &s
			}
			got := l.YearsLabel(lang)
			if (got == nil) != (want == nil) || got != nil && *got != *want {
				t.Errorf("%q %+v: got %v, want %v", lang, l, fmtPtr(got), fmtPtr(want))
			}
		}
	}
}

func fmtPtr(s *string) string {
	if s == nil {
		return "nil"
	}
	return strconv.Quote(*s)
}
