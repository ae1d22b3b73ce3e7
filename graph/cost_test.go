package graph

import (
	"testing"

	"careergraph/bench/queries"
	"careergraph/career"
	"careergraph/graph/generated"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// rolePage is the README's guide-page query.
var rolePage = queries.Get("guide-page")

// The cost of the limits on a query the cache has not seen: the pre-check
// (before validation) and the complexity walk (after it). Parsing is not
// counted: the executor parses anyway.
func BenchmarkCostPrecheckRolePage(b *testing.B) {
	doc, err := parser.ParseQuery(&ast.Source{Input: rolePage})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		m := newMeasurer(doc)
		if s := m.shape(doc); s.fields == 0 {
			b.Fatal("nothing measured")
		}
		m.sameName(doc)
	}
}

func BenchmarkCostComplexityRolePage(b *testing.B) {
	es := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}})
	doc, errs := gqlparser.LoadQueryWithRules(es.Schema(), rolePage, nil)
	if errs != nil {
		b.Fatal(errs)
	}
	b.ReportAllocs()
	for b.Loop() {
		w := &complexityWalk{es: es, sizes: &career.Sizes{}, memo: map[string]int{}, intro: introspectionWalk{schema: es.Schema(), left: 1}}
		if w.set(doc.Operations[0].SelectionSet) == 0 {
			b.Fatal("no complexity")
		}
	}
}
