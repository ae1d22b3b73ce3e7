// Package queries holds the documents that stand for the README's
// queries: the guide page, a role list, autocomplete and careerPaths. The
// in-process benchmarks (graph/), the loopback load script (bench/load)
// and GraphiQL's opening page all read them from here.
package queries

import (
	"embed"
	"strings"
)

//go:embed *.graphql
var files embed.FS

// Names lists the documents, by file name: every .graphql file here is
// one (the load script and the graphql-js peer read the folder too).
var Names = func() []string {
	entries, err := files.ReadDir(".")
	if err != nil {
		panic(err) // the files are embedded at build time
	}
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".graphql"))
	}
	return names
}()

// Get answers the document called name (a file name without .graphql).
func Get(name string) string {
	b, err := files.ReadFile(name + ".graphql")
	if err != nil {
		panic(err) // the files are embedded at build time
	}
	return strings.TrimSpace(string(b))
}
