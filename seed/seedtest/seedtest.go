// Package seedtest gives tests the shipped open data as folders on disk.
package seedtest

import (
	"os"
	"sync"
	"testing"

	"careergraph/seed"
)

var dirs sync.Map // release -> folder on disk

// Release is the shipped open-data release name (esco, mcc, rome,
// rome-esco) extracted once per test process into a folder on disk: what
// the real-file tests and the tests of `import -dir` read.
func Release(tb testing.TB, name string) string {
	tb.Helper()
	if dir, ok := dirs.Load(name); ok {
		return dir.(string)
	}
	rel, err := seed.OpenDataRelease(name)
	if err != nil {
		tb.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "careergraph-"+name+"-")
	if err != nil {
		tb.Fatal(err)
	}
	if err := rel.Extract(dir); err != nil {
		tb.Fatal(err)
	}
	dirs.Store(name, dir)
	return dir
}
