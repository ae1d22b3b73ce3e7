package graph

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"careergraph/graph/generated"
)

// panics is a transport that panics while serving: what the handler's own
// recover is for.
type panics struct{}

func (panics) Supports(r *http.Request) bool { return r.Header.Get("X-Panic") != "" }
func (panics) Do(http.ResponseWriter, *http.Request, graphql.GraphExecutor) {
	panic("a transport's panic")
}

// Server serves as gqlgen's handler.Server, with the same transports:
// status, headers and body of a query, an OPTIONS request, a request no
// transport takes, and a panic.
func TestServerAnswersAsGqlgensHandler(t *testing.T) {
	live, _ := guideLive(t)
	schema := func() graphql.ExecutableSchema {
		return generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{Live: live}})
	}
	stock := handler.New(schema())
	ours := &Server{Executor: executor.New(schema())}
	quiet := func(context.Context, any) error { return errors.New("internal system error") } // not gqlgen's stack on stderr
	stock.SetRecoverFunc(quiet)
	ours.SetRecoverFunc(quiet)
	for _, tr := range []graphql.Transport{panics{}, transport.Options{}, Transport{Live: live}} {
		stock.AddTransport(tr)
		ours.AddTransport(tr)
	}
	for _, c := range []struct {
		name, method, ct, body string
		header                 string
	}{
		{"a query", http.MethodPost, "application/json", `{"query":"{ role(slug: \"developpeur-back-end\") { name levels { name } } }"}`, ""},
		{"a GET", http.MethodGet, "", "", ""},
		{"OPTIONS", http.MethodOptions, "", "", ""},
		{"no transport takes it", http.MethodPut, "application/json", `{}`, ""},
		{"a panic", http.MethodPost, "application/json", `{"query":"{ __typename }"}`, "yes"},
	} {
		answer := func(h http.Handler) *httptest.ResponseRecorder {
			url := "/graphql"
			if c.method == http.MethodGet {
				url += "?query=%7B__typename%7D"
			}
			req := httptest.NewRequest(c.method, url, strings.NewReader(c.body))
			if c.ct != "" {
				req.Header.Set("Content-Type", c.ct)
			}
			if c.header != "" {
				req.Header.Set("X-Panic", c.header)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			return w
		}
		want, got := answer(stock), answer(ours)
		if got.Code != want.Code || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) || len(got.Header()) != len(want.Header()) {
			t.Errorf("%s: ours %d %v %s, gqlgen's %d %v %s", c.name, got.Code, got.Header(), got.Body, want.Code, want.Header(), want.Body)
		}
		for k := range want.Header() {
			if got.Header().Get(k) != want.Header().Get(k) {
				t.Errorf("%s: %s is %q, gqlgen's %q", c.name, k, got.Header().Get(k), want.Header().Get(k))
			}
		}
		if c.name == "a query" && !strings.Contains(got.Body.String(), "Développeur") {
			t.Errorf("a query answered %s", got.Body)
		}
	}
}
