// Package seed holds the dataset careergraph ships with (curated/*.json,
// embedded in the binary) and the code that reads such files.
package seed

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"

	"careergraph/career"
)

//go:embed curated/*.json
var curated embed.FS

// File is the layout of a seed file: graph records plus free notes on how
// they were transcribed.
type File struct {
	Notes []string `json:"notes,omitempty"`
	career.Dataset
}

// Curated returns the shipped dataset, validated, and a digest of its files
// so that a store can tell which seed it holds.
func Curated() (career.Dataset, string, error) {
	return Load(curated, "curated")
}

// Load reads every .json seed file in dir of fsys, in name order, merges
// them and validates the result. Unknown fields are errors, so a typo in a
// field name cannot silently drop a fact.
func Load(fsys fs.FS, dir string) (career.Dataset, string, error) {
	var ds career.Dataset
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return ds, "", err
	}
	h := sha256.New()
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".json" {
			continue
		}
		name := path.Join(dir, e.Name())
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return ds, "", err
		}
		var f File
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return ds, "", fmt.Errorf("seed %s: %w", name, err)
		}
		ds.Merge(f.Dataset)
		h.Write([]byte(name))
		h.Write(raw)
	}
	if err := career.Validate(ds); err != nil {
		return ds, "", fmt.Errorf("seed %s: %w", dir, err)
	}
	return ds, hex.EncodeToString(h.Sum(nil)), nil
}
