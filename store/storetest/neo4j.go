package storetest

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode"

	"careergraph/store/neo4j"
)

// Neo4jConfig is the throwaway Neo4j the tests may use (NEO4J_URI and the
// other NEO4J_* variables), locked for t (see LockNeo4j). Without
// NEO4J_URI a test skips on a developer's machine; under CI (CI set),
// where .ci/run starts a Neo4j and sets it, it fails instead, so the
// production store is never left untested in silence.
func Neo4jConfig(t *testing.T) neo4j.Config {
	t.Helper()
	uri := os.Getenv("NEO4J_URI")
	switch {
	case uri == "" && os.Getenv("CI") != "":
		t.Fatal("NEO4J_URI is not set under CI: .ci/run must start Neo4j and export it")
	case uri == "":
		t.Skip("NEO4J_URI is not set: not run against Neo4j (neo4j-local/start gives one; see the README)")
	}
	LockNeo4j(t)
	// 30 s a call, not the server's 5: `go test ./...` runs the app suite's
	// open-data imports beside these on two cores, and Neo4j's schema
	// creation was seen to take over 10 s then (CI failed there).
	return neo4j.Config{URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE"), Timeout: 30 * time.Second}
}

// LockNeo4j holds, until t ends, a lock that every test using the Neo4j
// at NEO4J_URI takes first: they share that one throwaway database (the
// Community edition has one), and `go test ./...` runs packages at once.
// It is a file lock, so it spans test processes; within one process it
// is counted, so a test and its subtests may each take it. The lock is
// that Neo4j's (its file is named by NEO4J_URI): CI runs on one machine,
// each with a Neo4j of its own, do not wait for each other.
func LockNeo4j(t *testing.T) {
	t.Helper()
	neo4jLock.Lock()
	defer neo4jLock.Unlock()
	if neo4jLock.holders == 0 {
		f, err := os.OpenFile(filepath.Join(os.TempDir(), "careergraph-neo4j-test-"+lockName(os.Getenv("NEO4J_URI"))+".lock"), os.O_CREATE|os.O_RDWR, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			f.Close()
			t.Fatal(err)
		}
		neo4jLock.file = f
	}
	neo4jLock.holders++
	t.Cleanup(func() {
		neo4jLock.Lock()
		defer neo4jLock.Unlock()
		if neo4jLock.holders--; neo4jLock.holders == 0 {
			syscall.Flock(int(neo4jLock.file.Fd()), syscall.LOCK_UN)
			neo4jLock.file.Close()
		}
	})
}

// lockName is uri with every byte but a letter or a digit as "_".
func lockName(uri string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return '_'
	}, uri)
}

var neo4jLock struct {
	sync.Mutex
	holders int
	file    *os.File
}
