package app

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"careergraph/store/embedded"
	"careergraph/testkit"
)

// check on a store file a server holds says it is locked, not damaged.
func TestCheckOnALockedStoreSaysLocked(t *testing.T) {
	dir := t.TempDir()
	st, err := embedded.Open(dir) // holds the file lock, as a server does
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = run(context.Background(), []string{"check", "-data-dir", dir}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "locked") || strings.Contains(err.Error(), "is damaged") {
		t.Errorf("check on a locked store: %v, want it said locked, not damaged", err)
	}
}

// A start on an existing store says what it is doing while it reads and
// indexes it (seconds on the full graph), not only when it is done.
func TestStartOnAnExistingStoreLogsProgress(t *testing.T) {
	cfg := embeddedConfig(t, t.TempDir())
	for run := range 2 {
		var logs testkit.LockedBuffer
		a, err := newApp(cfg, slog.New(slog.NewTextHandler(&logs, nil)))
		if err != nil {
			t.Fatal(err)
		}
		err = a.load(context.Background())
		a.store.Close()
		if err != nil {
			t.Fatal(err)
		}
		if run == 0 {
			continue // the first start seeds the store
		}
		out := logs.String()
		read, build, done := strings.Index(out, "reading the store"), strings.Index(out, "building the snapshot"), strings.Index(out, "snapshot loaded")
		if read < 0 || build < read || done < build {
			t.Errorf("second start logged, want reading, building, loaded in order:\n%s", out)
		}
	}
}

// A build that records no commit (go run, go test) says so rather than
// printing a bare "(devel)".
func TestVersionWithoutACommitSaysWhy(t *testing.T) {
	if v := version(); !strings.Contains(v, "no commit recorded") || !strings.Contains(v, "go build") {
		t.Errorf("version() in a test build = %q, want it to say no commit is recorded and how to get one", v)
	}
}
