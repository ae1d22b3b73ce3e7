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

// Names lists the documents in the order the benchmarks report them.
var Names = []string{"guide-page", "roles", "search", "career-paths"}

// Get answers the document called name (a file name without .graphql).
func Get(name string) string {
	b, err := files.ReadFile(name + ".graphql")
	if err != nil {
		panic(err) // the files are embedded at build time
	}
	return strings.TrimSpace(string(b))
}
