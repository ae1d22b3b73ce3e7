package graph

import (
	"testing"

	"github.com/cespare/xxhash/v2"
)

// The cache holds answers by their key's hash and checks the whole key on
// a hit: an answer stored under another key of the same hash is a miss,
// never served for this one.
func TestResponseCacheChecksTheWholeKey(t *testing.T) {
	rc := NewResponseCache(1 << 20)
	a, b := []byte("key of one request"), []byte("key of another")
	rc.put(a, &cachedAnswer{body: []byte(`{"data":{"a":1}}`)})
	if got, ok := rc.get(a); !ok || string(got.body) != `{"data":{"a":1}}` {
		t.Fatalf("stored answer not found: %v %v", got, ok)
	}
	if _, ok := rc.get(b); ok {
		t.Fatal("a key never stored answered")
	}
	// A collision: b's hash holding a's answer.
	rc.c.Set(xxhash.Sum64(b), &cachedAnswer{key: string(a), body: []byte(`{"data":{"a":1}}`)})
	if got, ok := rc.get(b); ok {
		t.Errorf("the answer of another key of the same hash was served: %s", got.body)
	}
	// The key is kept as a copy: the buffer it was built in is reused.
	a[0] = 'X'
	if _, ok := rc.get([]byte("key of one request")); !ok {
		t.Error("the stored key changed with the caller's buffer")
	}
}
