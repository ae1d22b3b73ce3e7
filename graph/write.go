package graph

import (
	"context"

	"careergraph/career"
	"careergraph/graph/model"
	"careergraph/store"
)

// write runs one planned change through Live and reports it.
func (r *Resolver) write(ctx context.Context, written int, plan func(career.Dataset) (career.Dataset, store.Write, error)) (*model.WriteResult, error) {
	g, err := r.Live.Change(ctx, plan)
	if err != nil {
		return nil, err
	}
	return &model.WriteResult{Version: int(g.Version()), Written: written}, nil
}
