package neo4j

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"careergraph/career"
	"careergraph/store"
)

// Apply commits w in one managed write transaction (retried by the driver
// on transient errors). The version bump comes first: it locks the
// version node, so writes from all replicas are serialised.
func (s *Store) Apply(ctx context.Context, w store.Write) (uint64, error) {
	return s.write(ctx, w, false)
}

// Replace swaps the whole graph for ds and meta: what the migration
// command writes into a store that already holds a graph. The old graph is
// removed in batches first, then ds written as any big write is (see
// maxBatch): a replace cut short is redone by running it again.
func (s *Store) Replace(ctx context.Context, ds career.Dataset, meta map[string]string) (uint64, error) {
	return s.write(ctx, store.Write{Upsert: ds, Meta: meta}, true)
}

// maxBatch is the most records one transaction writes. A bigger write (the
// open data on first start, a migration) goes in several, each, with the
// ones before it, a valid graph: deletes first (relationships, then the
// nodes), then records in reference order (refOrder), so that whatever a
// record points at is written in its batch or an earlier one, and a
// store whose write was cut short loads (and the write is redone). Neo4j
// holds a transaction's whole state in memory, and at its default limits a
// 300,000-record write fails with MemoryPoolOutOfMemoryError. Each batch
// bumps the version; the Base check applies to the first, the metadata
// lands with the last, so a write cut short is redone whole (its upserts
// are idempotent) by whoever checks the metadata, as the open-data import
// does. While the batches land, store.BatchingKey holds the version the
// last will reach.
const maxBatch = 20_000

// write runs apply in one managed write transaction per batch.
func (s *Store) write(ctx context.Context, w store.Write, wipe bool) (uint64, error) {
	if wipe {
		if err := s.wipe(ctx); err != nil {
			return 0, err
		}
	}
	parts := batches(w, s.batch)
	var v uint64
	for i, part := range parts {
		var err error
		if v, err = s.writeOne(ctx, part, len(parts)-1-i, len(parts) > 1); err != nil {
			if i > 0 {
				return 0, fmt.Errorf("batch %d of %d (the earlier ones are committed; redo the write): %w", i+1, len(parts), err)
			}
			return 0, err
		}
	}
	return v, nil
}

// Commits is how many transactions Apply makes of w (store.Batcher).
func (s *Store) Commits(w store.Write) int { return len(batches(w, s.batch)) }

// batches cuts w into writes of at most max records (see maxBatch).
func batches(w store.Write, max int) []store.Write {
	if w.Upsert.Len()+w.Delete.Len() <= max {
		return []store.Write{w}
	}
	var out []store.Write
	cur, n := store.Write{Base: w.Base}, 0
	flush := func() {
		out = append(out, cur)
		cur, n = store.Write{}, 0
	}
	cut := func(src *career.Dataset, dst func(*store.Write) *career.Dataset, order []kind) {
		for _, k := range order {
			total := k.count(src)
			if k.linked() && total > 0 {
				if n > 0 && n+total > max {
					flush()
				}
				k.move(src, dst(&cur), 0, total)
				if n += total; n >= max {
					flush()
				}
				continue
			}
			for i := 0; i < total; {
				take := min(total-i, max-n)
				k.move(src, dst(&cur), i, take)
				i, n = i+take, n+take
				if n == max {
					flush()
				}
			}
		}
	}
	// Deletes go the other way: what points at a record goes before it.
	backward := slices.Collect(func(yield func(kind) bool) {
		for _, k := range slices.Backward(refOrder) {
			if !yield(k) {
				return
			}
		}
	})
	// Sources and groups are cited and held through other records'
	// fields: deleted after the upserts that stop citing them (an import
	// dropping a source rewrites its records), so a write cut between
	// batches leaves no record citing a deleted one. One the write also
	// upserts is deleted first, as Apply's order says.
	early, late := w.Delete, career.Dataset{}
	upSource, upGroup := map[string]bool{}, map[string]bool{}
	for _, s := range w.Upsert.Sources {
		upSource[s.ID] = true
	}
	for _, g := range w.Upsert.Groups {
		upGroup[g.ID] = true
	}
	early.Sources, late.Sources = split(w.Delete.Sources, func(s career.Source) bool { return upSource[s.ID] })
	early.Groups, late.Groups = split(w.Delete.Groups, func(g career.Group) bool { return upGroup[g.ID] })
	cut(&early, func(c *store.Write) *career.Dataset { return &c.Delete }, backward)
	cut(&w.Upsert, func(c *store.Write) *career.Dataset { return &c.Upsert }, refOrder)
	cut(&late, func(c *store.Write) *career.Dataset { return &c.Delete }, backward)
	if n > 0 || len(out) == 0 {
		flush()
	}
	out[len(out)-1].Meta = w.Meta
	return out
}

