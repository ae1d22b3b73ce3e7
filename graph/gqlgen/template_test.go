package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// resolver.gotpl is gqlgen's resolver template with our edits (its
// header says which): gqlgen's own, at the version go.mod pins, with
// those edits made, must be our copy byte for byte. An upgrade that
// changes gqlgen's template fails here, instead of generating from a
// stale copy.
func TestResolverTemplateIsGqlgensWithOurEdits(t *testing.T) {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/99designs/gqlgen").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	upstream, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(dir)), "plugin", "resolvergen", "resolver.gotpl"))
	if err != nil {
		t.Fatal(err)
	}
	ours, err := os.ReadFile("resolver.gotpl")
	if err != nil {
		t.Fatal(err)
	}
	_, body, ok := bytes.Cut(ours, []byte("*/}}\n"))
	if !ok {
		t.Fatal("resolver.gotpl has no header saying what it changes")
	}
	for _, e := range []struct {
		from, to string
		n        int
	}{
		{"func (r *{{lcFirst $resolver.Object.Name}}", "func (r {{lcFirst $resolver.Object.Name}}", 2},
		{"{ return &{{lcFirst $object.Name}}", "{ return {{lcFirst $object.Name}}", 1},
	} {
		if got := bytes.Count(upstream, []byte(e.from)); got != e.n {
			t.Fatalf("gqlgen's template has %d of %q, want %d: it changed, copy it again and redo our edits", got, e.from, e.n)
		}
		upstream = bytes.ReplaceAll(upstream, []byte(e.from), []byte(e.to))
	}
	if !bytes.Equal(upstream, body) {
		t.Fatal("resolver.gotpl is not gqlgen's template with our edits: gqlgen's changed, or ours did; copy it again and redo the edits")
	}
}
