package main

import (
	"bytes"
	"careergraph/testkit"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The built binary starts with no set-up, answers /readyz, shuts down
// cleanly on SIGTERM, and restarts on the same data without seeding again.
func TestBinaryStartsStopsOnSIGTERMAndRestarts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped in -short mode")
	}
	bin := buildBinary(t)
	// The built binary names its commit, and refuses a command line it
	// does not take with status 2 (go run would say 1 whatever).
	if head, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil && stampable() {
		out, err := exec.Command(bin, "version").Output()
		if want := string(head[:12]); err != nil || !strings.Contains(string(out), want) {
			t.Errorf("version: %q (%v), want commit %s", out, err, want)
		}
	}
	if err := exec.Command(bin, "nonsense").Run(); exitCode(err) != 2 {
		t.Errorf("an unknown command: %v, want exit status 2", err)
	}
	dataDir := t.TempDir()
	for run := 1; run <= 2; run++ {
		port, mport := testkit.FreePort(t), testkit.FreePort(t)
		var logs bytes.Buffer
		cmd := exec.Command(bin)
		cmd.Env = append(os.Environ(), "METRICS_ADDR=127.0.0.1:"+mport, "OPEN_DATA=false", "PORT="+port, "HOST=127.0.0.1", "DATA_DIR="+dataDir, "LOG_LEVEL=info")
		cmd.Stderr = &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		version := waitReady(t, "http://127.0.0.1:"+port, cmd)
		if version != 1 {
			t.Errorf("run %d: store version %v, want 1 (seeded once)", run, version)
		}
		// /metrics answers on its own listener, not on the API's port.
		if body := get(t, "http://127.0.0.1:"+mport+"/metrics", http.StatusOK); !strings.Contains(body, "careergraph_snapshot_version 1") {
			t.Errorf("run %d: /metrics lacks the snapshot version:\n%.500s", run, body)
		}
		get(t, "http://127.0.0.1:"+port+"/metrics", http.StatusNotFound)
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run %d: exit after SIGTERM: %v\n%s", run, err, logs.String())
			}
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("run %d: no exit 15s after SIGTERM", run)
		}
		if !strings.Contains(logs.String(), "shutting down") {
			t.Errorf("run %d: no graceful shutdown logged:\n%s", run, logs.String())
		}
		if seeded := strings.Contains(logs.String(), "seeded store"); seeded != (run == 1) {
			t.Errorf("run %d: seeded = %v\n%s", run, seeded, logs.String())
		}
	}
}

// stampable says whether go build can record the commit here: in a git
// checkout whose .git is a directory (go stamps no worktree or submodule).
func stampable() bool {
	fi, err := os.Stat(".git")
	return err == nil && fi.IsDir() && exec.Command("git", "rev-parse", "HEAD").Run() == nil
}

// exitCode is the status of a command that exited, -1 if it did not run.
func exitCode(err error) int {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	}
	return -1
}

// smokeKey is the write key the smoke tests give the binary.
const smokeKey = "smoke-key-0123456789"

// get fetches url, which must answer status, and returns its body.
func get(t *testing.T, url string, status int) string {
	t.Helper()
	res, err := testkit.Client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != status {
		t.Errorf("GET %s: %d, want %d", url, res.StatusCode, status)
	}
	return string(body)
}

// buildBinary is the careergraph binary, built once per test binary (the
// four tests here start the same one; a link takes tens of seconds on a
// busy machine) into a directory that TestMain removes.
func buildBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "careergraph-smoke-"); built.err != nil {
			return
		}
		bin := filepath.Join(built.dir, "careergraph")
		args := []string{"build", "-o", bin}
		if stampable() {
			args = append(args, "-buildvcs=true") // whatever GOFLAGS says
		}
		if out, err := exec.Command("go", append(args, ".")...).CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		built.bin = bin
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

