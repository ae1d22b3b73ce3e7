package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"careergraph/career"
	"careergraph/graph/lean"
	"careergraph/store"
)

// Transport serves GraphQL over POST (a JSON body) and GET (query
// parameters, queries only) as gqlgen's POST and GET transports do, with
// three differences:
//   - the answer is written once into a pooled buffer: the envelope, then
//     gqlgen's data as it came (its executor already wrote compact JSON),
//     where gqlgen re-marshals it (a validating, compacting, HTML-escaping
//     copy). The only bytes that differ are <, > and & in strings, sent as
//     they are instead of \u003c, \u003e, \u0026 (the same JSON);
//   - with a ResponseCache, an answer to a query is served from it when
//     the same request was answered on the same snapshot;
//   - a GET answer to a query has an ETag (If-None-Match answers 304) and
//     a Cache-Control a CDN can follow; a GET error is not to be stored.
type Transport struct {
	Live    *store.Live
	Cache   *ResponseCache
	Metrics *Metrics
	// CacheControl is sent with GET answers to queries.
	CacheControl string
	// Timeout bounds an operation's run, from past the response cache:
	// a hit only writes bytes (the server's WriteTimeout bounds that),
	// and a deadline costs a timer and a cancelable context, a sixth of
	// a hit's CPU and allocations. 0: none.
	Timeout time.Duration
}

var _ graphql.Transport = Transport{}

const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// CacheControl is the Cache-Control of a GET answer for maxAge seconds of
// freshness: 0 lets a CDN store answers but revalidate each use (the
// ETag makes that a 304), so that no one is served an answer a write has
// replaced.
func CacheControl(maxAge int) string {
	if maxAge <= 0 {
		return "public, no-cache"
	}
	return "public, max-age=" + strconv.Itoa(maxAge)
}

func (Transport) Supports(r *http.Request) bool {
	if r.Header.Get("Upgrade") != "" {
		return false
	}
	switch r.Method {
	case http.MethodGet:
		return true
	case http.MethodPost:
		ct := r.Header.Get("Content-Type")
		if ct == mediaJSON {
			return true
		}
		mt, _, err := mime.ParseMediaType(ct)
		return err == nil && mt == mediaJSON
	}
	return false
}

// responseMedia is gqlgen's choice of response media type by Accept.
func responseMedia(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return mediaJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "*/*", "application/*", mediaJSON:
			return mediaJSON
		case mediaGraphQLResponse:
			return mediaGraphQLResponse
		}
	}
	return mediaGraphQLResponse
}

var paramsPool = sync.Pool{New: func() any { return &graphql.RawParams{} }}

func (t Transport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	t.do(r.Context(), w, r, exec)
}

