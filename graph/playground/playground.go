// Package playground serves GraphiQL with its scripts and styles from the
// binary, so the playground works offline. The assets are the npm builds
// gqlgen's playground loads from a CDN (graphiql 4.1.2, react 18.2.0), with
// the same subresource-integrity hashes.
package playground

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"net/http"
	"net/url"
	"path"
	"strings"

	gqlplayground "github.com/99designs/gqlgen/graphql/playground"

	"careergraph/bench/queries"
)

//go:embed assets
var assets embed.FS

// Path is where Handler is mounted, and AssetsPath where it expects
// Assets to be.
const (
	Path       = "/graphiql"
	AssetsPath = "/graphiql/assets/"
)

// example is the query GraphiQL opens on, instead of its welcome text.
var example = "# The whole guide page of a role in one round trip: press the run button\n" +
	"# (or Ctrl-Enter). The Docs panel documents every type and field.\n" + queries.Get("guide-page")

func sri(name string) string {
	b, err := assets.ReadFile(path.Join("assets", name))
	if err != nil {
		panic(err) // the file is embedded at build time
	}
	sum := sha256.Sum256(b)
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// Handler serves the GraphiQL page for the GraphQL endpoint. Its state
// (query, variables) is in the URL, so a link shares a query; without one
// it opens on the guide-page example.
func Handler(title, endpoint string) http.HandlerFunc {
	page := gqlplayground.Handler(title, endpoint,
		gqlplayground.WithGraphiqlVersion(
			AssetsPath+"graphiql.min.js", AssetsPath+"graphiql.min.css",
			sri("graphiql.min.js"), sri("graphiql.min.css")),
		gqlplayground.WithGraphiqlReactVersion(
			AssetsPath+"react.production.min.js", AssetsPath+"react-dom.production.min.js",
			sri("react.production.min.js"), sri("react-dom.production.min.js")),
		// The explorer plugin would load from a CDN too; leave it out.
		gqlplayground.WithGraphiqlEnablePluginExplorer(false),
		gqlplayground.WithGraphiqlPersistStateInURL(true),
	)
	return func(w http.ResponseWriter, r *http.Request) {
		if !r.URL.Query().Has("query") {
			http.Redirect(w, r, Path+"?"+url.Values{"query": {example}}.Encode(), http.StatusFound)
			return
		}
		page(w, r)
	}
}

// Assets serves the embedded files under AssetsPath, cacheable for a day.
func Assets() http.Handler {
	files := http.FileServerFS(assets)
	return http.StripPrefix(AssetsPath, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r) // no directory listing
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		r.URL.Path = "assets/" + r.URL.Path
		files.ServeHTTP(w, r)
	}))
}
