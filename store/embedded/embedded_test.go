package embedded_test

import (
	"testing"

	"careergraph/store"
	"careergraph/store/embedded"
	"careergraph/store/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Opener {
		dir := t.TempDir()
		return func() (store.Store, error) { return embedded.Open(dir) }
	})
}

func TestSecondOpenIsRefusedWhileLocked(t *testing.T) {
	dir := t.TempDir()
	s, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := embedded.Open(dir); err == nil {
		t.Fatal("a second Open of a locked store succeeded")
	}
}
