package graph

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"careergraph/career"
)

// complexityWalk estimates the work of a validated operation (a field
// costs 1 plus its children, or what prices says; an interface field costs
// its dearest implementation), walking each fragment once: its cost does
// not depend on where it is spread, since the variables are fixed. On a
// query it also checks every argument's bounds.
// Introspection fields are counted apart, exactly, by intro.
type complexityWalk struct {
	es     graphql.ExecutableSchema
	sizes  *career.Sizes
	query  bool // a query operation: its arguments are bounded (bounds)
	bad    *gqlerror.Error
	up     args // the arguments of the field whose selection is walked
	vars   map[string]any
	memo   map[string]int
	intro  introspectionWalk
	visits int
}

func (w *complexityWalk) set(ss ast.SelectionSet) int {
	total := 0
	for _, sel := range ss {
		w.visits++
		switch s := sel.(type) {
		case *ast.Field:
			total = add(total, w.field(s))
		case *ast.InlineFragment:
			total = add(total, w.set(s.SelectionSet))
		case *ast.FragmentSpread:
			c, ok := w.memo[s.Name]
			if !ok && s.Definition != nil {
				c = w.set(s.Definition.SelectionSet)
				w.memo[s.Name] = c
			}
			total = add(total, c)
		}
	}
	return total
}

func (w *complexityWalk) field(f *ast.Field) int {
	switch {
	case f.Name == "__schema":
		w.intro.left--
		w.intro.set(f.SelectionSet, introObject{schema: true})
		return 0
	case f.Name == "__type":
		w.intro.left--
		if name, ok := f.ArgumentMap(w.vars)["name"].(string); ok && w.intro.schema.Types[name] != nil {
			w.intro.set(f.SelectionSet, introObject{typ: ast.NamedType(name, nil)})
		}
		return 0
	case f.Definition == nil || f.ObjectDefinition == nil:
		return 1 // __typename
	}
	var a args
	if len(f.Definition.Arguments) > 0 {
		a = f.ArgumentMap(w.vars)
		if w.query && w.bad == nil {
			w.bad = argBounds(w.es.Schema(), f.Name, f.Definition.Arguments, a)
		}
	}
	up := w.up
	child := 0
	if def := w.es.Schema().Types[f.Definition.Type.Name()]; def != nil && def.IsCompositeType() {
		w.up = a
		child = w.set(f.SelectionSet)
		w.up = up
	}
	if f.ObjectDefinition.Kind != ast.Interface {
		return priceOf(w.sizes, f.ObjectDefinition.Name, f.Name, child, a, up)
	}
	dearest := 0
	for _, t := range w.es.Schema().GetPossibleTypes(f.ObjectDefinition) {
		dearest = max(dearest, priceOf(w.sizes, t.Name, f.Name, child, a, up))
	}
	return dearest
}

// introspectionWalk counts the fields an introspection answer holds by
// walking the schema as the answer would, and stops once left runs out:
// its work is bounded by the limit, not by what the query asks.
// Arguments (includeDeprecated) and @skip/@include are ignored, so the
// count is an upper bound.
type introspectionWalk struct {
	schema *ast.Schema
	left   int
}

// introObject is one value of an introspection type: __Schema, a __Type
// (a named or wrapped type), __Field, __InputValue, __EnumValue or
// __Directive.
type introObject struct {
	schema bool
	typ    *ast.Type
	field  *ast.FieldDefinition    // __Field, or an input field as __InputValue
	arg    *ast.ArgumentDefinition // __InputValue
	dir    *ast.DirectiveDefinition
}

func (w *introspectionWalk) set(ss ast.SelectionSet, o introObject) {
	for _, sel := range ss {
		if w.left < 0 {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			w.left--
			if s.Name == "locations" && o.dir != nil {
				w.left -= len(o.dir.Locations)
			}
			for _, c := range w.children(o, s.Name) {
				w.set(s.SelectionSet, c)
			}
		case *ast.InlineFragment:
			w.set(s.SelectionSet, o)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				w.set(s.Definition.SelectionSet, o)
			}
		}
	}
}

// children lists the objects field name of o holds.
func (w *introspectionWalk) children(o introObject, name string) []introObject {
	var out []introObject
	named := func(n string) {
		if n != "" && w.schema.Types[n] != nil {
			out = append(out, introObject{typ: ast.NamedType(n, nil)})
		}
	}
	switch {
	case o.schema:
		switch name {
		case "types":
			for n := range w.schema.Types {
				named(n)
			}
		case "queryType", "mutationType", "subscriptionType":
			root := map[string]*ast.Definition{"queryType": w.schema.Query, "mutationType": w.schema.Mutation, "subscriptionType": w.schema.Subscription}[name]
			if root != nil {
				named(root.Name)
			}
		case "directives":
			for _, d := range w.schema.Directives {
				out = append(out, introObject{dir: d})
			}
		}
	case o.typ != nil:
		return w.typeChildren(o.typ, name)
	case o.field != nil:
		switch name {
		case "args":
			for _, a := range o.field.Arguments {
				out = append(out, introObject{arg: a})
			}
		case "type":
			out = append(out, introObject{typ: o.field.Type})
		}
	case o.arg != nil:
		if name == "type" {
			out = append(out, introObject{typ: o.arg.Type})
		}
	case o.dir != nil:
		if name == "args" {
			for _, a := range o.dir.Arguments {
				out = append(out, introObject{arg: a})
			}
		}
	}
	return out
}

