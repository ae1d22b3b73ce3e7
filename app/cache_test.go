package app

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"careergraph/graph"
	"careergraph/testkit"
)

func get(t *testing.T, s *started, params url.Values, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/graphql?"+params.Encode(), nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := testkit.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// Over real HTTP, as a CDN in front would use it: a query persisted with
// APQ is then read with GET by its hash alone, answered with an ETag and a
// Cache-Control; If-None-Match answers 304; hits of the response cache
// count as operations in /metrics and still take an in-flight slot; a
// mutation over GET stays 405, with the cache on.
func TestPersistedQueryOverGETWithValidators(t *testing.T) {
	cfg := testConfig(t, t.TempDir())
	cfg.APIKeys, cfg.MaxInFlight = testKey, 1
	s := start(t, cfg)
	if cfg.ResponseCacheBytes == 0 {
		t.Fatal("the response cache is off by default")
	}
	q := `query Lead { role(slug: "tech-lead") { name } }`
	sum := sha256.Sum256([]byte(q))
	ext, _ := json.Marshal(map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}})
	byHash := url.Values{"extensions": {string(ext)}}
	if _, body := get(t, s, byHash, nil); !strings.Contains(body, "PERSISTED_QUERY_NOT_FOUND") {
		t.Fatalf("unknown hash: %s", body)
	}
	if res := testkit.Post(t, s.URL, map[string]any{"query": q, "extensions": json.RawMessage(ext)}); len(res.Errors) > 0 {
		t.Fatalf("register: %+v", res.Errors)
	}
	ops := func() float64 {
		return metric(t, s, "careergraph_graphql_requests_total", map[string]string{"type": "query", "operation": "Lead"})
	}
	hits := func() float64 {
		return metric(t, s, "careergraph_response_cache_total", map[string]string{"result": "hit"})
	}
	res, body := get(t, s, byHash, nil)
	etag := res.Header.Get("ETag")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"Tech Lead"`) || etag == "" ||
		res.Header.Get("Cache-Control") != "public, no-cache" || !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Language") {
		t.Fatalf("GET by hash: %d %v %s", res.StatusCode, res.Header, body)
	}
	opsBefore, hitsBefore := ops(), hits()
	res, body = get(t, s, byHash, map[string]string{"If-None-Match": etag})
	if res.StatusCode != http.StatusNotModified || body != "" {
		t.Fatalf("If-None-Match: %d %q", res.StatusCode, body)
	}
	if ops() != opsBefore+1 || hits() != hitsBefore+1 {
		t.Fatalf("a hit counted %v operations and %v hits, want 1 and 1", ops()-opsBefore, hits()-hitsBefore)
	}
	// Every slot held: a hit is refused like any request.
	s.inFlight <- struct{}{}
	res, _ = get(t, s, byHash, nil)
	<-s.inFlight
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("a cache hit with every slot held: %d, want 503", res.StatusCode)
	}
	mutation := url.Values{"query": {`mutation { delete(ids: ["role:tech-lead"]) { deleted } }`}}
	for range 2 {
		res, body = get(t, s, mutation, map[string]string{"Authorization": "Bearer " + testKey})
		if res.StatusCode != http.StatusMethodNotAllowed || !strings.Contains(body, graph.CodeBadRequest) {
			t.Fatalf("mutation over GET: %d %s", res.StatusCode, body)
		}
	}
}
