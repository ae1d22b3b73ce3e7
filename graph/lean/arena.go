package lean

import (
	"context"
	"math/bits"
	"sync"

	"github.com/99designs/gqlgen/graphql"
)

// arena is what one request's fast path takes its field sets, their
// values and its objects' field contexts from: chunks that outlive the
// request, handed back to a pool once its answer is written (Release),
// instead of a few kilobytes of garbage per request for the collector to
// sweep while it marks the snapshot.
type arena struct {
	sets   slab[FieldSet]
	values slab[graphql.Marshaler]
	fields slab[fieldSlot]
	strs   slab[string]
	// collected caches the request's collected fields (CollectFields);
	// emptied with the rest, since its keys are one document's.
	collected [1 << slotBits]collected
	// args caches the request's fields' arguments (Args), likewise.
	args [1 << slotBits]argsSlot
	// used marks the slots of collected and args a request filled, which
	// Release empties.
	used uint64
}

// slotBits sizes a request's caches: a guide page collects ~20 field
// sets, and 16 slots made the items of its lists miss each other's.
const slotBits = 6

// fieldSlot is an object field's context on the fast path: gqlgen's
// FieldContext and the context node that carries it.
type fieldSlot struct {
	fc    graphql.FieldContext
	ctx   fieldCtx
	index int // a list item's index (Item)
}

// arenas keeps the arenas of finished requests. One that grew past
// maxArena (a page of thousands of objects) goes to the collector.
var arenas = sync.Pool{New: func() any { return new(arena) }}

const maxArena = 1 << 14 // items, per slab

// slab hands out runs of Ts from chunks, each twice the last (up to 32
// times the first); recycle keeps the chunks for the next request, holding
// the last request's items, overwritten by the next or dropped with the
// pool's arenas after two collections.
type slab[T any] struct {
	chunks [][]T
	c, i   int // the chunk handed out of, and the next item in it
	n      int // items in all chunks
	hc, hi int // where the last request's items ended (recycle)
}

func (s *slab[T]) take(n, first int) []T {
	for s.c < len(s.chunks) {
		if ch := s.chunks[s.c]; s.i+n <= len(ch) {
			r := ch[s.i : s.i+n : s.i+n]
			s.i += n
			return r
		}
		// The chunk's tail is skipped: an earlier request's items, which
		// recycle would take for this one's.
		clear(s.chunks[s.c][s.i:])
		s.c, s.i = s.c+1, 0
	}
	ch := make([]T, max(n, first<<min(len(s.chunks), 5)))
	s.chunks = append(s.chunks, ch)
	s.n += len(ch)
	s.i = n
	return ch[:n:n]
}

// recycle readies the slab for the next request. Its takers overwrite
// every item they take before anything reads it (field contexts, field
// sets, an object's values and a list's, strings), so it zeroes only the
// items an earlier request used past this one's end (take zeroes the
// tails it skips): a pooled arena still holds no more than its last
// request's values (they are overwritten by the next), and what the next
// request overwrites anyway is not zeroed, which had been a guide page's
// costliest write barriers while the collector marks (docs/DESIGN.md has
// the figures).
// An object's values are all written before it is marshaled: a field
// that panics past its own recovery abandons its object's set, which is
// then never read.
func (s *slab[T]) recycle() {
	for k := s.c; k <= s.hc && k < len(s.chunks); k++ {
		from, to := 0, len(s.chunks[k])
		if k == s.c {
			from = s.i
		}
		if k == s.hc {
			to = s.hi
		}
		if from < to {
			clear(s.chunks[k][from:to])
		}
	}
	s.hc, s.hi = s.c, s.i
	s.c, s.i = 0, 0
}

// Release hands the request's chunks back: call it once the answer is
// written (its bytes copied out of the field sets), never before.
func (g *Guard) Release() {
	a := g.arena
	if a == nil {
		return
	}
	g.arena = nil
	a.sets.recycle()
	a.values.recycle()
	a.fields.recycle()
	a.strs.recycle()
	for u := a.used; u != 0; u &= u - 1 {
		i := bits.TrailingZeros64(u)
		a.collected[i], a.args[i] = collected{}, argsSlot{}
	}
	a.used = 0
	if a.sets.n <= maxArena && a.values.n <= maxArena && a.fields.n <= maxArena && a.strs.n <= maxArena {
		arenas.Put(a)
	}
}

func (g *Guard) chunks() *arena {
	if g.arena == nil {
		g.arena = arenas.Get().(*arena)
	}
	return g.arena
}

// fieldCtx carries an object field's context as graphql.WithFieldContext
// would, in a node the arena holds instead of one context.WithValue and
// one FieldContext per field.
type fieldCtx struct {
	context.Context
	fc *graphql.FieldContext
	g  *Guard // Of(ctx) below an object field, without a walk up the context
}

