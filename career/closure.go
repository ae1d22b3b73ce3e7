package career

// patchable rules out what Patch does not take: a node id another kind
// holds, a slug another node holds, a skill changing category.
func (g *Graph) patchable(u Dataset) bool {
	kind := func(id string) any { return g.Node(id) }
	for _, r := range u.Roles {
		if n := kind(r.ID); n != nil && n != any(g.roles.byID[r.ID]) || taken(g.roles, r.Slug, r.ID) {
			return false
		}
	}
	for _, s := range u.Skills {
		old := g.skills.byID[s.ID]
		if n := kind(s.ID); n != nil && n != any(old) || taken(g.skills, s.Slug, s.ID) || old != nil && old.Category != s.Category {
			return false
		}
	}
	for _, t := range u.Trainings {
		if n := kind(t.ID); n != nil && n != any(g.trainings.byID[t.ID]) || taken(g.trainings, t.Slug, t.ID) {
			return false
		}
	}
	for _, e := range u.Employers {
		if n := kind(e.ID); n != nil && n != any(g.employers.byID[e.ID]) || taken(g.employers, e.Slug, e.ID) {
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
	other, ok := t.bySlug[slug]
	return ok && other != t.byID[id]
}

// closure is the smallest dataset on which Validate checks the rules the
// records of u take part in: u, and the current records they name (with
// what those name in turn: sources, broader roles, skill groups and their
// parents), and the other levels of their roles (ranks are unique per
// role).
func (g *Graph) closure(u Dataset) Dataset {
	sub := u.Clone()
	in := map[string]bool{}
	for _, id := range u.nodeIDs() {
		in[id] = true
	}
	var role, skill, source, group func(id string)
	source = func(id string) {
		if s := g.sources[id]; s != nil && !in[id] {
			in[id] = true
			sub.Sources = append(sub.Sources, *s)
		}
	}
	group = func(id string) {
		if gr := g.groups.byID[id]; gr != nil && !in[id] {
			in[id] = true
			sub.Groups = append(sub.Groups, *gr)
			groupRefs(gr, source, group)
		}
	}
	role = func(id string) {
		if r := g.roles.byID[id]; r != nil && !in[id] {
			in[id] = true
			sub.Roles = append(sub.Roles, *r)
			roleRefs(r, source, role)
		}
	}
	skill = func(id string) {
		if s := g.skills.byID[id]; s != nil && !in[id] {
			in[id] = true
			sub.Skills = append(sub.Skills, *s)
			skillRefs(s, source, group)
		}
	}
	node := func(id string) {
		if g.trainings.byID[id] != nil && !in[id] {
			in[id] = true
			sub.Trainings = append(sub.Trainings, *g.trainings.byID[id])
		}
		if g.employers.byID[id] != nil && !in[id] {
			in[id] = true
			sub.Employers = append(sub.Employers, *g.employers.byID[id])
		}
	}
	for i := range u.Roles {
		roleRefs(&u.Roles[i], source, role)
	}
	for i := range u.Skills {
		skillRefs(&u.Skills[i], source, group)
	}
	for _, l := range u.Levels {
		role(l.RoleID)
		for _, other := range g.levelsByRole[l.RoleID] {
			if !in[other.ID] {
				in[other.ID] = true
				sub.Levels = append(sub.Levels, *other)
			}
		}
	}
	for _, r := range u.Requires {
		role(r.RoleID)
		skill(r.SkillID)
		eachID(r.SourceIDs, source)
	}
	for _, l := range u.SkillLinks {
		skill(l.FromID)
		skill(l.ToID)
		eachID(l.SourceIDs, source)
	}
	for _, l := range u.LeadsTo {
		node(l.TrainingID)
		role(l.RoleID)
	}
	for _, h := range u.Hires {
		node(h.EmployerID)
		role(h.RoleID)
	}
	for _, t := range u.Transitions {
		role(t.FromID)
		role(t.ToID)
		eachID(t.SourceIDs, source)
	}
	for _, s := range u.Similar {
		role(s.AID)
		role(s.BID)
	}
	return sub
}

func roleRefs(r *Role, source, role func(string)) {
	eachID(r.SourceIDs, source)
	if r.BroaderID != nil {
		role(*r.BroaderID)
	}
}

func skillRefs(s *Skill, source, group func(string)) {
	eachID(s.SourceIDs, source)
	eachID(s.GroupIDs, group)
}

func groupRefs(gr *Group, source, group func(string)) {
	eachID(gr.SourceIDs, source)
	if gr.ParentID != nil {
		group(*gr.ParentID)
	}
}

func eachID(ids []string, f func(string)) {
	for _, id := range ids {
		f(id)
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
