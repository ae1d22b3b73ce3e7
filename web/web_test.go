package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, srv *httptest.Server, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// A bare transport: it neither asks for nor undoes gzip on its own.
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		if body, err = gzip.NewReader(res.Body); err != nil {
			t.Fatal(err)
		}
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// Every file the page names (in index.html, and in the modules' imports)
// is served, from this server only.
func TestEveryReferencedAssetIsServed(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	res, page := get(t, srv, "/")
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET / = %s %s", res.Status, res.Header.Get("Content-Type"))
	}
	if !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("no same-origin content security policy: %q", res.Header.Get("Content-Security-Policy"))
	}
	if regexp.MustCompile(`(src|href)="(https?:)?//`).MatchString(page) {
		t.Error("the page loads something from another host")
	}
	seen := map[string]bool{}
	queue := []string{}
	for _, m := range regexp.MustCompile(`(?:src|href)="(/[^"]*)"`).FindAllStringSubmatch(page, -1) {
		queue = append(queue, m[1])
	}
	imports := regexp.MustCompile(`(?m)^import\s[^;]*?from\s+'([^']+)'|import\('([^']+)'\)`)
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] || p == "/graphiql" {
			continue
		}
		seen[p] = true
		res, body := get(t, srv, p)
		if res.StatusCode != 200 {
			t.Errorf("GET %s = %s", p, res.Status)
			continue
		}
		if strings.HasSuffix(p, ".js") {
			for _, m := range imports.FindAllStringSubmatch(body, -1) {
				ref := m[1] + m[2]
				if strings.HasPrefix(ref, "./") {
					ref = p[:strings.LastIndex(p, "/")+1] + ref[2:]
				}
				if !strings.HasPrefix(ref, "/") {
					t.Errorf("%s imports %q, not a path on this server", p, ref)
					continue
				}
				queue = append(queue, ref)
			}
		}
	}
	if !seen["/assets/vendor/cytoscape-3.34.4.esm.min.mjs"] || !seen["/assets/js/routes.js"] {
		t.Errorf("the walk missed modules: %v", seen)
	}
}

func TestNoListingAndCaching(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	for _, p := range []string{"/assets/", "/assets/js/", "/assets/vendor/", "/assets/js/nope.js", "/index.html", "/web.go"} {
		if res, _ := get(t, srv, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %s, want 404", p, res.Status)
		}
	}
	if res, body := get(t, srv, "/favicon.ico"); res.StatusCode != 200 || !strings.HasPrefix(body, "<svg") {
		t.Errorf("favicon: %s", res.Status)
	}
	// Our files revalidate by ETag; the vendored one is immutable.
	res, _ := get(t, srv, "/assets/js/app.js")
	etag := res.Header.Get("ETag")
	if etag == "" || res.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("app.js: ETag %q, Cache-Control %q", etag, res.Header.Get("Cache-Control"))
	}
	if res, _ := get(t, srv, "/assets/js/app.js", "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation with its ETag = %s, want 304", res.Status)
	}
	if res, _ := get(t, srv, "/assets/vendor/cytoscape-3.34.4.esm.min.mjs"); !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("vendored file Cache-Control %q", res.Header.Get("Cache-Control"))
	}
}

func TestCompressedWhenAccepted(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	plain, body := get(t, srv, "/assets/vendor/cytoscape-3.34.4.esm.min.mjs")
	zipped, unzipped := get(t, srv, "/assets/vendor/cytoscape-3.34.4.esm.min.mjs", "Accept-Encoding", "gzip")
	if plain.Header.Get("Content-Encoding") != "" || zipped.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding without/with Accept-Encoding: %q / %q", plain.Header.Get("Content-Encoding"), zipped.Header.Get("Content-Encoding"))
	}
	if body != unzipped || !strings.Contains(body, `version="3.34.4"`) {
		t.Error("the gzipped body is not the file")
	}
	if ct := zipped.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
		t.Errorf("module served as %q", ct)
	}
	if refused, _ := get(t, srv, "/assets/js/app.js", "Accept-Encoding", "br, gzip;q=0"); refused.Header.Get("Content-Encoding") != "" {
		t.Error("gzip sent to a client that refused it (q=0)")
	}
	// The two encodings are two representations: their own ETags, each
	// revalidating.
	if zipped.Header.Get("ETag") == plain.Header.Get("ETag") || zipped.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("ETag %q for both encodings, Vary %q", zipped.Header.Get("ETag"), zipped.Header.Get("Vary"))
	}
	if res, _ := get(t, srv, "/assets/vendor/cytoscape-3.34.4.esm.min.mjs", "Accept-Encoding", "gzip", "If-None-Match", zipped.Header.Get("ETag")); res.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation of the gzipped file = %s, want 304", res.Status)
	}
}

// What one request for the largest asset costs, gzipped: a copy of bytes
// compressed once, where compressing per request would cost the second
// figure every time.
//
//	go test -run '^$' -bench Vendored -benchmem ./web/
func BenchmarkVendoredGzipped(b *testing.B) {
	h := Handler()
	req := httptest.NewRequest(http.MethodGet, "/assets/vendor/cytoscape-3.34.4.esm.min.mjs", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != "gzip" {
			b.Fatal(rec.Code)
		}
	}
}

func BenchmarkVendoredCompressEachTime(b *testing.B) {
	body := files()["/vendor/cytoscape-3.34.4.esm.min.mjs"].body
	for b.Loop() {
		gzipped(body)
	}
}
