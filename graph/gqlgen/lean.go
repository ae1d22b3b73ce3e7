package main

import (
	"bytes"
	"fmt"
	"go/types"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/99designs/gqlgen/codegen"
	"github.com/vektah/gqlparser/v2/ast"
)

// lean finds the fields the fast path (graph/lean) can answer: plain
// reads of a struct field of a leaf type (a built-in scalar or an enum),
// with no argument, directive or resolver, on an object that is not a
// root or introspection type. Such a field cannot error and runs no code
// of ours, so gqlgen's field context, closures and context per field buy
// it nothing; the field middleware's checks (size, deadline) run in
// lean.Guard.Field instead. Every other field keeps gqlgen's path.
type lean struct {
	fields  []leanField
	objects []leanObject
	// "Type_field" whose arguments lean.Args may keep: non-root fields'
	// of scalars and enums, root Query fields' of any input type.
	args []string
}

// leanObject is a field of an object type, a list of objects or one
// value of a union or interface, with no argument or directive on a
// non-root object: the fast path reads it (its
// struct field, method or resolver, as gqlgen's code does) and marshals
// it under a field context from the request's arena, without gqlgen's
// closures, middleware chain and context per field. An error, a budget
// spent or a request done sends it down gqlgen's path instead.
//
// Leaves that gqlgen's path resolves (resolvers and methods of a
// built-in scalar or an enum, with or without arguments of scalars and
// enums, e.g. Role.name(lang)) take it too: their arguments come from the
// document's cache (lean.Args), and a string is written from the
// request's arena instead of a closure per value.
type leanObject struct {
	object, field string
	size          string // the size budget's count of v
	args          bool   // the read takes fc.Args: set them (lean.Args)
	marshal       string // how v is written, if not with gqlgen's marshaler ("" )
}

type leanField struct {
	object, field string // GraphQL names
	goField       string // obj.<goField>
	size          string // the size budget's count of v, as lean.Size counts it
	marshal       string // the marshaler of v
	slowIf        string // when the value needs gqlgen's path after all (its errors), or ""
}

func (*lean) Name() string { return "lean" }

