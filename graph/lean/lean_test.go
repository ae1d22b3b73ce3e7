package lean

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// The fast path's marshalers write what gqlgen's write, byte for byte,
// into a buffer (as the executor does) and into any other writer.
func TestMarshalersWriteAsGqlgen(t *testing.T) {
	strs := []string{"", "plain", `quote " and \ back`, "tab\tcr\rlf\n", "\x00\x01\x1f\x7f", "é à 😀", "\xff\xfe invalid", "</script>&<>", "Développeur back-end (H/F)", "ends with a quote\"", "\\"}
	ints := []int{0, 1, -1, 99, 100, 12345, math.MaxInt, math.MinInt}
	type pair struct {
		name       string
		lean, gqlg graphql.Marshaler
	}
	var pairs []pair
	for _, s := range strs {
		pairs = append(pairs, pair{s, (*String)(&s), graphql.MarshalString(s)})
	}
	for _, i := range ints {
		pairs = append(pairs, pair{"int", (*Int)(&i), graphql.MarshalInt(i)})
	}
	for _, b := range []bool{true, false} {
		pairs = append(pairs, pair{"bool", (*Bool)(&b), graphql.MarshalBoolean(b)})
	}
	// Lists of strings, as gqlgen's marshaler of a [String!]! writes them:
	// an Array of MarshalString.
	for _, list := range [][]string{nil, {}, {"one"}, strs, {"a", "", "b"}} {
		arr := make(graphql.Array, len(list))
		for i, s := range list {
			arr[i] = graphql.MarshalString(s)
		}
		pairs = append(pairs, pair{"list", (*Strings)(&list), arr})
	}
	for _, p := range pairs {
		var a, b bytes.Buffer
		a.WriteString("x")
		p.lean.MarshalGQL(&a)
		p.gqlg.MarshalGQL(&b)
		var c strings.Builder // not a bytes.Buffer
		p.lean.MarshalGQL(&c)
		if a.String()[1:] != b.String() || c.String() != b.String() {
			t.Errorf("%q: lean wrote %q and %q, gqlgen %q", p.name, a.String()[1:], c.String(), b.String())
		}
	}
}

// Size counts as the server's size budget always counted.
func TestSize(t *testing.T) {
	type named string
	type code int
	s := "abc"
	var nilStr *string
	n := 4
	for _, c := range []struct {
		v    any
		want int
	}{
		{nil, 4}, {"abc", 5}, {&s, 5}, {nilStr, 4}, {[]string{"a", "bc"}, 2 + 4 + 5}, {true, 8}, {3, 8}, {&n, 8}, {1.5, 8},
		{named("abcd"), 6}, {code(3), 8}, {[]int{1, 2, 3}, 5}, {struct{}{}, 8},
	} {
		if got := Size(c.v); got != c.want {
			t.Errorf("Size(%#v) = %d, want %d", c.v, got, c.want)
		}
	}
	if StringsSize([]string{"a", "bc"}) != Size([]string{"a", "bc"}) {
		t.Error("StringsSize and Size disagree")
	}
}

// needsEscape finds what a byte-by-byte scan finds: every byte value at
// every position of strings of 0 to 24 bytes, among plain ones and
// bytes past ASCII.
func TestNeedsEscapeAsByteScan(t *testing.T) {
	slow := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c == '\\' || c == '"' {
				return true
			}
		}
		return false
	}
	fills := []byte{'a', 0xff, 0x80, 0x21, 0x5b, 0x5d, 0x7f}
	checked := 0
	for n := 0; n <= 24; n++ {
		for _, fill := range fills {
			base := bytes.Repeat([]byte{fill}, n)
			if needsEscape(string(base)) != slow(string(base)) {
				t.Fatalf("%q: needsEscape %v", base, needsEscape(string(base)))
			}
			for at := 0; at < n; at++ {
				for c := 0; c < 256; c++ {
					b := bytes.Clone(base)
					b[at] = byte(c)
					if got, want := needsEscape(string(b)), slow(string(b)); got != want {
						t.Fatalf("%q: needsEscape %v, want %v", b, got, want)
					}
					checked++
				}
			}
		}
	}
	if checked < 100000 {
		t.Fatalf("%d strings checked", checked)
	}
}

// A recycled slab keeps no more than its last request's items: what an
// earlier, larger request used past them is zeroed, across chunks, so a
// pooled arena does not hold an old snapshot's values; and a field set
// taken from a used slot starts as a new one.
func TestRecycledSlabsHoldOnlyTheLastRequest(t *testing.T) {
	var s slab[*int]
	v := new(int)
	fill := func(n int) {
		for range n {
			s.take(1, 4)[0] = v
		}
		s.recycle()
	}
	held := func() (n int) {
		for _, ch := range s.chunks {
			for _, p := range ch {
				if p != nil {
					n++
				}
			}
		}
		return n
	}
	for _, n := range []int{50, 3, 0, 20, 4, 9, 60, 1} {
		fill(n)
		if got := held(); got != n {
			t.Fatalf("after a request of %d items the slab holds %d", n, got)
		}
	}

	a := new(arena)
	f := NewFieldSet(&Guard{arena: a}, make([]graphql.CollectedField, 2))
	f.Invalids, f.plain, f.keys = 3, true, []string{"x"}
	a.sets.recycle()
	a.values.reset()
	if f2 := NewFieldSet(&Guard{arena: a}, make([]graphql.CollectedField, 1)); f2 != f || f2.Invalids != 0 || f2.plain || f2.keys != nil || len(f2.Values) != 1 {
		t.Fatalf("a field set from a used slot: %+v", *f2)
	}
}