// do is Do with the request's context apart: Server.ServeHTTP adds gqlgen's
// trace start to it without a copy of r.
func (t Transport) do(ctx context.Context, w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	get := r.Method == http.MethodGet
	var query url.Values
	if get {
		var err error
		if query, err = url.ParseQuery(r.URL.RawQuery); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			writeResponse(w, &graphql.Response{Errors: gqlerror.List{{Message: err.Error()}}})
			return
		}
	}
	media := responseMedia(r)
	w.Header().Set("Content-Type", media)
	params := paramsPool.Get().(*graphql.RawParams)
	defer func() {
		*params = graphql.RawParams{}
		paramsPool.Put(params)
	}()
	start := graphql.Now()
	if get {
		params.Query, params.OperationName = query.Get("query"), query.Get("operationName")
		for _, p := range [...]struct {
			name string
			into *map[string]any
		}{{"variables", &params.Variables}, {"extensions", &params.Extensions}} {
			if v := query.Get(p.name); v != "" {
				if err := jsonDecode(strings.NewReader(v), p.into); err != nil {
					w.Header().Set("Cache-Control", "no-store")
					w.WriteHeader(http.StatusBadRequest)
					writeResponse(w, &graphql.Response{Errors: gqlerror.List{{Message: p.name + " could not be decoded"}}})
					return
				}
			}
		}
	} else {
		body, read := requestBody(ctx)
		var err error
		if !read {
			in := getBuffer()
			defer putBuffer(in)
			body, err = ReadAll(r.Body, (*in)[:0])
			*in = body
		}
		if err != nil {
			writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("could not read request body: %+v", err)}))
			return
		}
		if err := decodeParams(body, params); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf(
				"json request body could not be decoded: %+v body:%s", err, string(body))}))
			return
		}
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	// The snapshot is pinned here, so that the cache key and the answer
	// name the same one (the operation reads it: see NewServer).
	g := t.Live.Graph()
	var key []byte // nil: not cached
	if t.Cache != nil && g != nil {
		kb := getBuffer()
		defer putBuffer(kb)
		if key = t.appendCacheKey(ctx, (*kb)[:0], g, params, media, get); key != nil {
			*kb = key
			if a, ok := t.Cache.get(key); ok {
				t.Metrics.servedFromCache(a.op, a.name, time.Since(start))
				t.send(w, r, get, a.body, a.etag)
				return
			}
			t.Metrics.cacheMiss()
		}
	}
	if t.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, t.Timeout)
		defer cancel()
	}
	op := &operation{snapshot: g}
	ctx = withOperation(ctx, op)
	rc, opErr := exec.CreateOperationContext(ctx, params)
	if opErr != nil {
		if get {
			w.Header().Set("Cache-Control", "no-store")
		}
		w.WriteHeader(statusFor(media, opErr))
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, rc), opErr))
		return
	}
	if get && rc.Operation.Operation != ast.Query {
		// The app answers this 405 with a coded error (noMutationOverGET).
		w.WriteHeader(http.StatusNotAcceptable)
		writeResponse(w, &graphql.Response{Errors: gqlerror.List{{Message: "GET requests only allow query operations"}}})
		return
	}
	// The executor writes the data into a pooled buffer (lean.Output),
	// handed back once copied into the answer.
	op.out = lean.GetOutput()
	responses, ctx := exec.DispatchOperation(ctx, rc)
	resp := responses(ctx)
	buf := getBuffer()
	defer putBuffer(buf)
	*buf = appendResponse((*buf)[:0], resp)
	// Only a whole answer to a query is kept or validated: no error (a
	// refusal, a limit, a deadline, a partial answer) and no extension.
	whole := rc.Operation.Operation == ast.Query && resp != nil && len(resp.Errors) == 0 && len(resp.Extensions) == 0 && len(resp.Data) > 0
	lean.PutOutput(op.out) // resp.Data is not read past here
	etag := ""
	if whole && (get || key != nil) {
		etag = etagOf(*buf)
	}
	if whole && key != nil {
		t.Cache.put(key, &cachedAnswer{body: bytes.Clone(*buf), etag: etag, op: string(ast.Query), name: t.Metrics.label(rc.Operation.Name)})
	}
	if get && !whole {
		w.Header().Set("Cache-Control", "no-store")
	}
	t.send(w, r, get, *buf, etag)
}

// appendCacheKey appends to b the response cache's key of a request: the
// document (its text, or its APQ hash when only that was sent), operation
// name and variables (re-encoded: object keys sorted), the snapshot, the
// language, the media type and the method. nil when it has no document.
func (t Transport) appendCacheKey(ctx context.Context, b []byte, g *career.Graph, p *graphql.RawParams, media string, get bool) []byte {
	doc := p.Query
	if doc == "" {
		doc = apqHash(p.Extensions)
		if doc == "" {
			return nil
		}
		doc = "\x00" + doc // not a document's text: a hash
	}
	vars := ""
	if len(p.Variables) > 0 {
		v, err := json.Marshal(p.Variables)
		if err != nil {
			return nil
		}
		vars = string(v)
	}
	l, _ := preferredLang(ctx)
	return t.Cache.appendKey(b, g, string(l), media == mediaGraphQLResponse, get, doc, p.OperationName, vars)
}

// apqHash is the sha256Hash of a persisted-query extension, if any.
func apqHash(ext map[string]any) string {
	pq, _ := ext["persistedQuery"].(map[string]any)
	h, _ := pq["sha256Hash"].(string)
	return h
}

