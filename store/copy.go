package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"careergraph/career"
)

// Replacer is a store that can swap its whole graph for another.
type Replacer interface {
	Replace(ctx context.Context, ds career.Dataset, meta map[string]string) (uint64, error)
}

// ErrTargetNotEmpty is Copy's answer when the target holds a graph and
// replace was not asked for.
var ErrTargetNotEmpty = errors.New("the target already holds a graph")

// Copy copies every record of from, and its markers (Markers), into to: what
// `careergraph migrate` runs between the embedded store and Neo4j. The
// target must be empty unless replace is set (then it must be a
// Replacer). The copy is one write (one transaction on the embedded
// store; on Neo4j, batches of transactions past 20,000 records, so a copy
// cut short is run again); it is read back and compared with the source
// before Copy returns.
func Copy(ctx context.Context, from, to Store, replace bool) (string, error) {
	ds, version, err := from.Load(ctx)
	if err != nil {
		return "", fmt.Errorf("read the source: %w", err)
	}
	if _, err := career.Build(ds, version); err != nil {
		return "", fmt.Errorf("the source graph is invalid, nothing copied: %w", err)
	}
	meta := map[string]string{}
	for _, key := range Markers {
		v, err := from.Meta(ctx, key)
		if err != nil {
			return "", err
		}
		if v != "" {
			meta[key] = v
		}
	}
	have, err := to.Version(ctx)
	if err != nil {
		return "", fmt.Errorf("read the target: %w", err)
	}
	var v uint64
	switch {
	case have == 0:
		v, err = to.Apply(ctx, Write{Upsert: ds, Meta: meta})
	case !replace:
		return "", fmt.Errorf("%w (version %d)", ErrTargetNotEmpty, have)
	default:
		r, ok := to.(Replacer)
		if !ok {
			return "", fmt.Errorf("the target cannot replace its graph")
		}
		v, err = r.Replace(ctx, ds, meta)
	}
	if err != nil {
		return "", fmt.Errorf("write the target (nothing changed): %w", err)
	}
	got, _, err := to.Load(ctx)
	if err != nil {
		return "", fmt.Errorf("read back: %w", err)
	}
	if !bytes.Equal(Canonical(got), Canonical(ds)) {
		return "", fmt.Errorf("read back: the target differs from the source (%d records, want %d)", got.Len(), ds.Len())
	}
	return fmt.Sprintf("copied %d records (%d roles, %d skills) from version %d; target at version %d, read back and identical",
		ds.Len(), len(ds.Roles), len(ds.Skills), version, v), nil
}

// Canonical is ds with every kind sorted by key, as JSON: two stores hold
// the same graph when their canonical forms are equal.
func Canonical(ds career.Dataset) []byte {
	b, _ := json.Marshal(ds.Sorted())
	return b
}
