package neo4j

import (
	"context"
	"encoding/json"
	"fmt"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"careergraph/career"
	"careergraph/store"
)

// The change log (career.ChangeLog): writes of up to maxLogged records are
// logged whole, larger ones as "full" (replicas then load everything);
// the last keepLogged versions are kept.
const (
	maxLogged  = 1000
	keepLogged = 256
)

func logChange(ctx context.Context, tx driver.ManagedTransaction, v uint64, w store.Write) error {
	full := w.Upsert.Len()+w.Delete.Len() > maxLogged
	p := map[string]any{"version": int64(v), "full": full, "keep": keepLogged, "upsert": nil, "delete": nil}
	if !full {
		up, err := json.Marshal(w.Upsert)
		if err != nil {
			return err
		}
		del, err := json.Marshal(w.Delete)
		if err != nil {
			return err
		}
		p["upsert"], p["delete"] = string(up), string(del)
	}
	res, err := tx.Run(ctx, cypher("change_log"), p)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		return fmt.Errorf("change_log: %w", err)
	}
	return nil
}

// Changes returns the logged writes after version from (career.ChangeLog).
func (s *Store) Changes(ctx context.Context, from uint64) ([]career.Change, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	res, err := driver.ExecuteQuery(ctx, s.drv, cypher("changes_since"), map[string]any{"from": int64(from)}, driver.EagerResultTransformer,
		driver.ExecuteQueryWithDatabase(s.db), driver.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, false, s.wrap(err)
	}
	if len(res.Records) != 1 {
		return nil, false, fmt.Errorf("neo4j: changes query returned %d rows", len(res.Records))
	}
	current, _, err := driver.GetRecordValue[int64](res.Records[0], "current")
	if err != nil {
		return nil, false, err
	}
	raw, _, err := driver.GetRecordValue[[]any](res.Records[0], "changes")
	if err != nil {
		return nil, false, err
	}
	var out []career.Change
	next := int64(from) + 1
	for _, x := range raw {
		m, _ := x.(map[string]any)
		v, ok := m["version"].(int64)
		if !ok {
			continue // the empty row of an empty log
		}
		if v != next || m["full"] == true {
			return nil, false, nil // a gap, or a write too large to log
		}
		c := career.Change{Version: uint64(v)}
		up, _ := m["upsert"].(string)
		del, _ := m["delete"].(string)
		if err := json.Unmarshal([]byte(up), &c.Upsert); err != nil {
			return nil, false, fmt.Errorf("neo4j: change %d: %w", v, err)
		}
		if err := json.Unmarshal([]byte(del), &c.Delete); err != nil {
			return nil, false, fmt.Errorf("neo4j: change %d: %w", v, err)
		}
		out = append(out, c)
		next++
	}
	return out, next == current+1, nil
}
