package lean

import (
	"bytes"
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// The fast path's marshalers write what gqlgen's write, byte for byte,
// into Marshal's Writer (as the executor does) and into any other writer.
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
		a := Writer{b: []byte("x")}
		p.lean.MarshalGQL(&a)
		var b bytes.Buffer
		p.gqlg.MarshalGQL(&b)
		var c strings.Builder // not a Writer
		p.lean.MarshalGQL(&c)
		if string(a.b[1:]) != b.String() || c.String() != b.String() {
			t.Errorf("%q: lean wrote %q and %q, gqlgen %q", p.name, a.b[1:], c.String(), b.String())
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
	// Runs, as an object's values and a list's are taken: a run that
	// does not fit a chunk's tail skips it.
	for _, runs := range [][]int{{30, 7, 90, 3}, {5, 5}, {}, {100, 1, 1, 60}, {2, 64, 9}, {1}} {
		total := 0
		for _, n := range runs {
			r := s.take(n, 4)
			for i := range r {
				r[i] = v
			}
			total += n
		}
		s.recycle()
		if got := held(); got != total {
			t.Fatalf("after runs %v the slab holds %d items, want %d", runs, got, total)
		}
	}

	a := new(arena)
	f := NewFieldSet(&Guard{arena: a}, make([]graphql.CollectedField, 2))
	f.Invalids, f.plain, f.keys = 3, true, []string{"x"}
	a.sets.recycle()
	a.values.recycle()
	if f2 := NewFieldSet(&Guard{arena: a}, make([]graphql.CollectedField, 1)); f2 != f || f2.Invalids != 0 || f2.plain || f2.keys != nil || len(f2.Values) != 1 {
		t.Fatalf("a field set from a used slot: %+v", *f2)
	}
}

// A recycled field context is filled field by field (fill): every field
// gqlgen's FieldContext has must come out as a fresh context built whole
// would, whatever the slot held before.
func TestFillSetsEveryField(t *testing.T) {
	for _, c := range []struct {
		name            string
		object          string
		field           graphql.CollectedField
		index           bool
		method, resolve bool
	}{
		{"an object field", "Role", graphql.CollectedField{Field: &ast.Field{Alias: "a", Name: "a"}, Selections: ast.SelectionSet{&ast.Field{}}}, false, true, true},
		{"a list item", "", graphql.CollectedField{}, true, false, false},
	} {
		g := &Guard{arena: new(arena)}
		s := &g.arena.fields.take(1, 16)[0]
		dirty(reflect.ValueOf(&s.fc).Elem())
		s.ctx = fieldCtx{Context: context.TODO(), g: new(Guard)}
		parent := &graphql.FieldContext{Object: "Parent"}
		ctx := context.WithValue(context.Background(), guardKey{}, g)
		var index *int
		if c.index {
			s.index, index = 3, &s.index
		}
		s.fill(g, ctx, parent, c.object, c.field, index, c.method, c.resolve)
		want := graphql.FieldContext{Parent: parent, Object: c.object, Field: c.field, Index: index, IsMethod: c.method, IsResolver: c.resolve}
		if !reflect.DeepEqual(s.fc, want) {
			t.Errorf("%s: filled %+v, want %+v", c.name, s.fc, want)
		}
		if s.ctx.Context != ctx || s.ctx.fc != &s.fc || s.ctx.g != g {
			t.Errorf("%s: the context node is %+v", c.name, s.ctx)
		}
	}
}

// A recycled field set is filled field by field too (NewFieldSet): every
// field of lean.FieldSet, whatever the slot held before, must come out as
// a new set's, with or without the plan's keys.
func TestNewFieldSetSetsEveryField(t *testing.T) {
	fields := []graphql.CollectedField{{Field: &ast.Field{Alias: "a"}}, {Field: &ast.Field{Alias: "b"}}}
	for _, planned := range []bool{true, false} {
		g := &Guard{arena: new(arena)}
		slot := &g.arena.sets.take(1, 8)[0]
		dirty(reflect.ValueOf(slot).Elem())
		g.arena.sets.recycle()
		var keys []string
		if planned {
			g.plan = newPlan(fields)
			keys = g.plan.keys
		}
		f := NewFieldSet(g, fields)
		if f != slot {
			t.Fatal("NewFieldSet did not take the recycled slot")
		}
		want := FieldSet{fields: fields, Values: f.Values, keys: keys}
		if !reflect.DeepEqual(*f, want) || len(f.Values) != len(fields) || &f.fields[0] != &fields[0] {
			t.Errorf("planned %v: filled %+v, want %+v", planned, *f, want)
		}
	}
}

// dirty sets every field of v, exported or not, to something other than its zero.
func dirty(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Field(i)
			if !f.CanSet() { // unexported (lean.FieldSet's own)
				f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
			}
			dirty(f)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
	case reflect.String:
		v.SetString("stale")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(7)
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		v.SetUint(7)
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
	case reflect.Func:
		v.Set(reflect.MakeFunc(v.Type(), func([]reflect.Value) []reflect.Value { panic("stale") }))
	case reflect.Interface:
		v.Set(reflect.ValueOf("stale"))
	default:
		panic("dirty: a field of kind " + v.Kind().String())
	}
}

