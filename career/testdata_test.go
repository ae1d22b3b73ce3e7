package career

import (
	"encoding/json"
	"os"
	"testing"
)

// loadCurated reads the shipped seed file directly: the seed package
// imports career, so an internal test cannot import it.
func loadCurated(t testing.TB) Dataset {
	t.Helper()
	raw, err := os.ReadFile("../seed/curated/developpeur-back-end.json")
	if err != nil {
		t.Fatal(err)
	}
	var ds Dataset
	if err := json.Unmarshal(raw, &ds); err != nil {
		t.Fatal(err)
	}
	return ds
}
