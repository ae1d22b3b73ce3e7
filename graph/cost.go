package graph

import (
	"context"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	lru2 "github.com/hashicorp/golang-lru/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"careergraph/career"
)

// Limits bound what one operation may cost. Zero disables a limit.
type Limits struct {
	MaxQueryLength int // bytes of query text
	MaxTokens      int // lexical tokens (gqlparser's own limit)
	MaxDepth       int // nesting of data fields
	MaxFields      int // fields once every fragment is expanded where it is spread
	MaxAliases     int // aliased fields, expanded
	MaxRootFields  int // fields at the root of one operation, expanded
	MaxComplexity  int // estimated resolver work: connections count first × their fields
	// MaxIntrospection is how many fields an introspection answer may
	// hold, counted exactly on the schema.
	MaxIntrospection int
	MaxResponseBytes int // bytes of response data
	MaxErrors        int // errors listed in one response; the rest are counted
	Introspection    bool
}

// sameNameLimit bounds how many fields share one response name in one
// selection set. Validation (OverlappingFieldsCanBeMerged) compares those
// pairwise: 1,000 of them cost it 0.4 s, 20 cost nothing.
const sameNameLimit = 20

// Error codes of the limits, beside DEPTH_LIMIT_EXCEEDED and
// COMPLEXITY_LIMIT_EXCEEDED.
const (
	CodeComplexityExceeded    = "COMPLEXITY_LIMIT_EXCEEDED"
	CodeFieldsExceeded        = "FIELD_LIMIT_EXCEEDED"
	CodeAliasesExceeded       = "ALIAS_LIMIT_EXCEEDED"
	CodeRootFieldsExceeded    = "ROOT_FIELD_LIMIT_EXCEEDED"
	CodeIntrospectionExceeded = "INTROSPECTION_LIMIT_EXCEEDED"
	CodeResponseTooLarge      = "RESPONSE_TOO_LARGE"
	CodeValidationFailed      = "GRAPHQL_VALIDATION_FAILED"
)

// Cost enforces Limits in two walks, each visiting a fragment once however
// often it is spread, so that their work is linear in the query text:
//
//   - before validation, on the parsed document (every operation in it):
//     depth, expanded fields, aliases, root fields, fields sharing a name,
//     and introspection when it is off. Validation's own work grows with
//     these, so they are checked before it runs. A document found in the
//     query cache passed them already and is not walked again.
//   - after validation, with the variables: complexity, and the exact
//     size of any introspection answer, counted on the schema and cut off
//     at the limit. An operation without variables is walked once.
type Cost struct {
	Limits
	// Cache is the executor's query cache: what it holds was checked.
	Cache graphql.Cache[*ast.QueryDocument]
	// Visited, when set, is told how many steps each walk took: document
	// nodes, and fields of an introspection answer counted.
	Visited func(n int)
	// Graph is the snapshot being served: lists are priced by its sizes.
	Graph func() *career.Graph
	// AreasPerFamily is the longest family list of the BMO table served
	// (career.HiringAreas), which a role's hiringAreas walk.
	AreasPerFamily int
	es             graphql.ExecutableSchema
	// walked keeps the after-validation result of operations without
	// variables, which only their document decides, by parsed document
	// (the query cache's), name and snapshot.
	walked *lru2.Cache[walkKey, walked]
}

// walkKey names an operation without variables on one snapshot: the
// parsed document, not its text, so that finding it costs no copy of the
// text (a key of text cost 1 KB per request on the guide page).
type walkKey struct {
	doc     *ast.QueryDocument
	name    string
	version uint64
}

type walked struct {
	complexity    int
	introspection bool            // over MaxIntrospection
	bad           *gqlerror.Error // an argument out of bounds
}

var (
	_ graphql.HandlerExtension          = (*Cost)(nil)
	_ graphql.OperationParameterMutator = (*Cost)(nil)
	_ graphql.OperationContextMutator   = (*Cost)(nil)
)

func (*Cost) ExtensionName() string { return "Cost" }