func (l *lean) GenerateCode(data *codegen.Data) error {
	scalarArgs := func(f *codegen.Field) bool {
		return len(f.Args) > 0 && !slices.ContainsFunc(f.Args, func(a *codegen.FieldArgument) bool {
			k := a.TypeReference.Definition.Kind
			return a.TypeReference.GQL.Elem != nil || k != ast.Scalar && k != ast.Enum || len(a.ImplDirectives()) > 0
		})
	}
	// runsCode reports whether reading an argument of type t runs code of
	// ours, per request, that a kept argument would skip: a runtime
	// directive on the input object or on a field of it, at any depth
	// (the schema's @maxLength and @maxItems are skip_runtime: none).
	inputs := map[string]*codegen.Object{}
	for _, in := range data.Inputs {
		inputs[in.Name] = in
	}
	var runsCode func(t *ast.Definition, seen map[string]bool) bool
	runsCode = func(t *ast.Definition, seen map[string]bool) bool {
		in := inputs[t.Name]
		if t.Kind != ast.InputObject || seen[t.Name] {
			return false
		}
		if in == nil || len(in.InputObjectDirectives()) > 0 {
			return true
		}
		seen[t.Name] = true
		return slices.ContainsFunc(in.Fields, func(f *codegen.Field) bool {
			return len(f.ImplDirectives()) > 0 || f.TypeReference == nil || f.TypeReference.Definition == nil ||
				runsCode(f.TypeReference.Definition, seen)
		})
	}
	// rootArgs: arguments of scalars, enums, input objects and lists of
	// those (any argument, whose value is a constant of the document when
	// the operation has no variables), with no runtime directive.
	rootArgs := func(f *codegen.Field) bool {
		return len(f.Args) > 0 && !slices.ContainsFunc(f.Args, func(a *codegen.FieldArgument) bool {
			d := a.TypeReference.Definition
			return len(a.ImplDirectives()) > 0 || d.Kind != ast.Scalar && d.Kind != ast.Enum && d.Kind != ast.InputObject ||
				runsCode(d, map[string]bool{})
		})
	}
	for _, o := range data.Objects {
		if o.Root && o.Name == "Query" {
			// Root reads keep gqlgen's path (middleware, tracing), but
			// their arguments too are the document's: role(slug:) built
			// three pointers and two maps per request, roles(first: 20)
			// ~570 bytes and two maps. Input objects and lists are shared
			// with the rest (filters, orders, search(types:),
			// careerPaths(from:, avoid:)): a Query resolver must read its
			// arguments, never write through them (TestSharedArgsAreNotWritten).
			for _, f := range o.Fields {
				if rootArgs(f) {
					l.args = append(l.args, o.Name+"_"+f.Name)
				}
			}
			continue
		}
		if o.Root || strings.HasPrefix(o.Name, "__") {
			continue
		}
		for _, f := range o.Fields {
			if scalarArgs(f) {
				l.args = append(l.args, o.Name+"_"+f.Name)
			}
			argsOK := len(f.Args) == 0 || len(l.args) > 0 && l.args[len(l.args)-1] == o.Name+"_"+f.Name
			if lf, ok := leanable(f); ok {
				lf.object, lf.field = o.Name, f.Name
				l.fields = append(l.fields, lf)
			} else if size, ok := leanObjectSize(f); ok && argsOK {
				l.objects = append(l.objects, leanObject{object: o.Name, field: f.Name, size: size, args: len(f.Args) > 0})
			} else if lo, ok := leanLeaf(f); ok && argsOK {
				lo.object, lo.field, lo.args = o.Name, f.Name, len(f.Args) > 0
				l.objects = append(l.objects, lo)
			}
		}
	}
	sort.Slice(l.objects, func(i, j int) bool {
		a, b := l.objects[i], l.objects[j]
		return a.object < b.object || a.object == b.object && a.field < b.field
	})
	sort.Slice(l.fields, func(i, j int) bool {
		a, b := l.fields[i], l.fields[j]
		return a.object < b.object || a.object == b.object && a.field < b.field
	})
	return nil
}

// builtin are the scalars whose gqlgen marshalers write their value and
// nothing else, with no context and no error (Float's can: see slowIf).
var builtin = map[string]bool{"String": true, "ID": true, "Int": true, "Float": true, "Boolean": true}

