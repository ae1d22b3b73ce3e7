package embedded

import (
	"slices"
	"testing"
)

// Bucket names are the file's format: a store written by an older binary
// must still open, so they never change.
func TestBucketNamesStay(t *testing.T) {
	want := []string{"roles", "levels", "skills", "trainings", "employers", "sources", "groups",
		"requires", "leads_to", "hires", "transitions", "similar", "skill_links"}
	var got []string
	for _, k := range kinds {
		got = append(got, k.bucket())
	}
	if !slices.Equal(got, want) {
		t.Errorf("buckets %v, want %v", got, want)
	}
}
