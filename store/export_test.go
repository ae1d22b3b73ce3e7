package store

import "context"

// Reload is reload, for the tests of package store_test: what a poll runs
// once it has seen the store's version move past the snapshot.
func (l *Live) Reload(ctx context.Context) (bool, error) { return l.reload(ctx) }