// split returns the records of in that first holds, and the others.
func split[T any](in []T, first func(T) bool) (yes, no []T) {
	for _, r := range in {
		if first(r) {
			yes = append(yes, r)
		} else {
			no = append(no, r)
		}
	}
	return yes, no
}

// refOrder is kinds in reference order: sources (which records cite),
// groups (which skills and groups point at), roles (which levels and other
// roles point at), the other nodes, then the relationships, which point at
// nodes only. (The kind registry's order put sources and groups after
// roles and skills: an import cut after its first batches left a graph
// with 36,987 problems, which no start could load.)
var refOrder = func() []kind {
	first := []string{"Source", "Group", "Role", "Level", "Skill", "Training", "Employer"}
	out := make([]kind, 0, len(kinds))
	for _, label := range first {
		i := slices.IndexFunc(kinds, func(k kind) bool { return k.Label() == label })
		out = append(out, kinds[i])
	}
	for _, k := range kinds {
		if !slices.Contains(first, k.Label()) {
			out = append(out, k)
		}
	}
	return out
}()

// writeOne runs apply in one managed write transaction; of a batched
// write, pending more follow it.
func (s *Store) writeOne(ctx context.Context, w store.Write, pending int, batched bool) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, bulkTimeout)
	defer cancel()
	sess := s.session(ctx, driver.AccessModeWrite)
	defer sess.Close(ctx)
	// The server's own limit: a write holding the version lock is
	// stopped even if this process stalls or dies with it open.
	v, err := driver.ExecuteWrite(ctx, sess, func(tx driver.ManagedTransaction) (uint64, error) {
		v, err := apply(ctx, tx, w, pending, batched)
		var n4 *driver.Neo4jError
		if errors.As(err, &n4) && strings.HasSuffix(n4.Code, ".MemoryPoolOutOfMemoryError") {
			return 0, tooLarge{n4}
		}
		return v, err
	}, driver.WithTxTimeout(bulkTimeout))
	return v, s.wrap(err)
}

// tooLarge carries a transaction-memory error out of a transaction
// function without Unwrap, so that the driver does not retry it (it counts
// it transient): the same transaction would need the same memory again.
type tooLarge struct{ err *driver.Neo4jError }

func (t tooLarge) Error() string { return t.err.Error() }

func apply(ctx context.Context, tx driver.ManagedTransaction, w store.Write, pending int, batched bool) (uint64, error) {
	v, err := txVersion(ctx, tx, "version_bump")
	if err != nil {
		return 0, err
	}
	if w.Base != nil && v-1 != *w.Base {
		return 0, fmt.Errorf("%w: planned on version %d, store is at %d", store.ErrStale, *w.Base, v-1)
	}
	// Relationships go before the nodes they touch; nodes are written
	// before the relationships that need them.
	for _, k := range slices.Backward(kinds) {
		if err := k.remove(ctx, tx, &w.Delete); err != nil {
			return 0, err
		}
	}
	for _, k := range kinds {
		if err := k.write(ctx, tx, &w.Upsert); err != nil {
			return 0, err
		}
	}
	meta := w.Meta
	if batched {
		// While the batches land, the version the last will reach: another
		// replica starting meanwhile waits for it rather than importing
		// the same data again (store.BatchingKey). The last clears it.
		meta = maps.Clone(meta)
		if meta == nil {
			meta = map[string]string{}
		}
		meta[store.BatchingKey] = ""
		if pending > 0 {
			meta[store.BatchingKey] = strconv.FormatUint(v+uint64(pending), 10)
		}
	}
	if len(meta) > 0 {
		var rows []any
		for k, val := range meta {
			rows = append(rows, map[string]any{"key": k, "value": val})
		}
		if err := run(ctx, tx, "meta_set", "rows", rows, true); err != nil {
			return 0, err
		}
	}
	if err := logChange(ctx, tx, v, w); err != nil {
		return 0, err
	}
	// A cancelled request commits nothing.
	return v, ctx.Err()
}

// run sends rows in batches; when exact, each batch must report as many
// records written as it had rows (a MATCH that found no endpoint writes
// nothing, and that must not pass silently).
func run(ctx context.Context, tx driver.ManagedTransaction, file, param string, rows []any, exact bool) error {
	for batch := range slices.Chunk(rows, batchSize) {
		res, err := tx.Run(ctx, cypher(file), map[string]any{param: batch})
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if !exact {
			continue
		}
		n, _, err := driver.GetRecordValue[int64](rec, "written")
		if err != nil || int(n) != len(batch) {
			return fmt.Errorf("%s: wrote %d of %d records: an endpoint is missing (%v)", file, n, len(batch), err)
		}
	}
	return nil
}
