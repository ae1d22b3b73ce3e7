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
