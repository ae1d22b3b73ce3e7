package career

import (
	"fmt"
	"slices"
	"strings"
)

// RelKey names one relationship to delete. Type is REQUIRES, LEADS_TO,
// HIRES, TRANSITIONS_TO, SIMILAR_TO or BUILDS_ON; From and To are its ends
// as written in the graph ((Role)-[:REQUIRES]->(Skill),
// (Training)-[:LEADS_TO]->(Role), (Employer)-[:HIRES]->(Role),
// (Role)-[:TRANSITIONS_TO]->(Role) with Kind, (Skill)-[:BUILDS_ON]->(Skill)).
type RelKey struct {
	Type     string
	From, To string
	Kind     TransitionKind
}

// Delete returns d without the nodes ids name and the relationships rels
// name, and the records removed. Deleting a node deletes every
// relationship touching it (and a role's levels), as Neo4j's DETACH
// DELETE does; a source still cited by a role or transition cannot be
// deleted. An unknown id or relationship is a *NotFoundError.
func (d Dataset) Delete(ids []string, rels []RelKey) (Dataset, Dataset, error) {
	nodes := asked{}
	for _, id := range ids {
		nodes[id] = false
	}
	relKeys := asked{}
	for _, k := range rels {
		key, err := k.key()
		if err != nil {
			return d, Dataset{}, err
		}
		relKeys[key] = false
	}
	// gone is true for a node being deleted, whose relationships go too.
	gone := func(id string) bool { _, ok := nodes[id]; return ok }
	rel := func(kind string, r keyed) bool { return relKeys.hit(kind + "\x00" + r.Key()) }
	var removed Dataset
	next := Dataset{
		Roles:     filter(d.Roles, &removed.Roles, func(r Role) bool { return !nodes.hit(r.ID) }),
		Skills:    filter(d.Skills, &removed.Skills, func(s Skill) bool { return !nodes.hit(s.ID) }),
		Trainings: filter(d.Trainings, &removed.Trainings, func(t Training) bool { return !nodes.hit(t.ID) }),
		Employers: filter(d.Employers, &removed.Employers, func(e Employer) bool { return !nodes.hit(e.ID) }),
		Sources:   filter(d.Sources, &removed.Sources, func(s Source) bool { return !nodes.hit(s.ID) }),
		Levels:    filter(d.Levels, &removed.Levels, func(l Level) bool { return !(nodes.hit(l.ID) || gone(l.RoleID)) }),
		Requires: filter(d.Requires, &removed.Requires, func(r Requires) bool {
			return !(rel("REQUIRES", r) || gone(r.RoleID) || gone(r.SkillID))
		}),
		LeadsTo: filter(d.LeadsTo, &removed.LeadsTo, func(l LeadsTo) bool {
			return !(rel("LEADS_TO", l) || gone(l.RoleID) || gone(l.TrainingID))
		}),
		Hires: filter(d.Hires, &removed.Hires, func(h Hires) bool {
			return !(rel("HIRES", h) || gone(h.RoleID) || gone(h.EmployerID))
		}),
		Transitions: filter(d.Transitions, &removed.Transitions, func(t Transition) bool {
			return !(rel("TRANSITIONS_TO", t) || gone(t.FromID) || gone(t.ToID))
		}),
		Similar: filter(d.Similar, &removed.Similar, func(s Similar) bool {
			return !(rel("SIMILAR_TO", s) || gone(s.AID) || gone(s.BID))
		}),
		Groups: filter(d.Groups, &removed.Groups, func(g Group) bool { return !nodes.hit(g.ID) }),
		SkillLinks: filter(d.SkillLinks, &removed.SkillLinks, func(l SkillLink) bool {
			return !(rel("BUILDS_ON", l) || gone(l.FromID) || gone(l.ToID))
		}),
	}
	if missing := append(nodes.missing(), relKeys.missing()...); len(missing) > 0 {
		slices.Sort(missing)
		for i := range missing {
			missing[i] = shown(missing[i])
		}
		return d, Dataset{}, &NotFoundError{fmt.Sprintf("nothing to delete at %q", missing)}
	}
	if len(removed.Sources) > 0 {
		cited := next.CitedSources()
		for _, s := range removed.Sources {
			if cited[s.ID] {
				return d, Dataset{}, &ConflictError{fmt.Sprintf("source %q is still cited; remove it from the records that cite it first", s.ID)}
			}
		}
	}
	// A role that narrower roles specialise cannot go: they would point
	// nowhere.
	for _, r := range removed.Roles {
		if i := slices.IndexFunc(next.Roles, func(n Role) bool { return n.BroaderID != nil && *n.BroaderID == r.ID }); i >= 0 {
			return d, Dataset{}, &ConflictError{fmt.Sprintf("role %q is broader than %q; delete or re-parent that role first", r.ID, next.Roles[i].ID)}
		}
	}
	// A group still holding subgroups or skills cannot go: they would point
	// nowhere. Roles only name an ISCO code, so they do not hold a group.
	for _, g := range removed.Groups {
		held := slices.ContainsFunc(next.Groups, func(c Group) bool { return c.ParentID != nil && *c.ParentID == g.ID }) ||
			slices.ContainsFunc(next.Skills, func(k Skill) bool { return slices.Contains(k.GroupIDs, g.ID) })
		if held {
			return d, Dataset{}, &ConflictError{fmt.Sprintf("group %q still has subgroups or skills; delete or move them first", g.ID)}
		}
	}
	return next, removed, nil
}

