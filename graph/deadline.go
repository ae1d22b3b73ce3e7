package graph

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// ErrShuttingDown is the cause a server gives the contexts of the requests
// it stops when it shuts down.
var ErrShuttingDown = errors.New("the server is shutting down")

// Deadline stops a request's work once its context is done (the deadline
// passed, the client left, the server is shutting down): no field resolves
// after that, so nothing more is built. gqlgen checks the context only
// before it starts executing.
type Deadline struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.FieldInterceptor
} = Deadline{}

func (Deadline) ExtensionName() string                          { return "Deadline" }
func (Deadline) Validate(schema graphql.ExecutableSchema) error { return nil }

func (Deadline) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	if ctx.Err() != nil {
		return nil, errStopped
	}
	return next(ctx)
}

// errStopped is what each field still to run reports; stopped replaces
// them all with one error.
var errStopped = coded(CodeUnavailable, "stopped")

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
