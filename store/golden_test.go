package store_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"testing"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// The JSON every store keeps of each record (bbolt's values, Neo4j's doc
// property) is pinned, kind by kind, with every optional field set: a
// change to a record's stored form shows here, and needs a migration of
// the stores already holding the old one.
//
//	go test ./store/ -run TestStoredJSONIsPinned -update
func TestStoredJSONIsPinned(t *testing.T) {
	curated, _, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	full := storetest.Full(curated)
	var got bytes.Buffer
	for _, k := range career.Kinds {
		n := 0
		// The records Full adds (every optional field); for the kinds it
		// adds none of, the guide's first.
		added := k.Len(full) > k.Len(curated)
		err := k.Each(full, func(key string, rec any) error {
			if added && !holds(k, curated, key) || !added && n == 0 {
				doc, err := json.Marshal(rec)
				if err != nil {
					return err
				}
				fmt.Fprintf(&got, "%s %s\n%s\n", k.Name(), key, doc)
				n++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("no %s record to pin", k.Name())
		}
	}
	const path = "testdata/records.golden"
	if *update {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("the stored JSON of a record changed (go test ./store/ -run TestStoredJSONIsPinned -update rewrites %s, if a migration handles the old form):\n%s", path, got.String())
	}
}

func holds(k career.Kind, ds career.Dataset, key string) bool {
	found := false
	_ = k.Each(ds, func(k2 string, _ any) error {
		found = found || k2 == key
		return nil
	})
	return found
}
