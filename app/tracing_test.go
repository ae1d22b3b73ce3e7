package app

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"careergraph/testkit"
)

// With a tracer provider installed, a request joins the caller's trace
// (traceparent) with a server span, a span for the GraphQL operation and
// one per root field, and a write adds a store.apply span. No variable
// value reaches a span.
func TestTracingSpansRequestsOperationsAndRootFields(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	prevTP, prevProp := otel.GetTracerProvider(), otel.GetTextMapPropagator()
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.TraceContext{})
	t.Cleanup(func() { otel.SetTracerProvider(prevTP); otel.SetTextMapPropagator(prevProp) })

	cfg := testConfig(t, t.TempDir())
	cfg.APIKeys, cfg.WriteRate = testKey, 0
	a, err := newApp(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.store.Close()
	if err := a.load(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.handler)
	defer srv.Close()

	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	send := func(body string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+testKey)
		req.Header.Set("traceparent", "00-"+traceID+"-00f067aa0ba902b7-01")
		res, err := testkit.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	send(`{"query":"query Page($s: String!) { role(slug: $s) { name } search(query: \"secret-typed-text\") { matched } }","variables":{"s":"developpeur-back-end"}}`)
	send(`{"query":"mutation { upsert(input: {roles: [{id: \"role:traced\", slug: \"traced\", name: \"Traced\"}]}) { version } }"}`)
	tp.ForceFlush(t.Context())

	byName, requests := map[string]sdktrace.ReadOnlySpan{}, map[string]bool{}
	for _, s := range rec.Ended() {
		if _, seen := byName[s.Name()]; !seen {
			byName[s.Name()] = s
		}
		if s.Name() == "POST /graphql" {
			requests[s.SpanContext().SpanID().String()] = true
		}
		if s.SpanContext().TraceID().String() != traceID {
			t.Errorf("span %q is not in the caller's trace", s.Name())
		}
		for _, kv := range s.Attributes() {
			if v := kv.Value.String(); strings.Contains(v, "developpeur-back-end") || strings.Contains(v, "secret-typed-text") {
				t.Errorf("span %q carries user input: %s=%s", s.Name(), kv.Key, v)
			}
		}
	}
	op, field := byName["graphql.query Page"], byName["graphql.resolve Query.role"]
	if op == nil || field == nil || len(requests) != 2 || byName["graphql.resolve Query.search"] == nil {
		t.Fatalf("spans = %v", names(rec.Ended()))
	}
	if field.Parent().SpanID() != op.SpanContext().SpanID() || !requests[op.Parent().SpanID().String()] {
		t.Error("spans are not nested request > operation > root field")
	}
	if byName["graphql.mutation"] == nil || byName["graphql.resolve Mutation.upsert"] == nil || byName["store.apply"] == nil {
		t.Errorf("write spans missing: %v", names(rec.Ended()))
	}
}

func names(spans []sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name())
	}
	return out
}
