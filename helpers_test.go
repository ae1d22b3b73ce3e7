package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	neo4jstore "careergraph/store/neo4j"
	"careergraph/store/storetest"
)

// testConfig is the default configuration on a fresh data directory. With
// TEST_STORE=neo4j (and NEO4J_URI set: .ci/run does both), the store is
// that Neo4j instead, wiped first: the API suite runs on both stores.
func testConfig(t *testing.T, dataDir string) config {
	t.Helper()
	cfg := embeddedConfig(t, dataDir)
	if os.Getenv("TEST_STORE") == "neo4j" {
		cfg.Store = "neo4j"
		wipeNeo4j(t, cfg)
	}
	return cfg
}

// embeddedConfig is the default configuration on the embedded store in
// dataDir, for the tests of what only that store does (its file, the
// import command that writes it).
func embeddedConfig(t *testing.T, dataDir string) config {
	t.Helper()
	cfg, err := parseConfig([]string{"-data-dir", dataDir, "-open-data=false"})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// wipeNeo4j empties the configured Neo4j of careergraph's records.
func wipeNeo4j(t *testing.T, cfg config) {
	t.Helper()
	if os.Getenv("NEO4J_URI") == "" {
		t.Fatal("TEST_STORE=neo4j needs NEO4J_URI")
	}
	storetest.LockNeo4j(t)
	s, err := neo4jstore.Open(context.Background(), cfg.neo4j())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Wipe(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// started is a real HTTP server over the app, as `go run .` wires it.
type started struct {
	*app
	URL        string
	MetricsURL string // the /metrics listener, apart from the API
}

func start(t *testing.T, cfg config) *started {
	t.Helper()
	a, err := newApp(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.load(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.handler)
	msrv := httptest.NewServer(a.metricsHandler)
	t.Cleanup(func() {
		srv.Close()
		msrv.Close()
		a.store.Close()
	})
	return &started{app: a, URL: srv.URL, MetricsURL: msrv.URL}
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
	Status int             `json:"-"`
}

func (r gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

func post(t *testing.T, url string, body any) gqlResponse {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return postRaw(t, url, raw)
}

func postRaw(t *testing.T, url string, raw []byte) gqlResponse {
	t.Helper()
	return postWith(t, url, "", raw)
}

// postWith posts raw to /graphql, with a bearer key when key is set.
func postWith(t *testing.T, url, key string, raw []byte) gqlResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/graphql", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out gqlResponse
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("decode response (status %d): %v", res.StatusCode, err)
	}
	out.Status = res.StatusCode
	return out
}

// query runs a query that must succeed and decodes its data into out.
func query(t *testing.T, url, q string, vars map[string]any, out any) {
	t.Helper()
	res := post(t, url, map[string]any{"query": q, "variables": vars})
	if len(res.Errors) > 0 {
		t.Fatalf("query failed: %+v", res.Errors)
	}
	if err := json.Unmarshal(res.Data, out); err != nil {
		t.Fatal(err)
	}
}

// queryErr runs a query that must fail and returns its first error code.
func queryErr(t *testing.T, url, q string, vars map[string]any) (string, gqlResponse) {
	t.Helper()
	res := post(t, url, map[string]any{"query": q, "variables": vars})
	if len(res.Errors) == 0 {
		t.Fatalf("query succeeded, want an error: %s", res.Data)
	}
	return res.code(), res
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// runImport runs `careergraph import ARGS`; runMigrate `careergraph migrate ARGS`.
func runImport(ctx context.Context, args []string, out io.Writer) error {
	return run(ctx, append([]string{"import"}, args...), out)
}

func runMigrate(ctx context.Context, args []string, out io.Writer) error {
	return run(ctx, append([]string{"migrate"}, args...), out)
}
