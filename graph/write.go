package graph

import (
	"context"

	"careergraph/career"
	"careergraph/graph/model"
	"careergraph/store"
)

// write runs one planned change of n records through Live and reports
// it; the client's write budget is spent first.
func (r *Resolver) write(ctx context.Context, n, written int, plan func(*career.Graph) (store.Write, error)) (*model.WriteResult, error) {
	if err := r.Writes.take(clientIP(ctx), n); err != nil {
		return nil, err
	}
	g, err := r.Live.Change(ctx, plan)
	if err != nil {
		return nil, err
	}
	return &model.WriteResult{Version: int(g.Version()), Written: written}, nil
}

// writeInput checks a create, update or upsert input, then writes it:
// check (nil for an upsert) passes it against the current snapshot first.
func (r *Resolver) writeInput(ctx context.Context, input career.Dataset, check func(cur *career.Graph) error) (*model.WriteResult, error) {
	if err := input.CheckInput(); err != nil {
		return nil, err
	}
	if err := r.Writes.take(clientIP(ctx), input.Len()); err != nil {
		return nil, err
	}
	g, err := r.Live.Upsert(ctx, input, check)
	if err != nil {
		return nil, err
	}
	return &model.WriteResult{Version: int(g.Version()), Written: input.Len()}, nil
}
