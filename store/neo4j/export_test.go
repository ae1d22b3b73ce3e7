package neo4j

import (
	"context"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Wipe removes every careergraph record, version and meta node, so the
// contract suite starts each case on an empty store.
func (s *Store) Wipe(ctx context.Context) error {
	for _, file := range []string{"wipe", "version_reset"} {
		if _, err := driver.ExecuteQuery(ctx, s.drv, cypher(file), nil, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(s.db)); err != nil {
			return err
		}
	}
	return nil
}

var Statements = statements

var Cypher = cypherFiles
