package career

import (
	"math/rand/v2"
	"testing"
)

// The ASCII fast path of Fold gives what the full transformer chain gives.
func TestFoldASCIIFastPathMatchesTheFullFold(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	inputs := []string{""}
	for c := range 128 {
		inputs = append(inputs, string(rune(c)))
	}
	for range 2000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(128))
		}
		inputs = append(inputs, string(b))
	}
	for _, s := range inputs {
		if !isASCII(s) {
			t.Fatalf("%q taken for non-ASCII", s)
		}
		if got, want := Fold(s), fullFold(s); got != want {
			t.Fatalf("Fold(%q) = %q, the full fold gives %q", s, got, want)
		}
	}
	if isASCII("é") || Fold("Éa") != "ea" {
		t.Fatal("non-ASCII text must take the full fold")
	}
}
