package career

// patchable rules out what Patch does not take: a node id another kind
// holds, a slug another node holds, a skill changing category.
func (g *Graph) patchable(u Dataset) bool {
	kind := func(id string) any { return g.Node(id) }
	for _, r := range u.Roles {
		if n := kind(r.ID); n != nil && n != any(g.roles.byID.get(r.ID)) || taken(g.roles, r.Slug, r.ID) {
			return false
		}
	}
	for _, s := range u.Skills {
		old := g.skills.byID.get(s.ID)
		if n := kind(s.ID); n != nil && n != any(old) || taken(g.skills, s.Slug, s.ID) || old != nil && old.Category != s.Category {
			return false
		}
	}
	for _, t := range u.Trainings {
		if n := kind(t.ID); n != nil && n != any(g.trainings.byID.get(t.ID)) || taken(g.trainings, t.Slug, t.ID) {
			return false
		}
	}
	for _, e := range u.Employers {
		if n := kind(e.ID); n != nil && n != any(g.employers.byID.get(e.ID)) || taken(g.employers, e.Slug, e.ID) {
			return false
		}
	}
	for _, s := range u.Sources {
		if n := kind(s.ID); n != nil && n != any(g.sources[s.ID]) {
			return false
		}
	}
	for _, l := range u.Levels {
		if n := kind(l.ID); n != nil && n != any(g.levels[l.ID]) {
			return false
		}
	}
	return true
}

func taken[T any](t table[T], slug, id string) bool {
	other := t.bySlug.get(slug)
	return other != nil && other != t.byID.get(id)
}

// closure is the smallest dataset on which Validate checks the rules the
// records of u take part in: u, and the current records they refer to
// (refs.go) with what those refer to in turn, and the other levels of
// their roles (ranks are unique per role).
func (g *Graph) closure(u Dataset) Dataset {
	sub := u.Clone()
	in := map[string]bool{}
	for _, id := range u.nodeIDs() {
		in[id] = true
	}
	var follow refFunc
	follow = func(_, prefix, id string) {
		switch prefix {
		case RolePrefix:
			pull(g.roles.byID.get, id, &sub.Roles, in, follow)
		case SkillPrefix:
			pull(g.skills.byID.get, id, &sub.Skills, in, follow)
		case GroupPrefix:
			pull(g.groups.byID.get, id, &sub.Groups, in, follow)
		case SourcePrefix:
			pull(func(id string) *Source { return g.sources[id] }, id, &sub.Sources, in, follow)
		case TrainingPrefix:
			pull(g.trainings.byID.get, id, &sub.Trainings, in, follow)
		case EmployerPrefix:
			pull(g.employers.byID.get, id, &sub.Employers, in, follow)
		}
	}
	u.eachRef(func(_ func() string, field, prefix, id string) { follow(field, prefix, id) })
	for _, l := range u.Levels {
		for _, other := range g.levelsByRole[l.RoleID] {
			if !in[other.ID] {
				in[other.ID] = true
				sub.Levels = append(sub.Levels, *other)
			}
		}
	}
	return sub
}

// pull appends the record byID holds under id to list, once, and follows
// what it refers to.
func pull[T keyed](byID func(string) *T, id string, list *[]T, in map[string]bool, follow refFunc) {
	if r := byID(id); r != nil && !in[id] {
		in[id] = true
		*list = append(*list, *r)
		(*r).refs(follow)
	}
}

// nodeIDs lists the ids of d's nodes.
func (d Dataset) nodeIDs() []string {
	var ids []string
	for _, k := range Kinds {
		if k.Node() {
			_ = k.Each(d, func(id string, _ any) error {
				ids = append(ids, id)
				return nil
			})
		}
	}
	return ids
}