func leanable(f *codegen.Field) (leanField, bool) {
	t := f.TypeReference
	if f.IsResolver || len(f.Args) > 0 || len(f.Directives) > 0 || f.GoFieldType != codegen.GoFieldVariable ||
		f.IsReserved() || f.Stream || f.Batch || t == nil || t.Definition == nil {
		return leanField{}, false
	}
	switch t.Definition.Kind {
	case ast.Enum:
	case ast.Scalar:
		if !builtin[t.Definition.Name] {
			return leanField{}, false
		}
	default:
		return leanField{}, false
	}
	v := "obj." + f.GoFieldName
	lf := leanField{goField: f.GoFieldName, marshal: fmt.Sprintf("ec.%s(ctx, field.Selections, %s)", t.MarshalFunc(), v)}
	goT := t.GO
	if t.GQL.Elem != nil { // a list of leaves: of values, never pointers
		s, ok := goT.Underlying().(*types.Slice)
		if !ok || isPtr(s.Elem()) || t.Definition.Name == "Float" {
			return leanField{}, false
		}
		if types.Identical(goT, types.NewSlice(types.Typ[types.String])) {
			lf.size = fmt.Sprintf("lean.StringsSize(%s)", v)
		} else {
			lf.size = fmt.Sprintf("2 + len(%s)", v)
		}
		return lf, true
	}
	if isPtr(goT) {
		if t.GQL.NonNull {
			// nil: gqlgen reports the null where the field is.
			lf.slowIf = v + " == nil"
		}
		lf.size = fmt.Sprintf("lean.Size(%s)", v)
	} else {
		b, ok := goT.Underlying().(*types.Basic)
		if !ok {
			return leanField{}, false
		}
		switch {
		case b.Info()&types.IsString != 0:
			lf.size = fmt.Sprintf("len(%s) + 2", v)
		case b.Info()&(types.IsNumeric|types.IsBoolean) != 0:
			lf.size = "8"
		default:
			return leanField{}, false
		}
	}
	if t.Definition.Name == "Float" {
		// NaN and infinities are an error gqlgen reports where the field is.
		switch {
		case isPtr(goT) && t.GQL.NonNull:
			lf.slowIf = fmt.Sprintf("%s == nil || math.IsNaN(float64(*%s)) || math.IsInf(float64(*%s), 0)", v, v, v)
		case isPtr(goT):
			lf.slowIf = fmt.Sprintf("%s != nil && (math.IsNaN(float64(*%s)) || math.IsInf(float64(*%s), 0))", v, v, v)
		default:
			lf.slowIf = fmt.Sprintf("math.IsNaN(float64(%s)) || math.IsInf(float64(%s), 0)", v, v)
		}
	}
	// The commonest leaves point at the snapshot's value instead of
	// copying it into a closure.
	if !isPtr(goT) && t.GQL.NonNull && t.Marshaler != nil && t.Marshaler.Pkg() != nil && t.Marshaler.Pkg().Path() == "github.com/99designs/gqlgen/graphql" {
		basic := func(k types.BasicKind) bool { return types.Identical(goT, types.Typ[k]) }
		switch m := t.Marshaler.Name(); {
		case (m == "MarshalString" || m == "MarshalID") && basic(types.String):
			lf.marshal = "(*lean.String)(&" + v + ")"
		case m == "MarshalInt" && basic(types.Int):
			lf.marshal = "(*lean.Int)(&" + v + ")"
		case m == "MarshalBoolean" && basic(types.Bool):
			lf.marshal = "(*lean.Bool)(&" + v + ")"
		}
	}
	// An optional string, as lean.StringPtr writes it.
	if isPtr(goT) && !t.GQL.NonNull && t.GQL.Elem == nil && types.Identical(goT, types.NewPointer(types.Typ[types.String])) &&
		t.Marshaler != nil && t.Marshaler.Pkg() != nil && t.Marshaler.Pkg().Path() == "github.com/99designs/gqlgen/graphql" &&
		(t.Marshaler.Name() == "MarshalString" || t.Marshaler.Name() == "MarshalID") {
		lf.marshal = "lean.StringPtr(" + v + ")"
	}
	return lf, true
}

// leanObjectSize is the size budget's count (lean.Size) of an object
// field's value v, when the fast path can take the field.
func leanObjectSize(f *codegen.Field) (string, bool) {
	t := f.TypeReference
	if len(f.Directives) > 0 || f.IsReserved() || f.Stream || f.Batch || t == nil || t.Definition == nil ||
		t.GQL.Elem != nil && t.GQL.Elem.Elem != nil {
		return "", false
	}
	switch t.Definition.Kind {
	case ast.Object:
	case ast.Union, ast.Interface:
		// One value of an abstract type (SearchHit.node): gqlgen's
		// marshaler picks the object's, under the same field context;
		// the budget counts it as the middleware does.
		if _, ok := t.GO.Underlying().(*types.Interface); ok && t.GQL.Elem == nil {
			return "lean.Size(v)", true
		}
		return "", false
	default:
		return "", false
	}
	switch u := t.GO.Underlying().(type) {
	case *types.Pointer:
		if _, ok := u.Elem().Underlying().(*types.Struct); ok && t.GQL.Elem == nil {
			return "lean.ObjectSize(v == nil)", true
		}
	case *types.Struct:
		if t.GQL.Elem == nil {
			return "8", true
		}
	case *types.Slice:
		if t.GQL.Elem != nil {
			return "2 + len(v)", true
		}
	}
	return "", false
}

