package storetest_test

import (
	"testing"

	"careergraph/store"
	"careergraph/store/storetest"
)

// The in-memory store meets the contract every store meets.
func TestMemoryStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Opener {
		m := storetest.NewMemory()
		return func() (store.Store, error) { return m, nil }
	})
}
