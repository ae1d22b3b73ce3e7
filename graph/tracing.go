package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Tracing makes an OpenTelemetry span per GraphQL operation, named after
// it, and a child span per root field, so a slow careerPaths shows apart
// from the rest of a page's query. It records operation names, types and
// error codes, never variables or query text: those can hold user data.
// With no tracer provider configured the spans are no-ops.
type Tracing struct {
	Tracer trace.Tracer
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
	graphql.FieldInterceptor
} = Tracing{}

func (Tracing) ExtensionName() string                   { return "Tracing" }
func (Tracing) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse spans an operation, or a request refused before one
// exists (parse errors, limits), which is named "graphql".
func (t Tracing) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	name, attrs := "graphql", []attribute.KeyValue(nil)
	if graphql.HasOperationContext(ctx) {
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil {
			typ := string(oc.Operation.Operation)
			name = "graphql." + typ
			if oc.Operation.Name != "" {
				name += " " + oc.Operation.Name
			}
			attrs = append(attrs, attribute.String("graphql.operation.type", typ), attribute.String("graphql.operation.name", oc.Operation.Name))
		}
	}
	ctx, span := t.Tracer.Start(ctx, name, trace.WithAttributes(attrs...))
	defer span.End()
	resp := next(ctx)
	if resp != nil && len(resp.Errors) > 0 {
		var codeList []string
		for _, e := range resp.Errors {
			if c, ok := e.Extensions["code"].(string); ok {
				codeList = append(codeList, c)
			}
		}
		span.SetAttributes(attribute.Int("graphql.errors", len(resp.Errors)), attribute.StringSlice("graphql.error_codes", codeList))
		span.SetStatus(codes.Error, fmt.Sprintf("%d GraphQL error(s)", len(resp.Errors)))
	}
	return resp
}

// InterceptField spans the root fields (Query.role, Mutation.upsert, ...);
// nested fields are snapshot lookups, too many and too cheap to trace.
func (t Tracing) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Parent == nil || fc.Parent.Parent != nil || fc.Field.Field == nil {
		return next(ctx)
	}
	ctx, span := t.Tracer.Start(ctx, "graphql.resolve "+fc.Object+"."+fc.Field.Name,
		trace.WithAttributes(attribute.String("graphql.field.path", fc.Path().String())))
	defer span.End()
	res, err := next(ctx)
	if err != nil {
		span.SetStatus(codes.Error, "resolver error")
	}
	return res, err
}
