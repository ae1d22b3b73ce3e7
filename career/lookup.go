package career

import "slices"

// Version is the store write counter this snapshot was built at.
func (g *Graph) Version() uint64 { return g.version }

// WithVersion returns the same snapshot stamped with another version.
func (g *Graph) WithVersion(v uint64) *Graph {
	c := g.clone()
	c.version = v
	return c
}

// Dataset returns the snapshot's records. Callers must not modify them. A
// patched snapshot makes them on first use (one pass over the lists its
// writes touched).
func (g *Graph) Dataset() Dataset { return g.ds.get() }

// Role returns the role with this id, or nil.
func (g *Graph) Role(id string) *Role { return g.roles.byID.get(id) }

// RoleBySlug returns the role with this slug, or nil.
func (g *Graph) RoleBySlug(slug string) *Role { return g.roles.bySlug.get(slug) }

// Skill returns the skill with this id, or nil.
func (g *Graph) Skill(id string) *Skill { return g.skills.byID.get(id) }

// SkillBySlug returns the skill with this slug, or nil.
func (g *Graph) SkillBySlug(slug string) *Skill { return g.skills.bySlug.get(slug) }

// Training returns the training with this id, or nil.
func (g *Graph) Training(id string) *Training { return g.trainings.byID.get(id) }

// TrainingBySlug returns the training with this slug, or nil.
func (g *Graph) TrainingBySlug(slug string) *Training { return g.trainings.bySlug.get(slug) }

// Employer returns the employer with this id, or nil.
func (g *Graph) Employer(id string) *Employer { return g.employers.byID.get(id) }

// EmployerBySlug returns the employer with this slug, or nil.
func (g *Graph) EmployerBySlug(slug string) *Employer { return g.employers.bySlug.get(slug) }

// Source returns the source with this id, or nil.
func (g *Graph) Source(id string) *Source { return g.sources[id] }

// Level returns the level with this id, or nil.
func (g *Graph) Level(id string) *Level { return g.levels[id] }

// Node returns the node with this global id (a *Role, *Skill, *Training,
// *Employer, *Level, *Source or *Group), or nil.
func (g *Graph) Node(id string) any {
	if r := g.Role(id); r != nil {
		return r
	}
	if s := g.Skill(id); s != nil {
		return s
	}
	if t := g.Training(id); t != nil {
		return t
	}
	if e := g.Employer(id); e != nil {
		return e
	}
	if l := g.Level(id); l != nil {
		return l
	}
	if s := g.Source(id); s != nil {
		return s
	}
	if gr := g.Group(id); gr != nil {
		return gr
	}
	return nil
}

// Group returns the group with this id, or nil.
func (g *Graph) Group(id string) *Group { return g.groups.byID.get(id) }

// GroupBySlug returns the group with this slug, or nil.
func (g *Graph) GroupBySlug(slug string) *Group { return g.groups.bySlug.get(slug) }

// GroupByCode returns the group of a kind with this code, or nil.
func (g *Graph) GroupByCode(kind GroupKind, code string) *Group {
	return g.groupByCode[string(kind)+"\x00"+code]
}

// ChildGroups returns the groups under parentID by code; "" gives the top
// level of every tree.
func (g *Graph) ChildGroups(parentID string) []*Group { return g.childGroups[parentID] }

// Family returns the ISCO unit group of a role, or nil.
func (g *Graph) Family(r *Role) *Group {
	if r.IscoCode == nil {
		return nil
	}
	return g.GroupByCode(OccupationGroup, *r.IscoCode)
}

// NameIn is r's name in lang: its own name if in that language, else its
// first title in it that is not rare, else the name of an EQUIVALENT twin
// in it, else the name as written.
func (g *Graph) NameIn(r *Role, lang Lang) string {
	if r.NameLang() == string(lang) {
		return r.Name
	}
	for _, t := range r.Titles {
		if t.Lang == string(lang) && !t.Rare {
			return t.Label
		}
	}
	for _, t := range g.TransitionsFrom(r.ID, Equivalent) {
		if twin := g.Role(t.ToID); twin != nil && twin.NameLang() == string(lang) {
			return twin.Name
		}
	}
	return r.Name
}