func (c *Cost) Validate(es graphql.ExecutableSchema) error {
	c.es = es
	c.walked, _ = lru2.New[walkKey, walked](1000)
	return checkBounds(es.Schema())
}

// MutateOperationParameters runs before parsing and validation.
func (c *Cost) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if c.MaxQueryLength > 0 && len(p.Query) > c.MaxQueryLength {
		return coded(CodeBadUserInput, "the query is %d bytes long, at most %d allowed", len(p.Query), c.MaxQueryLength)
	}
	if c.Cache != nil {
		if _, ok := c.Cache.Get(ctx, p.Query); ok {
			return nil
		}
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, c.MaxTokens)
	if err != nil {
		return nil // the executor parses again and reports it, coded
	}
	m := newMeasurer(doc)
	s := m.shape(doc)
	refusal := c.refuse(s)
	if refusal == nil {
		// Only now, with the expanded size bounded, are names counted:
		// a level's names are merged once per spread.
		name, n := m.sameName(doc)
		if n > sameNameLimit {
			refusal = coded(CodeFieldsExceeded, "the response name %q is selected %d times in one selection set, at most %d allowed", name, n, sameNameLimit)
		}
	}
	if c.Visited != nil {
		c.Visited(m.visits)
	}
	return refusal
}

func (c *Cost) refuse(s docShape) *gqlerror.Error {
	over := func(n, limit int) bool { return limit > 0 && n > limit }
	switch {
	case s.introspection && !c.Introspection:
		return coded(CodeValidationFailed, "introspection is disabled on this server")
	case over(s.fields, c.MaxFields):
		return coded(CodeFieldsExceeded, "the query selects %s fields once its fragments are expanded, at most %d allowed", count(s.fields), c.MaxFields)
	case over(s.depth, c.MaxDepth):
		return coded(CodeDepthExceeded, "the query nests %d levels deep, at most %d allowed", s.depth, c.MaxDepth)
	case over(s.aliases, c.MaxAliases):
		return coded(CodeAliasesExceeded, "the query has %s aliased fields once its fragments are expanded, at most %d allowed", count(s.aliases), c.MaxAliases)
	case over(s.rootFields, c.MaxRootFields):
		return coded(CodeRootFieldsExceeded, "an operation selects %s root fields, at most %d allowed", count(s.rootFields), c.MaxRootFields)
	}
	return nil
}

// count prints a saturated count as "more than 2^31".
func count(n int) string {
	if n >= saturated {
		return "more than 2147483647"
	}
	return strconv.Itoa(n)
}

// MutateOperationContext runs after validation, on the operation to run.
func (c *Cost) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	var sizes *career.Sizes
	version := uint64(0)
	if c.Graph != nil {
		if g := c.Graph(); g != nil {
			sizes, version = g.Sizes(), g.Version()
		}
	}
	// Prices follow the snapshot: a write may lengthen a list.
	key := walkKey{doc: oc.Doc, name: oc.OperationName, version: version}
	cache := len(oc.Operation.VariableDefinitions) == 0 && oc.Doc != nil
	res, ok := walked{}, false
	if cache {
		res, ok = c.walked.Get(key)
	}
	if !ok {
		if sizes == nil {
			sizes = &career.Sizes{}
		}
		res = c.walk(oc, sizes)
		if cache {
			c.walked.Add(key, res)
		}
	}
	if res.bad != nil {
		return res.bad
	}
	if res.introspection {
		return coded(CodeIntrospectionExceeded, "the introspection answer would hold more than %d fields", c.MaxIntrospection)
	}
	if c.MaxComplexity > 0 && res.complexity > c.MaxComplexity {
		return coded(CodeComplexityExceeded, "operation has complexity %s, which exceeds the limit of %d", count(res.complexity), c.MaxComplexity)
	}
	return nil
}