// A field set writes what gqlgen's writes, byte for byte, with or without
// its plan's quoted keys, into Marshal's Writer and into any other writer:
// the mutation executor's bytes.Buffer takes the writer-agnostic path
// (TestFastPathAnswersAsGqlgen compares queries only). An alias collected
// twice is written once, with the first's value.
func TestFieldSetWritesAsGqlgen(t *testing.T) {
	field := func(alias string) graphql.CollectedField {
		return graphql.CollectedField{Field: &ast.Field{Alias: alias, Name: alias}}
	}
	fields := []graphql.CollectedField{field("a"), field(`q"uote\`), field("a"), field("é"), field("n")}
	s, n := String("tab\there"), Int(-42)
	values := []graphql.Marshaler{&s, &n, graphql.MarshalString("second a"), graphql.Null, graphql.MarshalBoolean(true)}
	var want bytes.Buffer
	gf := graphql.NewFieldSet(fields)
	copy(gf.Values, values)
	gf.MarshalGQL(&want)
	for _, planned := range []bool{true, false} {
		g := &Guard{arena: new(arena)}
		if planned {
			g.plan = newPlan(fields)
		}
		f := NewFieldSet(g, fields)
		if planned != (f.keys != nil) {
			t.Fatalf("planned %v: keys %q", planned, f.keys)
		}
		copy(f.Values, values)
		var w Writer
		f.MarshalGQL(&w)
		var b bytes.Buffer // the mutation executor's
		f.MarshalGQL(&b)
		var c strings.Builder
		f.MarshalGQL(&c)
		if string(w.b) != want.String() || b.String() != want.String() || c.String() != want.String() {
			t.Errorf("planned %v: wrote %s, %s and %s; gqlgen %s", planned, w.b, b.String(), c.String(), want.String())
		}
	}
}

// Marshal writes the first answer into the Output its guard lends, and
// any later one (a deferred answer) into a buffer of its own, so that
// the first answer's bytes stay as written; PutOutput hands the Output
// back ready to lend again.
func TestMarshalLendsTheOutputOnce(t *testing.T) {
	o := GetOutput()
	ctx := With(context.Background(), &Guard{Output: o})
	first := Marshal(ctx, graphql.MarshalString("first"))
	second := Marshal(ctx, graphql.MarshalString("second"))
	if string(first) != `"first"` || string(second) != `"second"` {
		t.Fatalf("answered %s then %s", first, second)
	}
	if !o.taken || unsafe.SliceData(first) != unsafe.SliceData(o.w.b) {
		t.Error("the first answer was not written into the guard's Output")
	}
	if unsafe.SliceData(second) == unsafe.SliceData(o.w.b) {
		t.Error("the second answer was written into the Output the first one is in")
	}
	PutOutput(o)
	if o.taken || len(o.w.b) != 0 {
		t.Errorf("handed back: taken %v, %d bytes", o.taken, len(o.w.b))
	}
	again := Marshal(With(context.Background(), &Guard{Output: o}), graphql.MarshalString("again"))
	if string(again) != `"again"` || unsafe.SliceData(again) != unsafe.SliceData(o.w.b) {
		t.Errorf("lent again: answered %s, in the Output %v", again, unsafe.SliceData(again) == unsafe.SliceData(o.w.b))
	}
	if b := Marshal(context.Background(), graphql.MarshalString("none")); string(b) != `"none"` {
		t.Errorf("without a guard: answered %s", b)
	}
}
