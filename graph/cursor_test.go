package graph

import (
	"strings"
	"testing"
)

// A page's cursors, written into one allocation, read as encodeCursor
// writes each, and decode to their ids: short, empty, non-ASCII and
// longer than the stack buffer.
func TestEncodeCursorsAsEncodeCursor(t *testing.T) {
	ids := []string{"role:a", "", "role:é-ü", strings.Repeat("x", 300), "skill:go"}
	page := make([]*string, len(ids))
	for i := range ids {
		page[i] = &ids[i]
	}
	got := encodeCursors(page, func(s *string) string { return *s })
	for i, id := range ids {
		if want := encodeCursor(id); got[i] != want {
			t.Errorf("cursor %d: %q, want %q", i, got[i], want)
		}
		if back, err := decodeCursor(got[i]); err != nil || back != id {
			t.Errorf("cursor %d decodes to %q, %v", i, back, err)
		}
	}
}
