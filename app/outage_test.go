package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"careergraph/store"
	"careergraph/store/embedded"
	neo4jstore "careergraph/store/neo4j"
	"careergraph/store/storetest"
	"careergraph/testkit"
)

// stalledNeo4j is the Neo4j store aimed at a listener that never answers.
func stalledNeo4j(t *testing.T) store.Store {
	st, err := neo4jstore.New(neo4jstore.Config{URI: "bolt://" + testkit.StallingAddr(t), User: "neo4j", Password: "x", Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
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
	write := func(slug string) testkit.Response {
		body, _ := json.Marshal(map[string]any{"query": `mutation($in: GraphInput!) { upsert(input: $in) { version } }`,
			"variables": map[string]any{"in": map[string]any{"roles": []any{map[string]any{"id": "role:" + slug, "slug": slug, "name": slug}}}}})
		return testkit.PostWith(t, srv.URL, "k", body)
	}
	waitStatus := func(want string) map[string]any {
		t.Helper()
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
			if code, body := testkit.GetJSON(t, srv.URL+"/readyz"); code == http.StatusOK && body["status"] == want {
				return body
			}
		}
		code, body := testkit.GetJSON(t, srv.URL+"/readyz")
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
	testkit.Query(t, srv.URL, `{ role(slug: "developpeur-back-end") { name } }`, nil, &data)
	if data.Role.Name != "Développeur Back-End" {
		t.Errorf("read during the outage = %+v", data)
	}
	if r := write("during-outage"); r.Code() != "UNAVAILABLE" || strings.Contains(r.Errors[0].Message, "127.0.0.1") {
		t.Errorf("write during the outage: %d %+v", r.Status, r.Errors)
	}

	fl.SetDown(false)
	waitStatus("ready")
	if r := write("after-outage"); len(r.Errors) != 0 {
		t.Fatalf("write after recovery: %+v", r.Errors)
	}
	var both struct{ A, B *struct{ Name string } }
	testkit.Query(t, srv.URL, `{ a: role(slug: "after-outage") { name } b: role(slug: "during-outage") { name } }`, nil, &both)
	if both.A == nil || both.B != nil {
		t.Errorf("after recovery: %+v", both)
	}
}
