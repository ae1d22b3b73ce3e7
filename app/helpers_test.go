package app

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	neo4jstore "careergraph/store/neo4j"
	"careergraph/store/storetest"
	"careergraph/testkit"
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
	// The server's own settings (timeouts), as serve wires them.
	srv := httptest.NewUnstartedServer(a.handler)
	srv.Config = a.httpServer(context.Background())
	srv.Start()
	msrv := httptest.NewServer(a.metricsHandler)
	t.Cleanup(func() {
		closeServer(t, srv)
		closeServer(t, msrv)
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

// closeServer closes srv, which waits for the requests it is serving; one
// still running 10 s later (a handler blocked on a client that neither
// sends nor closes) fails the test and has its connection cut, instead of
// hanging the run until go test's 10-minute limit.
func closeServer(t *testing.T, srv *httptest.Server) {
	t.Helper()
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Errorf("%s still serving a request 10 s after the test: cutting its connections", srv.URL)
		srv.CloseClientConnections()
		<-closed
	}
}

// serving is `careergraph serve` run in this process (serve, as main
// calls it) until the test ends, and the addresses it listens on.
type serving struct {
	URL  string
	stop context.CancelFunc
	done chan error // serve's result, once it returns
}

func serveInProcess(t *testing.T, cfg config) *serving {
	t.Helper()
	cfg.Host, cfg.LogLevel = "127.0.0.1", "error"
	port, err := strconv.Atoi(testkit.FreePort(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Port = port
	ctx, stop := context.WithCancel(context.Background())
	s := &serving{URL: fmt.Sprintf("http://127.0.0.1:%d", port), stop: stop, done: make(chan error, 1)}
	go func() { s.done <- serve(ctx, cfg) }()
	t.Cleanup(func() {
		stop()
		select {
		case <-s.done:
		case <-time.After(cfg.ShutdownGrace + 10*time.Second):
			t.Error("serve did not return after its context ended")
		}
	})
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-s.done:
			s.done <- err // for the cleanup
			t.Fatalf("serve returned before it was ready: %v", err)
		default:
		}
		if status, _ := testkit.GetJSON(t, s.URL+"/readyz"); status == http.StatusOK {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatal("serve not ready within 20 s")
		}
	}
}
