package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"sync"
	"time"

	"careergraph/graph"
)

// guard answers for the GraphQL endpoint before gqlgen does: not ready
// yet, a request no transport takes, a body too large or too slow however
// it arrives, too many requests in flight. The in-flight slot is taken
// once the body is read: a client sending slowly holds a goroutine for at
// most BodyTimeout, never a slot. The request's context gets a
// graph.Request (the client's address, key, language and body) in one
// copy of the request; its deadline (RequestTimeout) starts past the
// response cache, in graph.Transport.
func (a *app) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.loaded.Load() {
			msg := "the graph is still loading; retry shortly"
			if a.loadErr.Load() != nil {
				msg = "the store is unavailable and no snapshot is loaded yet; retry shortly"
			}
			a.refuse(w, r, false, http.StatusServiceUnavailable, graph.CodeUnavailable, msg)
			return
		}
		if len(r.Header.Get("Accept-Language")) > graph.MaxAcceptLanguage {
			a.refuse(w, r, false, http.StatusBadRequest, graph.CodeBadRequest, fmt.Sprintf("the Accept-Language header is over %d bytes", graph.MaxAcceptLanguage))
			return
		}
		var b *body
		switch r.Method {
		case http.MethodGet, http.MethodOptions:
		case http.MethodPost:
			if !jsonContent(r.Header.Get("Content-Type")) || r.Header.Get("Upgrade") != "" {
				a.refuse(w, r, false, http.StatusUnsupportedMediaType, graph.CodeBadRequest, "POST a JSON body with Content-Type: application/json")
				return
			}
			if b = a.readBody(w, r); b == nil {
				return
			}
			defer putBody(b)
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			a.refuse(w, r, false, http.StatusMethodNotAllowed, graph.CodeBadRequest, "use POST (or GET for queries)")
			return
		}
		select {
		case a.inFlight <- struct{}{}:
			defer func() { <-a.inFlight }()
		default:
			w.Header().Set("Retry-After", "1")
			a.refuse(w, r, true, http.StatusServiceUnavailable, graph.CodeUnavailable, "the server is at capacity; retry in a second")
			return
		}
		// The request's time limit starts past the response cache
		// (graph.Options.RequestTimeout).
		ctx, q := graph.WithRequest(r.Context())
		if b != nil {
			q.SetBody(b.buf)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// jsonContent reports whether a Content-Type names application/json,
// whatever its parameters; the commonest spelling without parsing it.
func jsonContent(ct string) bool {
	if ct == "application/json" {
		return true
	}
	mt, _, _ := mime.ParseMediaType(ct)
	return mt == "application/json"
}

// refuse answers a request the guard does not serve, counted by its code.
// A POST's body not read yet (bodyRead false) is drained for drainWindow
// at most.
func (a *app) refuse(w http.ResponseWriter, r *http.Request, bodyRead bool, status int, code, msg string) {
	a.gauges.Refused(code)
	if !bodyRead && r.Method == http.MethodPost {
		// net/http reads what is left of an unread body (up to 256 KB)
		// after the answer: a client still sending gets drainWindow to
		// finish and read the answer; one that never ends its body is
		// cut then, and the connection closed.
		w.Header().Set("Connection", "close")
		http.NewResponseController(w).SetReadDeadline(time.Now().Add(drainWindow))
	}
	writeGraphQLError(w, status, code, msg)
}

// drainWindow is how long a refused request's unread body may keep its
// connection (see guard).
const drainWindow = time.Second

// Bodies are read into pooled buffers, handed back once the request is
// answered; one grown past maxPooledBody is left to the collector.
const maxPooledBody = 64 << 10

var bodyPool = sync.Pool{New: func() any { return &body{buf: make([]byte, 0, 2<<10)} }}

// body is a request's body once read, and what reads it again.
type body struct {
	buf    []byte
	reader bytes.Reader
	limit  io.LimitedReader
}

func (b *body) Read(p []byte) (int, error) { return b.reader.Read(p) }
func (b *body) Close() error               { return nil }

func putBody(b *body) {
	if cap(b.buf) <= maxPooledBody {
		b.buf = b.buf[:0]
		b.reader.Reset(nil)
		b.limit = io.LimitedReader{}
		bodyPool.Put(b)
	}
}

// readBody reads the whole body, at most MaxBodyBytes of it, so that an
// oversized body gets 413 whether or not it announced its length, within
// BodyTimeout (408 past it), and gives up at once when the server shuts
// down (503: the client retries elsewhere). It answers nil when it
// refused the request, else the body in a pooled buffer (putBody) that
// r.Body reads too.
func (a *app) readBody(w http.ResponseWriter, r *http.Request) *body {
	tooLarge := func() *body {
		a.refuse(w, r, false, http.StatusRequestEntityTooLarge, graph.CodeBadUserInput, fmt.Sprintf("the request body is over %d bytes", a.cfg.MaxBodyBytes))
		return nil
	}
	if r.ContentLength > a.cfg.MaxBodyBytes {
		return tooLarge()
	}
	// The connection's read deadline bounds the body; a wrapper that
	// cannot set it (ErrNotSupported) leaves the server's ReadTimeout.
	// Shutting down cuts the reads still waiting (bodyReads).
	rc := http.NewResponseController(w)
	if err := rc.SetReadDeadline(time.Now().Add(a.cfg.BodyTimeout)); err == nil {
		if !a.reads.add(rc) {
			rc.SetReadDeadline(time.Now()) // shutting down already
		}
		defer a.reads.remove(rc)
	}
	b := bodyPool.Get().(*body)
	// One byte past the limit tells a body over it.
	b.limit = io.LimitedReader{R: r.Body, N: a.cfg.MaxBodyBytes + 1}
	var err error
	b.buf, err = graph.ReadAll(&b.limit, b.buf[:0])
	if err == nil && int64(len(b.buf)) <= a.cfg.MaxBodyBytes {
		// No deadline once read: one passing while the request runs
		// would cancel its context. (After an error refuse drops the
		// connection.)
		rc.SetReadDeadline(time.Time{})
		b.reader.Reset(b.buf)
		r.Body = b
		return b
	}
	putBody(b)
	var nerr net.Error
	switch {
	case err == nil: // over the limit; refuse closes the connection
		return tooLarge()
	case errors.Is(context.Cause(r.Context()), graph.ErrShuttingDown):
		w.Header().Set("Retry-After", "1")
		a.refuse(w, r, false, http.StatusServiceUnavailable, graph.CodeUnavailable, graph.ErrShuttingDown.Error()+"; retry")
	case errors.As(err, &nerr) && nerr.Timeout():
		a.refuse(w, r, false, http.StatusRequestTimeout, graph.CodeBadRequest, fmt.Sprintf("the request body took over %s to arrive", a.cfg.BodyTimeout))
	default:
		a.refuse(w, r, false, http.StatusBadRequest, graph.CodeBadRequest, "the request body could not be read")
	}
	return nil
}

// bodyReads are the request bodies being read: shutting down cuts them
// (a read deadline of now), so that a client sending slowly gets its 503
// at once. A set in the app, rather than a context.AfterFunc per request
// on the request's context, which cost ~450 bytes a request.
type bodyReads struct {
	mu      sync.Mutex
	reads   map[*http.ResponseController]struct{}
	stopped bool
}

// add counts a read in; false once the server is shutting down.
func (b *bodyReads) add(rc *http.ResponseController) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopped {
		return false
	}
	if b.reads == nil {
		b.reads = map[*http.ResponseController]struct{}{}
	}
	b.reads[rc] = struct{}{}
	return true
}

