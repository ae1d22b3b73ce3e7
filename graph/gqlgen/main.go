// Command gqlgen regenerates graph/ from schema/ and gqlgen.yml as
// `go tool gqlgen generate` does, with one change: every field and every
// list item resolves on its parent's goroutine. gqlgen starts a goroutine
// for each resolver field and each item of a list of objects, which a
// network-bound resolver needs and ours, reading an in-memory snapshot, do
// not: on the guide page those goroutines, their stacks and their
// scheduling were most of the CPU. The lean plugin (lean.go) then points
// the executor at a fast path for plain fields and at graph/lean's field
// sets, collected-field and argument caches. Run it from the repository
// root:
//
//	go run ./graph/gqlgen
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"io"
	"log"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
)

func main() {
	if err := generate(); err != nil {
		fmt.Fprintln(os.Stderr, "gqlgen:", err)
		os.Exit(1)
	}
}

func generate() error {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		return err
	}
	quiet := &resolverNotes{out: os.Stderr}
	log.SetOutput(quiet)
	fast := &lean{}
	err = api.Generate(cfg, api.AddPlugin(inline{}), api.AddPlugin(fast))
	log.SetOutput(os.Stderr)
	if err != nil {
		return err
	}
	if quiet.n > 0 {
		fmt.Fprintf(os.Stderr, "gqlgen: %d fields are computed by resolvers (no Go field of that name on their model): as designed\n", quiet.n)
	}
	// Lists: gqlgen's template always marshals the items of a list of
	// objects concurrently; generated/slice.go's marshalSlice does it in order, with the
	// same field contexts and panic handling.
	file := cfg.Exec.Filename
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	//
	// @defer: with every field resolved in order, the generated code never
	// fills an object's deferred group (no transport here streams one
	// anyway), yet builds one per object, path and map included: a tenth
	// of the guide page's CPU. An empty group is what it reads.
	for _, r := range []struct{ from, to string }{
		{"graphql.MarshalSliceConcurrently(", "marshalSlice("},
		{"graphql.NewDeferredGroup(ctx)", "graphql.DeferredGroup{}"},
	} {
		if !bytes.Contains(b, []byte(r.from)) {
			return fmt.Errorf("%s: no %s to replace: gqlgen changed, check this generator", file, r.from)
		}
		b = bytes.ReplaceAll(b, []byte(r.from), []byte(r.to))
	}
	if bytes.Contains(b, []byte("Defers[")) {
		return fmt.Errorf("%s: the generated code fills deferred groups: gqlgen changed, check this generator", file)
	}
	// The fast path for plain fields (lean.go, graph/lean).
	if b, err = fast.rewrite(b); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if b, err = format.Source(b); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	fmt.Fprintf(os.Stderr, "gqlgen: %d plain fields and %d object fields or leaves that resolvers and methods answer take the fast path, %d fields' arguments are kept per document (graph/lean)\n", len(fast.fields), len(fast.objects), len(fast.args))
	return os.WriteFile(file, b, 0o644)
}

// resolverNotes drops gqlgen's log line for each schema field that has no
// Go field or method on its model ("adding resolver method for Role.skills,
// nothing matched"): those are the fields the resolvers compute, the
// lines are notes, not errors, and CI printed 47 of them. It counts them
// and passes every other line on.
type resolverNotes struct {
	out io.Writer
	n   int
}

func (r *resolverNotes) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("adding resolver method for ")) && bytes.Contains(p, []byte(", nothing matched")) {
		r.n++
		return len(p), nil
	}
	return r.out.Write(p)
}

// inline turns off gqlgen's per-field concurrency on every object before
// the code is rendered (gqlgen already does so for Mutation).
type inline struct{}

func (inline) Name() string { return "inline" }

func (inline) GenerateCode(data *codegen.Data) error {
	for _, o := range data.Objects {
		o.DisableConcurrency = true
	}
	return nil
}
