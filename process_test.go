package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	bin := filepath.Join(t.TempDir(), "careergraph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dataDir := t.TempDir()
	for run := 1; run <= 2; run++ {
		port := freePort(t)
		var logs bytes.Buffer
		cmd := exec.Command(bin)
		cmd.Env = append(os.Environ(), "PORT="+port, "HOST=127.0.0.1", "DATA_DIR="+dataDir, "LOG_LEVEL=info")
		cmd.Stderr = &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		version := waitReady(t, "http://127.0.0.1:"+port, cmd)
		if version != 1 {
			t.Errorf("run %d: store version %v, want 1 (seeded once)", run, version)
		}
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

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}

func waitReady(t *testing.T, base string, cmd *exec.Cmd) float64 {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(base + "/readyz")
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
	t.Fatal("server not ready within 20s")
	return 0
}