// send writes an answer, or 304 to a GET whose If-None-Match names its
// ETag.
func (t Transport) send(w http.ResponseWriter, r *http.Request, get bool, body []byte, etag string) {
	h := w.Header()
	if get && etag != "" {
		h.Set("ETag", etag)
		h.Set("Cache-Control", t.CacheControl)
		h.Add("Vary", "Accept")
		if noneMatch(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

// noneMatch reports whether an If-None-Match header names etag (weakly
// compared, as RFC 9110 asks for If-None-Match), or is "*".
func noneMatch(header, etag string) bool {
	for v := range strings.SplitSeq(header, ",") {
		v = strings.TrimPrefix(strings.TrimSpace(v), "W/")
		if v == etag || v == "*" {
			return true
		}
	}
	return false
}

// writeResponse writes an answer that is not cached (errors before
// execution).
func writeResponse(w io.Writer, resp *graphql.Response) {
	buf := getBuffer()
	defer putBuffer(buf)
	*buf = appendResponse((*buf)[:0], resp)
	w.Write(*buf)
}

// appendResponse appends resp as encoding/json would marshal it, except
// for Data, appended as it is (see Transport).
func appendResponse(b []byte, resp *graphql.Response) []byte {
	if resp == nil {
		return append(b, "null"...)
	}
	b = append(b, '{')
	if len(resp.Errors) > 0 {
		b = appendField(b, `"errors":`, resp.Errors)
		b = append(b, ',')
	}
	b = append(b, `"data":`...)
	if len(resp.Data) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, resp.Data...)
	}
	if resp.Label != "" {
		b = appendField(b, `,"label":`, resp.Label)
	}
	if len(resp.Path) > 0 {
		b = appendField(b, `,"path":`, resp.Path)
	}
	if resp.HasNext != nil {
		b = appendField(b, `,"hasNext":`, *resp.HasNext)
	}
	if len(resp.Extensions) > 0 {
		b = appendField(b, `,"extensions":`, resp.Extensions)
	}
	return append(b, '}')
}

func appendField(b []byte, name string, v any) []byte {
	j, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Errorf("unable to marshal the response's %s: %w", name, err))
	}
	return append(append(b, name...), j...)
}

// Answers are built in pooled buffers; one grown past maxPooled is left
// to the collector rather than kept.
const maxPooled = 256 << 10

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

func getBuffer() *[]byte { return bufPool.Get().(*[]byte) }

func putBuffer(b *[]byte) {
	if cap(*b) <= maxPooled {
		bufPool.Put(b)
	}
}

// ReadAll is io.ReadAll appending to b (a pooled buffer).
func ReadAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
	}
}

// decodeParams reads a POST body into p as jsonDecode does. The
// commonest body, an object of a query and perhaps an operation name as
// plain strings, is read in one pass into one string each (quickParams);
// anything else goes to encoding/json, which on the guide page cost 8 µs
// and 3 KB per request.
func decodeParams(body []byte, p *graphql.RawParams) error {
	if quickParams(body, p) {
		return nil
	}
	*p = graphql.RawParams{}
	return jsonDecode(bytes.NewReader(body), p)
}

// quickParams reads b when it is exactly {"query": string} with
// "operationName": string perhaps too, in any order, between JSON
// whitespace, and its strings hold valid UTF-8 and no \u escape: false
// for anything else (other keys, null, numbers, trailing bytes, invalid
// JSON), which encoding/json then reads.
func quickParams(b []byte, p *graphql.RawParams) bool {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = skipSpace(b, i+1)
	for {
		key, j, ok := jsonString(b, i)
		if !ok {
			return false
		}
		i = skipSpace(b, j)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		val, j, ok := jsonString(b, skipSpace(b, i+1))
		if !ok {
			return false
		}
		switch key {
		case "query":
			p.Query = val
		case "operationName":
			p.OperationName = val
		default:
			return false
		}
		i = skipSpace(b, j)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
			continue
		}
		return i < len(b) && b[i] == '}' && skipSpace(b, i+1) == len(b)
	}
}