func (b *bodyReads) remove(rc *http.ResponseController) {
	b.mu.Lock()
	delete(b.reads, rc)
	b.mu.Unlock()
}

// stop cuts every read under way, and any that starts later.
func (b *bodyReads) stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.stopped = true
	for rc := range b.reads {
		rc.SetReadDeadline(time.Now())
	}
}

// noMutationOverGET gives gqlgen's bare 406 for a mutation sent with GET
// a coded body and the status that says what to do: 405, Allow: POST,
// with or without an API key (graph.OverGET).
func (a *app) noMutationOverGET(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			next.ServeHTTP(w, r)
			return
		}
		if ctx := graph.OverGET(r.Context()); ctx != r.Context() {
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(&getWriter{ResponseWriter: w, metrics: a.gauges}, r)
	})
}

type getWriter struct {
	http.ResponseWriter
	metrics *graph.Metrics
	refused bool
}

func (g *getWriter) WriteHeader(status int) {
	if status != http.StatusNotAcceptable {
		g.ResponseWriter.WriteHeader(status)
		return
	}
	g.refused = true
	g.metrics.Refused(graph.CodeBadRequest)
	g.Header().Set("Allow", "POST")
	writeGraphQLError(g.ResponseWriter, http.StatusMethodNotAllowed, graph.CodeBadRequest, "mutations are sent with POST, not GET")
}

func (g *getWriter) Write(b []byte) (int, error) {
	if g.refused {
		return len(b), nil // gqlgen's uncoded body, replaced
	}
	return g.ResponseWriter.Write(b)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (readBody).
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// accessLog logs each request at debug level. At any other level it costs
// one check: the record's wrapper and arguments were ~70 bytes a request.
func (a *app) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.log.Enabled(r.Context(), slog.LevelDebug) {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		a.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "duration", time.Since(start))
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeGraphQLError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"errors": []any{map[string]any{"message": msg, "extensions": map[string]any{"code": code}}}})
}
