// Package store defines what careergraph needs from a store of record, and
// Live, which keeps the in-memory snapshot readers use in step with it.
package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"careergraph/career"
)

// Store is a store of record for the career graph. Implementations must be
// safe for concurrent use; Live serialises the writes it makes.
type Store interface {
	// Load returns every record and the version of the last committed write
	// (0 for an empty store).
	Load(ctx context.Context) (career.Dataset, uint64, error)
	// Apply commits w in one transaction, bumps the version and returns it.
	// When it returns an error nothing of w is stored.
	Apply(ctx context.Context, w Write) (uint64, error)
	// Meta returns a value Apply stored under key, or "".
	Meta(ctx context.Context, key string) (string, error)
	// Version returns the version of the last committed write, cheaply:
	// replicas poll it to learn that another one wrote.
	Version(ctx context.Context) (uint64, error)
	// Close releases the store.
	Close() error
}

// Write is one transaction: records to delete and records to create or
// replace (both matched by career Key; deletes apply first), and metadata
// to set.
type Write struct {
	Delete career.Dataset
	Upsert career.Dataset
	Meta   map[string]string
	// Base, when set, is the version the write was planned on (0: an
	// empty store). When the store has moved past it (another replica
	// wrote), Apply refuses with ErrStale and stores nothing. Nil: the
	// write was not planned on a snapshot (a bulk copy) and is not checked.
	Base *uint64
}

// Batcher is a store that commits a large write in several transactions,
// each bumping the version. Another replica may write between two of
// them: the snapshot made from the write alone would lack that write.
type Batcher interface {
	// Commits returns how many transactions (versions) Apply makes of w.
	Commits(w Write) int
}

// BatchingKey is the Meta key a Batcher keeps while a batched write lands:
// its first transaction sets it to the version the last one will reach,
// and the last clears it. A replica that finds it ahead of the store's
// version knows another replica's big write (the open-data import) is
// landing, and waits for it instead of making the same write again. A
// write cut short leaves it behind: the version then stops moving (see
// Batching). It is not one of the Markers a migration carries.
const BatchingKey = "batched-write.until"

// Batching reports whether a batched write is landing in st: until is the
// version its last transaction will reach and at the store's version now
// (until is 0 when none is, or when the one that set the key was cut
// short and later writes went past it). A write cut short and one still
// landing look alike here; the caller tells them apart by watching at
// move.
func Batching(ctx context.Context, st Store) (until, at uint64, err error) {
	// The key first, then the version: a last batch landing between the
	// two reads is then seen as done, never the other way round.
	raw, err := st.Meta(ctx, BatchingKey)
	if err != nil || raw == "" {
		return 0, 0, err
	}
	if until, err = strconv.ParseUint(raw, 10, 64); err != nil {
		return 0, 0, fmt.Errorf("%s: %q is not a version: %w", BatchingKey, raw, err)
	}
	if at, err = st.Version(ctx); err != nil || at >= until {
		return 0, at, err
	}
	return until, at, nil
}

// ChangeLog is a store that keeps its recent writes, so that a replica a
// few versions behind applies what changed instead of loading the whole
// graph again.
type ChangeLog interface {
	// Changes returns the writes committed after version from, oldest
	// first, up to the current version. ok is false when the log does not
	// hold every one of them (too old, or a write too large to log): the
	// replica then loads everything.
	Changes(ctx context.Context, from uint64) (changes []career.Change, ok bool, err error)
}

var (
	// ErrTooLarge is returned (wrapped) when one write is more than the
	// store can hold in one transaction.
	ErrTooLarge = errors.New("the write is too large for the store")
	// ErrUnavailable is returned (wrapped) when the store cannot be reached.
	ErrUnavailable = errors.New("store unavailable")
	// ErrStale is returned (wrapped) by Apply when Write.Base is behind.
	ErrStale = errors.New("the store has changed since the write was planned")
	// ErrBusy is returned (wrapped) by Load when large writes (another
	// replica's import) kept landing while it read: the store answers, and
	// a load later will succeed.
	ErrBusy = errors.New("the store is busy with a large write")
)

// Fold replays over ds, a read of the store that began at version before
// and ended at version after (each record as of some version between), the
// logged writes of that span, from changes (the log after before; ok as
// ChangeLog.Changes says). Each write upserts or deletes whole records by
// key, so the last one touching a record sets it: the result is the graph
// at version after. ok is false when the log lacks one of the writes.
func Fold(ds career.Dataset, before, after uint64, changes []career.Change, ok bool) (career.Dataset, bool) {
	if !ok {
		return ds, false
	}
	next := before + 1
	for _, c := range changes {
		if c.Version > after {
			break
		}
		if c.Version != next {
			return ds, false
		}
		ds = ds.Without(c.Delete).Upsert(c.Upsert)
		next++
	}
	return ds, next == after+1
}
