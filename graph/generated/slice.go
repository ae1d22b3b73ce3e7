// Package generated is gqlgen's executor for the schema, written by
// `go run ./graph/gqlgen` and never edited by hand, except this file: the
// in-order list marshaller the generator points the executor at.
package generated

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"careergraph/graph/lean"
)

// marshalSlice is graphql.MarshalSliceConcurrently without the goroutines
// (see graph/gqlgen): each item gets its field context with its index, and
// an item whose marshaling panics is reported and nulled, unless
// omitPanicHandler. The worker limit has no use in order.
func marshalSlice(ctx context.Context, length int, _ int64, omitPanicHandler bool, marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	// On the fast path the items' field contexts and the answer come from
	// the request's arena (lean.Guard.Item), which outlives the request.
	g := lean.Of(ctx)
	var ret graphql.Array
	var fcs []graphql.FieldContext
	var index []int
	var parent *graphql.FieldContext
	if g != nil {
		ret, parent = g.Array(length), graphql.GetFieldContext(ctx)
	} else {
		// The items' field contexts and indexes, in two allocations, not
		// two per item.
		ret = make(graphql.Array, length)
		fcs, index = make([]graphql.FieldContext, length), make([]int, length)
	}
	for i := range length {
		var childCtx context.Context
		if g != nil {
			childCtx = g.Item(ctx, parent, i)
		} else {
			index[i] = i
			fcs[i].Index = &index[i]
			childCtx = graphql.WithFieldContext(ctx, &fcs[i])
		}
		func() {
			if !omitPanicHandler {
				defer func() {
					if r := recover(); r != nil {
						graphql.AddError(childCtx, graphql.Recover(childCtx, r))
						ret[i] = graphql.Null
					}
				}()
			}
			ret[i] = marshalElement(childCtx, i)
		}()
	}
	return ret
}
