package graph

import (
	"encoding/binary"
	"strconv"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
	"github.com/maypok86/otter/v2"

	"careergraph/career"
)

// ResponseCache holds whole answers to read operations, bounded in bytes
// (key and answer counted), keyed by what can change an answer: the
// document (its text, or its APQ hash when only that was sent), the
// operation name, the variables, the snapshot, the language and the
// response media type. Only answers without errors or extensions to a
// query are stored (see Transport), so a refusal, a rate limit, a partial
// answer or a mutation is never served from it. Reads do not depend on the
// API key (only mutations do), so the key does not name it.
type ResponseCache struct {
	// c holds answers by their key's hash; an answer whose key differs
	// (two keys of one hash) is a miss, and the later put replaces it.
	// A look-up so costs no copy of its key, which holds the document's
	// text (the guide page's ~1 KB).
	c *otter.Cache[uint64, *cachedAnswer]
	// maxEntry is the largest answer stored: one answer may not push out
	// most of the others.
	maxEntry int
	// gen numbers each snapshot the transport has served: a key names
	// the generation, not only the version, because a store that goes
	// back to an older version (see store.Live's reload) would reuse a
	// version number for other data.
	gen atomic.Pointer[snapshotGen]
}

type snapshotGen struct {
	g *career.Graph
	n uint64
}

// cachedAnswer is the whole body sent, and what a hit needs besides it.
type cachedAnswer struct {
	key  string
	body []byte
	etag string
	// op and name label the metrics, as the operation did.
	op, name string
}

// NewResponseCache returns a cache of at most maxBytes, or nil (no cache)
// for maxBytes <= 0.
func NewResponseCache(maxBytes int64) *ResponseCache {
	if maxBytes <= 0 {
		return nil
	}
	c := otter.Must(&otter.Options[uint64, *cachedAnswer]{
		MaximumWeight: uint64(maxBytes),
		Weigher: func(_ uint64, v *cachedAnswer) uint32 {
			// The strings' bytes plus the headers of the entry.
			return uint32(len(v.key) + len(v.body) + len(v.etag) + len(v.op) + len(v.name) + 128)
		},
	})
	return &ResponseCache{c: c, maxEntry: int(min(maxBytes/16, 1<<30))}
}

// generation is the number of snapshot g in this cache's keys: a new one
// each time the snapshot served changes, so that no answer of another
// snapshot shares a key with g's.
func (rc *ResponseCache) generation(g *career.Graph) uint64 {
	for {
		cur := rc.gen.Load()
		if cur != nil && cur.g == g {
			return cur.n
		}
		next := &snapshotGen{g: g}
		if cur != nil {
			next.n = cur.n + 1
		}
		if rc.gen.CompareAndSwap(cur, next) {
			return next.n
		}
	}
}

// appendKey appends the cache key to b; every part is length-prefixed so
// that no two different requests can spell the same key.
func (rc *ResponseCache) appendKey(b []byte, g *career.Graph, lang string, graphqlMedia, get bool, doc, opName, vars string) []byte {
	b = binary.AppendUvarint(b, rc.generation(g))
	b = binary.AppendUvarint(b, g.Version())
	flags := byte(0)
	if graphqlMedia {
		flags |= 1
	}
	if get {
		flags |= 2
	}
	b = append(b, flags)
	for _, s := range [...]string{lang, opName, vars, doc} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

func (rc *ResponseCache) get(key []byte) (*cachedAnswer, bool) {
	a, ok := rc.c.GetIfPresent(xxhash.Sum64(key))
	if !ok || a.key != string(key) { // no copy: a comparison
		return nil, false
	}
	return a, true
}

func (rc *ResponseCache) put(key []byte, a *cachedAnswer) {
	if len(a.body) > rc.maxEntry {
		return
	}
	a.key = string(key)
	rc.c.Set(xxhash.Sum64(key), a)
}

// etagOf is a strong validator of an answer's bytes.
func etagOf(body []byte) string {
	return `"` + strconv.FormatUint(xxhash.Sum64(body), 36) + `"`
}
