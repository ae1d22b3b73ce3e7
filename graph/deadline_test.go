package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/99designs/gqlgen/graphql"

	"careergraph/testkit"
)

// Once a request's context ends (deadline, client gone, shutdown), no
// field resolves any more and the answer is one UNAVAILABLE error saying
// why. The context ends here right after the root field resolved, at a
// point the test chooses: its children (a page of roles and their names)
// must then not run.
func TestDeadlineStopsFieldsStillToRun(t *testing.T) {
	live, log := guideLive(t)
	srv := NewServer(live, Options{Limits: Limits{MaxDepth: 10, MaxComplexity: 5000}, Log: log})

	type stopKey struct{}
	var ranAfter atomic.Int64
	// Added after NewServer's extensions, so it runs inside them: a field
	// it sees after the stop is one that Deadline let through.
	srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
		if ctx.Err() != nil {
			ranAfter.Add(1)
		}
		res, err := next(ctx)
		if fc := graphql.GetFieldContext(ctx); fc.Object == "Query" && fc.Field.Name == "roles" {
			ctx.Value(stopKey{}).(func())()
		}
		return res, err
	})
	for cause, want := range map[error]string{
		context.DeadlineExceeded: "the request took longer than the server allows",
		ErrShuttingDown:          "the server is shutting down; retry",
	} {
		ranAfter.Store(0)
		h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithCancelCause(r.Context())
			defer cancel(nil)
			srv.ServeHTTP(w, r.WithContext(context.WithValue(ctx, stopKey{}, func() { cancel(cause) })))
		}))
		res, err := testkit.Client.Post(h.URL, "application/json", strings.NewReader(`{"query":"{ roles(first: 5) { nodes { id name levels { name } } } }"}`))
		if err != nil {
			t.Fatal(err)
		}
		var out testkit.Response
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		h.Close()
		if n := ranAfter.Load(); n != 0 {
			t.Errorf("%v: %d fields resolved after the context ended", cause, n)
		}
		if len(out.Errors) != 1 || out.Code() != CodeUnavailable || out.Errors[0].Message != want || (len(out.Data) > 0 && string(out.Data) != "null") {
			t.Errorf("%v: answered data %s errors %+v, want only UNAVAILABLE %q", cause, out.Data, out.Errors, want)
		}
	}
}

// A mutation is not stopped at the deadline: once its write is committed,
// its answer must say so. The context ends right after the root mutation
// field resolved; the fields below it (on the fast path, and on gqlgen's
// with the fast path off) still resolve, and the answer is the write's,
// without an error.
func TestDeadlineDoesNotStopAMutation(t *testing.T) {
	live, log := guideLive(t)
	keys := NewKeys([]string{benchKey})
	for _, plain := range []bool{false, true} {
		srv := NewServer(live, Options{Limits: Limits{MaxDepth: 10, MaxComplexity: 5000}, Keys: keys, Log: log, PlainExecutor: plain})
		ctx, cancel := context.WithCancel(context.Background())
		srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
			res, err := next(ctx)
			if graphql.GetFieldContext(ctx).Object == "Mutation" {
				cancel()
			}
			return res, err
		})
		id := fmt.Sprintf("late-%v", plain)
		body := `{"query":"mutation { upsert(input: {roles: [{id: \"role:` + id + `\", slug: \"` + id + `\", name: \"Late\"}]}) { version written deleted } }"}`
		req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+benchKey)
		rec := httptest.NewRecorder()
		ClientIP(keys.Authenticate(srv)).ServeHTTP(rec, req)
		cancel()
		var out testkit.Response
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		if len(out.Errors) > 0 || !strings.Contains(string(out.Data), `"written":1,"deleted":0`) {
			t.Errorf("plain %v: a mutation past its deadline answered %s", plain, rec.Body.String())
		}
	}
}