// leanLeaf is a leaf field gqlgen's path resolves (a resolver or a
// method, not a plain read: leanable takes those) of a built-in scalar or
// an enum, as a leanObject: the size budget's count of its value v as
// lean.Size counts it, and for a string a marshaler without a closure.
func leanLeaf(f *codegen.Field) (leanObject, bool) {
	t := f.TypeReference
	if len(f.Directives) > 0 || f.IsReserved() || f.Stream || f.Batch || t == nil || t.Definition == nil ||
		t.Definition.Kind != ast.Enum && !(t.Definition.Kind == ast.Scalar && builtin[t.Definition.Name]) ||
		t.GQL.Elem != nil && t.GQL.Elem.Elem != nil {
		return leanObject{}, false
	}
	goT := t.GO
	lo := leanObject{size: "lean.Size(v)"}
	switch u := goT.Underlying().(type) {
	case *types.Slice:
		if types.Identical(goT, types.NewSlice(types.Typ[types.String])) {
			lo.size = "lean.StringsSize(v)"
		} else {
			lo.size = "2 + len(v)"
		}
	case *types.Basic:
		switch {
		case u.Info()&types.IsString != 0:
			lo.size = "len(v) + 2"
		case u.Info()&(types.IsNumeric|types.IsBoolean) != 0:
			lo.size = "8"
		}
	}
	// Strings point at the value kept in the request's arena (or at the
	// resolver's) instead of a closure each.
	if t.Marshaler != nil && t.Marshaler.Pkg() != nil && t.Marshaler.Pkg().Path() == "github.com/99designs/gqlgen/graphql" &&
		(t.Marshaler.Name() == "MarshalString" || t.Marshaler.Name() == "MarshalID") && t.GQL.Elem == nil {
		switch {
		case t.GQL.NonNull && types.Identical(goT, types.Typ[types.String]):
			lo.marshal = "g.String(v)"
		case !t.GQL.NonNull && types.Identical(goT, types.NewPointer(types.Typ[types.String])):
			lo.marshal = "lean.StringPtr(v)"
		}
	}
	return lo, true
}

func isPtr(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}