func (c *Cost) walk(oc *graphql.OperationContext, sizes *career.Sizes) walked {
	if c.AreasPerFamily > 0 {
		withAreas := *sizes
		withAreas.AreasPerFamily = c.AreasPerFamily
		sizes = &withAreas
	}
	w := &complexityWalk{es: c.es, sizes: sizes, query: oc.Operation.Operation == ast.Query, vars: oc.Variables, memo: map[string]int{},
		intro: introspectionWalk{schema: c.es.Schema(), left: budget(c.MaxIntrospection)}}
	start := w.intro.left
	cx := w.set(oc.Operation.SelectionSet)
	if c.Visited != nil {
		// The introspection walk's steps count too: one per field counted.
		c.Visited(w.visits + start - w.intro.left)
	}
	return walked{complexity: cx, introspection: w.intro.left < 0, bad: w.bad}
}

func budget(limit int) int {
	if limit <= 0 {
		return math.MaxInt
	}
	return limit
}

// saturated is where counts stop growing: fragments that spread each other
// twice per level expand to 2^n fields, which no int holds for long.
const saturated = math.MaxInt32

func add(a, b int) int { return min(a+b, saturated) }

// docShape is what the pre-check measures of a document.
type docShape struct {
	depth, fields, aliases, rootFields int
	introspection                      bool
}

// setShape is the shape of one selection set, memoised per fragment.
type setShape struct {
	depth, fields, aliases int
	introspection          bool
}

// measurer walks an unvalidated document: unknown fragments and cycles
// count for nothing here, and validation reports them.
type measurer struct {
	frags    map[string]*ast.FragmentDefinition
	memo     map[string]setShape
	visiting map[string]bool
	levels   map[string]level // a fragment's response names at its own level
	totals   map[string]int   // a fragment's field count at its own level
	checked  map[string]bool  // fragments whose inner selection sets were counted
	worst    int
	worstOf  string
	visits   int
}

func newMeasurer(doc *ast.QueryDocument) *measurer {
	m := &measurer{frags: map[string]*ast.FragmentDefinition{}, memo: map[string]setShape{}, visiting: map[string]bool{},
		levels: map[string]level{}, totals: map[string]int{}, checked: map[string]bool{}}
	for _, f := range doc.Fragments {
		m.frags[f.Name] = f
	}
	return m
}

// shape measures every operation of doc, each fragment once.
func (m *measurer) shape(doc *ast.QueryDocument) docShape {
	var out docShape
	for _, op := range doc.Operations {
		s := m.set(op.SelectionSet)
		out.depth = max(out.depth, s.depth)
		out.fields = add(out.fields, s.fields)
		out.aliases = add(out.aliases, s.aliases)
		out.introspection = out.introspection || s.introspection
		out.rootFields = max(out.rootFields, m.total(op.SelectionSet))
	}
	return out
}

// sameName is the response name selected most often in one selection set
// of doc, and how often.
func (m *measurer) sameName(doc *ast.QueryDocument) (string, int) {
	for _, op := range doc.Operations {
		m.sameNames(op.SelectionSet)
	}
	return m.worstOf, m.worst
}

func (m *measurer) set(ss ast.SelectionSet) setShape {
	var out setShape
	for _, sel := range ss {
		m.visits++
		var s setShape
		switch sel := sel.(type) {
		case *ast.Field:
			s = m.set(sel.SelectionSet)
			s.fields = add(s.fields, 1)
			if sel.Alias != "" && sel.Alias != sel.Name {
				s.aliases = add(s.aliases, 1)
			}
			if sel.Name == "__schema" || sel.Name == "__type" {
				s.introspection = true
			}
			// Introspection nests as deep as the schema's types; its size
			// is counted exactly after validation instead.
			if strings.HasPrefix(sel.Name, "__") {
				s.depth = 0
			} else {
				s.depth++
			}
		case *ast.InlineFragment:
			s = m.set(sel.SelectionSet)
		case *ast.FragmentSpread:
			s = m.fragment(sel.Name)
		}
		out.depth = max(out.depth, s.depth)
		out.fields = add(out.fields, s.fields)
		out.aliases = add(out.aliases, s.aliases)
		out.introspection = out.introspection || s.introspection
	}
	return out
}

