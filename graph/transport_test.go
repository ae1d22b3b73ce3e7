package graph

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"careergraph/bench/queries"
	"careergraph/store"
)

// transportServer serves live over real HTTP, as the app wires it (keys,
// languages), with Transport or gqlgen's stock transports.
func transportServer(t *testing.T, live *store.Live, o Options) *httptest.Server {
	t.Helper()
	keys := NewKeys([]string{benchKey})
	o.Keys = keys
	o.Limits = testLimits
	o.Limits.Introspection = true
	srv := httptest.NewServer(ClientIP(keys.Authenticate(Languages(NewServer(live, o)))))
	t.Cleanup(srv.Close)
	return srv
}

type httpAnswer struct {
	status int
	media  string
	body   []byte
	header http.Header
}

func sendHTTP(t *testing.T, method, base, body string, header map[string]string) httpAnswer {
	t.Helper()
	var req *http.Request
	if method == http.MethodGet {
		req, _ = http.NewRequest(method, base+"?"+body, nil)
	} else {
		req, _ = http.NewRequest(method, base, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return httpAnswer{res.StatusCode, res.Header.Get("Content-Type"), b, res.Header}
}

func postBody(q string, vars map[string]any) string {
	m := map[string]any{"query": q}
	if vars != nil {
		m["variables"] = vars
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// Transport answers the bytes gqlgen's stock transports httpAnswer, but for
// the one copy it leaves out: gqlgen re-marshals the data, which escapes
// <, > and & (and U+2028, U+2029); Transport sends them as they are. So
// HTML-escaping Transport's httpAnswer must give gqlgen's byte for byte, for
// answers, errors before and during execution, GET and POST.
func TestTransportAnswersStockBytes(t *testing.T) {
	live, log := guideLive(t)
	ours := transportServer(t, live, Options{Log: log})
	stock := transportServer(t, live, Options{Log: log, stockTransports: true})
	// A name with every character the stock copy escapes.
	odd := "R&D <lead> \u2028 \"quoted\" é"
	in := map[string]any{"roles": []any{map[string]any{"id": "role:odd", "slug": "odd", "name": odd}}}
	if a := sendHTTP(t, http.MethodPost, ours.URL, postBody(`mutation($in: GraphInput!) { create(input: $in) { written } }`, map[string]any{"in": in}),
		map[string]string{"Authorization": "Bearer " + benchKey}); bytes.Contains(a.body, []byte(`"errors"`)) {
		t.Fatalf("create: %s", a.body)
	}
	type req struct {
		name, method, body string
		header             map[string]string
	}
	var reqs []req
	for _, n := range queries.Names {
		reqs = append(reqs, req{name: n, method: http.MethodPost, body: postBody(queries.Get(n), nil)})
	}
	get := func(q string) string { return url.Values{"query": {q}}.Encode() }
	reqs = append(reqs,
		req{name: "odd name", method: http.MethodPost, body: postBody(`{ role(slug: "odd") { name slug } }`, nil)},
		req{name: "odd name, GET", method: http.MethodGet, body: get(`{ role(slug: "odd") { name } }`)},
		req{name: "French", method: http.MethodPost, body: postBody(`{ roles(first: 3) { nodes { name } } }`, nil), header: map[string]string{"Accept-Language": "fr"}},
		req{name: "variables", method: http.MethodPost, body: postBody(`query($s: String!) { role(slug: $s) { name } }`, map[string]any{"s": "tech-lead"})},
		req{name: "resolver error", method: http.MethodPost, body: postBody(`{ node(id: "nope<&>") { id } }`, nil)},
		req{name: "validation error", method: http.MethodPost, body: postBody(`{ nope }`, nil)},
		req{name: "parse error", method: http.MethodPost, body: postBody(`{ role(`, nil)},
		req{name: "bad JSON", method: http.MethodPost, body: `{"query": `},
		req{name: "graphql-response media", method: http.MethodPost, body: postBody(`{ nope }`, nil), header: map[string]string{"Accept": "application/graphql-response+json"}},
		req{name: "GET", method: http.MethodGet, body: get(queries.Get("roles"))},
		req{name: "GET, bad variables", method: http.MethodGet, body: get(`{ __typename }`) + "&variables=%7B"},
		req{name: "GET, mutation", method: http.MethodGet, body: get(`mutation { delete(ids: ["role:odd"]) { version } }`)},
		req{name: "introspection", method: http.MethodPost, body: postBody(`{ __schema { queryType { name } } }`, nil)},
	)
	sawOdd := false
	for _, r := range reqs {
		want := sendHTTP(t, r.method, stock.URL, r.body, r.header)
		got := sendHTTP(t, r.method, ours.URL, r.body, r.header)
		if got.status != want.status || got.media != want.media {
			t.Errorf("%s: status %d %s, stock %d %s", r.name, got.status, got.media, want.status, want.media)
		}
		if !json.Valid(got.body) {
			t.Errorf("%s: not JSON: %s", r.name, got.body)
			continue
		}
		var esc bytes.Buffer
		json.HTMLEscape(&esc, got.body)
		if !bytes.Equal(esc.Bytes(), want.body) {
			t.Errorf("%s:\n got %s\nwant %s", r.name, got.body, want.body)
		}
		if bytes.Contains(got.body, []byte("R&D <lead>")) {
			sawOdd = true
		}
	}
	if !sawOdd {
		t.Error("no httpAnswer carried the name with <, > and & as it is")
	}
}

// The response cache serves a repeated query from memory, and never an
// httpAnswer a write has replaced, a mutation's, an error's, or another
// language's.
func TestResponseCache(t *testing.T) {
	live, log := guideLive(t)
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg, live)
	srv := transportServer(t, live, Options{Log: log, Metrics: m, ResponseCacheBytes: 1 << 20})
	hits := func() float64 { return testutil.ToFloat64(m.cache.WithLabelValues("hit")) }
	served := func() float64 { return testutil.ToFloat64(m.requests.WithLabelValues("query", "Lead")) }
	q := postBody(`query Lead { role(slug: "tech-lead") { name } }`, nil)

	first := sendHTTP(t, http.MethodPost, srv.URL, q, nil)
	second := sendHTTP(t, http.MethodPost, srv.URL, q, nil)
	if !bytes.Equal(first.body, second.body) || !strings.Contains(string(first.body), `"Tech Lead"`) {
		t.Fatalf("answers differ or miss the role: %s / %s", first.body, second.body)
	}
	if hits() != 1 || served() != 2 {
		t.Fatalf("after two reads: %v hits, %v operations counted; want 1 and 2", hits(), served())
	}

	// A write between two reads: the next read is the new httpAnswer.
	upd := postBody(`mutation($in: GraphInput!) { update(input: $in) { version } }`, map[string]any{"in": map[string]any{
		"roles": []any{map[string]any{"id": "role:tech-lead", "slug": "tech-lead", "name": "Lead technique"}}}})
	if a := sendHTTP(t, http.MethodPost, srv.URL, upd, map[string]string{"Authorization": "Bearer " + benchKey}); bytes.Contains(a.body, []byte(`"errors"`)) {
		t.Fatalf("update: %s", a.body)
	}
	after := sendHTTP(t, http.MethodPost, srv.URL, q, nil)
	if !strings.Contains(string(after.body), `"Lead technique"`) {
		t.Fatalf("after the write, the cache answered %s", after.body)
	}
	if hits() != 1 {
		t.Fatalf("a read after a write was served from the cache (%v hits)", hits())
	}
	if again := sendHTTP(t, http.MethodPost, srv.URL, q, nil); !bytes.Equal(again.body, after.body) || hits() != 2 {
		t.Fatalf("the new httpAnswer is not cached: %v hits, %s", hits(), again.body)
	}

	// Errors and mutations are never served from the cache.
	before := hits()
	for range 2 {
		if a := sendHTTP(t, http.MethodPost, srv.URL, postBody(`{ node(id: "role:none") { id } role(slug: "x", id: "y") { name } }`, nil), nil); !bytes.Contains(a.body, []byte(`"errors"`)) {
			t.Fatalf("want an error: %s", a.body)
		}
		mut := postBody(`mutation { delete(ids: ["role:none"]) { version } }`, nil)
		sendHTTP(t, http.MethodPost, srv.URL, mut, map[string]string{"Authorization": "Bearer " + benchKey})
	}
	if hits() != before {
		t.Fatalf("an error or a mutation was served from the cache (%v hits, was %v)", hits(), before)
	}

	// Each language has its own httpAnswer.
	names := `{ role(slug: "developpeur-back-end") { levels { yearsLabel } } }`
	en := sendHTTP(t, http.MethodPost, srv.URL, postBody(names, nil), map[string]string{"Accept-Language": "en"})
	fr := sendHTTP(t, http.MethodPost, srv.URL, postBody(names, nil), map[string]string{"Accept-Language": "fr"})
	en2 := sendHTTP(t, http.MethodPost, srv.URL, postBody(names, nil), map[string]string{"Accept-Language": "en"})
	if bytes.Equal(en.body, fr.body) || !bytes.Equal(en.body, en2.body) {
		t.Fatalf("languages mixed: en %s, fr %s, en again %s", en.body, fr.body, en2.body)
	}
	// Variables are part of the key.
	byVar := `query($s: String!) { role(slug: $s) { name } }`
	a := sendHTTP(t, http.MethodPost, srv.URL, postBody(byVar, map[string]any{"s": "tech-lead"}), nil)
	b := sendHTTP(t, http.MethodPost, srv.URL, postBody(byVar, map[string]any{"s": "developpeur-back-end"}), nil)
	if bytes.Equal(a.body, b.body) {
		t.Fatalf("two variables, one httpAnswer: %s", a.body)
	}
}

// A GET httpAnswer to a query carries an ETag and a Cache-Control a CDN can
// follow; If-None-Match with it answers 304 without a body, with the cache
// on or off; a write changes the ETag; an error is not to be stored.
func TestGETValidators(t *testing.T) {
	for _, cached := range []bool{false, true} {
		live, log := guideLive(t)
		o := Options{Log: log, CacheMaxAge: 0}
		if cached {
			o.ResponseCacheBytes = 1 << 20
		}
		srv := transportServer(t, live, o)
		q := url.Values{"query": {`{ role(slug: "tech-lead") { name } }`}}.Encode()
		first := sendHTTP(t, http.MethodGet, srv.URL, q, nil)
		etag := first.header.Get("ETag")
		if first.status != http.StatusOK || etag == "" || first.header.Get("Cache-Control") != "public, no-cache" {
			t.Fatalf("cached=%v: %d, ETag %q, Cache-Control %q", cached, first.status, etag, first.header.Get("Cache-Control"))
		}
		for range 2 {
			nm := sendHTTP(t, http.MethodGet, srv.URL, q, map[string]string{"If-None-Match": `"other", ` + etag})
			if nm.status != http.StatusNotModified || len(nm.body) != 0 || nm.header.Get("ETag") != etag {
				t.Fatalf("cached=%v: If-None-Match: %d %q %s", cached, nm.status, nm.header.Get("ETag"), nm.body)
			}
		}
		if other := sendHTTP(t, http.MethodGet, srv.URL, q, map[string]string{"If-None-Match": `"other"`}); other.status != http.StatusOK || !bytes.Equal(other.body, first.body) {
			t.Fatalf("cached=%v: another ETag: %d %s", cached, other.status, other.body)
		}
		upd := postBody(`mutation($in: GraphInput!) { update(input: $in) { version } }`, map[string]any{"in": map[string]any{
			"roles": []any{map[string]any{"id": "role:tech-lead", "slug": "tech-lead", "name": "Lead technique"}}}})
		sendHTTP(t, http.MethodPost, srv.URL, upd, map[string]string{"Authorization": "Bearer " + benchKey})
		after := sendHTTP(t, http.MethodGet, srv.URL, q, map[string]string{"If-None-Match": etag})
		if after.status != http.StatusOK || after.header.Get("ETag") == etag || !strings.Contains(string(after.body), "Lead technique") {
			t.Fatalf("cached=%v: after a write: %d ETag %q %s", cached, after.status, after.header.Get("ETag"), after.body)
		}
		bad := sendHTTP(t, http.MethodGet, srv.URL, url.Values{"query": {`{ nope }`}}.Encode(), nil)
		if bad.header.Get("ETag") != "" || bad.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("cached=%v: an error's ETag %q, Cache-Control %q", cached, bad.header.Get("ETag"), bad.header.Get("Cache-Control"))
		}
	}
}

// The README's queries answered from the response cache, through the
// whole handler as the app wires it (keys, languages, transport), beside
// a bare handler writing the same bytes: what a hit costs above the
// bytes themselves.
//
//	go test -run '^$' -bench Cached -benchmem -cpu 1 ./graph/
func BenchmarkCached(b *testing.B) {
	live, log := guideLive(b)
	keys := NewKeys([]string{benchKey})
	srv := ClientIP(keys.Authenticate(Languages(NewServer(live, Options{Log: log, Keys: keys, ResponseCacheBytes: 1 << 20,
		Limits: Limits{MaxDepth: 10, MaxComplexity: 50000, MaxResponseBytes: 4 << 20}}))))
	for _, name := range queries.Names {
		body, _ := json.Marshal(map[string]any{"query": queries.Get(name)})
		do := func(h http.Handler) *httptest.ResponseRecorder {
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec
		}
		answer := do(srv).Body.Bytes()
		if bytes.Contains(answer, []byte(`"errors"`)) {
			b.Fatalf("%s: %s", name, answer)
		}
		bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/json")
			w.Write(answer)
		})
		for _, h := range []struct {
			name string
			h    http.Handler
		}{{"hit", srv}, {"bare", bare}} {
			b.Run(name+"/"+h.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					do(h.h)
				}
			})
		}
	}
}

