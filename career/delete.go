package career

import (
	"fmt"
	"maps"
	"slices"
)

// Delete returns the records a delete of the nodes ids and the
// relationships rels removes: them, and every relationship touching a
// deleted node (and a deleted role's levels), as Neo4j's DETACH DELETE
// does. The cascade is read from the snapshot's indexes, so its cost
// follows what is deleted, not the graph's size (a source or group
// delete scans the records that may cite or hold it). It refuses, as
// Dataset.Delete does, an unknown id or relationship (*NotFoundError), a
// source still cited, a role still broader than another and a group still
// holding subgroups or skills (*ConflictError).
func (g *Graph) Delete(ids []string, rels []RelKey) (Dataset, error) {
	var removed Dataset
	seen := map[string]bool{} // kind-qualified keys already in removed
	add := func(kind string, key string) bool {
		k := kind + "\x00" + key
		if seen[k] {
			return false
		}
		seen[k] = true
		return true
	}
	var missing []string
	gone := map[string]bool{}
	for _, id := range ids {
		if gone[id] {
			continue
		}
		gone[id] = true
		switch n := g.Node(id).(type) {
		case *Role:
			removed.Roles = append(removed.Roles, *n)
		case *Skill:
			removed.Skills = append(removed.Skills, *n)
		case *Training:
			removed.Trainings = append(removed.Trainings, *n)
		case *Employer:
			removed.Employers = append(removed.Employers, *n)
		case *Source:
			removed.Sources = append(removed.Sources, *n)
		case *Level:
			removed.Levels = append(removed.Levels, *n)
		case *Group:
			removed.Groups = append(removed.Groups, *n)
		default:
			missing = append(missing, id)
		}
	}
	for _, k := range rels {
		key, err := k.key()
		if err != nil {
			return Dataset{}, err
		}
		if !g.deleteRel(k, &removed, add) {
			missing = append(missing, key)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		for i := range missing {
			missing[i] = shown(missing[i])
		}
		return Dataset{}, &NotFoundError{fmt.Sprintf("nothing to delete at %q", missing)}
	}
	// The cascade of the deleted nodes.
	for _, r := range removed.Roles {
		for _, l := range g.levelsByRole[r.ID] {
			if !gone[l.ID] {
				gone[l.ID] = true
				removed.Levels = append(removed.Levels, *l)
			}
		}
		addAll(&removed.Requires, g.requiresByRole.get(r.ID), "REQUIRES", add)
		addAll(&removed.LeadsTo, g.leadsByRole[r.ID], "LEADS_TO", add)
		addAll(&removed.Hires, g.hiresByRole[r.ID], "HIRES", add)
		addAll(&removed.Transitions, g.out.get(r.ID), "TRANSITIONS_TO", add)
		addAll(&removed.Transitions, g.in.get(r.ID), "TRANSITIONS_TO", add)
		for _, s := range g.similar[r.ID] {
			rec := g.similarRecord(r.ID, s)
			if add("SIMILAR_TO", rec.Key()) {
				removed.Similar = append(removed.Similar, rec)
			}
		}
	}
	for _, s := range removed.Skills {
		addAll(&removed.Requires, g.requiresBySkill.get(s.ID), "REQUIRES", add)
		addAll(&removed.SkillLinks, g.linksFrom[s.ID], "BUILDS_ON", add)
		addAll(&removed.SkillLinks, g.linksTo[s.ID], "BUILDS_ON", add)
	}
	for _, t := range removed.Trainings {
		addAll(&removed.LeadsTo, g.leadsByTraining[t.ID], "LEADS_TO", add)
	}
	for _, e := range removed.Employers {
		addAll(&removed.Hires, g.hiresByEmployer[e.ID], "HIRES", add)
	}
	if len(removed.Sources) > 0 {
		cited := g.Dataset().Without(removed).CitedSources()
		for _, s := range removed.Sources {
			if cited[s.ID] {
				return Dataset{}, &ConflictError{fmt.Sprintf("source %q is still cited; remove it from the records that cite it first", s.ID)}
			}
		}
	}
	// A role that narrower roles specialise cannot go: they would point
	// nowhere.
	for _, r := range removed.Roles {
		for _, n := range g.narrower[r.ID] {
			if !gone[n.ID] {
				return Dataset{}, &ConflictError{fmt.Sprintf("role %q is broader than %q; delete or re-parent that role first", r.ID, n.ID)}
			}
		}
	}
	// A group still holding subgroups or skills cannot go. Roles only name
	// an ISCO code, so they do not hold a group.
	for _, gr := range removed.Groups {
		held := slices.ContainsFunc(g.childGroups[gr.ID], func(c *Group) bool { return !gone[c.ID] }) ||
			slices.ContainsFunc(g.Dataset().Skills, func(k Skill) bool { return !gone[k.ID] && slices.Contains(k.GroupIDs, gr.ID) })
		if held {
			return Dataset{}, &ConflictError{fmt.Sprintf("group %q still has subgroups or skills; delete or move them first", gr.ID)}
		}
	}
	return removed, nil
}

// deleteRel adds the relationship k names to removed; false when g does
// not hold it.
func (g *Graph) deleteRel(k RelKey, removed *Dataset, add func(kind, key string) bool) bool {
	one := func(kind, key string) bool { add(kind, key); return true }
	switch k.Type {
	case "REQUIRES":
		if r := find(g.requiresByRole.get(k.From), func(x *Requires) bool { return x.SkillID == k.To }); r != nil {
			if one(k.Type, r.Key()) {
				removed.Requires = appendNew(removed.Requires, *r)
			}
			return true
		}
	case "LEADS_TO":
		if l := find(g.leadsByTraining[k.From], func(x *LeadsTo) bool { return x.RoleID == k.To }); l != nil {
			if one(k.Type, l.Key()) {
				removed.LeadsTo = appendNew(removed.LeadsTo, *l)
			}
			return true
		}
	case "HIRES":
		if h := find(g.hiresByEmployer[k.From], func(x *Hires) bool { return x.RoleID == k.To }); h != nil {
			if one(k.Type, h.Key()) {
				removed.Hires = appendNew(removed.Hires, *h)
			}
			return true
		}
	case "TRANSITIONS_TO":
		if t := find(g.out.get(k.From), func(x *Transition) bool { return x.ToID == k.To && x.Kind == k.Kind }); t != nil {
			if one(k.Type, t.Key()) {
				removed.Transitions = appendNew(removed.Transitions, *t)
			}
			return true
		}
	case "SIMILAR_TO":
		if i := slices.IndexFunc(g.similar[k.From], func(s SimilarRole) bool { return s.Role.ID == k.To }); i >= 0 {
			rec := g.similarRecord(k.From, g.similar[k.From][i])
			if one(k.Type, rec.Key()) {
				removed.Similar = appendNew(removed.Similar, rec)
			}
			return true
		}
	case "BUILDS_ON":
		if l := find(g.linksFrom[k.From], func(x *SkillLink) bool { return x.ToID == k.To }); l != nil {
			if one(k.Type, l.Key()) {
				removed.SkillLinks = appendNew(removed.SkillLinks, *l)
			}
			return true
		}
	}
	return false
}

// appendNew appends r unless list holds a record with its key already (a
// relationship named twice).
func appendNew[T keyed](list []T, r T) []T {
	if slices.ContainsFunc(list, func(x T) bool { return x.Key() == r.Key() }) {
		return list
	}
	return append(list, r)
}

// addAll appends the records of list not removed yet.
func addAll[T keyed](out *[]T, list []*T, kind string, add func(kind, key string) bool) {
	for _, r := range list {
		if add(kind, (*r).Key()) {
			*out = append(*out, *r)
		}
	}
}

// similarRecord returns the stored Similar record between role id and s.
func (g *Graph) similarRecord(id string, s SimilarRole) Similar {
	key := Similar{AID: id, BID: s.Role.ID}.Key()
	if i := slices.IndexFunc(g.Dataset().Similar, func(x Similar) bool { return x.Key() == key }); i >= 0 {
		return g.Dataset().Similar[i]
	}
	return Similar{AID: id, BID: s.Role.ID, Score: s.Score}
}

// patchDelete removes the records of del from p, a copy of a snapshot
// whose maps and lists it copies before changing them. ok is false when
// the result would not be what Build makes of the remaining records: a
// group deleted (whole trees move), a source deleted (citations are not
// indexed), or a node deleted while a record still points at it.
func (p *Graph) patchDelete(del Dataset) bool {
	if len(del.Groups) > 0 || len(del.Sources) > 0 {
		return false
	}
	// Relationships first, so that the nodes are left with none.
	if len(del.Requires) > 0 {
		p.requiresByRole, p.requiresBySkill = p.requiresByRole.patched(), p.requiresBySkill.patched()
		unpatchRel(del.Requires, func(r *Requires) (string, string) { return r.RoleID, r.SkillID }, p.requiresByRole, p.requiresBySkill)
	}
	if len(del.SkillLinks) > 0 {
		p.linksFrom, p.linksTo = maps.Clone(p.linksFrom), maps.Clone(p.linksTo)
		unpatchRel(del.SkillLinks, func(l *SkillLink) (string, string) { return l.FromID, l.ToID }, plain[SkillLink](p.linksFrom), plain[SkillLink](p.linksTo))
	}
	if len(del.LeadsTo) > 0 {
		p.leadsByRole, p.leadsByTraining = maps.Clone(p.leadsByRole), maps.Clone(p.leadsByTraining)
		unpatchRel(del.LeadsTo, func(l *LeadsTo) (string, string) { return l.RoleID, l.TrainingID }, plain[LeadsTo](p.leadsByRole), plain[LeadsTo](p.leadsByTraining))
	}
	if len(del.Hires) > 0 {
		p.hiresByRole, p.hiresByEmployer = maps.Clone(p.hiresByRole), maps.Clone(p.hiresByEmployer)
		unpatchRel(del.Hires, func(h *Hires) (string, string) { return h.RoleID, h.EmployerID }, plain[Hires](p.hiresByRole), plain[Hires](p.hiresByEmployer))
	}
	if len(del.Transitions) > 0 {
		p.out, p.in = p.out.patched(), p.in.patched()
		unpatchRel(del.Transitions, func(t *Transition) (string, string) { return t.FromID, t.ToID }, p.out, p.in)
	}
	if len(del.Similar) > 0 {
		p.similar = maps.Clone(p.similar)
		for _, s := range del.Similar {
			for _, end := range [][2]string{{s.AID, s.BID}, {s.BID, s.AID}} {
				list := slices.DeleteFunc(slices.Clone(p.similar[end[0]]), func(x SimilarRole) bool { return x.Role.ID == end[1] })
				if len(list) == 0 {
					delete(p.similar, end[0])
				} else {
					p.similar[end[0]] = list
				}
			}
		}
	}
	if len(del.Levels) > 0 {
		p.levels, p.levelsByRole = maps.Clone(p.levels), maps.Clone(p.levelsByRole)
		for _, l := range del.Levels {
			if o := p.levels[l.ID]; o != nil {
				setList(p.levelsByRole, o.RoleID, slices.DeleteFunc(slices.Clone(p.levelsByRole[o.RoleID]), func(x *Level) bool { return x == o }))
				delete(p.levels, l.ID)
			}
		}
	}
	if len(del.Roles) > 0 {
		for _, r := range del.Roles {
			if len(p.levelsByRole[r.ID])+len(p.requiresByRole.get(r.ID))+len(p.leadsByRole[r.ID])+len(p.hiresByRole[r.ID])+
				len(p.out.get(r.ID))+len(p.in.get(r.ID))+len(p.similar[r.ID])+len(p.narrower[r.ID]) > 0 {
				return false
			}
		}
		keys := keySet(del.Roles)
		var old map[string]*Role
		p.roles, old = unpatchTable(p.roles, roleFields, keys)
		p.narrower = maps.Clone(p.narrower)
		for _, o := range old {
			if o.BroaderID != nil {
				setList(p.narrower, *o.BroaderID, slices.DeleteFunc(slices.Clone(p.narrower[*o.BroaderID]), func(x *Role) bool { return x == o }))
			}
		}
	}
	if len(del.Skills) > 0 {
		for _, s := range del.Skills {
			if len(p.requiresBySkill.get(s.ID))+len(p.linksFrom[s.ID])+len(p.linksTo[s.ID]) > 0 {
				return false
			}
		}
		keys := keySet(del.Skills)
		p.skills, _ = unpatchTable(p.skills, skillFields, keys)
	}
	if len(del.Trainings) > 0 {
		for _, t := range del.Trainings {
			if len(p.leadsByTraining[t.ID]) > 0 {
				return false
			}
		}
		keys := keySet(del.Trainings)
		p.trainings, _ = unpatchTable(p.trainings, trainingFields, keys)
	}
	if len(del.Employers) > 0 {
		for _, e := range del.Employers {
			if len(p.hiresByEmployer[e.ID]) > 0 {
				return false
			}
		}
		keys := keySet(del.Employers)
		p.employers, _ = unpatchTable(p.employers, employerFields, keys)
	}
	return true
}

func keySet[T keyed](list []T) map[string]bool {
	out := make(map[string]bool, len(list))
	for _, r := range list {
		out[r.Key()] = true
	}
	return out
}

// unpatchTable returns t without the records whose ids are in keys, and
// the records removed.
func unpatchTable[T any](t table[T], f fields[T], keys map[string]bool) (table[T], map[string]*T) {
	n := table[T]{byID: t.byID.patched(), bySlug: t.bySlug.patched()}
	old := map[string]*T{}
	for id := range keys {
		if o := n.byID.get(id); o != nil {
			old[id] = o
			n.byID.del(id)
			if n.bySlug.get(f.slug(o)) == o {
				n.bySlug.del(f.slug(o))
			}
		}
	}
	n.list = slices.DeleteFunc(slices.Clone(t.list), func(x *T) bool { return old[f.id(x)] == x })
	return n, old
}

// unpatchRel removes the records of del from the two indexes of the
// relationship by either end (copies already).
func unpatchRel[T keyed](del []T, ends func(*T) (string, string), byA, byB listIndex[T]) {
	keys := keySet(del)
	drop := func(x *T) bool { return keys[(*x).Key()] }
	for i := range del {
		a, b := ends(&del[i])
		if l := byA.get(a); l != nil {
			byA.set(a, slices.DeleteFunc(slices.Clone(l), drop))
		}
		if l := byB.get(b); l != nil {
			byB.set(b, slices.DeleteFunc(slices.Clone(l), drop))
		}
	}
}