func (m *measurer) fragment(name string) setShape {
	if s, ok := m.memo[name]; ok {
		return s
	}
	f := m.frags[name]
	// Unknown fragments and cycles are validation's to report.
	if f == nil || m.visiting[name] {
		return setShape{}
	}
	m.visiting[name] = true
	s := m.set(f.SelectionSet)
	delete(m.visiting, name)
	m.memo[name] = s
	return s
}

// level counts the response names one selection set puts side by side,
// through its inline fragments and fragment spreads.
type level struct {
	names map[string]int
	total int
}

func (l *level) merge(o level) {
	for n, c := range o.names {
		l.names[n] = add(l.names[n], c)
	}
	l.total = add(l.total, o.total)
}

func (m *measurer) level(ss ast.SelectionSet) level {
	l := level{names: map[string]int{}}
	for _, sel := range ss {
		m.visits++
		switch sel := sel.(type) {
		case *ast.Field:
			l.names[responseName(sel)]++
			l.total = add(l.total, 1)
		case *ast.InlineFragment:
			l.merge(m.level(sel.SelectionSet))
		case *ast.FragmentSpread:
			l.merge(m.fragmentLevel(sel.Name))
		}
	}
	return l
}

func (m *measurer) fragmentLevel(name string) level {
	if l, ok := m.levels[name]; ok {
		return l
	}
	f := m.frags[name]
	if f == nil || m.visiting[name] {
		return level{}
	}
	m.visiting[name] = true
	l := m.level(f.SelectionSet)
	delete(m.visiting, name)
	m.levels[name] = l
	return l
}

// sameNames records the response name selected most often in one
// selection set, in ss and every set below it, each fragment once. A set
// of at most sameNameLimit fields cannot repeat a name too often, so only
// larger ones have their names counted.
func (m *measurer) sameNames(ss ast.SelectionSet) {
	if m.total(ss) > sameNameLimit {
		for n, c := range m.level(ss).names {
			if c > m.worst {
				m.worst, m.worstOf = c, n
			}
		}
	}
	m.inner(ss)
}

// total is how many fields ss puts side by side, through its fragments.
func (m *measurer) total(ss ast.SelectionSet) int {
	n := 0
	for _, sel := range ss {
		m.visits++
		switch sel := sel.(type) {
		case *ast.Field:
			n = add(n, 1)
		case *ast.InlineFragment:
			n = add(n, m.total(sel.SelectionSet))
		case *ast.FragmentSpread:
			t, ok := m.totals[sel.Name]
			if f := m.frags[sel.Name]; !ok && f != nil && !m.visiting[sel.Name] {
				m.visiting[sel.Name] = true
				t = m.total(f.SelectionSet)
				delete(m.visiting, sel.Name)
				m.totals[sel.Name] = t
			}
			n = add(n, t)
		}
	}
	return n
}

// inner checks the selection sets of ss's fields, through its fragments.
func (m *measurer) inner(ss ast.SelectionSet) {
	for _, sel := range ss {
		switch sel := sel.(type) {
		case *ast.Field:
			if len(sel.SelectionSet) > 0 {
				m.sameNames(sel.SelectionSet)
			}
		case *ast.InlineFragment:
			m.inner(sel.SelectionSet)
		case *ast.FragmentSpread:
			if f := m.frags[sel.Name]; f != nil && !m.checked[sel.Name] {
				m.checked[sel.Name] = true
				m.inner(f.SelectionSet)
			}
		}
	}
}

func responseName(f *ast.Field) string {
	if f.Alias != "" {
		return f.Alias
	}
	return f.Name
}

// textCharsPerPoint prices a text the linker reads (readText, a route or
// gap from a text): a point of complexity per 20 characters, so that the
// longest text (20,000 characters, ~30 ms to read) costs 1,000 and an
// operation under the default limit (5,000) reads at most five.
const textCharsPerPoint = 20

// textCost is what reading text costs, by its length in characters.
func textCost(text string) int {
	return 1 + utf8.RuneCountInString(text)/textCharsPerPoint
}
