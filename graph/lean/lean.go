// Package lean is what the generated fast path (graph/gqlgen, the lean
// plugin) runs on: the per-request guard that keeps the response-size
// budget and the deadline for the fields it reads without gqlgen's
// per-field machinery, the marshalers that point at a snapshot's values
// instead of copying them into closures, and a field set without the
// per-object alias map.
//
// A field takes the fast path when it is a plain read of a struct field
// of a leaf type (scalar or enum) with no argument, directive or
// resolver: it cannot error, so all gqlgen's machinery would do for it is
// build a field context, a closure and a context per field, and run the
// field middleware. The middleware the server installs on every field is
// the size count (graph/size.go) and the deadline check (graph/deadline.go):
// Guard.Field does both, with the same byte counts. Tracing spans root
// fields only, which are resolvers; the complexity limits and the error
// presenter act on the whole operation. With no Guard in the context
// (graph.Options.PlainExecutor, or an executor run outside the server) the
// generated code takes gqlgen's path for every field.
//
// Object fields without arguments take it too (arena.go): their field
// contexts, field sets and list arrays come from a per-request arena
// that a pool keeps between requests, so that errors below them are
// located as gqlgen locates them, without a context.WithValue, closures
// and the middleware chain per field.
package lean

import (
	"context"
	"io"
	"reflect"
	"strconv"
	"sync"

	"github.com/99designs/gqlgen/graphql"
)

// Guard is one request's checks for the fields the fast path resolves.
type Guard struct {
	// Done is the request context's Done channel: once closed, Stop says
	// what to do.
	Done <-chan struct{}
	// Stop marks the operation stopped at the deadline and returns the
	// field's error, or returns nil where the operation is not to be
	// stopped (a mutation): the field then resolves.
	Stop func() error
	// Budget is the answer's size budget, nil when it has none;
	// TooLarge is the error a field answers past it.
	Budget   *Budget
	TooLarge error
	// Doc keeps the document's collected fields across requests, nil
	// where the operation has variables.
	Doc *Doc
	// Snapshot is what the operation reads (the graph package's pinned
	// snapshot), for resolvers to find in the guard, which a fast-path
	// field's context answers first, instead of walking the whole context
	// chain per call.
	Snapshot any
	// Request is the HTTP layer's (graph.Request), likewise.
	Request any
	// Output is the transport's buffer for the answer's data, nil where
	// it lends none.
	Output *Output

	// What NewFieldSet and Enter hand out, from a pool (see arena).
	arena *arena
	// The plan of the fields CollectFields returned last, which the
	// generated code hands NewFieldSet next.
	plan *fieldPlan
}

// Marshal writes the answer's data, into the transport's pooled Output
// when the guard has one, else into a buffer the size the budget counted
// (gqlgen's grows from nothing, copying as it goes).
func Marshal(ctx context.Context, data graphql.Marshaler) []byte {
	g := Of(ctx)
	if g != nil && g.Output != nil && !g.Output.taken {
		o := g.Output
		o.taken = true
		o.w.b = o.w.b[:0]
		data.MarshalGQL(&o.w)
		return o.w.b
	}
	var w Writer
	if g != nil && g.Budget != nil {
		n := g.Budget.Spent()
		w.b = make([]byte, 0, n+n/8+64)
	}
	data.MarshalGQL(&w)
	return w.b
}

// Writer is what Marshal writes an answer into: the fast path's
// marshalers append to its bytes directly (a bytes.Buffer's WriteByte and
// WriteString checks were a tenth of the guide page's marshaling);
// gqlgen's write through Write and WriteString.
type Writer struct{ b []byte }

func (w *Writer) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

func (w *Writer) WriteString(s string) (int, error) {
	w.b = append(w.b, s...)
	return len(s), nil
}

// Output is a buffer the transport lends the executor for one answer's
// data (the response's Data points into it): it copies the data out and
// hands the buffer back (PutOutput), so that an answer's bytes are not
// garbage for the collector. Only the first answer of a request is
// written into it.
type Output struct {
	w     Writer
	taken bool
}

var outputs = sync.Pool{New: func() any { return new(Output) }}

// maxOutput is the largest buffer kept: a bigger answer's goes to the
// collector.
const maxOutput = 256 << 10

// GetOutput is a buffer for one answer; the guard's Output lends it to
// the executor.
func GetOutput() *Output { return outputs.Get().(*Output) }

// PutOutput hands o back, once nothing reads the data written into it.
func PutOutput(o *Output) {
	if cap(o.w.b) > maxOutput {
		return
	}
	o.w.b = o.w.b[:0]
	o.taken = false
	outputs.Put(o)
}

// Budget counts the bytes an answer will hold while its fields resolve
// (graph's MaxResponseBytes), so that an answer over it stops resolving at
// the limit. A plain count, not an atomic one: the executor resolves every
// field of a request on one goroutine (graph/gqlgen refuses code that
// starts others), and every field spends from it. A nil Budget is no
// limit; Init makes one.
type Budget struct {
	max, left int
	over      bool
}

// Init makes b a fresh budget of max bytes.
func (b *Budget) Init(max int) { *b = Budget{max: max, left: max} }

// Spend takes n bytes; false once the budget is spent.
func (b *Budget) Spend(n int) bool {
	if b == nil {
		return true
	}
	b.left -= n
	if b.left >= 0 {
		return true
	}
	b.over = true
	return false
}

// Over reports whether the answer is already over the budget.
func (b *Budget) Over() bool { return b != nil && b.over }