// rewrite points the generated executor at the fast path: each object
// builds a lean.FieldSet with the request's guard, and each lean field
// is answered by a function appended to the file, which takes gqlgen's
// path when the guard is nil.
func (l *lean) rewrite(b []byte) ([]byte, error) {
	const newSet = "out := graphql.NewFieldSet(fields)"
	if n := bytes.Count(b, []byte(newSet)); n == 0 {
		return nil, fmt.Errorf("no %q: gqlgen changed, check the lean plugin", newSet)
	}
	b = bytes.ReplaceAll(b, []byte(newSet), []byte("out := lean.NewFieldSet(g, fields)"))
	// Each object takes the request's guard once, and its fields from the
	// document's cache (lean.CollectFields).
	collect := regexp.MustCompile(`(\n\t)fields := graphql\.CollectFields\(ec\.OperationContext, sel, (\w+)\)`)
	if n := len(collect.FindAll(b, -1)); n != bytes.Count(b, []byte("out := lean.NewFieldSet(g, fields)")) {
		return nil, fmt.Errorf("%d calls of graphql.CollectFields for %d field sets: gqlgen changed, check the lean plugin", n, bytes.Count(b, []byte("out := lean.NewFieldSet(g, fields)")))
	}
	b = collect.ReplaceAll(b, []byte("${1}g := lean.Of(ctx)${1}fields := lean.CollectFields(g, ec.OperationContext, sel, ${2})"))
	// The answer's buffer sized by the budget (lean.Marshal).
	const write = "var buf bytes.Buffer\n\t\t\tdata.MarshalGQL(&buf)\n\t\t\tresponse.Data = buf.Bytes()"
	if !bytes.Contains(b, []byte(write)) {
		return nil, fmt.Errorf("no %q: gqlgen changed, check the lean plugin", write)
	}
	b = bytes.Replace(b, []byte(write), []byte("response.Data = lean.Marshal(ctx, data)"), 1)
	// lean.FieldSet's chunks are the request's, taken on one goroutine.
	for _, bad := range []string{"out.Concurrently", "ResolveConcurrently", "out.NewView", "out.AddField", "go func"} {
		if bytes.Contains(b, []byte(bad)) {
			return nil, fmt.Errorf("the executor calls %s, which lean.FieldSet has not: gqlgen changed, check the lean plugin", bad)
		}
	}
	// Arguments of scalars and enums, kept per document (lean.Args).
	for _, f := range l.args {
		from := fmt.Sprintf("ec.field_%s_args(ctx, field.ArgumentMap(ec.Variables))", f)
		if n := bytes.Count(b, []byte(from)); n != 1 {
			return nil, fmt.Errorf("%s: %d calls of %s, want 1: gqlgen changed, check the lean plugin", f, n, from)
		}
		b = bytes.Replace(b, []byte(from), []byte(fmt.Sprintf("lean.Args(ctx, field, ec.Variables, ec.field_%s_args)", f)), 1)
	}
	// Objects held by value are marshalled from where they are, not
	// from a copy on the heap.
	var byValue map[string]string
	b, byValue = structsInPlace(b)
	var funcs bytes.Buffer
	usesMath := false
	for _, f := range l.fields {
		slow := fmt.Sprintf("ec._%s_%s(ctx, field, obj)", f.object, f.field)
		if n := bytes.Count(b, []byte("out.Values[i] = "+slow)); n != 1 {
			return nil, fmt.Errorf("%s.%s: %d calls of %s, want 1: gqlgen changed, check the lean plugin", f.object, f.field, n, slow)
		}
		sig := regexp.MustCompile(`func \(ec \*executionContext\) _` + f.object + `_` + f.field + `\(ctx context\.Context, field graphql\.CollectedField, obj ([^)]+)\) \(ret graphql\.Marshaler\) \{`).FindSubmatch(b)
		if sig == nil {
			return nil, fmt.Errorf("%s.%s: no field function: gqlgen changed, check the lean plugin", f.object, f.field)
		}
		body, _ := bytes.CutPrefix(b[bytes.Index(b, sig[0])+len(sig[0]):], []byte("\n"))
		want := "return obj." + f.goField + ", nil"
		if end := bytes.Index(body, []byte("\n}\n")); end < 0 || !bytes.Contains(body[:end], []byte(want)) {
			return nil, fmt.Errorf("%s.%s: the field function does not read %q: gqlgen changed, check the lean plugin", f.object, f.field, want)
		}
		fast := fmt.Sprintf("lean_%s_%s", f.object, f.field)
		b = bytes.Replace(b, []byte("out.Values[i] = "+slow), []byte(fmt.Sprintf("out.Values[i] = ec.%s(ctx, g, field, obj)", fast)), 1)
		f.marshal = stringList(b, enumString(b, f.marshal))
		slowIf := "g == nil"
		if f.slowIf != "" {
			slowIf += " || " + f.slowIf
			usesMath = usesMath || strings.Contains(f.slowIf, "math.")
		}
		fmt.Fprintf(&funcs, `
// %s answers %s.%s on the fast path (graph/lean).
func (ec *executionContext) %s(ctx context.Context, g *lean.Guard, field graphql.CollectedField, obj %s) graphql.Marshaler {
	if %s {
		return %s
	}
	if !g.Field(ctx, field.Alias, %s) {
		return graphql.Null
	}
	return %s
}
`, fast, f.object, f.field, fast, sig[1], slowIf, slow, f.size, f.marshal)
	}
	for _, f := range l.objects {
		if err := l.rewriteObject(&b, &funcs, f, byValue); err != nil {
			return nil, err
		}
	}
	imports := "import (\n\t\"careergraph/graph/lean\"\n"
	if usesMath && !bytes.Contains(b, []byte("\t\"math\"\n")) {
		imports += "\t\"math\"\n"
	}
	b = bytes.Replace(b, []byte("import (\n"), []byte(imports), 1)
	return append(b, funcs.Bytes()...), nil
}