// CitedSources returns the ids of the sources some record cites, over
// every kind that cites sources.
func (d Dataset) CitedSources() map[string]bool {
	cited := map[string]bool{}
	d.eachRef(func(_ func() string, _, prefix, id string) {
		if prefix == SourcePrefix {
			cited[id] = true
		}
	})
	return cited
}

// asked tracks the keys a delete names: false until a record matches.
type asked map[string]bool

func (a asked) hit(k string) bool {
	if _, ok := a[k]; ok {
		a[k] = true
		return true
	}
	return false
}

func (a asked) missing() []string {
	var out []string
	for k, found := range a {
		if !found {
			out = append(out, k)
		}
	}
	return out
}

func (k RelKey) key() (string, error) {
	var key string
	switch k.Type {
	case "REQUIRES":
		key = Requires{RoleID: k.From, SkillID: k.To}.Key()
	case "LEADS_TO":
		key = LeadsTo{TrainingID: k.From, RoleID: k.To}.Key()
	case "HIRES":
		key = Hires{EmployerID: k.From, RoleID: k.To}.Key()
	case "TRANSITIONS_TO":
		if k.Kind == "" {
			return "", &QueryError{"a TRANSITIONS_TO key needs its kind"}
		}
		key = Transition{FromID: k.From, ToID: k.To, Kind: k.Kind}.Key()
	case "SIMILAR_TO":
		key = Similar{AID: k.From, BID: k.To}.Key()
	case "BUILDS_ON":
		key = SkillLink{FromID: k.From, ToID: k.To}.Key()
	default:
		return "", &QueryError{fmt.Sprintf("relationship type %q is not one of REQUIRES, LEADS_TO, HIRES, TRANSITIONS_TO, SIMILAR_TO, BUILDS_ON", k.Type)}
	}
	return k.Type + "\x00" + key, nil
}

// filter keeps the records pass accepts and appends the others to out.
func filter[T any](in []T, out *[]T, pass func(T) bool) []T {
	var kept []T
	for _, r := range in {
		if pass(r) {
			kept = append(kept, r)
		} else {
			*out = append(*out, r)
		}
	}
	return kept
}

// keys lists the kind-qualified key of every record in d: "node" for
// nodes (ids are unique across kinds), the relationship type otherwise.
func (d Dataset) keys() []string {
	var out []string
	for _, k := range Kinds {
		kind := "node"
		if !k.Node() {
			kind = k.Label()
		}
		_ = k.Each(d, func(key string, _ any) error {
			out = append(out, kind+"\x00"+key)
			return nil
		})
	}
	return out
}

func shown(k string) string { return strings.ReplaceAll(k, "\x00", " ") }

// uniqueKeys reports whether no record of d has the key of another.
func (d Dataset) uniqueKeys() bool {
	keys := d.keys()
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		if seen[k] {
			return false
		}
		seen[k] = true
	}
	return true
}

// CheckInput refuses a write input that is empty, names one record
// twice (the second would silently replace the first), or holds an id
// that breaks the id syntax (CheckID). It reads no snapshot and takes no
// lock: a hostile id is refused at once, however busy the writers are.
func (in Dataset) CheckInput() error {
	if in.Len() == 0 {
		return &QueryError{"the input holds no record"}
	}
	if err := in.checkIDs(); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, k := range in.keys() {
		if seen[k] {
			return &QueryError{fmt.Sprintf("%s appears twice in the input", shown(k))}
		}
		seen[k] = true
	}
	return nil
}

