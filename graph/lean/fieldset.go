package lean

import (
	"context"
	"io"

	"github.com/99designs/gqlgen/graphql"
)

// FieldSet is an object's answer, as graphql.FieldSet, for code generated
// with every field resolved in order (graph/gqlgen): nothing is ever
// delayed, so Dispatch has nothing to do. The request's Guard hands the
// sets and their values out of chunks it allocates (a page of twenty
// roles' objects is a few allocations, not two per object), and a set
// writes without a map of the aliases written: two fields collected under
// one alias are rare (only fragments on unrelated interfaces make them),
// and a scan of the aliases before finds them. Without a Guard (the fast
// path off) it writes through gqlgen's own FieldSet, so that the plain
// executor is gqlgen's.
type FieldSet struct {
	fields   []graphql.CollectedField
	Values   []graphql.Marshaler
	Invalids uint32
	plain    bool
	keys     []string // the fields' plan's (fieldPlan), nil without one
}

// NewFieldSet is graphql.NewFieldSet for the fast path's objects. The
// executor calls it on the request's one goroutine (graph/gqlgen resolves
// every field in order and checks that the code starts none).
func NewFieldSet(g *Guard, fields []graphql.CollectedField) *FieldSet {
	if g == nil {
		return &FieldSet{fields: fields, Values: make([]graphql.Marshaler, len(fields)), plain: true}
	}
	a := g.chunks()
	f := &a.sets.take(1, 8)[0]
	var keys []string
	if p := g.plan; p != nil && len(fields) > 0 && &p.fields[0] == &fields[0] && len(p.fields) == len(fields) {
		keys = p.keys
	}
	// Every field, one by one: the slot is an earlier request's (recycle),
	// and a whole struct is copied through the runtime's bulk write
	// barrier while the collector marks (see fill).
	f.fields, f.Values = fields, a.values.take(len(fields), 32)
	f.Invalids, f.plain = 0, false
	if f.keys != nil || keys != nil {
		f.keys = keys
	}
	return f
}

// Dispatch runs the delayed fields: there are none.
func (*FieldSet) Dispatch(context.Context) {}

func (f *FieldSet) MarshalGQL(w io.Writer) {
	if f.plain {
		gf := graphql.NewFieldSet(f.fields)
		copy(gf.Values, f.Values)
		gf.MarshalGQL(w)
		return
	}
	b, _ := w.(*Writer) // Marshal's: punctuation without io.WriteString's interface check
	if b != nil && f.keys != nil {
		// The keys quoted once per document (fieldPlan).
		b.b = append(b.b, '{')
		first := true
		for i, k := range f.keys {
			if k == "" {
				continue
			}
			if !first {
				b.b = append(b.b, ',')
			}
			first = false
			b.b = append(b.b, k...)
			f.Values[i].MarshalGQL(w)
		}
		b.b = append(b.b, '}')
		return
	}
	punct := func(c byte) {
		if b != nil {
			b.b = append(b.b, c)
		} else {
			w.Write([]byte{c})
		}
	}
	punct('{')
	first := true
fields:
	for i := range f.fields {
		alias := f.fields[i].Alias
		for j := range i {
			if f.fields[j].Alias == alias {
				continue fields // gqlgen writes the first
			}
		}
		if !first {
			punct(',')
		}
		first = false
		writeQuotedString(w, alias)
		punct(':')
		f.Values[i].MarshalGQL(w)
	}
	punct('}')
}