// enumMarshal reads a generated marshaler of a non-null enum that gqlgen
// writes as the string its map gives (the enums mapped to Go constants):
// graphql.MarshalString, which never answers null, of a closure per value.
var enumMarshal = regexp.MustCompile(`^ec\.(marshalN[^(]+)\(ctx, field\.Selections, (obj\.\w+)\)$`)

// enumString is marshal, or, where it calls such an enum's marshaler,
// the string its map gives kept in the request's arena (lean.Guard.String):
// the same bytes without a closure.
func enumString(b []byte, marshal string) string {
	m := enumMarshal.FindStringSubmatch(marshal)
	if m == nil {
		return marshal
	}
	body := regexp.MustCompile(`(?m)^func \(ec \*executionContext\) ` + regexp.QuoteMeta(m[1]) + `\(ctx context\.Context, sel ast\.SelectionSet, v [^)]+\) graphql\.Marshaler \{
\t_ = sel
\tres := graphql\.MarshalString\(([^[\s]+)\[v\]\)
\tif res == graphql\.Null \{
\t\tgraphql\.AddInvalidNullFromMarshaler\(ctx, "\w+!"\)
\t\}
\treturn res
\}
`).FindSubmatch(b)
	if body == nil {
		return marshal
	}
	return fmt.Sprintf("g.String(%s[%s])", body[1], m[2])
}

// stringsMarshal is gqlgen's marshaler of a non-null list of non-null
// strings, as the lean plugin knows it: an array of graphql.MarshalString
// closures, one per string.
var stringsMarshal = regexp.MustCompile(`(?m)^func \(ec \*executionContext\) marshalNString2ᚕstringᚄ\(ctx context\.Context, sel ast\.SelectionSet, v \[\]string\) graphql\.Marshaler \{
\tret := make\(graphql\.Array, len\(v\)\)
\tfor i := range v \{
\t\tret\[i\] = ec\.marshalNString2string\(ctx, sel, v\[i\]\)
\t\}

\tfor _, e := range ret \{
\t\tif e == graphql\.Null \{
\t\t\treturn graphql\.Null
\t\t\}
\t\}

\treturn ret
\}
`)

// stringList is marshal, or, where it calls that marshaler (whose
// strings are never null) on a slice it can point at, lean.Strings: the
// same bytes without a closure per string.
func stringList(b []byte, marshal string) string {
	v, ok := strings.CutPrefix(marshal, "ec.marshalNString2ᚕstringᚄ(ctx, field.Selections, ")
	if !ok || !stringsMarshal.Match(b) || !regexp.MustCompile(`^(v|obj\.\w+)\)$`).MatchString(v) {
		return marshal
	}
	return "(*lean.Strings)(&" + v
}

// objectField reads the parts of gqlgen's function for an object field
// that the fast path reuses: the read, the marshal call, and whether
// gqlgen recovers its panics.
var objectField = regexp.MustCompile(`(?s)^\treturn graphql\.ResolveField\(
\t\tctx,
\t\tec\.OperationContext,
\t\tfield,
\t\tfunc\(ctx context\.Context, field graphql\.CollectedField\) \(\*graphql\.FieldContext, error\) \{
\t\t\treturn ec\.fieldContext_\w+\(ctx, field\)
\t\t\},
\t\tfunc\(ctx context\.Context\) \(any, error\) \{
(\t\t\tfc := graphql\.GetFieldContext\(ctx\)
)?\t\t\treturn ([^\n]+)
\t\t\},
\t\tnil,
\t\tfunc\(ctx context\.Context, selections ast\.SelectionSet, v [^)]+\) graphql\.Marshaler \{
\t\t\treturn (ec\.marshal[^(]+)\(ctx, selections, v\)
\t\t\},
\t\t(true|false),
\t\t(true|false),
\t\)
\}
`)

