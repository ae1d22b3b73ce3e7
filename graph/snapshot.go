package graph

import (
	"context"

	"careergraph/career"
	"careergraph/graph/lean"
)

type snapshotKey struct{}

// WithSnapshot pins the snapshot a whole operation reads, so that a write
// committed mid-request cannot mix two versions in one answer: for an
// operation that comes through gqlgen's own transports (tests); ours pins
// it in the operation.
func WithSnapshot(ctx context.Context, g *career.Graph) context.Context {
	return context.WithValue(ctx, snapshotKey{}, g)
}

// snap returns the operation's snapshot, or the current one. On the fast
// path the request's guard holds it (fastPath): a field's context answers
// the guard at once, where the snapshot's key is a dozen contexts up.
func (r *Resolver) snap(ctx context.Context) *career.Graph {
	if g := lean.Of(ctx); g != nil {
		if s, ok := g.Snapshot.(*career.Graph); ok {
			return s
		}
	}
	if op := operationOf(ctx); op != nil && op.snapshot != nil {
		return op.snapshot
	}
	if g, ok := ctx.Value(snapshotKey{}).(*career.Graph); ok {
		return g
	}
	return r.Live.Graph()
}
