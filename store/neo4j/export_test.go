package neo4j

import "careergraph/career"

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
