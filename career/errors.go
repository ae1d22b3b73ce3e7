package career

import (
	"fmt"
	"strings"
)

// MaxPageSize bounds every list-like answer: pages, similar roles, hubs.
const MaxPageSize = 100

// QueryError is a bad path query: unknown id or out-of-range bound.
type QueryError struct{ Msg string }

func (e *QueryError) Error() string { return e.Msg }

func queryErr(format string, args ...any) error { return &QueryError{fmt.Sprintf(format, args...)} }

// Problem is one reason a dataset is invalid. Where names the record
// ("roles[2] role:data-engineer"); Field, when the problem is one field's,
// names it ("titles[0].label"), and Message then starts with it.
type Problem struct {
	Where   string
	Field   string
	Message string
}

// ValidationError lists every problem found in a dataset.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	const shown = 5
	var b strings.Builder
	fmt.Fprintf(&b, "invalid graph data (%d problem", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	b.WriteString("): ")
	for i, p := range e.Problems {
		if i == shown {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-shown)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Where + ": " + p.Message)
	}
	return b.String()
}

// NotFoundError says a write names a record that does not exist.
type NotFoundError struct{ Msg string }

func (e *NotFoundError) Error() string { return e.Msg }

// ConflictError says a write would break a rule of existing data:
// creating a record that exists, deleting a source still cited.
type ConflictError struct{ Msg string }

func (e *ConflictError) Error() string { return e.Msg }
