// Package web serves the career explorer: a page for people and analysts
// built on the public GraphQL API only (every call goes to /graphql). Its
// files are plain ES modules embedded in the binary, so it works offline;
// the graph library (Cytoscape.js) is vendored under static/vendor.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/klauspost/compress/gzhttp"
)

//go:embed static
var static embed.FS

// file is one embedded asset with what its responses need.
type file struct {
	body  []byte
	etag  string
	ctype string
	cache string
}

// files holds every asset by URL path; nothing else is served, so there
// is no directory listing.
var files = func() map[string]file {
	m := map[string]file{}
	err := fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := static.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static")
		ctype := mime.TypeByExtension(path.Ext(name))
		if path.Ext(name) == ".mjs" || path.Ext(name) == ".js" {
			ctype = "text/javascript; charset=utf-8"
		}
		// Our own files change with the binary: revalidate (a 304 is cheap).
		// Vendored files carry their version in their name.
		cache := "no-cache"
		if strings.HasPrefix(name, "/vendor/") {
			cache = "public, max-age=31536000, immutable"
		}
		m[name] = file{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, ctype: ctype, cache: cache}
		return nil
	})
	if err != nil {
		panic(err) // the files are embedded at build time
	}
	return m
}()

// Handler serves the explorer at / and its assets under /assets/, gzipped
// for clients that accept it.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { serve(w, r, "/index.html") })
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) { serve(w, r, "/favicon.svg") })
	mux.HandleFunc("GET /assets/", func(w http.ResponseWriter, r *http.Request) {
		serve(w, r, strings.TrimPrefix(r.URL.Path, "/assets"))
	})
	return gzhttp.GzipHandler(mux)
}

func serve(w http.ResponseWriter, r *http.Request, name string) {
	f, ok := files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", f.cache)
	h.Set("ETag", f.etag)
	h.Set("X-Content-Type-Options", "nosniff")
	if name == "/index.html" {
		// The page talks to its own origin only.
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
}