// fieldContext reads what gqlgen's fieldContext_ function sets.
var fieldContext = regexp.MustCompile(`(?s)^\tfc = &graphql\.FieldContext\{
\t\tObject: +"(\w+)",
\t\tField: +field,
\t\tIsMethod: +(true|false),
\t\tIsResolver: +(true|false),
\t\tChild: func`)

// scalarFieldContext reads the fieldContext_ function of a leaf without
// arguments.
var scalarFieldContext = regexp.MustCompile(`^\treturn graphql\.NewScalarFieldContext\("(\w+)", field, (true|false), (true|false), "\w+"\)\n\}\n`)

// structMarshal reads gqlgen's marshaler of an object held by value
// (career.Market, career.JobTitle), which takes the value by copy and
// hands the object's marshaler a pointer to the copy: one heap copy of
// the struct per value. Introspection's are left as gqlgen writes them.
var structMarshal = regexp.MustCompile(`(?m)^func \(ec \*executionContext\) (marshalN[^(]+)\(ctx context\.Context, sel ast\.SelectionSet, v [a-z]\w*\.\w+\) graphql\.Marshaler \{
\treturn (ec\._[A-Z]\w*)\(ctx, sel, &v\)
\}
`)

// structsInPlace points the items of lists of objects held by value at
// the list's own items (&v[i]), as gqlgen's marshaler of one would at
// its copy: the objects are read, never written, so the answer is the
// same without a heap copy of each item. It returns, by marshaler, the
// object function that structMarshal found.
func structsInPlace(b []byte) ([]byte, map[string]string) {
	byValue := map[string]string{}
	for _, m := range structMarshal.FindAllSubmatch(b, -1) {
		name, object := string(m[1]), string(m[2])
		byValue[name] = object
		b = bytes.ReplaceAll(b, []byte("return ec."+name+"(ctx, sel, v[i])"), []byte("return "+object+"(ctx, sel, &v[i])"))
	}
	return b, byValue
}