// RomeDomain returns the ROME domaine professionnel of a role, or nil.
func (g *Graph) RomeDomain(r *Role) *Group {
	if r.RomeCode == nil {
		return nil
	}
	return g.GroupByCode(RomeGroup, (*r.RomeCode)[:3])
}

// RomeChildren returns the compétences of the macro-compétence with this
// ROME code, by name.
func (g *Graph) RomeChildren(code string) []*Skill { return g.romeChildren[code] }

// Narrower returns the roles that specialise a role, by name.
func (g *Graph) Narrower(roleID string) []*Role { return g.narrower[roleID] }

// GroupsByID resolves group ids, skipping none: Build checked they exist.
func (g *Graph) GroupsByID(ids []string) []*Group {
	out := make([]*Group, 0, len(ids))
	for _, id := range ids {
		out = append(out, g.groups.byID.get(id))
	}
	return out
}

// Ancestors returns the broader groups of gr, from the top of its tree
// down to its parent.
func (g *Graph) Ancestors(gr *Group) []*Group {
	var up []*Group
	for p := gr.ParentID; p != nil; p = g.groups.byID.get(*p).ParentID {
		up = append(up, g.groups.byID.get(*p))
	}
	slices.Reverse(up)
	return up
}

// GroupRoles returns the roles of an OCCUPATION or ROME group or of any
// group under it (their ISCO or ROME code starts with its code), or the
// fiches a ROME_INTEREST, ROME_THEME or ROME_SECTOR group files, by name;
// none for a SKILL group.
func (g *Graph) GroupRoles(gr *Group) []*Role {
	return g.groupRoles()[gr.ID]
}

// GroupSkills returns the skills of a SKILL group or of any group under it,
// by name; none for an OCCUPATION group.
func (g *Graph) GroupSkills(gr *Group) []*Skill {
	return g.groupSkills()[gr.ID]
}

// Equivalents returns the roles recorded as the same job by another source
// (EQUIVALENT transitions out of roleID).
func (g *Graph) Equivalents(roleID string) []*Role {
	var out []*Role
	for _, t := range g.TransitionsFrom(roleID, Equivalent) {
		out = append(out, g.roles.byID.get(t.ToID))
	}
	return out
}

// BuildsOn returns the skills a skill needs.
func (g *Graph) BuildsOn(skillID string) []*SkillLink { return visitList(g, g.linksFrom[skillID]) }

// NeededBy returns the skills that need a skill.
func (g *Graph) NeededBy(skillID string) []*SkillLink { return visitList(g, g.linksTo[skillID]) }

// Sources resolves source ids, skipping none: Build checked they exist.
func (g *Graph) Sources(ids []string) []*Source {
	g.Visit(len(ids))
	out := make([]*Source, 0, len(ids))
	for _, id := range ids {
		out = append(out, g.sources[id])
	}
	return out
}

// Levels returns a role's levels from junior up.
func (g *Graph) Levels(roleID string) []*Level { return visitList(g, g.levelsByRole[roleID]) }

// NextLevel returns the level after l in its role, or nil.
func (g *Graph) NextLevel(l *Level) *Level { return g.levelAt(l, +1) }

// PreviousLevel returns the level before l in its role, or nil.
func (g *Graph) PreviousLevel(l *Level) *Level { return g.levelAt(l, -1) }

func (g *Graph) levelAt(l *Level, delta int) *Level {
	ls := g.levelsByRole[l.RoleID]
	i := slices.Index(ls, l) + delta
	if i < 0 || i >= len(ls) || slices.Index(ls, l) < 0 {
		return nil
	}
	return ls[i]
}

// Requires returns a role's skills by category (guide order), then rank.
// Empty filters match everything.
func (g *Graph) Requires(roleID string, cat Category, imp Importance) []*Requires {
	all := visitList(g, g.requiresByRole.get(roleID))
	if cat == "" && imp == "" {
		return all
	}
	var out []*Requires
	for _, r := range all {
		if (cat == "" || g.skills.byID.get(r.SkillID).Category == cat) && (imp == "" || r.Importance == imp) {
			out = append(out, r)
		}
	}
	return out
}

