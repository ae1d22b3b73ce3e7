package graph

import (
	"context"
	"sync/atomic"

	"careergraph/career"
	"careergraph/graph/lean"
)

// operation is what the layers of one operation hand each other through
// its context: the snapshot it reads, the buffer its answer is written
// into, its stop flag and its size budget. One context value and one
// allocation for them all, not one of each (~250 bytes a request less
// for the collector, and shorter walks up the context). The transport
// adds a new one for each request; the operation middleware adds one
// where a request came another way (gqlgen's own transports, in tests).
// Every layer writes it on the request's goroutine: the executor resolves
// every field on one (graph/gqlgen).
type operation struct {
	// snapshot is what the operation reads: pinned by the transport, then
	// metered (Graph.Metered) by the operation middleware.
	snapshot *career.Graph
	// out is the transport's pooled buffer for the answer's data
	// (lean.Output), nil where the transport lends none.
	out *lean.Output
	// stoppable marks a query, which Deadline stops (a mutation is not);
	// stop says it did.
	stoppable bool
	stop      atomic.Bool
	// budget is the answer's size budget where it has one (capResponse).
	budget    lean.Budget
	hasBudget bool
}

type operationKey struct{}

func withOperation(ctx context.Context, op *operation) context.Context {
	return context.WithValue(ctx, operationKey{}, op)
}

// operationIn is ctx's operation, with ctx, or a new one added to ctx
// where the request came without one (gqlgen's own transports).
func operationIn(ctx context.Context) (context.Context, *operation) {
	if op := operationOf(ctx); op != nil {
		return ctx, op
	}
	op := &operation{}
	return withOperation(ctx, op), op
}

// operationOf is ctx's operation, nil outside one.
func operationOf(ctx context.Context) *operation {
	op, _ := ctx.Value(operationKey{}).(*operation)
	return op
}
