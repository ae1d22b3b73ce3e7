package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"

	"careergraph/graph"
)

// guard answers for the GraphQL endpoint before gqlgen does: too many
// requests in flight, not ready yet, a request no transport takes, a body
// too large however it arrives; then it sets the request deadline.
func (a *app) guard(next http.Handler) http.Handler {
	slots := make(chan struct{}, a.cfg.MaxInFlight)
	refuse := func(w http.ResponseWriter, status int, code, msg string) {
		a.gauges.Refused(code)
		writeGraphQLError(w, status, code, msg)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		default:
			w.Header().Set("Retry-After", "1")
			refuse(w, http.StatusServiceUnavailable, graph.CodeUnavailable, "the server is at capacity; retry in a second")
			return
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
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			refuse(w, http.StatusMethodNotAllowed, graph.CodeBadRequest, "use POST (or GET for queries)")
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), a.cfg.RequestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// readBody reads the whole body, at most MaxBodyBytes of it, so that an
// oversized body gets 413 whether or not it announced its length.
func (a *app) readBody(w http.ResponseWriter, r *http.Request, refuse func(http.ResponseWriter, int, string, string)) bool {
	tooLarge := func() bool {
		refuse(w, http.StatusRequestEntityTooLarge, graph.CodeBadUserInput, fmt.Sprintf("the request body is over %d bytes", a.cfg.MaxBodyBytes))
		return false
	}
	if r.ContentLength > a.cfg.MaxBodyBytes {
		return tooLarge()
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.cfg.MaxBodyBytes))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return tooLarge()
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
