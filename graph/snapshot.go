package graph

import (
	"context"

	"careergraph/career"
)

type snapshotKey struct{}

// WithSnapshot pins the snapshot a whole operation reads, so that a write
// committed mid-request cannot mix two versions in one answer.
func WithSnapshot(ctx context.Context, g *career.Graph) context.Context {
	return context.WithValue(ctx, snapshotKey{}, g)
}

// snap returns the operation's snapshot, or the current one.
func (r *Resolver) snap(ctx context.Context) *career.Graph {
	if g, ok := ctx.Value(snapshotKey{}).(*career.Graph); ok {
		return g
	}
	return r.Live.Graph()
}
