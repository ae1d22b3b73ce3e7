package career

// Gap is what a person with some skills lacks for a role.
type Gap struct {
	// MissingEssential and MissingOptional are the role's skills the
	// person does not know wholly (credit, related.go).
	MissingEssential []*Skill
	MissingOptional  []*Skill
	// Coverage is the weighted share of the role's skills the person
	// knows, related skills credited in part, in [0,1]: 1 minus the skill
	// distance (see distance in pathindex.go).
	// Nil when the role lists no skills.
	Coverage *float64
	// Trainings cover the missing essential skills, best recognised first.
	Trainings []*LeadsTo
}

// SkillGap compares have (skill ids) with target's skills. A training
// that leads to the target is taken to cover all of the target's
// essential skills, since no source says which skills it teaches (there
// is no TEACHES data yet). Each leading training therefore covers the
// whole essential gap on its own: they are listed best ranked first, and
// none when no essential skill is missing.
func (g *Graph) SkillGap(have []string, target string) (Gap, error) {
	if g.Role(target) == nil {
		return Gap{}, queryErr("target: %q is not a known role", target)
	}
	ix := g.paths()
	for _, s := range have {
		if g.Skill(s) == nil {
			return Gap{}, queryErr("have: %q is not a known skill", s)
		}
	}
	k, _ := ix.knowings.Get().(*knowing)
	if k == nil {
		k = ix.newKnowing()
	}
	defer ix.knowings.Put(k)
	k.reset()
	for _, s := range have {
		k.addSkill(ix, ix.skillAt[s])
	}
	t := ix.at[target]
	var gap Gap
	for _, s := range ix.essential[t] {
		if ix.credit(k, s) < creditFull {
			gap.MissingEssential = append(gap.MissingEssential, ix.skills[s])
		}
	}
	for _, s := range ix.optional[t] {
		if ix.credit(k, s) < creditFull {
			gap.MissingOptional = append(gap.MissingOptional, ix.skills[s])
		}
	}
	if d, unknown := ix.distance(k, t); !unknown {
		c := float64(Unit-d) / Unit
		gap.Coverage = &c
	}
	if len(gap.MissingEssential) > 0 {
		gap.Trainings = g.TrainingsFor(target)
	}
	return gap, nil
}
