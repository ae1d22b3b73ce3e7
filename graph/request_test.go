package graph

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"careergraph/career"
)

// ClientIP, Authenticate, Languages and OverGET fill one Request: the
// handler below them reads the address, the key, the language and the
// method from it, and when the request came with a Request (the app's
// guard adds it with the deadline) none of them copies the request.
func TestMiddlewaresFillOneRequest(t *testing.T) {
	keys := NewKeys([]string{"k1"})
	for _, withRequest := range []bool{false, true} {
		var got *http.Request
		h := ClientIP(keys.Authenticate(Languages(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got = r.WithContext(OverGET(r.Context()))
		}))))
		r := httptest.NewRequest(http.MethodGet, "/graphql", nil)
		r.RemoteAddr = "192.0.2.7:4711"
		r.Header.Set("Authorization", "Bearer k1")
		r.Header.Set("Accept-Language", "fr-FR, en;q=0.5")
		if withRequest {
			ctx, _ := WithRequest(r.Context())
			r = r.WithContext(ctx)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		ctx := got.Context()
		if ip := clientIP(ctx); ip != "192.0.2.7" {
			t.Errorf("client IP %q", ip)
		}
		if !authenticated(ctx) {
			t.Error("a valid key not seen")
		}
		if l, ok := preferredLang(ctx); !ok || l != career.French {
			t.Errorf("language %q, %v", l, ok)
		}
		if !overGET(ctx) {
			t.Error("GET not seen")
		}
		if withRequest && ctx != r.Context() {
			t.Error("a middleware copied a request that had its Request")
		}
	}
	// Without a key, or with a wrong one: not authenticated.
	for _, auth := range []string{"", "Bearer k2", "k1"} {
		var ok bool
		h := keys.Authenticate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ok = authenticated(r.Context()) }))
		r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if ok {
			t.Errorf("Authorization %q: authenticated", auth)
		}
	}
}
