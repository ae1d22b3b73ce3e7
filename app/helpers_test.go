package app

import (
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"testing"

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

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// runImport runs `careergraph import ARGS`; runMigrate `careergraph migrate ARGS`.
func runImport(ctx context.Context, args []string, out io.Writer) error {
	return run(ctx, append([]string{"import"}, args...), out)
}

func runMigrate(ctx context.Context, args []string, out io.Writer) error {
	return run(ctx, append([]string{"migrate"}, args...), out)
}
