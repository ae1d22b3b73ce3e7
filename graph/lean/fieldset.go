package lean

import (
	"context"
	"io"

	"github.com/99designs/gqlgen/graphql"
)

// FieldSet is an object's answer, as graphql.FieldSet, for code generated
// with every field resolved in order (graph/gqlgen): nothing is ever
// delayed, so Dispatch has nothing to do. It is one allocation for up to
// eight fields (gqlgen's is two), and it writes without a map of the
// aliases written: two fields collected under one alias are rare (only
// fragments on unrelated interfaces make them), and a scan of the aliases
// before finds them. Without a Guard (the fast path off) it writes
// through gqlgen's own FieldSet, so that the plain executor is gqlgen's.
type FieldSet struct {
	fields   []graphql.CollectedField
	Values   []graphql.Marshaler
	Invalids uint32
	plain    bool
	small    [8]graphql.Marshaler
}

// NewFieldSet is graphql.NewFieldSet for the fast path's objects.
func NewFieldSet(g *Guard, fields []graphql.CollectedField) *FieldSet {
	f := &FieldSet{fields: fields, plain: g == nil}
	if len(fields) <= len(f.small) {
		f.Values = f.small[:len(fields)]
	} else {
		f.Values = make([]graphql.Marshaler, len(fields))
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
	io.WriteString(w, "{")
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
			io.WriteString(w, ",")
		}
		first = false
		writeQuotedString(w, alias)
		io.WriteString(w, ":")
		f.Values[i].MarshalGQL(w)
	}
	io.WriteString(w, "}")
}