// CheckCreate refuses, with a *ConflictError, records of in whose key g
// already holds: a create adds and never replaces.
func (g *Graph) CheckCreate(in Dataset) error {
	keys, have := g.existing(in)
	for i, k := range keys {
		if have[i] {
			return &ConflictError{fmt.Sprintf("%s already exists; use update or upsert", shown(k))}
		}
	}
	return nil
}

// CheckUpdate refuses, with a *NotFoundError, records of in whose key g
// does not hold: an update replaces and never adds.
func (g *Graph) CheckUpdate(in Dataset) error {
	keys, have := g.existing(in)
	for i, k := range keys {
		if !have[i] {
			return &NotFoundError{fmt.Sprintf("%s does not exist; use create or upsert", shown(k))}
		}
	}
	return nil
}

// existing lists in's keys (as keys does) and whether g holds each, found
// through g's indexes rather than a set of every key.
func (g *Graph) existing(in Dataset) ([]string, []bool) {
	var have []bool
	for _, k := range Kinds {
		_ = k.Each(in, func(_ string, rec any) error {
			have = append(have, g.holds(rec))
			return nil
		})
	}
	return in.keys(), have
}

// holds reports whether g has a record with rec's key.
func (g *Graph) holds(rec any) bool {
	switch r := rec.(type) {
	case Requires:
		return find(g.requiresByRole.get(r.RoleID), func(x *Requires) bool { return x.SkillID == r.SkillID }) != nil
	case LeadsTo:
		return find(g.leadsByRole[r.RoleID], func(x *LeadsTo) bool { return x.TrainingID == r.TrainingID }) != nil
	case Hires:
		return find(g.hiresByRole[r.RoleID], func(x *Hires) bool { return x.EmployerID == r.EmployerID }) != nil
	case Transition:
		return find(g.out.get(r.FromID), func(x *Transition) bool { return x.ToID == r.ToID && x.Kind == r.Kind }) != nil
	case Similar:
		return slices.ContainsFunc(g.similar[r.AID], func(x SimilarRole) bool { return x.Role.ID == r.BID })
	case SkillLink:
		return find(g.linksFrom[r.FromID], func(x *SkillLink) bool { return x.ToID == r.ToID }) != nil
	case keyed: // a node: its key is its id
		return g.Node(r.Key()) != nil
	}
	return false
}

// checkIDs checks the syntax of every id in: node ids, and the ids
// records refer to (refs.go), each against its kind's prefix. Whether a
// referred id exists is Validate's.
func (in Dataset) checkIDs() error {
	var c checker
	for _, k := range Kinds {
		if !k.Node() {
			continue
		}
		i := 0
		_ = k.Each(in, func(id string, _ any) error {
			if bad := CheckID(k.idPrefix(), id); bad != "" {
				c.field(fmt.Sprintf("%s[%d]", k.Name(), i), "id", "%s", bad)
			}
			i++
			return nil
		})
	}
	in.eachRef(func(where func() string, field, prefix, id string) {
		if bad := CheckID(prefix, id); bad != "" {
			c.field(where(), field, "%s", bad)
		}
	})
	for i, s := range in.Skills {
		if s.Rome != nil && s.Rome.ParentID != nil {
			if bad := CheckID(SkillPrefix, *s.Rome.ParentID); bad != "" {
				c.field(fmt.Sprintf("skills[%d]", i), "rome.parent", "%s", bad)
			}
		}
	}
	if len(c.problems) > 0 {
		return &ValidationError{Problems: c.problems}
	}
	return nil
}

// nodePrefixes are the id prefixes of every node kind.
var nodePrefixes = func() (ps []string) {
	for _, k := range Kinds {
		if k.Node() {
			ps = append(ps, k.idPrefix())
		}
	}
	return ps
}()

// CheckDeleteIDs refuses, as CheckInput does for writes, a delete naming
// an id that no record can have (CheckID under every node prefix):
// refused before any lock or snapshot is read.
func CheckDeleteIDs(ids []string, rels []RelKey) error {
	var c checker
	check := func(where, id string) {
		for _, p := range nodePrefixes {
			if strings.HasPrefix(id, p) {
				if bad := CheckID(p, id); bad != "" {
					c.add(where, "%s", bad)
				}
				return
			}
		}
		c.add(where, "id %q starts with no kind's prefix (%s)", id, strings.Join(nodePrefixes, ", "))
	}
	for i, id := range ids {
		check(fmt.Sprintf("ids[%d]", i), id)
	}
	for i, k := range rels {
		check(fmt.Sprintf("relationships[%d].from", i), k.From)
		check(fmt.Sprintf("relationships[%d].to", i), k.To)
	}
	if len(c.problems) > 0 {
		return &ValidationError{Problems: c.problems}
	}
	return nil
}