func (w *introspectionWalk) typeChildren(t *ast.Type, name string) []introObject {
	var out []introObject
	if name == "ofType" {
		switch {
		case t.NonNull:
			inner := *t
			inner.NonNull = false
			out = append(out, introObject{typ: &inner})
		case t.Elem != nil:
			out = append(out, introObject{typ: t.Elem})
		}
		return out
	}
	if t.NonNull || t.Elem != nil {
		return nil // wrapped types have no fields of their own
	}
	def := w.schema.Types[t.NamedType]
	if def == nil {
		return nil
	}
	switch name {
	case "fields", "inputFields":
		if (name == "inputFields") == (def.Kind == ast.InputObject) {
			for _, f := range def.Fields {
				if !strings.HasPrefix(f.Name, "__") {
					out = append(out, introObject{field: f})
				}
			}
		}
	case "interfaces":
		for _, n := range def.Interfaces {
			out = append(out, introObject{typ: ast.NamedType(n, nil)})
		}
	case "possibleTypes":
		if def.Kind == ast.Interface || def.Kind == ast.Union {
			for _, p := range w.schema.GetPossibleTypes(def) {
				out = append(out, introObject{typ: ast.NamedType(p.Name, nil)})
			}
		}
	case "enumValues":
		for range def.EnumValues {
			out = append(out, introObject{}) // leaves only
		}
	}
	return out
}

// Bounds of every argument of a query, at any depth of its input objects:
// work that grows with an argument (a filter's words, a route's start
// skills, ids to look up) is bounded by them, and so are the error
// messages that quote one. An argument or input field long on purpose (a
// CV's text, read by the linker and priced by its length: textCost)
// declares its own bound in the schema, @maxLength(n) or @maxItems(n),
// where clients see it. Mutations have their own rules (career.Validate,
// the write budget).
const (
	MaxArgumentLen  = MaxSearchLen // characters of a String or ID
	MaxArgumentList = MaxPageSize  // items of a list
)

// declared reads the bound a directive of dirs declares, or def.
func declared(dirs ast.DirectiveList, name string, def int) int {
	d := dirs.ForName(name)
	if d == nil {
		return def
	}
	if a := d.Arguments.ForName("n"); a != nil && a.Value != nil {
		if n, err := strconv.Atoi(a.Value.Raw); err == nil {
			return n
		}
	}
	return def // checkBounds refuses such a schema at start-up
}

// checkBounds makes sure every bound the schema declares is a positive
// number, once, when the server starts.
func checkBounds(s *ast.Schema) error {
	check := func(where string, dirs ast.DirectiveList) error {
		for _, name := range []string{"maxLength", "maxItems"} {
			if d := dirs.ForName(name); d != nil && declared(dirs, name, 0) < 1 {
				return fmt.Errorf("%s: @%s needs a positive n", where, name)
			}
		}
		return nil
	}
	for _, t := range s.Types {
		for _, f := range t.Fields {
			if err := check(t.Name+"."+f.Name, f.Directives); err != nil {
				return err
			}
			for _, a := range f.Arguments {
				if err := check(t.Name+"."+f.Name+"("+a.Name+")", a.Directives); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// argBounds refuses an argument of field over its bounds, naming where.
func argBounds(s *ast.Schema, field string, defs ast.ArgumentDefinitionList, a args) *gqlerror.Error {
	for _, d := range defs {
		if v, ok := a[d.Name]; ok {
			if err := bounds(s, field+"."+d.Name, d.Type, d.Directives, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// bounds refuses a value of type t over the bounds dirs declare (or the
// defaults), naming where it is; an input object's fields are checked by
// their own definitions.
func bounds(s *ast.Schema, path string, t *ast.Type, dirs ast.DirectiveList, v any) *gqlerror.Error {
	switch v := v.(type) {
	case string:
		most := declared(dirs, "maxLength", MaxArgumentLen)
		if n := len(v); n > most && utf8.RuneCountInString(v) > most {
			return coded(CodeBadUserInput, "%s: at most %d characters allowed, %d given", path, most, utf8.RuneCountInString(v))
		}
	case []any:
		if most := declared(dirs, "maxItems", MaxArgumentList); len(v) > most {
			return coded(CodeBadUserInput, "%s: at most %d items allowed, %d given", path, most, len(v))
		}
		elem := t
		if t != nil && t.Elem != nil {
			elem = t.Elem
		}
		for _, it := range v {
			if err := bounds(s, path, elem, dirs, it); err != nil {
				return err
			}
		}
	case map[string]any:
		var def *ast.Definition
		if t != nil {
			def = s.Types[t.Name()]
		}
		for k, it := range v {
			var ft *ast.Type
			var fdirs ast.DirectiveList
			if def != nil {
				if fd := def.Fields.ForName(k); fd != nil {
					ft, fdirs = fd.Type, fd.Directives
				}
			}
			if err := bounds(s, path+"."+k, ft, fdirs, it); err != nil {
				return err
			}
		}
	}
	return nil
}
