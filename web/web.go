// Package web serves the career explorer: a page for people and analysts
// built on the public GraphQL API only (every call goes to /graphql). Its
// files are plain ES modules embedded in the binary, so it works offline;
// the graph library (Cytoscape.js) is vendored under static/vendor.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed static
var static embed.FS

// file is one embedded asset with what its responses need; its gzipped
// form is made on first demand, once.
type file struct {
	body  []byte
	gz    func() []byte
	etag  string
	ctype string
	cache string
}

// files holds every asset by URL path; nothing else is served, so there
// is no directory listing. Built on the first request, not at start.
var files = sync.OnceValue(func() map[string]file {
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
		m[name] = file{body: b, gz: sync.OnceValue(func() []byte { return gzipped(b) }),
			etag: hex.EncodeToString(sum[:8]), ctype: ctype, cache: cache}
		return nil
	})
	if err != nil {
		panic(err) // the files are embedded at build time
	}
	return m
})

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// Handler serves the explorer at / and its assets under /assets/. A client
// that accepts gzip gets each file compressed once for all, not per
// request, so an asset costs no more than copying its bytes.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { serve(w, r, "/index.html") })
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) { serve(w, r, "/favicon.svg") })
	mux.HandleFunc("GET /assets/", func(w http.ResponseWriter, r *http.Request) {
		serve(w, r, strings.TrimPrefix(r.URL.Path, "/assets"))
	})
	return mux
}

// acceptsGzip reads Accept-Encoding: gzip listed without q=0.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

func serve(w http.ResponseWriter, r *http.Request, name string) {
	f, ok := files()[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", f.cache)
	h.Set("Vary", "Accept-Encoding")
	h.Set("X-Content-Type-Options", "nosniff")
	if name == "/index.html" {
		// The page talks to its own origin only.
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'")
	}
	body, etag := f.body, f.etag
	if acceptsGzip(r) {
		body, etag = f.gz(), etag+"-gz"
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", `"`+etag+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}
