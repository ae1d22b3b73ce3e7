package neo4j

import (
	"context"

	"careergraph/career"

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