// Spent is how many bytes the budget counted.
func (b *Budget) Spent() int {
	if b == nil {
		return 0
	}
	return max(0, b.max-b.left)
}

type guardKey struct{}

// With returns ctx carrying g.
func With(ctx context.Context, g *Guard) context.Context {
	return context.WithValue(ctx, guardKey{}, g)
}

// Of returns the Guard of ctx, nil when the fast path is off.
func Of(ctx context.Context) *Guard {
	g, _ := ctx.Value(guardKey{}).(*Guard)
	return g
}

// Field runs the checks the field middleware runs on a field named alias
// whose value takes size bytes (see Size): false when the field must
// answer null, its error added to the response as gqlgen adds a
// middleware's.
func (g *Guard) Field(ctx context.Context, alias string, size int) bool {
	if g.Budget.Over() {
		graphql.AddError(ctx, g.TooLarge)
		return false
	}
	select {
	case <-g.Done:
		if err := g.Stop(); err != nil {
			g.Budget.Spend(4 + len(alias) + 4) // the null the middleware counts
			graphql.AddError(ctx, err)
			return false
		}
	default:
	}
	if !g.Budget.Spend(4 + len(alias) + size) {
		graphql.AddError(ctx, g.TooLarge)
		return false
	}
	return true
}

// Size is how many bytes the size budget counts for a value as JSON: a
// string its bytes and quotes, a list its brackets and commas (and, for a
// list of strings, the strings), an object its braces (its fields count
// themselves), anything else a number's worth. The server's field
// middleware counts with it too, so that both paths spend alike.
func Size(v any) int {
	switch v := v.(type) {
	case nil:
		return 4
	case string:
		return len(v) + 2
	case *string:
		if v == nil {
			return 4
		}
		return len(*v) + 2
	case []string:
		return StringsSize(v)
	case bool, int, int64, float64, *int, *float64, *bool:
		return 8
	}
	r := reflect.ValueOf(v)
	for r.Kind() == reflect.Pointer {
		if r.IsNil() {
			return 4
		}
		r = r.Elem()
	}
	switch r.Kind() {
	case reflect.String:
		return r.Len() + 2
	case reflect.Slice, reflect.Array:
		return 2 + r.Len()
	}
	return 8
}

// StringsSize is Size of a list of strings, without boxing it.
func StringsSize(v []string) int {
	n := 2
	for _, s := range v {
		n += len(s) + 3
	}
	return n
}

// String marshals the string it points at, as graphql.MarshalString
// does, without copying it into a closure.
type String string

func (s *String) MarshalGQL(w io.Writer) { writeQuotedString(w, string(*s)) }

// Strings marshals the strings it points at as a list, as gqlgen's
// marshaler of a [String!]! does, without a closure per string.
type Strings []string

func (s *Strings) MarshalGQL(w io.Writer) {
	io.WriteString(w, "[")
	for i, v := range *s {
		if i > 0 {
			io.WriteString(w, ",")
		}
		writeQuotedString(w, v)
	}
	io.WriteString(w, "]")
}

// Int marshals the int it points at, as graphql.MarshalInt does.
type Int int

func (i *Int) MarshalGQL(w io.Writer) {
	if b, ok := w.(*Writer); ok {
		b.b = strconv.AppendInt(b.b, int64(*i), 10)
		return
	}
	io.WriteString(w, strconv.Itoa(int(*i)))
}

// Bool marshals the bool it points at, as graphql.MarshalBoolean does.
type Bool bool

func (b *Bool) MarshalGQL(w io.Writer) {
	if *b {
		io.WriteString(w, "true")
	} else {
		io.WriteString(w, "false")
	}
}

// writeQuotedString is gqlgen's (graphql/string.go), byte for byte: the
// fast path's strings must read exactly as gqlgen writes them.
func writeQuotedString(w io.Writer, s string) {
	// Most strings need no escape: into the executor's buffer, in one
	// copy. Bytes past ASCII are never escaped, so scanning bytes finds
	// what gqlgen's scan of runes finds.
	if b, ok := w.(*Writer); ok && !needsEscape(s) {
		b.b = append(append(append(b.b, '"'), s...), '"')
		return
	}
	const encodeHex = "0123456789ABCDEF"
	start := 0
	io.WriteString(w, `"`)
	for i, c := range s {
		if c < 0x20 || c == '\\' || c == '"' {
			io.WriteString(w, s[start:i])
			switch c {
			case '\t':
				io.WriteString(w, `\t`)
			case '\r':
				io.WriteString(w, `\r`)
			case '\n':
				io.WriteString(w, `\n`)
			case '\\':
				io.WriteString(w, `\\`)
			case '"':
				io.WriteString(w, `\"`)
			default:
				io.WriteString(w, `\u00`)
				w.Write([]byte{encodeHex[c>>4], encodeHex[c&0xf]})
			}
			start = i + 1
		}
	}
	io.WriteString(w, s[start:])
	io.WriteString(w, `"`)
}

// needsEscape reports whether s has a byte writeQuotedString escapes
// (below 0x20, a quote or a backslash), eight bytes at a time: every
// string of the answer goes through it.
func needsEscape(s string) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		q, bs := x^(ones*'"'), x^(ones*'\\')
		// A byte below 0x20, or one of q or bs zero: each term is exact
		// as a whole (a borrow only ever marks a byte above a match).
		if (x-ones*0x20)&^x&highs != 0 || (q-ones)&^q&highs != 0 || (bs-ones)&^bs&highs != 0 {
			return true
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '\\' || c == '"' {
			return true
		}
	}
	return false
}
