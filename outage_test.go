package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"careergraph/store"
	"careergraph/store/embedded"
	neo4jstore "careergraph/store/neo4j"
	"careergraph/store/storetest"
)

// readyz returns /readyz's status code and body.
func readyz(t *testing.T, base string) (int, map[string]any) {
	t.Helper()
	res, err := http.Get(base + "/readyz")
	if err != nil {
		return 0, nil
	}
	defer res.Body.Close()
	var body map[string]any
	json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body
}

// With STORE=neo4j and nothing listening, the real binary stays up, says
// why on /readyz and in its log, answers GraphQL with UNAVAILABLE, retries
// with backoff, and still stops cleanly on SIGTERM.
func TestBinaryWithNeo4jDownAtStartRetriesInsteadOfCrashing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped in -short mode")
	}
	bin := buildBinary(t)
	port, dead := freePort(t), freePort(t)
	var logs syncBuffer
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "METRICS_ADDR=127.0.0.1:0", "OPEN_DATA=false", "PORT="+port, "HOST=127.0.0.1", "STORE=neo4j", "NEO4J_URI=bolt://127.0.0.1:"+dead, "NEO4J_PASSWORD=x")
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer cmd.Process.Kill()
	base := "http://127.0.0.1:" + port

	deadline := time.Now().Add(40 * time.Second)
	for strings.Count(logs.String(), "store unavailable at start; retrying") < 3 {
		select {
		case err := <-exited:
			t.Fatalf("the server exited while Neo4j was down: %v\n%s", err, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("fewer than 3 retries in 40s:\n%s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Backoff: the logged waits grow.
	if !strings.Contains(logs.String(), `"retryIn":"500ms"`) || !strings.Contains(logs.String(), `"retryIn":"2s"`) {
		t.Errorf("no growing backoff in the log:\n%s", logs.String())
	}
	code, body := readyz(t, base)
	if code != http.StatusServiceUnavailable || body["status"] != "unavailable" || !strings.Contains(fmt.Sprint(body["error"]), "127.0.0.1:"+dead) {
		t.Errorf("/readyz = %d %v", code, body)
	}
	if res, err := http.Get(base + "/healthz"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("/healthz: %v", err)
	}
	r := post(t, base, map[string]any{"query": "{ roles { totalCount } }"})
	if r.Status != http.StatusServiceUnavailable || r.code() != "UNAVAILABLE" {
		t.Errorf("GraphQL while down: %d %v", r.Status, r.Errors)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no exit 15s after SIGTERM")
	}
}

// syncBuffer is a bytes.Buffer safe to read while a process writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// stalledNeo4j is the Neo4j store aimed at a listener that never answers.
func stalledNeo4j(t *testing.T) store.Store {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	st, err := neo4jstore.New(neo4jstore.Config{URI: "bolt://" + ln.Addr().String(), User: "neo4j", Password: "x", Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		st.Close()
	})
	return st
}

func TestStoreOutageWhileServing(t *testing.T) {
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// While down, calls go to the real Neo4j store aimed at a listener
	// that never answers: the outage is the one the driver reports.
	fl := &storetest.Outage{Store: st, Dead: stalledNeo4j(t)}
	cfg := testConfig(t, "")
	cfg.APIKeys, cfg.PollInterval, cfg.Store = "k", 20*time.Millisecond, "neo4j"
	a := newAppOn(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), fl)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := a.loadRetrying(ctx); err != nil {
		t.Fatal(err)
	}
	go a.poll(ctx)
	srv := httptest.NewServer(a.handler)
	defer srv.Close()
	write := func(slug string) gqlResponse {
		body, _ := json.Marshal(map[string]any{"query": `mutation($in: GraphInput!) { upsert(input: $in) { version } }`,
			"variables": map[string]any{"in": map[string]any{"roles": []any{map[string]any{"id": "role:" + slug, "slug": slug, "name": slug}}}}})
		return postWith(t, srv.URL, "k", body)
	}
	waitStatus := func(want string) map[string]any {
		t.Helper()
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
			if code, body := readyz(t, srv.URL); code == http.StatusOK && body["status"] == want {
				return body
			}
		}
		code, body := readyz(t, srv.URL)
		t.Fatalf("/readyz never said %q: %d %v", want, code, body)
		return nil
	}
	waitStatus("ready")

	fl.SetDown(true)
	body := waitStatus("degraded")
	if body["version"] != float64(1) || !strings.Contains(fmt.Sprint(body["error"]), "store unavailable: neo4j at bolt://127.0.0.1:") {
		t.Errorf("degraded readyz = %v", body)
	}
	var data struct{ Role struct{ Name string } }
	query(t, srv.URL, `{ role(slug: "developpeur-back-end") { name } }`, nil, &data)
	if data.Role.Name != "Développeur Back-End" {
		t.Errorf("read during the outage = %+v", data)
	}
	if r := write("during-outage"); r.code() != "UNAVAILABLE" || strings.Contains(r.Errors[0].Message, "127.0.0.1") {
		t.Errorf("write during the outage: %d %+v", r.Status, r.Errors)
	}

	fl.SetDown(false)
	waitStatus("ready")
	if r := write("after-outage"); len(r.Errors) != 0 {
		t.Fatalf("write after recovery: %+v", r.Errors)
	}
	var both struct{ A, B *struct{ Name string } }
	query(t, srv.URL, `{ a: role(slug: "after-outage") { name } b: role(slug: "during-outage") { name } }`, nil, &both)
	if both.A == nil || both.B != nil {
		t.Errorf("after recovery: %+v", both)
	}
}
