package store_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
)

// C: a read that writes overlapped (Neo4j reads at read-committed: each
// record as of some version between the two version reads), with the
// logged writes of that span replayed over it, is the graph at the second
// version. A replica so starts under steady writes (it gave up after 5
// torn reads and exited: a crash loop).
func TestFoldMakesATornReadWhole(t *testing.T) {
	curated, _, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for trial := range 30 {
		// States v0..v4 and the writes between them.
		states := []career.Dataset{curated}
		var changes []career.Change
		for v := 1; v <= 4; v++ {
			cur := states[len(states)-1]
			g, err := career.Build(cur, uint64(v-1))
			if err != nil {
				t.Fatal(err)
			}
			var c career.Change
			c.Version = uint64(v)
			if r.IntN(2) == 0 && len(cur.Roles) > 0 {
				del, err := g.Delete([]string{cur.Roles[r.IntN(len(cur.Roles))].ID}, nil)
				if err == nil {
					c.Delete = del
				}
			}
			id := fmt.Sprintf("t%d-%d", trial, v)
			c.Upsert.Roles = append(c.Upsert.Roles, career.Role{ID: "role:" + id, Slug: id, Name: id})
			if len(cur.Skills) > 0 {
				s := cur.Skills[r.IntN(len(cur.Skills))]
				if !containsID(c.Delete, s.ID) {
					s.Name += " v" + fmt.Sprint(v)
					c.Upsert.Skills = append(c.Upsert.Skills, s)
				}
			}
			changes = append(changes, c)
			states = append(states, cur.Without(c.Delete).Upsert(c.Upsert))
		}
		// A torn read: each record as of a random version between 0 and 4.
		torn := tornRead(r, states)
		got, ok := store.Fold(torn, 0, 4, changes, true)
		if !ok || string(store.Canonical(got)) != string(store.Canonical(states[4])) {
			t.Fatalf("trial %d: the folded read is not the graph at version 4 (ok %v)", trial, ok)
		}
		if _, ok := store.Fold(torn, 0, 4, changes[:3], true); ok {
			t.Fatal("Fold took a log lacking the last write")
		}
		if _, ok := store.Fold(torn, 0, 4, changes[1:], true); ok {
			t.Fatal("Fold took a log lacking the first write")
		}
	}
}

func containsID(ds career.Dataset, id string) bool {
	for _, s := range ds.Skills {
		if s.ID == id {
			return true
		}
	}
	return false
}

// tornRead picks, for every key any state holds, its record in a random
// state (absent there: absent from the read).
func tornRead(r *rand.Rand, states []career.Dataset) career.Dataset {
	var out career.Dataset
	for _, k := range career.Kinds {
		var keys []string
		recs := make([]map[string]any, len(states))
		for i, st := range states {
			recs[i] = map[string]any{}
			_ = k.Each(st, func(key string, rec any) error {
				if _, ok := recs[0][key]; !ok && !slices.Contains(keys, key) {
					keys = append(keys, key)
				}
				recs[i][key] = rec
				return nil
			})
		}
		for _, key := range keys {
			rec, ok := recs[r.IntN(len(states))][key]
			if !ok {
				continue
			}
			b, _ := json.Marshal(rec)
			_ = k.Append(&out, func(into any) error { return json.Unmarshal(b, into) })
		}
	}
	return out
}