func (l *lean) rewriteObject(b *[]byte, funcs *bytes.Buffer, f leanObject, byValue map[string]string) error {
	slow := fmt.Sprintf("ec._%s_%s(ctx, field, obj)", f.object, f.field)
	if n := bytes.Count(*b, []byte("out.Values[i] = "+slow)); n != 1 {
		return fmt.Errorf("%s.%s: %d calls of %s, want 1: gqlgen changed, check the lean plugin", f.object, f.field, n, slow)
	}
	sig := regexp.MustCompile(`func \(ec \*executionContext\) _` + f.object + `_` + f.field + `\(ctx context\.Context, field graphql\.CollectedField, obj ([^)]+)\) \(ret graphql\.Marshaler\) \{\n`).Find(*b)
	if sig == nil {
		return fmt.Errorf("%s.%s: no field function: gqlgen changed, check the lean plugin", f.object, f.field)
	}
	obj := regexp.MustCompile(`obj ([^)]+)\)`).FindSubmatch(sig)[1]
	m := objectField.FindSubmatch((*b)[bytes.Index(*b, sig)+len(sig):])
	if m == nil {
		return fmt.Errorf("%s.%s: the field function is not gqlgen's ResolveField as the lean plugin knows it: gqlgen changed, check the lean plugin", f.object, f.field)
	}
	read, marshal, recoverPanics := string(m[2]), string(m[3]), string(m[4]) == "true"
	if (len(m[1]) > 0) != f.args {
		return fmt.Errorf("%s.%s: the read takes the field's arguments %v times, the lean plugin expected %v: gqlgen changed, check the lean plugin", f.object, f.field, len(m[1]) > 0, f.args)
	}
	// A plain read of an object held by value: marshalled in place.
	if r, ok := strings.CutSuffix(read, ", nil"); ok && strings.HasPrefix(r, "obj.") && f.marshal == "" {
		if object, ok := byValue[strings.TrimPrefix(marshal, "ec.")]; ok {
			read, marshal = "&"+read, object
		}
	}
	if f.marshal != "" {
		marshal = f.marshal
	} else {
		marshal = stringList(*b, marshal+"(ctx, field.Selections, v)")
	}
	fcSig := []byte(fmt.Sprintf("func (ec *executionContext) fieldContext_%s_%s(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {\n", f.object, f.field))
	at := bytes.Index(*b, fcSig)
	if f.args { // the function uses its context for the arguments
		fcSig = bytes.Replace(fcSig, []byte("(_ context"), []byte("(ctx context"), 1)
		at = bytes.Index(*b, fcSig)
	}
	if at < 0 {
		return fmt.Errorf("%s.%s: no fieldContext_ function: gqlgen changed, check the lean plugin", f.object, f.field)
	}
	fc := fieldContext.FindSubmatch((*b)[at+len(fcSig):])
	if fc == nil {
		fc = scalarFieldContext.FindSubmatch((*b)[at+len(fcSig):])
	}
	if fc == nil || string(fc[1]) != f.object {
		return fmt.Errorf("%s.%s: the fieldContext_ function is not as the lean plugin knows it: gqlgen changed, check the lean plugin", f.object, f.field)
	}
	// A plain read cannot fail; a resolver's error takes gqlgen's path,
	// which reports it where it is (reads run again: they change nothing).
	readCode := fmt.Sprintf("v, err := %s\n\tif err != nil {\n\t\treturn %s\n\t}", read, slow)
	if r, ok := strings.CutSuffix(read, ", nil"); ok {
		readCode = "v := " + r
	}
	recoverCode := ""
	if recoverPanics {
		// As graphql.ResolveField recovers a panic of the read or of the
		// fields below: the field answers null and the error says where.
		recoverCode = `
	defer func() {
		if r := recover(); r != nil {
			ec.Error(ctx, ec.Recover(ctx, r))
			ret = graphql.Null
		}
	}()`
	}
	argsCode := ""
	if f.args {
		// The arguments as fieldContext_ sets them, from the document's
		// cache; an error takes gqlgen's path, which reports it.
		argsCode = fmt.Sprintf(`
	fc := graphql.GetFieldContext(ctx)
	var err error
	if fc.Args, err = lean.Args(ctx, field, ec.Variables, ec.field_%s_%s_args); err != nil {
		return ec._%s_%s(parent, field, obj)
	}`, f.object, f.field, f.object, f.field)
	}
	fast := fmt.Sprintf("lean_%s_%s", f.object, f.field)
	*b = bytes.Replace(*b, []byte("out.Values[i] = "+slow), []byte(fmt.Sprintf("out.Values[i] = ec.%s(ctx, g, field, obj)", fast)), 1)
	fmt.Fprintf(funcs, `
// %s answers %s.%s on the fast path (graph/lean, leanObject).
func (ec *executionContext) %s(ctx context.Context, g *lean.Guard, field graphql.CollectedField, obj %s) (ret graphql.Marshaler) {
	if g == nil || g.Unusual() {
		return %s
	}
	parent := ctx
	ctx = g.Enter(ctx, field, %q, %s, %s)%s%s
	%s
	if !g.Take(4 + len(field.Alias) + %s) {
		return ec._%s_%s(parent, field, obj)
	}
	return %s
}
`, fast, f.object, f.field, fast, obj, slow, f.object, fc[2], fc[3], recoverCode, argsCode,
		strings.ReplaceAll(readCode, "return "+slow, fmt.Sprintf("return ec._%s_%s(parent, field, obj)", f.object, f.field)),
		f.size, f.object, f.field, marshal)
	return nil
}