var built struct {
	once     sync.Once
	dir, bin string
	err      error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

func waitReady(t *testing.T, base string, cmd *exec.Cmd) float64 {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second) // a busy 2-core machine: see serveInProcess
	for time.Now().Before(deadline) {
		res, err := testkit.Client.Get(base + "/readyz")
		if err == nil {
			var body struct {
				Status  string
				Version float64
			}
			json.NewDecoder(res.Body).Decode(&body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return body.Version
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatal("server not ready within 60s")
	return 0
}

// A server killed with SIGKILL in the middle of a stream of writes
// restarts with every acknowledged write and a store file that opens and
// passes bbolt's consistency check.
func TestKill9MidWritesLosesNoAcknowledgedWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped in -short mode")
	}
	bin := buildBinary(t)
	dataDir := t.TempDir()
	port := testkit.FreePort(t)
	base := "http://127.0.0.1:" + port
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "METRICS_ADDR=127.0.0.1:0", "OPEN_DATA=false", "PORT="+port, "HOST=127.0.0.1", "DATA_DIR="+dataDir, "API_KEYS="+smokeKey, "WRITE_RATE=0")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitReady(t, base, cmd)

	// Several writers stream creates; SIGKILL lands while they run.
	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 5 * time.Second}
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				slug := fmt.Sprintf("crash-%d-%d", w, i)
				body, _ := json.Marshal(map[string]any{"query": testkit.CreateRole, "variables": map[string]any{"in": testkit.RoleInput(slug)}})
				req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+smokeKey)
				res, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				var out testkit.Response
				err = json.NewDecoder(res.Body).Decode(&out)
				res.Body.Close()
				if err == nil && len(out.Errors) == 0 && len(out.Data) > 0 && string(out.Data) != "null" {
					mu.Lock()
					acked = append(acked, slug)
					mu.Unlock()
				}
			}
		}()
	}
	// Kill once some writes are acknowledged (not after a fixed time: the
	// machine's speed would decide whether the test means anything).
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 10 || time.Now().After(deadline) {
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	wg.Wait()
	if len(acked) < 10 {
		t.Fatalf("only %d writes acknowledged before the kill", len(acked))
	}

	// The file passes `careergraph check`: bbolt's page-level check, every
	// record decoded, the graph valid.
	if out, err := exec.Command(bin, "check", "-data-dir", dataDir).CombinedOutput(); err != nil || !strings.Contains(string(out), "is sound") {
		t.Fatalf("careergraph check after kill -9: %v: %s", err, out)
	}
	port = testkit.FreePort(t)
	base = "http://127.0.0.1:" + port
	cmd = exec.Command(bin)
	cmd.Env = append(os.Environ(), "METRICS_ADDR=127.0.0.1:0", "OPEN_DATA=false", "PORT="+port, "HOST=127.0.0.1", "DATA_DIR="+dataDir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	waitReady(t, base, cmd)
	missing := 0
	for _, slug := range acked {
		res := testkit.Post(t, base, map[string]any{"query": `query($s: String!) { role(slug: $s) { id } }`, "variables": map[string]any{"s": slug}})
		if len(res.Errors) > 0 || string(res.Data) == `{"role":null}` {
			missing++
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged writes lost", missing, len(acked))
	}
	t.Logf("%d acknowledged writes all present after kill -9", len(acked))
}

// With STORE=neo4j and nothing listening, the real binary stays up, says
// why on /readyz and in its log, answers GraphQL with UNAVAILABLE, retries
// with backoff, and still stops cleanly on SIGTERM.
func TestBinaryWithNeo4jDownAtStartRetriesInsteadOfCrashing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped in -short mode")
	}
	bin := buildBinary(t)
	port, dead := testkit.FreePort(t), testkit.FreePort(t)
	var logs testkit.LockedBuffer
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
	code, body := testkit.GetJSON(t, base+"/readyz")
	if code != http.StatusServiceUnavailable || body["status"] != "unavailable" || !strings.Contains(fmt.Sprint(body["error"]), "127.0.0.1:"+dead) {
		t.Errorf("/readyz = %d %v", code, body)
	}
	if res, err := testkit.Client.Get(base + "/healthz"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("/healthz: %v", err)
	}
	r := testkit.Post(t, base, map[string]any{"query": "{ roles { totalCount } }"})
	if r.Status != http.StatusServiceUnavailable || r.Code() != "UNAVAILABLE" {
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

// The real binary with OTEL_EXPORTER_OTLP_ENDPOINT exports its spans over
// OTLP/HTTP to a collector (here a loopback receiver reading the protobuf
// bodies as bytes).
func TestBinaryExportsTracesOverOTLP(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped in -short mode")
	}
	got := make(chan []byte, 16)
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/traces" {
			b, _ := io.ReadAll(r.Body)
			got <- b
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer collector.Close()
	bin := buildBinary(t)
	port := testkit.FreePort(t)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "METRICS_ADDR=127.0.0.1:0", "OPEN_DATA=false", "PORT="+port, "DATA_DIR="+t.TempDir(), "OTEL_EXPORTER_OTLP_ENDPOINT="+collector.URL, "OTEL_BSP_SCHEDULE_DELAY=100")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	base := "http://127.0.0.1:" + port
	waitReady(t, base, cmd)
	testkit.Post(t, base, map[string]any{"query": "query Guide { role(slug: \"developpeur-back-end\") { name } }"})
	var all []byte
	deadline := time.After(15 * time.Second)
	for !bytes.Contains(all, []byte("graphql.query Guide")) || !bytes.Contains(all, []byte("careergraph")) {
		select {
		case b := <-got:
			all = append(all, b...)
		case <-deadline:
			t.Fatalf("no exported span named graphql.query Guide in 15s (%d bytes received)", len(all))
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
}
