package storetest

import (
	"context"
	"fmt"
	"sync/atomic"

	"careergraph/career"
	"careergraph/store"
)

// Outage wraps a store for outage tests: while down, every call goes to
// Dead, a store that cannot be reached, instead of the wrapped one.
type Outage struct {
	store.Store
	Dead store.Store
	down atomic.Bool
}

// SetDown starts (true) or ends (false) the outage.
func (o *Outage) SetDown(down bool) { o.down.Store(down) }

func (o *Outage) now() store.Store {
	if o.down.Load() {
		return o.Dead
	}
	return o.Store
}

func (o *Outage) Load(ctx context.Context) (career.Dataset, uint64, error) { return o.now().Load(ctx) }

func (o *Outage) Apply(ctx context.Context, w store.Write) (uint64, error) {
	return o.now().Apply(ctx, w)
}

func (o *Outage) Version(ctx context.Context) (uint64, error) { return o.now().Version(ctx) }

func (o *Outage) Meta(ctx context.Context, key string) (string, error) { return o.now().Meta(ctx, key) }

// Unreachable is a store every call of which fails as an unreachable one.
type Unreachable struct{}

func (Unreachable) err() error { return fmt.Errorf("%w: connection refused", store.ErrUnavailable) }

func (u Unreachable) Load(context.Context) (career.Dataset, uint64, error) {
	return career.Dataset{}, 0, u.err()
}
func (u Unreachable) Apply(context.Context, store.Write) (uint64, error) { return 0, u.err() }
func (u Unreachable) Version(context.Context) (uint64, error)            { return 0, u.err() }
func (u Unreachable) Meta(context.Context, string) (string, error)       { return "", u.err() }
func (Unreachable) Close() error                                         { return nil }