// hasControl reports whether b holds a byte under 0x20, which a JSON
// string may not hold unescaped: eight bytes at a time, each word's
// bytes under 0x20 flagged by the borrow of a subtraction.
func hasControl(b []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		if (x-0x20*ones)&^x&highs != 0 {
			return true
		}
		b = b[8:]
	}
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// jsonString reads the JSON string at b[i:], returning it and where it
// ends; false where it is not one quickParams reads (see there). A client
// sends the same few documents again and again: the strings are kept by
// their bytes as sent (texts), so that a string read before costs a
// search for its closing quote and one look-up, not a byte-by-byte
// decoding and a copy (the guide page's text, 0.9 KB with its escaped
// newlines and quotes, was the request's largest allocation after the
// executor's, and its decoding 4% of the request's CPU).
func jsonString(b []byte, i int) (string, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return "", 0, false
	}
	end := closingQuote(b, i+1)
	if end < 0 {
		return "", 0, false
	}
	raw := b[i+1 : end]
	if s, ok := texts.get(raw); ok {
		return s, end + 1, true
	}
	s, ok := decodeString(raw)
	if !ok {
		return "", 0, false
	}
	return texts.put(raw, s), end + 1, true
}

// closingQuote is the index of the first quote at or after from that no
// backslash escapes, or -1.
func closingQuote(b []byte, from int) int {
	for k := from; ; {
		j := bytes.IndexByte(b[k:], '"')
		if j < 0 {
			return -1
		}
		q := k + j
		n := 0
		for p := q - 1; p >= from && b[p] == '\\'; p-- {
			n++
		}
		if n%2 == 0 {
			return q
		}
		k = q + 1
	}
}

// decodeString decodes the bytes between a JSON string's quotes: false
// for a control byte, invalid UTF-8 or an escape quickParams leaves to
// encoding/json (\u).
func decodeString(raw []byte) (string, bool) {
	if hasControl(raw) || !utf8.Valid(raw) {
		return "", false
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw), true
	}
	s := make([]byte, 0, len(raw))
	for k := 0; k < len(raw); k++ {
		c := raw[k]
		if c != '\\' {
			s = append(s, c)
			continue
		}
		k++
		if k == len(raw) {
			return "", false
		}
		switch raw[k] {
		case '"', '\\', '/':
			s = append(s, raw[k])
		case 'b':
			s = append(s, '\b')
		case 'f':
			s = append(s, '\f')
		case 'n':
			s = append(s, '\n')
		case 'r':
			s = append(s, '\r')
		case 't':
			s = append(s, '\t')
		default:
			return "", false
		}
	}
	return string(s), true
}

// texts keeps the strings of request bodies by their bytes as sent
// (quickParams).
var texts interner

// Kept strings are at most maxInterned bytes as sent, and maxInternedBytes
// together: past that the table starts again.
const (
	maxInterned      = 16 << 10
	maxInternedBytes = 1 << 20
)

// interner maps a JSON string's bytes as sent, checked and decoded once,
// to the one string decoded from them.
type interner struct {
	mu    sync.RWMutex
	m     map[string]string
	bytes int
}

// get is the string decoded from raw, if raw was put.
func (in *interner) get(raw []byte) (string, bool) {
	in.mu.RLock()
	s, ok := in.m[string(raw)] // no copy: a look-up
	in.mu.RUnlock()
	return s, ok
}

// put keeps s, decoded from raw, and returns it.
func (in *interner) put(raw []byte, s string) string {
	if len(raw) > maxInterned {
		return s
	}
	key, size := s, len(s)
	if string(raw) != s {
		key, size = string(raw), len(raw)+len(s)
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.m == nil || in.bytes+size > maxInternedBytes {
		in.m, in.bytes = map[string]string{}, 0
	}
	if prev, ok := in.m[key]; ok {
		return prev
	}
	in.m[key] = s
	in.bytes += size
	return s
}

func jsonDecode(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	return dec.Decode(v)
}

// statusFor is gqlgen's status for errors raised before execution.
func statusFor(media string, errs gqlerror.List) int {
	if errcode.GetErrorKind(errs) != errcode.KindProtocol {
		return http.StatusOK
	}
	if media == mediaGraphQLResponse {
		return http.StatusBadRequest
	}
	return http.StatusUnprocessableEntity
}
