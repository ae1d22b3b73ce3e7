package graph

import (
	"context"
	"errors"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"careergraph/graph/lean"
)

// The response budget (lean.Budget) counts the bytes an answer will hold
// while its fields resolve, errors included, so that an answer over
// MaxResponseBytes stops resolving at the limit instead of being built
// whole and refused after. The count is of the JSON written: names,
// punctuation, scalars as written (escapes aside, which capResponse's
// exact check catches).

// budgetOf is the answer's budget (capResponse sets it in the
// operation), nil (no limit) when it has none.
func budgetOf(ctx context.Context) *lean.Budget {
	if op := operationOf(ctx); op != nil && op.hasBudget {
		return &op.budget
	}
	return nil
}

// countResponse is the field middleware that spends each field's bytes:
// past the limit no resolver runs any more, and the answer is refused
// (capResponse) with what was counted.
func countResponse(ctx context.Context, next graphql.Resolver) (any, error) {
	b := budgetOf(ctx)
	if b == nil {
		return next(ctx)
	}
	if b.Over() {
		return nil, tooLarge()
	}
	res, err := next(ctx)
	n := 4 // "":, around the response name
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		n += len(fc.Field.Alias)
	}
	if !b.Spend(n + jsonSize(res)) {
		return nil, tooLarge()
	}
	return res, err
}

// errTooLarge is what a field answers past the limit. It is never shown:
// the error presenter drops every error once the budget is spent (each
// field of the lists already resolved still answers one), and capResponse
// answers RESPONSE_TOO_LARGE alone.
var errTooLarge = errors.New("the answer is over the response size limit")

func tooLarge() error { return errTooLarge }

// spent reports whether the answer of ctx is already over the limit.
func spent(ctx context.Context) bool {
	return budgetOf(ctx).Over()
}

// jsonSize is about how many bytes v takes written as JSON (lean.Size:
// the fast path counts its fields with it too).
func jsonSize(v any) int { return lean.Size(v) }

// errorSize spends an error's bytes.
func errorSize(ctx context.Context, e *gqlerror.Error) {
	budgetOf(ctx).Spend(len(e.Message) + 16*len(e.Path) + 64)
}

// cut shortens a message quoting what a client sent to at most n bytes.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
