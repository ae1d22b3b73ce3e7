package lean

import (
	"sync"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Doc keeps the fields collected from one parsed document's selection
// sets between requests: gqlgen collects them again for each request (and
// for each item of a list, hashing the key each time). Only operations
// without variables use it, where @skip, @include and @defer cannot
// depend on the request. Its keys point at the document's selection sets
// and at the collected fields it keeps, so no other set can take their
// address while it lives.
type Doc struct {
	mu     sync.RWMutex
	fields map[collectKey][]graphql.CollectedField
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
	d.mu.RLock()
	f, ok := d.fields[k]
	d.mu.RUnlock()
	if ok {
		return f
	}
	f = graphql.CollectFields(oc, sel, satisfies)
	d.mu.Lock()
	if d.fields == nil {
		d.fields = map[collectKey][]graphql.CollectedField{}
	}
	if prev, ok := d.fields[k]; ok {
		f = prev
	} else {
		d.fields[k] = f
	}
	d.mu.Unlock()
	return f
}
