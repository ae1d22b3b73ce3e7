package lean

import (
	"context"
	"strings"
	"sync"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Doc keeps the fields collected from one parsed document's selection
// sets, and its fields' arguments (Args), between requests: gqlgen collects them again for each request (and
// for each item of a list, hashing the key each time). Only operations
// without variables use it, where @skip, @include and @defer cannot
// depend on the request. Its keys point at the document's selection sets
// and at the collected fields it keeps, so no other set can take their
// address while it lives.
type Doc struct {
	mu     sync.RWMutex
	fields map[collectKey]*fieldPlan
	args   map[*ast.Field]map[string]any
}

// fieldPlan is one collected field set and how its object is written:
// each field's key quoted with its colon ("alias":), "" for a field whose
// alias an earlier one took (gqlgen writes the first), so that an
// object's writer neither quotes nor compares its aliases per request.
type fieldPlan struct {
	fields []graphql.CollectedField
	keys   []string
}

func newPlan(fields []graphql.CollectedField) *fieldPlan {
	p := &fieldPlan{fields: fields, keys: make([]string, len(fields))}
	var b strings.Builder
fields:
	for i := range fields {
		for j := range i {
			if fields[j].Alias == fields[i].Alias {
				continue fields
			}
		}
		b.Reset()
		writeQuotedString(&b, fields[i].Alias)
		b.WriteByte(':')
		p.keys[i] = b.String()
	}
	return p
}

type collectKey struct {
	sel       *ast.Selection
	n         int
	satisfies *string
}

// CollectFields is graphql.CollectFields, from the request's Doc when it
// has one.
func CollectFields(g *Guard, oc *graphql.OperationContext, sel ast.SelectionSet, satisfies []string) []graphql.CollectedField {
	if g == nil || g.Doc == nil || len(sel) == 0 || len(satisfies) == 0 {
		return graphql.CollectFields(oc, sel, satisfies)
	}
	d := g.Doc
	k := collectKey{unsafe.SliceData(sel), len(sel), unsafe.SliceData(satisfies)}
	// The request's own few sets first: the items of a list ask for the
	// same one in turn, and the shared map costs a hash of the key and a
	// lock each time (~30 ns, ~100 objects on the guide page).
	a := g.chunks()
	i := slotOf(uintptr(unsafe.Pointer(k.sel)) ^ uintptr(unsafe.Pointer(k.satisfies))<<1)
	slot := &a.collected[i]
	if slot.key == k {
		g.plan = slot.plan
		return slot.plan.fields
	}
	d.mu.RLock()
	p, ok := d.fields[k]
	d.mu.RUnlock()
	if !ok {
		p = newPlan(graphql.CollectFields(oc, sel, satisfies))
		d.mu.Lock()
		if d.fields == nil {
			d.fields = map[collectKey]*fieldPlan{}
		}
		if prev, ok := d.fields[k]; ok {
			p = prev
		} else {
			d.fields[k] = p
		}
		d.mu.Unlock()
	}
	slot.key, slot.plan = k, p
	a.used |= 1 << i
	g.plan = p // for NewFieldSet, next
	return p.fields
}

// collected is a request's last collected field sets, by where their key
// falls: its Doc's, which the request keeps alive.
type collected struct {
	key  collectKey
	plan *fieldPlan
}

// Args is a field's arguments, as build makes them from the document and
// the variables, from the request's Doc when it has one (only operations
// without variables have one: their arguments are the document's
// constants): the generated code builds two maps per call, for each item
// of a list. The plugin uses it for fields of non-root objects whose
// arguments are all scalars or enums, and for root Query fields whose
// arguments are scalars, enums, input objects or lists of those, with no
// runtime directive. The map and everything it reaches are shared by
// every request of a document, concurrently: the pointers (*int,
// *string, *model.RoleFilter), the input objects' structs and the fields
// in them, and the lists' backing arrays ([]string ids,
// []career.SearchKind). A resolver, and whatever it hands an argument to,
// must only read them: never assign through a pointer, set a field of a
// filter, or sort, append to or normalise a list in place; copy first
// (TestSharedArgsAreNotWritten in graph/, and every graph test: TestMain
// checks each field's arguments before and after its resolver).
func Args(ctx context.Context, field graphql.CollectedField, vars map[string]any, build func(context.Context, map[string]any) (map[string]any, error)) (map[string]any, error) {
	g := Of(ctx)
	if g == nil || g.Doc == nil || field.Field == nil {
		return build(ctx, field.ArgumentMap(vars))
	}
	d := g.Doc
	// The request's own first, as in CollectFields: a list's items ask
	// for their fields' in turn.
	a := g.chunks()
	i := slotOf(uintptr(unsafe.Pointer(field.Field)))
	slot := &a.args[i]
	if slot.field == field.Field {
		return slot.args, nil
	}
	d.mu.RLock()
	args, ok := d.args[field.Field]
	d.mu.RUnlock()
	if ok {
		slot.field, slot.args = field.Field, args
		a.used |= 1 << i
		return args, nil
	}
	args, err := build(ctx, field.ArgumentMap(vars))
	if err != nil {
		return args, err
	}
	d.mu.Lock()
	if d.args == nil {
		d.args = map[*ast.Field]map[string]any{}
	}
	if prev, ok := d.args[field.Field]; ok {
		args = prev
	} else {
		d.args[field.Field] = args
	}
	d.mu.Unlock()
	slot.field, slot.args = field.Field, args
	a.used |= 1 << i
	return args, nil
}

// slotOf is where a key falls in a request's caches (arena.collected,
// arena.args): Fibonacci hashing of its address, whose low bits are an
// allocation's alignment.
func slotOf(p uintptr) uint {
	return uint(uint64(p) * 0x9E3779B97F4A7C15 >> (64 - slotBits))
}

// argsSlot is one of a request's last fields' arguments, by where the
// field falls: its Doc's, which the request keeps alive.
type argsSlot struct {
	field *ast.Field
	args  map[string]any
}
