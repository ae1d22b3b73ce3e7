package graph

import (
	"context"
	"net/http"

	"careergraph/career"
	"careergraph/graph/lean"
)

// Request is what the HTTP layer learns of a request before GraphQL runs:
// the client's address (ClientIP), whether it carries a valid API key
// (Keys.Authenticate), its language (Languages), whether it came over GET
// (OverGET), and its body once read (SetBody). The middlewares fill one
// Request in the request's context, added by the first of them (or by
// the app's guard), so that a request costs one
// context value and one copy of its *http.Request for all of them, not
// one of each per middleware (~1 KB a request, which on the full graph
// the collector pays for again).
type Request struct {
	ip            string
	authenticated bool
	lang          career.Lang
	hasLang       bool
	overGET       bool
	body          []byte
}

type requestKey struct{}

// WithRequest returns ctx with a new, empty Request for the middlewares
// to fill.
func WithRequest(ctx context.Context) (context.Context, *Request) {
	q := &Request{}
	return context.WithValue(ctx, requestKey{}, q), q
}

// requestOf is the Request of ctx, or nil.
func requestOf(ctx context.Context) *Request {
	q, _ := ctx.Value(requestKey{}).(*Request)
	return q
}

// guardedRequest is the Request the fast path's guard holds (fastPath),
// for a resolver: a field's context answers the guard at once, where the
// Request's key is a dozen contexts up.
func guardedRequest(ctx context.Context) *Request {
	if g := lean.Of(ctx); g != nil {
		q, _ := g.Request.(*Request)
		return q
	}
	return nil
}

// requestFor is r's Request, with r, or a copy of r with a new one when
// it has none yet.
func requestFor(r *http.Request) (*http.Request, *Request) {
	if q := requestOf(r.Context()); q != nil {
		return r, q
	}
	ctx, q := WithRequest(r.Context())
	return r.WithContext(ctx), q
}

// SetBody hands the transport the request's body, read whole by the HTTP
// layer: the transport decodes it from there instead of reading and
// copying it again. body must stay as it is until the handler returns.
func (q *Request) SetBody(body []byte) { q.body = body }

// requestBody is the body the HTTP layer read, if it read it.
func requestBody(ctx context.Context) ([]byte, bool) {
	if q := requestOf(ctx); q != nil && q.body != nil {
		return q.body, true
	}
	return nil, false
}