// decodeParams reads every body as encoding/json does (jsonDecode): the
// same params, or an error from both. The bodies: the shapes clients send,
// escapes, unusual spacing, other keys, nulls, bad JSON, invalid UTF-8,
// then random cuts and byte changes of them.
func TestDecodeParamsReadsAsEncodingJSON(t *testing.T) {
	bodies := []string{
		`{"query":"{ roles { id } }"}`,
		`{"query":"query Q { a }","operationName":"Q"}`,
		` { "operationName" : "Q" ,	"query":"q"
		} `,
		`{"query":"line\nbreak\t\"quoted\" back\\slash \/ \b\f\r"}`,
		`{"query":"é à ü 日本 \u00e9 \u003c"}`,
		`{"query":"a","query":"b"}`,
		`{"query":"a","variables":{"n":1}}`,
		`{"query":"a","variables":null,"operationName":null}`,
		`{"Query":"a"}`,
		`{"query":null}`,
		`{"query":1}`,
		`{}`,
		`{"query":"a"} trailing`,
		`{"query":"a"}{"query":"b"}`,
		`{"query":"a",}`,
		`{"query":"a"`,
		`{"query":"a\x"}`,
		"{\"query\":\"a\x01\"}",
		"{\"query\":\"a\xff\"}",
		"{\"query\":\"a\\\xc3\xa9\"}",
		`[]`,
		``,
		`{"query":"a" "operationName":"b"}`,
		`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"ab"}}}`,
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		b := []byte(bodies[rng.IntN(5)])
		switch rng.IntN(3) {
		case 0:
			b = b[:rng.IntN(len(b)+1)]
		case 1:
			const swaps = "\"\\{}:, \nqa\x00\xc3u/"
			b[rng.IntN(len(b))] = swaps[rng.IntN(len(swaps))]
		default:
			i := rng.IntN(len(b) + 1)
			b = append(b[:i:i], append([]byte(`\`), b[i:]...)...)
		}
		bodies = append(bodies, string(b))
	}
	quick := 0
	for _, body := range bodies {
		var got, want graphql.RawParams
		errGot, errWant := decodeParams([]byte(body), &got), jsonDecode(strings.NewReader(body), &want)
		if (errGot != nil) != (errWant != nil) || errGot != nil && errGot.Error() != errWant.Error() {
			t.Fatalf("%q: error %v, encoding/json's %v", body, errGot, errWant)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: read %+v, encoding/json %+v", body, got, want)
		}
		var p graphql.RawParams
		if quickParams([]byte(body), &p) {
			quick++
		}
	}
	if quick < len(bodies)/20 {
		t.Fatalf("quickParams read %d bodies of %d: the test proves little", quick, len(bodies))
	}
	t.Logf("%d bodies, %d read by quickParams", len(bodies), quick)
}

// The strings quickParams reads are interned: a body read again costs no
// allocation, its strings are copies (the body's buffer goes back to a
// pool), and the table stays under maxInternedBytes.
func TestQuickParamsInternsTexts(t *testing.T) {
	for _, body := range []string{`{"query":"{ roles(first: 20) { totalCount } }","operationName":"R"}`, `{"query":"{\n  role(slug: \"a\") { name }\n}"}`} {
		b := []byte(body)
		var first graphql.RawParams
		if !quickParams(b, &first) {
			t.Fatalf("%s: not read", body)
		}
		if n := testing.AllocsPerRun(100, func() {
			var p graphql.RawParams
			quickParams(b, &p)
		}); n != 0 {
			t.Errorf("%s: %v allocations a read, want 0", body, n)
		}
		var again graphql.RawParams
		quickParams(b, &again)
		if unsafe.StringData(again.Query) != unsafe.StringData(first.Query) {
			t.Errorf("%s: read twice, two copies of the query", body)
		}
		want := first.Query
		for i := range b {
			b[i] = 'x' // the pool reuses the buffer
		}
		if first.Query != want || strings.Contains(first.Query, "xxx") {
			t.Errorf("%s: the query shares the body's bytes: %q", body, first.Query)
		}
	}
	var in interner
	text := []byte(strings.Repeat("a", maxInterned))
	for i := range 3 * maxInternedBytes / maxInterned {
		text[0] = byte(i)
		text[1] = byte(i >> 8)
		in.put(text, string(text))
		if in.bytes > maxInternedBytes {
			t.Fatalf("%d bytes interned, at most %d", in.bytes, maxInternedBytes)
		}
	}
	big := append(text, 'b')
	if s := in.put(big, string(big)); len(s) != maxInterned+1 {
		t.Errorf("put %d bytes, got %d back", len(big), len(s))
	}
	if _, ok := in.get(big); ok {
		t.Errorf("a text over maxInterned was interned")
	}
}

// hasControl finds a byte under 0x20 wherever it lies in a word or in
// the tail, and nothing else: every byte value at every place of a text
// of two words and a tail, over ASCII and over non-ASCII text.
func TestHasControlIsTheByteLoop(t *testing.T) {
	for _, fill := range []byte{'a', 0xc3, 0x20, 0x7f, 0xff} {
		for at := range 21 {
			for c := range 256 {
				b := bytes.Repeat([]byte{fill}, 21)
				b[at] = byte(c)
				want := slices.ContainsFunc(b, func(c byte) bool { return c < 0x20 })
				if got := hasControl(b); got != want {
					t.Fatalf("byte %#x at %d among %#x: hasControl %v, want %v", c, at, fill, got, want)
				}
			}
		}
	}
}
