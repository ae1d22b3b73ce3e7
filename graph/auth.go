package graph

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Keys checks API keys for writes. Keys are compared as SHA-256 digests
// with subtle.ConstantTimeCompare, so neither a key's content nor its
// length shows in the time a refusal takes.
type Keys struct {
	digests [][32]byte
}

// NewKeys builds a checker from the configured keys; empty entries are
// ignored.
func NewKeys(keys []string) *Keys {
	k := &Keys{}
	for _, key := range keys {
		if key = strings.TrimSpace(key); key != "" {
			k.digests = append(k.digests, sha256.Sum256([]byte(key)))
		}
	}
	return k
}

// Enabled reports whether any key is configured: without one, writes are
// disabled.
func (k *Keys) Enabled() bool { return len(k.digests) > 0 }

// Valid reports whether key is one of the configured keys.
func (k *Keys) Valid(key string) bool {
	d := sha256.Sum256([]byte(key))
	ok := 0
	for _, want := range k.digests {
		ok |= subtle.ConstantTimeCompare(d[:], want[:])
	}
	return ok == 1
}

// Authenticate records in the request's Request whether it carries a
// valid `Authorization: Bearer <key>`.
func (k *Keys) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		ok := found && k.Valid(key)
		r, q := requestFor(r)
		q.authenticated = ok
		next.ServeHTTP(w, r)
	})
}

func authenticated(ctx context.Context) bool {
	q := requestOf(ctx)
	return q != nil && q.authenticated
}

// OverGET marks a request sent with GET. gqlgen's GET transport refuses
// any mutation once the operation is read (the app answers 405, Allow:
// POST), whatever the key; the write gate leaves that refusal to it, so
// that a mutation over GET gets the answer that says what to do. It
// returns ctx itself when ctx has a Request already.
func OverGET(ctx context.Context) context.Context {
	q := requestOf(ctx)
	if q == nil {
		ctx, q = WithRequest(ctx)
	}
	q.overGET = true
	return ctx
}

func overGET(ctx context.Context) bool {
	q := requestOf(ctx)
	return q != nil && q.overGET
}

// writeGate refuses a mutation without a valid key, and one with more than
// one root field: each mutation field commits on its own, so two of them
// could half-apply an operation. One field takes a whole dataset, so
// nothing is lost. It runs before execution, so a refusal writes nothing
// and is counted with the other errors.
type writeGate struct{ keys *Keys }

var (
	_ graphql.HandlerExtension        = writeGate{}
	_ graphql.OperationContextMutator = writeGate{}
)

func (writeGate) ExtensionName() string                   { return "WriteGate" }
func (writeGate) Validate(graphql.ExecutableSchema) error { return nil }

func (g writeGate) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if overGET(ctx) || oc.Operation == nil || oc.Operation.Operation != ast.Mutation {
		return nil
	}
	switch {
	case g.keys == nil || !g.keys.Enabled():
		return coded(CodeForbidden, "writes are disabled on this server: no API_KEYS configured")
	case !authenticated(ctx):
		return coded(CodeUnauthenticated, "writes need Authorization: Bearer <key> with a valid API key")
	}
	fields := graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Mutation"})
	if len(fields) > 1 {
		return coded(CodeBadUserInput, "a mutation operation takes one root field (it is one transaction); this one has %d: send them as one input, or as separate operations", len(fields))
	}
	return nil
}
