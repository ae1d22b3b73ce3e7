package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"time"

	"careergraph/graph"
)

// guard answers for the GraphQL endpoint before gqlgen does: not ready
// yet, a request no transport takes, a body too large or too slow however
// it arrives, too many requests in flight; then it sets the request
// deadline. The in-flight slot is taken once the body is read: a client
// sending slowly holds a goroutine for at most BodyTimeout, never a slot.
func (a *app) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bodyRead := r.Method != http.MethodPost
		refuse := func(w http.ResponseWriter, status int, code, msg string) {
			a.gauges.Refused(code)
			if !bodyRead {
				// net/http reads what is left of an unread body (up to
				// 256 KB) after the answer: a client still sending gets
				// drainWindow to finish and read the answer; one that
				// never ends its body is cut then, and the connection
				// closed.
				w.Header().Set("Connection", "close")
				http.NewResponseController(w).SetReadDeadline(time.Now().Add(drainWindow))
			}
			writeGraphQLError(w, status, code, msg)
		}
		if !a.loaded.Load() {
			msg := "the graph is still loading; retry shortly"
			if a.loadErr.Load() != nil {
				msg = "the store is unavailable and no snapshot is loaded yet; retry shortly"
			}
			refuse(w, http.StatusServiceUnavailable, graph.CodeUnavailable, msg)
			return
		}
		if len(r.Header.Get("Accept-Language")) > graph.MaxAcceptLanguage {
			refuse(w, http.StatusBadRequest, graph.CodeBadRequest, fmt.Sprintf("the Accept-Language header is over %d bytes", graph.MaxAcceptLanguage))
			return
		}
		switch r.Method {
		case http.MethodGet, http.MethodOptions:
		case http.MethodPost:
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" || r.Header.Get("Upgrade") != "" {
				refuse(w, http.StatusUnsupportedMediaType, graph.CodeBadRequest, "POST a JSON body with Content-Type: application/json")
				return
			}
			if !a.readBody(w, r, refuse) {
				return
			}
			bodyRead = true
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			refuse(w, http.StatusMethodNotAllowed, graph.CodeBadRequest, "use POST (or GET for queries)")
			return
		}
		select {
		case a.inFlight <- struct{}{}:
			defer func() { <-a.inFlight }()
		default:
			w.Header().Set("Retry-After", "1")
			refuse(w, http.StatusServiceUnavailable, graph.CodeUnavailable, "the server is at capacity; retry in a second")
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), a.cfg.RequestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// drainWindow is how long a refused request's unread body may keep its
// connection (see guard).
const drainWindow = time.Second

// readBody reads the whole body, at most MaxBodyBytes of it, so that an
// oversized body gets 413 whether or not it announced its length, within
// BodyTimeout (408 past it), and gives up at once when the server shuts
// down (503: the client retries elsewhere).
func (a *app) readBody(w http.ResponseWriter, r *http.Request, refuse func(http.ResponseWriter, int, string, string)) bool {
	tooLarge := func() bool {
		refuse(w, http.StatusRequestEntityTooLarge, graph.CodeBadUserInput, fmt.Sprintf("the request body is over %d bytes", a.cfg.MaxBodyBytes))
		return false
	}
	if r.ContentLength > a.cfg.MaxBodyBytes {
		return tooLarge()
	}
	// The connection's read deadline bounds the body; a wrapper that
	// cannot set it (ErrNotSupported) leaves the server's ReadTimeout.
	rc := http.NewResponseController(w)
	if err := rc.SetReadDeadline(time.Now().Add(a.cfg.BodyTimeout)); err == nil {
		stop := context.AfterFunc(r.Context(), func() { rc.SetReadDeadline(time.Now()) })
		defer stop()
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.cfg.MaxBodyBytes))
	if err == nil {
		// No deadline once read: one passing while the request runs
		// would cancel its context. (After an error refuse drops the
		// connection.)
		rc.SetReadDeadline(time.Time{})
	}
	var mbe *http.MaxBytesError
	var nerr net.Error
	switch {
	case errors.As(err, &mbe):
		return tooLarge()
	case err != nil && errors.Is(context.Cause(r.Context()), graph.ErrShuttingDown):
		w.Header().Set("Retry-After", "1")
		refuse(w, http.StatusServiceUnavailable, graph.CodeUnavailable, graph.ErrShuttingDown.Error()+"; retry")
		return false
	case errors.As(err, &nerr) && nerr.Timeout():
		refuse(w, http.StatusRequestTimeout, graph.CodeBadRequest, fmt.Sprintf("the request body took over %s to arrive", a.cfg.BodyTimeout))
		return false
	case err != nil:
		refuse(w, http.StatusBadRequest, graph.CodeBadRequest, "the request body could not be read")
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return true
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
		next.ServeHTTP(&getWriter{ResponseWriter: w, metrics: a.gauges}, r.WithContext(graph.OverGET(r.Context())))
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

func (a *app) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