func (c *fieldCtx) Value(k any) any {
	if _, ok := k.(guardKey); ok { // a type word's comparison
		return c.g
	}
	if k == fieldContextKey {
		return c.fc
	}
	return c.Context.Value(k)
}

// fieldContextKey is the key gqlgen keeps a field's context under
// (unexported there): the key graphql.GetFieldContext asks for.
var fieldContextKey = func() any {
	p := &keyProbe{Context: context.Background()}
	graphql.GetFieldContext(p)
	if p.key == nil {
		panic("lean: graphql.GetFieldContext asked for no key: gqlgen changed")
	}
	return p.key
}()

type keyProbe struct {
	context.Context
	key any
}

func (p *keyProbe) Value(k any) any {
	p.key = k
	return nil
}

// Unusual reports whether the answer is over its size budget or the
// request's context is done: the fast path of an object field then takes
// gqlgen's path, which says so as the field middleware does.
func (g *Guard) Unusual() bool {
	if g.Budget.Over() {
		return true
	}
	select {
	case <-g.Done:
		return true
	default:
		return false
	}
}

// Take spends n bytes of the size budget, as the field middleware does
// once a field resolved; false once it is spent (the field then takes
// gqlgen's path, which answers the error).
func (g *Guard) Take(n int) bool { return g.Budget.Spend(n) }

// Enter is graphql.WithFieldContext(ctx, &graphql.FieldContext{...}) for
// an object field on the fast path, as the generated fieldContext_ function
// builds it, but without its Child function (what gqlgen's own code never
// calls, and ours neither), out of the request's arena.
func (g *Guard) Enter(ctx context.Context, field graphql.CollectedField, object string, isMethod, isResolver bool) context.Context {
	s := &g.chunks().fields.take(1, 16)[0]
	s.index = 0
	s.fill(g, ctx, parentOf(ctx), object, field, nil, isMethod, isResolver)
	return &s.ctx
}

// Item is graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
// for item i of a list whose field's context is parent
// (graphql.GetFieldContext(ctx)), out of the request's arena.
func (g *Guard) Item(ctx context.Context, parent *graphql.FieldContext, i int) context.Context {
	s := &g.chunks().fields.take(1, 16)[0]
	s.index = i
	s.fill(g, ctx, parent, "", graphql.CollectedField{}, &s.index, false, false)
	return &s.ctx
}

// fill sets every field of the slot's context, which holds an earlier
// request's (recycle), one by one: assigned whole, a FieldContext is
// copied through the runtime's bulk write barrier, which walks the type's
// pointer map, on every field while the collector marks. Pointers already
// nil are left as they are. TestFillSetsEveryField fails when gqlgen adds
// a field that fill does not set.
func (s *fieldSlot) fill(g *Guard, ctx context.Context, parent *graphql.FieldContext, object string, field graphql.CollectedField, index *int, isMethod, isResolver bool) {
	fc := &s.fc
	fc.Parent = parent
	fc.Object = object
	fc.Field = field
	fc.Index = index
	if fc.Args != nil {
		fc.Args = nil
	}
	if fc.Result != nil {
		fc.Result = nil
	}
	if fc.Child != nil {
		fc.Child = nil
	}
	fc.IsMethod, fc.IsResolver, fc.NonNull = isMethod, isResolver, false
	s.ctx.Context = ctx
	if s.ctx.fc != fc {
		s.ctx.fc = fc
	}
	s.ctx.g = g
}

// parentOf is graphql.GetFieldContext(ctx), without the interface call
// and key comparison where ctx is a fast-path field's.
func parentOf(ctx context.Context) *graphql.FieldContext {
	if c, ok := ctx.(*fieldCtx); ok {
		return c.fc
	}
	return graphql.GetFieldContext(ctx)
}

// ObjectSize is Size of a pointer to an object, without boxing it.
func ObjectSize(isNil bool) int {
	if isNil {
		return 4
	}
	return 8
}

// Array is a list's answer of n items, out of the request's arena.
func (g *Guard) Array(n int) graphql.Array { return g.chunks().values.take(n, 32) }

// String keeps s in the request's arena for a String marshaler to point
// at: a resolver's string written without a closure per value.
func (g *Guard) String(s string) *String {
	p := &g.chunks().strs.take(1, 32)[0]
	*p = s
	return (*String)(p)
}

// StringPtr is graphql.MarshalString(*s), or graphql.Null for nil, as
// gqlgen's marshaler of an optional String writes it.
func StringPtr(s *string) graphql.Marshaler {
	if s == nil {
		return graphql.Null
	}
	return (*String)(s)
}
