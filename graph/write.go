package graph

import (
	"context"

	"careergraph/career"
	"careergraph/graph/model"
	"careergraph/store"
)

// write runs one planned change through Live. The client's write budget
// pays for the records the write holds, a delete's cascade included: they
// are counted once the plan has computed them, before the store sees any,
// and paid once however often the plan runs (a stale write is planned
// again). A write refused (by its checks, or a store down) gets back all
// but one token; a plan refused before it holds anything costs one.
func (r *Resolver) write(ctx context.Context, plan func(*career.Graph) (store.Write, error)) (*career.Graph, error) {
	ip := clientIP(ctx)
	var refund func()
	limited := false
	g, err := r.Live.Change(ctx, func(cur *career.Graph) (store.Write, error) {
		w, err := plan(cur)
		if err != nil || refund != nil {
			return w, err
		}
		refund, err = r.Writes.reserve(ip, w.Delete.Len()+w.Upsert.Len())
		limited = err != nil
		return w, err
	})
	switch {
	case err == nil || limited:
	case refund != nil:
		refund()
	default:
		_, _ = r.Writes.reserve(ip, 1) // the plan's checks
	}
	return g, err
}

// writeInput checks a create, update or upsert input, then writes it:
// check (nil for an upsert) passes it against the current snapshot first.
func (r *Resolver) writeInput(ctx context.Context, input career.Dataset, check func(cur *career.Graph) error) (*model.WriteResult, error) {
	if err := input.CheckInput(); err != nil {
		return nil, err
	}
	if err := r.Writes.fits(input.Len()); err != nil {
		return nil, err
	}
	g, err := r.write(ctx, func(cur *career.Graph) (store.Write, error) {
		if check != nil {
			if err := check(cur); err != nil {
				return store.Write{}, err
			}
		}
		return store.Write{Upsert: input}, nil
	})
	if err != nil {
		return nil, err
	}
	return &model.WriteResult{Version: int(g.Version()), Written: input.Len()}, nil
}
