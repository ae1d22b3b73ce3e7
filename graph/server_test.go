package graph_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"careergraph/graph"
	"careergraph/store"
	"careergraph/store/embedded"
	"careergraph/testkit"
)

// A resolver that panics answers INTERNAL with a generic message, logs the
// panic, and the server keeps serving. A Live that was never loaded makes
// every resolver dereference a nil snapshot: a real panic, no stand-in.
func TestPanicAnswersInternalWithoutLeaking(t *testing.T) {
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var logs testkit.LockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	srv := httptest.NewServer(graph.NewServer(store.NewLive(st, log), graph.Options{Limits: graph.Limits{MaxDepth: 10}, Log: log}))
	defer srv.Close()

	for i := 0; i < 2; i++ { // twice: the server survives the first panic
		res, err := testkit.Client.Post(srv.URL, "application/json", strings.NewReader(`{"query":"{ role(slug: \"x\") { name } }"}`))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var out struct {
			Errors []struct {
				Message    string
				Extensions map[string]any
			}
		}
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatal(err)
		}
		if len(out.Errors) != 1 || out.Errors[0].Extensions["code"] != "INTERNAL" || out.Errors[0].Message != "internal error" {
			t.Fatalf("panic answered %s", body)
		}
		if strings.Contains(string(body), "nil pointer") || strings.Contains(string(body), "goroutine") {
			t.Fatalf("panic details leaked: %s", body)
		}
	}
	if !strings.Contains(logs.String(), "panic in resolver") || !strings.Contains(logs.String(), "nil pointer") {
		t.Fatalf("panic was not logged: %s", logs.String())
	}
}
