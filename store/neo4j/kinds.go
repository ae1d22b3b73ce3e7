package neo4j

import (
	"context"
	"encoding/json"
	"fmt"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"careergraph/career"
)

// kind is a career.Kind with what Neo4j needs of it: its statement files
// and the properties its Cypher reads.
type kind struct {
	career.Kind
	file string // cypher/upsert_<file> and delete_<file>
	// props are the properties besides doc that the Cypher reads: id,
	// slug, name for nodes; from, to (and kind) for relationships.
	props func(rec any) map[string]any
	// link is cypher/link_<file> for a kind whose records can refer to
	// their own kind (career.Kind.SelfRef: BROADER, a group's parent): it
	// runs after every node of the write exists, and the kind's records
	// stay in one batch.
	link string
}

func (k kind) name() string { return k.Label() }

func (k kind) count(ds *career.Dataset) int { return k.Len(*ds) }

func (k kind) move(src, dst *career.Dataset, i, n int) { k.Move(src, dst, i, n) }

func (k kind) linked() bool { return k.link != "" }

// keyed is props, plus a relationship's key: its Key(), unique per type
// (a constraint), which its upsert merges on and its delete matches.
func (k kind) keyed(key string, rec any) map[string]any {
	p := k.props(rec)
	if !k.Node() {
		p["key"] = key
	}
	return p
}

func (k kind) files() (string, string, string) {
	return "upsert_" + k.file, "delete_" + k.file, k.link
}

// rows are the parameters of upsert_<file>: props plus the document.
func (k kind) rows(ds *career.Dataset) ([]any, error) {
	rows := make([]any, 0, k.Len(*ds))
	err := k.Each(*ds, func(key string, rec any) error {
		doc, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		p := k.keyed(key, rec)
		p["doc"] = string(doc)
		rows = append(rows, p)
		return nil
	})
	return rows, err
}

func (k kind) write(ctx context.Context, tx driver.ManagedTransaction, ds *career.Dataset) error {
	rows, err := k.rows(ds)
	if err != nil || len(rows) == 0 {
		return err
	}
	if err := run(ctx, tx, "upsert_"+k.file, "rows", rows, true); err != nil {
		return err
	}
	if k.link != "" {
		return run(ctx, tx, k.link, "rows", rows, true)
	}
	return nil
}

func (k kind) remove(ctx context.Context, tx driver.ManagedTransaction, ds *career.Dataset) error {
	if k.Len(*ds) == 0 {
		return nil
	}
	var rows []any
	_ = k.Each(*ds, func(key string, rec any) error {
		p := k.keyed(key, rec)
		if k.Node() {
			rows = append(rows, p["id"])
		} else {
			rows = append(rows, p)
		}
		return nil
	})
	param := "rows"
	if k.Node() {
		param = "ids"
	}
	return run(ctx, tx, "delete_"+k.file, param, rows, false)
}

func (k kind) decode(doc []byte, ds *career.Dataset) error {
	return k.Append(ds, func(into any) error {
		if err := json.Unmarshal(doc, into); err != nil {
			return fmt.Errorf("neo4j: corrupt %s document: %w", k.Label(), err)
		}
		return nil
	})
}

func nodeProps(id, slug, name string) map[string]any {
	p := map[string]any{"id": id, "name": name, "slug": nil}
	if slug != "" {
		p["slug"] = slug
	}
	return p
}

func relProps(from, to string) map[string]any { return map[string]any{"from": from, "to": to} }

// props adapts a typed property function to the records a career.Kind
// hands out.
func props[T any](f func(T) map[string]any) func(any) map[string]any {
	return func(rec any) map[string]any { return f(rec.(T)) }
}

// mappings hold each kind's Neo4j side, by label or type.
var mappings = map[string]kind{
	"Source": {file: "source", props: props(func(s career.Source) map[string]any { return nodeProps(s.ID, "", s.Name) })},
	"Role": {file: "role", props: props(func(r career.Role) map[string]any {
		p := nodeProps(r.ID, r.Slug, r.Name)
		p["parent"] = nil
		if r.BroaderID != nil {
			p["parent"] = *r.BroaderID
		}
		return p
	})},
	"Level": {file: "level", props: props(func(l career.Level) map[string]any {
		p := nodeProps(l.ID, "", l.Name)
		p["parent"] = l.RoleID
		return p
	})},
	"Group": {file: "group", props: props(func(g career.Group) map[string]any {
		p := nodeProps(g.ID, g.Slug, g.Name)
		p["code"], p["kind"], p["parent"] = g.Code, string(g.Kind), nil
		if g.ParentID != nil {
			p["parent"] = *g.ParentID
		}
		return p
	})},
	"Skill":    {file: "skill", props: props(func(s career.Skill) map[string]any { return nodeProps(s.ID, s.Slug, s.Name) })},
	"Training": {file: "training", props: props(func(t career.Training) map[string]any { return nodeProps(t.ID, t.Slug, t.Name) })},
	"Employer": {file: "employer", props: props(func(e career.Employer) map[string]any { return nodeProps(e.ID, e.Slug, e.Name) })},
	"REQUIRES": {file: "requires", props: props(func(r career.Requires) map[string]any { return relProps(r.RoleID, r.SkillID) })},
	"LEADS_TO": {file: "leads_to", props: props(func(l career.LeadsTo) map[string]any { return relProps(l.TrainingID, l.RoleID) })},
	"HIRES":    {file: "hires", props: props(func(h career.Hires) map[string]any { return relProps(h.EmployerID, h.RoleID) })},
	"TRANSITIONS_TO": {file: "transition", props: props(func(t career.Transition) map[string]any {
		p := relProps(t.FromID, t.ToID)
		p["kind"] = string(t.Kind)
		return p
	})},
	// SIMILAR_TO is symmetric: stored once, from the smaller id, as its
	// Key orders it.
	"SIMILAR_TO": {file: "similar", props: props(func(s career.Similar) map[string]any { return relProps(min(s.AID, s.BID), max(s.AID, s.BID)) })},
	"BUILDS_ON":  {file: "builds_on", props: props(func(l career.SkillLink) map[string]any { return relProps(l.FromID, l.ToID) })},
}

// kinds are career.Kinds with their mappings, in write order (a level
// after its role, relationships after their ends).
var kinds = func() []kind {
	out := make([]kind, len(career.Kinds))
	for i, k := range career.Kinds {
		m, ok := mappings[k.Label()]
		if !ok {
			panic("neo4j: no mapping for record kind " + k.Label())
		}
		m.Kind = k
		if k.SelfRef() {
			m.link = "link_" + m.file
		}
		out[i] = m
	}
	return out
}()

var kindByName = func() map[string]kind {
	m := map[string]kind{}
	for _, k := range kinds {
		m[k.name()] = k
	}
	return m
}()
