package testkit

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
)

// A GraphQL client over real HTTP for the API tests and the binary's
// smoke tests, and the one write they all make.

type GQLError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type Response struct {
	Data   json.RawMessage `json:"data"`
	Errors []GQLError      `json:"errors"`
	Status int             `json:"-"`
}

func (r Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

func Post(t testing.TB, url string, body any) Response {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return PostRaw(t, url, raw)
}

func PostRaw(t testing.TB, url string, raw []byte) Response {
	t.Helper()
	return PostWith(t, url, "", raw)
}

// PostWith posts raw to /graphql, with a bearer key when key is set.
func PostWith(t testing.TB, url, key string, raw []byte) Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out Response
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("decode response (status %d): %v", res.StatusCode, err)
	}
	out.Status = res.StatusCode
	return out
}

// Query runs a query that must succeed and decodes its data into out.
func Query(t testing.TB, url, q string, vars map[string]any, out any) {
	t.Helper()
	res := Post(t, url, map[string]any{"query": q, "variables": vars})
	if len(res.Errors) > 0 {
		t.Fatalf("query failed: %+v", res.Errors)
	}
	if err := json.Unmarshal(res.Data, out); err != nil {
		t.Fatal(err)
	}
}

// QueryErr runs a query that must fail and returns its first error code.
func QueryErr(t testing.TB, url, q string, vars map[string]any) (string, Response) {
	t.Helper()
	res := Post(t, url, map[string]any{"query": q, "variables": vars})
	if len(res.Errors) == 0 {
		t.Fatalf("query succeeded, want an error: %s", res.Data)
	}
	return res.Code(), res
}

func PostAuth(t testing.TB, url, key string, body any) Response {
	t.Helper()
	raw, _ := json.Marshal(body)
	return PostWith(t, url, key, raw)
}

const CreateRole = `mutation($in: GraphInput!) { create(input: $in) { version written deleted } }`

func RoleInput(slug string) map[string]any {
	return map[string]any{"roles": []any{map[string]any{"id": "role:" + slug, "slug": slug, "name": "Role " + slug}}}
}
