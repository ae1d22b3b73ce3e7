package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Limits refuses operations that are too long or nest too deep, before
// they are executed. Complexity is limited by gqlgen's own extension.
type Limits struct {
	MaxDepth       int
	MaxQueryLength int
}

var (
	_ graphql.HandlerExtension          = Limits{}
	_ graphql.OperationParameterMutator = Limits{}
	_ graphql.OperationContextMutator   = Limits{}
)

func (Limits) ExtensionName() string                   { return "Limits" }
func (Limits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters runs before parsing, so an oversized query
// costs no parse.
func (l Limits) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	if l.MaxQueryLength > 0 && len(p.Query) > l.MaxQueryLength {
		return coded(CodeBadUserInput, "the query is %d bytes long, at most %d allowed", len(p.Query), l.MaxQueryLength)
	}
	return nil
}

// MutateOperationContext runs after validation, on the operation to run.
func (l Limits) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if l.MaxDepth <= 0 || oc.Operation == nil {
		return nil
	}
	if d := depth(oc.Operation.SelectionSet, map[string]bool{}); d > l.MaxDepth {
		return coded(CodeDepthExceeded, "the query nests %d levels deep, at most %d allowed", d, l.MaxDepth)
	}
	return nil
}

// depth is the deepest chain of fields. Fragments count where they are
// spread; introspection fields do not count, since their size is bounded
// by the schema and GraphiQL's own introspection query is deep.
func depth(set ast.SelectionSet, visiting map[string]bool) int {
	deepest := 0
	for _, sel := range set {
		d := 0
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue
			}
			d = 1 + depth(s.SelectionSet, visiting)
		case *ast.InlineFragment:
			d = depth(s.SelectionSet, visiting)
		case *ast.FragmentSpread:
			// Validation already refuses fragment cycles; this guard keeps
			// depth total anyway.
			if s.Definition == nil || visiting[s.Name] {
				continue
			}
			visiting[s.Name] = true
			d = depth(s.Definition.SelectionSet, visiting)
			delete(visiting, s.Name)
		}
		deepest = max(deepest, d)
	}
	return deepest
}

func coded(code, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": code},
	}
}
