package graph

import (
	"context"
	"errors"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"careergraph/career"
	"careergraph/store"
)

// Error codes carried in extensions.code, beside gqlgen's own
// (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED,
// COMPLEXITY_LIMIT_EXCEEDED, PERSISTED_QUERY_NOT_FOUND).
const (
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeBadRequest      = "BAD_REQUEST"
	CodeNotFound        = "NOT_FOUND"
	CodeDepthExceeded   = "DEPTH_LIMIT_EXCEEDED"
	CodeUnavailable     = "UNAVAILABLE"
	CodeInternal        = "INTERNAL"
	CodeConflict        = "CONFLICT"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeRateLimited     = "RATE_LIMITED"
)

func badInput(format string, args ...any) error { return coded(CodeBadUserInput, format, args...) }

// Bounds of what one error may say: a message quoting what a client sent
// is cut, and a refused write lists its first problems and counts the
// rest (extensions.problemsOmitted).
const (
	maxMessageBytes = 1000
	maxProblems     = 100
)

// ErrorPresenter gives every error a code in extensions.code. Errors the
// client caused keep their message (cut at maxMessageBytes); anything else
// is INTERNAL, with a generic message, so that no internal detail leaks.
// Each error's bytes count against the response size limit.
func ErrorPresenter(log func(ctx context.Context, err error)) graphql.ErrorPresenterFunc {
	present := presenter(log)
	return func(ctx context.Context, err error) *gqlerror.Error {
		if spent(ctx) {
			return nil // dropped: the answer will be RESPONSE_TOO_LARGE alone
		}
		gerr := present(ctx, err)
		gerr.Message = cut(gerr.Message, maxMessageBytes)
		errorSize(ctx, gerr)
		return gerr
	}
}

func presenter(log func(ctx context.Context, err error)) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		if gerr.Extensions != nil && gerr.Extensions["code"] != nil {
			return gerr // gqlgen's own coded errors (parse, validation, complexity, APQ)
		}
		var verr *career.ValidationError
		var qerr *career.QueryError
		var nf *career.NotFoundError
		var conflict *career.ConflictError
		var reqErr *gqlerror.Error
		switch {
		case errors.As(err, &reqErr) && reqErr.Err == nil:
			// gqlgen's own complaint about the request (unreadable body,
			// bad JSON, unknown operation): the client's fault.
			gerr.Message = cut(gerr.Message, 300)
			setCode(gerr, CodeBadRequest)
		case errors.As(err, &verr):
			setCode(gerr, CodeBadUserInput)
			shown := verr.Problems[:min(len(verr.Problems), maxProblems)]
			problems := make([]map[string]string, len(shown))
			for i, p := range shown {
				problems[i] = map[string]string{"where": cut(p.Where, maxMessageBytes), "message": cut(p.Message, maxMessageBytes)}
			}
			gerr.Extensions["problems"] = problems
			if n := len(verr.Problems) - len(shown); n > 0 {
				gerr.Extensions["problemsOmitted"] = n
			}
		case errors.As(err, &qerr):
			setCode(gerr, CodeBadUserInput)
		case errors.As(err, &nf):
			setCode(gerr, CodeNotFound)
		case errors.As(err, &conflict):
			setCode(gerr, CodeConflict)
		case errors.Is(err, store.ErrUnavailable):
			// The detail names the database server: logged, not shown.
			log(ctx, err)
			gerr.Message = "the store is unavailable, so writes are refused for now; reads still answer from the last snapshot. Retry later"
			setCode(gerr, CodeUnavailable)
		case errors.Is(err, store.ErrTooLarge):
			log(ctx, err)
			gerr.Message = "this write is too large for the store to hold in one transaction; write fewer records at once"
			setCode(gerr, CodeBadUserInput)
		case errors.Is(err, store.ErrStale):
			gerr.Message = "other writes kept landing while this one was planned; retry it"
			setCode(gerr, CodeConflict)
		case errors.Is(err, context.DeadlineExceeded):
			gerr.Message = "the request took too long"
			setCode(gerr, CodeUnavailable)
		case errors.Is(err, context.Canceled):
			gerr.Message = "the request was canceled"
			setCode(gerr, CodeUnavailable)
		default:
			log(ctx, err)
			gerr.Message = "internal error"
			setCode(gerr, CodeInternal)
		}
		return gerr
	}
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}

// coded is an error meant for the client, with its code in
// extensions.code: the one constructor of coded errors.
func coded(code, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": code},
	}
}
