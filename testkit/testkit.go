// Package testkit holds the helpers that tests in several packages share:
// loopback addresses that refuse or stall, a buffer that is safe to read
// while a server logs into it, GraphQL and JSON requests, CSV files read
// whole. Only tests import it.
package testkit

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"
)

// Client is the HTTP client of every test: a server that stops answering
// fails the test with a timeout error, not the whole run at go test's
// 10-minute limit. A minute: longer than any server's request deadline in
// the tests, so that the server's own coded answer arrives first.
var Client = &http.Client{Timeout: time.Minute}

// RefusingAddr is a loopback address where nothing listens.
func RefusingAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// FreePort is the port of a RefusingAddr, for a server to listen on.
func FreePort(t testing.TB) string {
	t.Helper()
	_, port, err := net.SplitHostPort(RefusingAddr(t))
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// StallingAddr is a loopback address that accepts connections and never
// answers, like a server that hangs; it closes when the test ends.
func StallingAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done // conns is ours from here
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

// LockedBuffer is a bytes.Buffer that a server may write to while the
// test reads it.
type LockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *LockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *LockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// GetJSON gets url and decodes its JSON object; status 0 when nothing
// answered.
func GetJSON(t testing.TB, url string) (int, map[string]any) {
	t.Helper()
	res, err := Client.Get(url)
	if err != nil {
		return 0, nil
	}
	defer res.Body.Close()
	var body map[string]any
	json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body
}

// ReadCSV reads every record of the CSV file at path, its header first.
func ReadCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return all
}
