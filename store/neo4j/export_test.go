package neo4j

import (
	"careergraph/career"
	"careergraph/store"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

var Statements = statements

const MaxBatch = maxBatch

// Wrap is how the store classifies a driver error.
func (s *Store) Wrap(err error) error { return s.wrap(err) }

// TooLarge is what a write returns for a transaction-memory error.
func TooLarge(err *driver.Neo4jError) error { return tooLarge{err} }

var Cypher = cypherFiles

// Asked reports whether the store has asked for cypher/name.cypher.
func Asked(name string) bool {
	_, ok := asked.Load(name)
	return ok
}

// KindRows gives, for each record kind, its statement files and the rows
// Apply would send for ds.
func KindRows(ds *career.Dataset) (map[string][]any, map[string][3]string, error) {
	rows, files := map[string][]any{}, map[string][3]string{}
	for _, k := range kinds {
		r, err := k.rows(ds)
		if err != nil {
			return nil, nil, err
		}
		u, d, l := k.files()
		rows[k.name()], files[k.name()] = r, [3]string{u, d, l}
	}
	return rows, files, nil
}

// Batches is how a write is cut into transactions.
func Batches(w store.Write, max int) []store.Write { return batches(w, max) }

// SetBatch sets the records per transaction.
func (s *Store) SetBatch(n int) { s.batch = n }