// RequiresByCategory is Requires(roleID, c, "") for each category c of
// Categories that has any, in that order (cats[i] is groups[i]'s), in one
// pass over the role's list: one lookup of each skill, not one per
// category.
func (g *Graph) RequiresByCategory(roleID string) (cats []Category, groups [][]*Requires) {
	all := visitList(g, g.requiresByRole.get(roleID))
	var at [64]int8
	idx := at[:0]
	if len(all) > len(at) {
		idx = make([]int8, 0, len(all))
	}
	// On the stack for the categories there are, on the heap past them.
	var counts, starts [8]int
	count, start := counts[:], starts[:]
	if len(Categories) > len(counts) {
		count, start = make([]int, len(Categories)), make([]int, len(Categories))
	}
	n := 0
	for _, r := range all {
		c := int8(slices.Index(Categories, g.skills.byID.get(r.SkillID).Category))
		idx = append(idx, c)
		if c >= 0 {
			count[c]++
			n++
		}
	}
	if n == 0 {
		return nil, nil
	}
	kept := make([]*Requires, n)
	k := 0
	for c, at := 0, 0; c < len(Categories); c++ {
		start[c], at = at, at+count[c]
		if count[c] > 0 {
			k++
		}
	}
	cats, groups = make([]Category, 0, k), make([][]*Requires, 0, k)
	var nexts [8]int
	next := append(nexts[:0], start...) // a copy: start stays each group's first
	for i, r := range all {
		if c := idx[i]; c >= 0 {
			kept[next[c]] = r
			next[c]++
		}
	}
	for c := range Categories {
		if count[c] > 0 {
			cats = append(cats, Categories[c])
			groups = append(groups, kept[start[c]:start[c]+count[c]:start[c]+count[c]])
		}
	}
	return cats, groups
}

// RequiredBy returns the roles that need a skill.
func (g *Graph) RequiredBy(skillID string) []*Requires {
	return visitList(g, g.requiresBySkill.get(skillID))
}

// MaxTrainingsListed is how many trainings a role's short lists show
// (Role.trainings, a route's steps, a skill gap): the best ranked; a ROME
// fiche can have hundreds, which RankedTrainings pages through.
const MaxTrainingsListed = 10

// TrainingsFor returns the best MaxTrainingsListed trainings leading to a
// role, best recognised first.
func (g *Graph) TrainingsFor(roleID string) []*LeadsTo {
	l := g.leadsByRole[roleID]
	return visitList(g, l[:min(len(l), MaxTrainingsListed)])
}

// LeadsFrom returns the roles a training leads to.
func (g *Graph) LeadsFrom(trainingID string) []*LeadsTo {
	return visitList(g, g.leadsByTraining[trainingID])
}

// EmployersFor returns who hires a role, biggest recruiter first.
func (g *Graph) EmployersFor(roleID string) []*Hires { return visitList(g, g.hiresByRole[roleID]) }

// HiredBy returns the roles an employer hires.
func (g *Graph) HiredBy(employerID string) []*Hires {
	return visitList(g, g.hiresByEmployer[employerID])
}

// TransitionsFrom returns the transitions out of a role, filtered by kind
// when kinds is not empty, by kind then rank.
func (g *Graph) TransitionsFrom(roleID string, kinds ...TransitionKind) []*Transition {
	return filterKinds(visitList(g, g.out.get(roleID)), kinds)
}

// TransitionsTo returns the transitions into a role, filtered like
// TransitionsFrom.
func (g *Graph) TransitionsTo(roleID string, kinds ...TransitionKind) []*Transition {
	return filterKinds(visitList(g, g.in.get(roleID)), kinds)
}

func filterKinds(ts []*Transition, kinds []TransitionKind) []*Transition {
	if len(kinds) == 0 {
		return ts
	}
	var out []*Transition
	for _, t := range ts {
		if slices.Contains(kinds, t.Kind) {
			out = append(out, t)
		}
	}
	return out
}

// SimilarTo returns the roles similar to a role, most similar first.
func (g *Graph) SimilarTo(roleID string) []SimilarRole { return visitList(g, g.similar[roleID]) }
