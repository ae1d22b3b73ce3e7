package career

import (
	"fmt"
	"slices"
	"strings"
)

// RelKey names one relationship to delete. Type is REQUIRES, LEADS_TO,
// HIRES, TRANSITIONS_TO or SIMILAR_TO; From and To are its ends as written
// in the graph ((Role)-[:REQUIRES]->(Skill), (Training)-[:LEADS_TO]->(Role),
// (Employer)-[:HIRES]->(Role), (Role)-[:TRANSITIONS_TO]->(Role) with Kind).
type RelKey struct {
	Type     string
	From, To string
	Kind     TransitionKind
}

// NotFoundError says a write names a record that does not exist.
type NotFoundError struct{ Msg string }

func (e *NotFoundError) Error() string { return e.Msg }

// ConflictError says a write would break a rule of existing data:
// creating a record that exists, deleting a source still cited.
type ConflictError struct{ Msg string }

func (e *ConflictError) Error() string { return e.Msg }

// Delete returns d without the nodes ids name and the relationships rels
// name, and the records removed. Deleting a node deletes every
// relationship touching it (and a role's levels), as Neo4j's DETACH
// DELETE does; a source still cited by a role or transition cannot be
// deleted. An unknown id or relationship is a *NotFoundError.
func (d Dataset) Delete(ids []string, rels []RelKey) (Dataset, Dataset, error) {
	gone := map[string]bool{}
	for _, id := range ids {
		gone[id] = true
	}
	var removed Dataset
	var missing []string
	exists := map[string]bool{}
	for _, id := range ids {
		exists[id] = false
	}
	mark := func(id string) bool {
		if _, asked := exists[id]; asked {
			exists[id] = true
			return true
		}
		return false
	}
	next := Dataset{
		Roles:     filter(d.Roles, &removed.Roles, func(r Role) bool { return !(mark(r.ID)) }),
		Skills:    filter(d.Skills, &removed.Skills, func(s Skill) bool { return !(mark(s.ID)) }),
		Trainings: filter(d.Trainings, &removed.Trainings, func(t Training) bool { return !(mark(t.ID)) }),
		Employers: filter(d.Employers, &removed.Employers, func(e Employer) bool { return !(mark(e.ID)) }),
		Sources:   filter(d.Sources, &removed.Sources, func(s Source) bool { return !(mark(s.ID)) }),
		Levels:    filter(d.Levels, &removed.Levels, func(l Level) bool { return !(mark(l.ID) || gone[l.RoleID]) }),
	}
	for id, ok := range exists {
		if !ok {
			missing = append(missing, id)
		}
	}
	relAsked := map[string]bool{}
	for _, k := range rels {
		key, err := k.key()
		if err != nil {
			return d, Dataset{}, err
		}
		relAsked[key] = false
	}
	hit := func(kind, key string) bool {
		if _, ok := relAsked[kind+"\x00"+key]; ok {
			relAsked[kind+"\x00"+key] = true
			return true
		}
		return false
	}
	next.Requires = filter(d.Requires, &removed.Requires, func(r Requires) bool {
		return !(hit("REQUIRES", r.Key()) || gone[r.RoleID] || gone[r.SkillID])
	})
	next.LeadsTo = filter(d.LeadsTo, &removed.LeadsTo, func(l LeadsTo) bool {
		return !(hit("LEADS_TO", l.Key()) || gone[l.RoleID] || gone[l.TrainingID])
	})
	next.Hires = filter(d.Hires, &removed.Hires, func(h Hires) bool {
		return !(hit("HIRES", h.Key()) || gone[h.RoleID] || gone[h.EmployerID])
	})
	next.Transitions = filter(d.Transitions, &removed.Transitions, func(t Transition) bool {
		return !(hit("TRANSITIONS_TO", t.Key()) || gone[t.FromID] || gone[t.ToID])
	})
	next.Similar = filter(d.Similar, &removed.Similar, func(s Similar) bool {
		return !(hit("SIMILAR_TO", s.Key()) || gone[s.AID] || gone[s.BID])
	})
	for k, ok := range relAsked {
		if !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return d, Dataset{}, &NotFoundError{fmt.Sprintf("nothing to delete at %q", missing)}
	}
	for _, s := range removed.Sources {
		cited := slices.ContainsFunc(next.Roles, func(r Role) bool { return slices.Contains(r.SourceIDs, s.ID) }) ||
			slices.ContainsFunc(next.Transitions, func(t Transition) bool { return slices.Contains(t.SourceIDs, s.ID) })
		if cited {
			return d, Dataset{}, &ConflictError{fmt.Sprintf("source %q is still cited; remove it from its roles and transitions first", s.ID)}
		}
	}
	return next, removed, nil
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
	default:
		return "", &QueryError{fmt.Sprintf("relationship type %q is not one of REQUIRES, LEADS_TO, HIRES, TRANSITIONS_TO, SIMILAR_TO", k.Type)}
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

// keys lists the kind-qualified key of every record in d.
func (d Dataset) keys() []string {
	var out []string
	add := func(kind string, k keyed) { out = append(out, kind+"\x00"+k.Key()) }
	for _, r := range d.Roles {
		add("node", r)
	}
	for _, r := range d.Skills {
		add("node", r)
	}
	for _, r := range d.Trainings {
		add("node", r)
	}
	for _, r := range d.Employers {
		add("node", r)
	}
	for _, r := range d.Sources {
		add("node", r)
	}
	for _, r := range d.Levels {
		add("node", r)
	}
	for _, r := range d.Requires {
		add("REQUIRES", r)
	}
	for _, r := range d.LeadsTo {
		add("LEADS_TO", r)
	}
	for _, r := range d.Hires {
		add("HIRES", r)
	}
	for _, r := range d.Transitions {
		add("TRANSITIONS_TO", r)
	}
	for _, r := range d.Similar {
		add("SIMILAR_TO", r)
	}
	return out
}

func (d Dataset) keySet() map[string]bool {
	have := map[string]bool{}
	for _, k := range d.keys() {
		have[k] = true
	}
	return have
}

func shown(k string) string { return strings.ReplaceAll(k, "\x00", " ") }

// Create returns d with the records of in added; any record whose key
// already exists is a *ConflictError, and nothing is added.
func (d Dataset) Create(in Dataset) (Dataset, error) {
	have := d.keySet()
	for _, k := range in.keys() {
		if have[k] {
			return d, &ConflictError{fmt.Sprintf("%s already exists; use update or upsert", shown(k))}
		}
	}
	return d.Upsert(in), nil
}

// Update returns d with the records of in replacing those with the same
// key; a record that does not exist is a *NotFoundError, and nothing is
// replaced.
func (d Dataset) Update(in Dataset) (Dataset, error) {
	have := d.keySet()
	for _, k := range in.keys() {
		if !have[k] {
			return d, &NotFoundError{fmt.Sprintf("%s does not exist; use create or upsert", shown(k))}
		}
	}
	return d.Upsert(in), nil
}
