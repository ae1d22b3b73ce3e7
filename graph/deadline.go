package graph

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"careergraph/career"
)

// ErrShuttingDown is the cause a server gives the contexts of the requests
// it stops when it shuts down.
var ErrShuttingDown = errors.New("the server is shutting down")

// Deadline stops a query's work once its context is done (the deadline
// passed, the client left, the server is shutting down): no field
// resolves after that, so nothing more is built, and the answer is one
// UNAVAILABLE error saying why. gqlgen checks the context only before it
// starts executing. A mutation is not stopped: once its write is
// committed, its answer must say so.
type Deadline struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.FieldInterceptor
} = Deadline{}

func (Deadline) ExtensionName() string                          { return "Deadline" }
func (Deadline) Validate(schema graphql.ExecutableSchema) error { return nil }

// InterceptField costs one check of the context per field until it ends.
func (Deadline) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	if ctx.Err() == nil {
		return next(ctx)
	}
	op := operationOf(ctx)
	if op == nil || !op.stoppable { // a mutation (see stopAtDeadline)
		return next(ctx)
	}
	op.stop.Store(true)
	return nil, stoppedField()
}

// stoppedField is what each field still to run reports; the operation's
// answer replaces them all with one error. A new error each time: gqlgen
// writes the field's location into the error it is given, so one shared
// value was written by concurrent requests at once (a data race that
// -race caught in TestAuditRequestsSixtyFourAtOnce).
func stoppedField() error { return coded(CodeUnavailable, "stopped") }

// stopAtDeadline answers a query that Deadline stopped, or that gqlgen did
// not start, with one error saying why instead of a partial answer.
func stopAtDeadline(op *graphql.OperationContext, work *career.Work, answer graphql.ResponseHandler, m *Metrics) graphql.ResponseHandler {
	return func(ctx context.Context) *graphql.Response {
		ctx, st := operationIn(ctx) // the operation middleware's
		st.stoppable = !mutation(op)
		resp := answer(ctx)
		if ctx.Err() == nil || resp != nil && !st.stop.Load() && !work.Stopped() {
			return resp
		}
		if m != nil {
			m.Refused(CodeUnavailable)
		}
		return stopped(ctx)
	}
}

// meter is the meter of an operation's reads on its snapshot: a query's
// stop inside a resolver (a scan, a search, a wait for an index) within a
// few records of its context's end, as fields stop between them
// (Deadline); a mutation's only count, since its answer must say what it
// wrote.
func meter(ctx context.Context, op *graphql.OperationContext) *career.Work {
	if mutation(op) {
		return career.NewWork(nil)
	}
	return career.NewWork(ctx.Done())
}

func mutation(op *graphql.OperationContext) bool {
	return op != nil && op.Operation != nil && op.Operation.Operation == ast.Mutation
}

// stopped is the answer to a request whose context ended before its
// answer was built, and why.
func stopped(ctx context.Context) *graphql.Response {
	msg := "the request took longer than the server allows"
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, ErrShuttingDown):
		msg = ErrShuttingDown.Error() + "; retry"
	case errors.Is(cause, context.Canceled):
		msg = "the request was canceled"
	}
	return &graphql.Response{Errors: gqlerror.List{coded(CodeUnavailable, "%s", msg)}}
}
