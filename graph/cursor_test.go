package graph

import (
	"fmt"
	"strings"
	"testing"
)

// cursorOf is encodeCursor, on a miss and on a hit, for short, empty,
// non-ASCII and long ids, and for more ids than the cache has slots (so
// that ids collide and evict each other); its cursors decode to their ids.
func TestCursorOfIsEncodeCursor(t *testing.T) {
	ids := []string{"role:a", "", "role:é-ü", strings.Repeat("x", 300), "skill:go"}
	for i := range 3 * cursorSlots {
		ids = append(ids, fmt.Sprintf("skill:esco-%d", i))
	}
	for pass := range 2 {
		for i, id := range ids {
			got := cursorOf(id)
			if want := encodeCursor(id); got != want {
				t.Fatalf("pass %d, cursor %d: %q, want %q", pass, i, got, want)
			}
			if back, err := decodeCursor(got); err != nil || back != id {
				t.Fatalf("pass %d, cursor %d decodes to %q, %v", pass, i, back, err)
			}
		}
	}
	// A hit: the same page's cursors twice, the second time from the cache.
	for range 2 {
		for _, id := range ids[:5] {
			if got, want := cursorOf(id), encodeCursor(id); got != want {
				t.Fatalf("%q: %q, want %q", id, got, want)
			}
		}
	}
}

// A cursor is what clients hold: its text must not change.
func TestCursorText(t *testing.T) {
	if got, want := cursorOf("role:x"), "Y3Vyc29yOnYxOnJvbGU6eA"; got != want {
		t.Fatalf("cursor of role:x: %q, want %q", got, want)
	}
}
