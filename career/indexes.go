package career

import (
	"maps"
	"slices"
	"sync"
)

// Sizes are the longest list of each relationship in a snapshot: what
// the API's cost limits price a list at, so that a price is an upper
// bound of the work on this graph, not a guess. Computed once per
// snapshot (Graph.Sizes).
type Sizes struct {
	// Records of each kind: what a scan of the whole list visits.
	Roles, Skills, Trainings, Employers, Groups int

	// Per role.
	Levels, RoleSkills, RoleSkillsInCategory, RoleEssential, RoleTrainings, RoleEmployers int
	Titles, Similar, Narrower                                                             int
	// Transitions out of and into one role, all kinds, and of each kind.
	Out, In             int
	OutOfKind, InOfKind map[TransitionKind]int
	// Per ROME profile, MCC profile sector list excepted (bounded by top).
	WorkContexts, Sectors, NafSectors, Interests, Themes int

	// Per skill: roles requiring it, its groups, its skill links, its
	// alternative labels.
	RequiredBy, SkillGroups, BuildsOn, NeededBy, AltLabels int
	// Per training and employer.
	LeadsTo, Hires int
	// Per group: direct children, ancestors (depth), and the roles and
	// skills under it (whole subtrees, which its connections page).
	Children, Ancestors, GroupRoles, GroupSkills int
	// Per ROME macro-compétence: its compétences.
	RomeChildren int
	// BMO's employment areas per FAP family: not a list of the graph but
	// of the table the API serves beside it (HiringAreas), which the API
	// sets here.
	AreasPerFamily int
	// Per level: its titles. Per record: its sources.
	LevelTitles, Sources int
	// Labour-market figures per fiche, qualification levels per hiring
	// figure, fiches per historical ROME code; per training its
	// certifiers and ROME codes.
	LabourSalaries, LabourHiring, LabourTension, HiringQualifications, RomeFamily int
	Certifiers, TrainingRomeCodes                                                 int
}

// Sizes returns the snapshot's list maxima, or, on a patched snapshot whose
// exact maxima are not computed yet, an upper bound of them (see
// estimateSizes): what the API prices a request by. Exact maxima are a
// pass over the whole graph (~170 ms at full size), which the first
// request after every small write waited for; the bound costs the lists
// the write touched. ExactSizes gives the exact maxima.
func (g *Graph) Sizes() *Sizes {
	if g.ix.sizes.ready.Load() {
		return g.ix.sizes.v
	}
	if e := g.ix.estimate; e != nil {
		return e
	}
	return g.ExactSizes()
}

// ExactSizes returns the snapshot's list maxima, computed once (the
// background warmer does it).
func (g *Graph) ExactSizes() *Sizes { return wait(g, &g.ix.sizes, (*Graph).computeSizes) }

// knownSizes are the snapshot's exact maxima, or its estimate, or nil
// when neither is known yet (nothing computed).
func (g *Graph) knownSizes() *Sizes {
	if g.ix.sizes.ready.Load() {
		return g.ix.sizes.v
	}
	return g.ix.estimate
}

func longest[V any](m map[string][]V) int {
	n := 0
	for _, l := range m {
		n = max(n, len(l))
	}
	return n
}

func (g *Graph) computeSizes() *Sizes {
	s := &Sizes{
		Roles: len(g.roles.list), Skills: len(g.skills.list), Trainings: len(g.trainings.list),
		Employers: len(g.employers.list), Groups: len(g.groups.list),
		Levels: longest(g.levelsByRole), RoleSkills: g.requiresByRole.longest(), RoleTrainings: longest(g.leadsByRole),
		RoleEmployers: longest(g.hiresByRole), Similar: longest(g.similar), Narrower: longest(g.narrower),
		Out: g.out.longest(), In: g.in.longest(), OutOfKind: map[TransitionKind]int{}, InOfKind: map[TransitionKind]int{},
		RequiredBy: g.requiresBySkill.longest(), BuildsOn: longest(g.linksFrom), NeededBy: longest(g.linksTo),
		LeadsTo: longest(g.leadsByTraining), Hires: longest(g.hiresByEmployer), Children: longest(g.childGroups),
		GroupRoles: longest(g.groupRoles()), GroupSkills: longest(g.groupSkills()), RomeChildren: longest(g.romeChildren),
	}
	g.out.each(func(ts []*Transition) { ofKind(ts, s.OutOfKind) })
	g.in.each(func(ts []*Transition) { ofKind(ts, s.InOfKind) })
	g.requiresByRole.each(func(rs []*Requires) { s.roleSkills(g, rs) })
	for _, r := range g.roles.list {
		s.role(r)
		if r.RomeParent != nil {
			s.RomeFamily = max(s.RomeFamily, len(g.RomeDerived(*r.RomeParent)))
		}
	}
	for _, sk := range g.skills.list {
		s.skill(sk)
	}
	for _, t := range g.trainings.list {
		s.training(t)
	}
	for _, gr := range g.groups.list {
		s.Ancestors = max(s.Ancestors, len(g.Ancestors(gr)))
		s.Sources = max(s.Sources, len(gr.SourceIDs))
	}
	for _, l := range g.levels {
		s.LevelTitles = max(s.LevelTitles, len(l.Titles))
	}
	s.relationships(g.Dataset())
	return s
}

// The parts of computeSizes that one record or one list decides, which
// estimateSizes applies to a write's records and the lists it touched.

// ofKind widens into to one role's transitions, per kind.
func ofKind(ts []*Transition, into map[TransitionKind]int) {
	n := map[TransitionKind]int{}
	for _, t := range ts {
		n[t.Kind]++
	}
	for k, c := range n {
		into[k] = max(into[k], c)
	}
}

// roleSkills widens s to one role's required skills (rs, non-empty).
func (s *Sizes) roleSkills(g *Graph, rs []*Requires) {
	n, essential := map[Category]int{}, 0
	for _, r := range rs {
		n[g.skills.byID.get(r.SkillID).Category]++
		if r.Importance == Essential {
			essential++
		}
	}
	s.RoleEssential = max(s.RoleEssential, essential)
	for _, c := range n {
		s.RoleSkillsInCategory = max(s.RoleSkillsInCategory, c)
	}
}

// role widens s to the lists a role holds itself.
func (s *Sizes) role(r *Role) {
	s.Titles = max(s.Titles, len(r.Titles))
	s.Sources = max(s.Sources, len(r.SourceIDs))
	if l := r.Labour; l != nil {
		s.LabourSalaries = max(s.LabourSalaries, len(l.Salaries))
		s.LabourHiring = max(s.LabourHiring, len(l.Hiring))
		s.LabourTension = max(s.LabourTension, len(l.Tension))
		for _, h := range l.Hiring {
			s.HiringQualifications = max(s.HiringQualifications, len(h.Qualifications))
		}
	}
	if p := r.Rome; p != nil {
		s.WorkContexts = max(s.WorkContexts, len(p.WorkContexts))
		s.Sectors = max(s.Sectors, len(p.Sectors))
		s.NafSectors = max(s.NafSectors, len(p.NafSectors))
		s.Interests = max(s.Interests, len(p.Interests))
		s.Themes = max(s.Themes, len(p.Themes))
	}
}

func (s *Sizes) skill(sk *Skill) {
	s.SkillGroups = max(s.SkillGroups, len(sk.GroupIDs))
	s.AltLabels = max(s.AltLabels, len(sk.AltLabels))
	s.Sources = max(s.Sources, len(sk.SourceIDs))
}

func (s *Sizes) training(t *Training) {
	s.Certifiers = max(s.Certifiers, len(t.Certifiers))
	s.TrainingRomeCodes = max(s.TrainingRomeCodes, len(t.RomeCodes))
	s.Sources = max(s.Sources, len(t.SourceIDs))
}

// relationships widens s to the sources of ds's relationships.
func (s *Sizes) relationships(ds Dataset) {
	for i := range ds.Requires {
		s.Sources = max(s.Sources, len(ds.Requires[i].SourceIDs))
	}
	for i := range ds.Transitions {
		s.Sources = max(s.Sources, len(ds.Transitions[i].SourceIDs))
	}
	for i := range ds.SkillLinks {
		s.Sources = max(s.Sources, len(ds.SkillLinks[i].SourceIDs))
	}
}

// estimateSizes returns an upper bound of p's list maxima, p being the
// snapshot a patch made of a snapshot whose maxima (or bound of them) are
// from, after deleting some records (which lengthens no list) and
// upserting u: each count is p's own, each list u's records hold is
// widened to theirs, each index list the write touched is measured again,
// and the lists a role or a skill joins by its codes or groups (a
// group's roles and skills, a historical ROME code's fiches) may have
// grown by one per such record. A list the write did not touch is as long
// as it was. The exact maxima may be lower (a delete, a replaced record),
// never higher, so a price stays an upper bound of the work.
func (p *Graph) estimateSizes(from *Sizes, u Dataset) *Sizes {
	s := *from
	s.OutOfKind, s.InOfKind = maps.Clone(from.OutOfKind), maps.Clone(from.InOfKind)
	s.Roles, s.Skills, s.Trainings = len(p.roles.list), len(p.skills.list), len(p.trainings.list)
	s.Employers, s.Groups = len(p.employers.list), len(p.groups.list)
	for i := range u.Roles {
		r := p.roles.byID.get(u.Roles[i].ID)
		s.role(r)
		if r.IscoCode != nil || r.RomeCode != nil || r.Rome != nil {
			s.GroupRoles++
		}
		if r.RomeParent != nil {
			s.RomeFamily++
		}
		if r.BroaderID != nil {
			s.Narrower = max(s.Narrower, len(p.narrower[*r.BroaderID]))
		}
	}
	for i := range u.Skills {
		sk := p.skills.byID.get(u.Skills[i].ID)
		s.skill(sk)
		if len(sk.GroupIDs) > 0 {
			s.GroupSkills++
		}
	}
	for i := range u.Trainings {
		s.training(p.trainings.byID.get(u.Trainings[i].ID))
	}
	for i := range u.Levels {
		s.LevelTitles = max(s.LevelTitles, len(u.Levels[i].Titles))
		s.Levels = max(s.Levels, len(p.levelsByRole[u.Levels[i].RoleID]))
	}
	s.relationships(u)
	for _, r := range u.Requires {
		rs := p.requiresByRole.get(r.RoleID)
		s.RoleSkills = max(s.RoleSkills, len(rs))
		s.roleSkills(p, rs)
		s.RequiredBy = max(s.RequiredBy, len(p.requiresBySkill.get(r.SkillID)))
	}
	for _, t := range u.Transitions {
		s.Out, s.In = max(s.Out, len(p.out.get(t.FromID))), max(s.In, len(p.in.get(t.ToID)))
		ofKind(p.out.get(t.FromID), s.OutOfKind)
		ofKind(p.in.get(t.ToID), s.InOfKind)
	}
	for _, l := range u.SkillLinks {
		s.BuildsOn, s.NeededBy = max(s.BuildsOn, len(p.linksFrom[l.FromID])), max(s.NeededBy, len(p.linksTo[l.ToID]))
	}
	for _, l := range u.LeadsTo {
		s.RoleTrainings, s.LeadsTo = max(s.RoleTrainings, len(p.leadsByRole[l.RoleID])), max(s.LeadsTo, len(p.leadsByTraining[l.TrainingID]))
	}
	for _, h := range u.Hires {
		s.RoleEmployers, s.Hires = max(s.RoleEmployers, len(p.hiresByRole[h.RoleID])), max(s.Hires, len(p.hiresByEmployer[h.EmployerID]))
	}
	for _, sim := range u.Similar {
		s.Similar = max(s.Similar, len(p.similar[sim.AID]), len(p.similar[sim.BID]))
	}
	return &s
}

// indexes are built from a snapshot on first use and dropped with it
// (Patch starts afresh): the lists that would otherwise be a scan of a
// whole table on every call.
type indexes struct {
	sizes lazy[*Sizes]
	// estimate bounds sizes until they are computed (a patched
	// snapshot's: see estimateSizes); nil when nothing is known.
	estimate    *Sizes
	groupRoles  lazy[map[string][]*Role]
	groupSkills lazy[map[string][]*Skill]

	mu     sync.Mutex
	orders map[orderKey]*lazy[any] // []*Role, []*Skill, ... in that order
}

type orderKey struct {
	list string
	o    Order
}

// groupRoles lists, under each OCCUPATION and ROME group, the roles of it
// or of any group under it (their code starts with its code), and under
// each ROME_INTEREST, ROME_THEME and ROME_SECTOR group the fiches it files,
// by name.
func (g *Graph) groupRoles() map[string][]*Role {
	return wait(g, &g.ix.groupRoles, func(g *Graph) map[string][]*Role {
		m := map[string][]*Role{}
		add := func(kind GroupKind, code *string, r *Role) {
			if code == nil {
				return
			}
			for n := 1; n <= len(*code); n++ {
				if gr := g.groupByCode[string(kind)+"\x00"+(*code)[:n]]; gr != nil {
					m[gr.ID] = append(m[gr.ID], r)
				}
			}
		}
		// ROME's facets: the fiches a centre d'intérêt, thème or (sub-)sector
		// files, each once.
		var filed []string
		facet := func(kind GroupKind, code string, r *Role) {
			gr := g.groupByCode[string(kind)+"\x00"+code]
			if gr != nil && !slices.Contains(filed, gr.ID) {
				filed = append(filed, gr.ID)
				m[gr.ID] = append(m[gr.ID], r)
			}
		}
		for _, r := range g.roles.list {
			add(OccupationGroup, r.IscoCode, r)
			add(RomeGroup, r.RomeCode, r)
			if p := r.Rome; p != nil {
				filed = filed[:0]
				for _, i := range p.Interests {
					facet(RomeInterestGroup, i.Code, r)
				}
				for _, t := range p.Themes {
					facet(RomeThemeGroup, t, r)
				}
				for _, sec := range p.Sectors {
					facet(RomeSectorGroup, sec.Code, r)
					if sec.SubCode != nil {
						facet(RomeSectorGroup, *sec.SubCode, r)
					}
				}
			}
		}
		return m
	})
}

// groupSkills lists, under each SKILL group, the skills of it or of any
// group under it, by name.
func (g *Graph) groupSkills() map[string][]*Skill {
	return wait(g, &g.ix.groupSkills, func(g *Graph) map[string][]*Skill {
		m := map[string][]*Skill{}
		var seen []string
		for _, s := range g.skills.list {
			seen = seen[:0]
			for _, id := range s.GroupIDs {
				for n := 0; id != "" && n <= len(g.groups.list); n++ {
					if slices.Contains(seen, id) {
						break // a shared ancestor: listed once
					}
					seen = append(seen, id)
					m[id] = append(m[id], s)
					gr := g.groups.byID.get(id)
					if gr == nil || gr.ParentID == nil {
						break
					}
					id = *gr.ParentID
				}
			}
		}
		return m
	})
}

// sorted is list in order o, sorted once per snapshot: missing keys last
// either way, ties in name order. Callers must not modify it.
func sorted[T any](g *Graph, name string, list []*T, o Order, key func(*T) *float64) []*T {
	if key == nil && !o.Desc {
		return list
	}
	k := orderKey{name, o}
	g.ix.mu.Lock()
	l, ok := g.ix.orders[k]
	if !ok {
		if g.ix.orders == nil {
			g.ix.orders = map[orderKey]*lazy[any]{}
		}
		l = &lazy[any]{}
		g.ix.orders[k] = l
	}
	g.ix.mu.Unlock()
	return wait(g, l, func(*Graph) any { return sortBy(list, key, o.Desc) }).([]*T)
}

// warmOrders sorts every list in each order the API offers.
func (g *Graph) warmOrders() {
	for _, desc := range []bool{false, true} {
		for _, by := range []SortKey{ByName, ByStartingSalary, ByRemoteWork} {
			g.Roles(RoleFilter{}, Order{by, desc})
		}
		for _, by := range []SortKey{ByName, ByDemand} {
			g.Skills(SkillFilter{}, Order{by, desc})
		}
		for _, by := range []SortKey{ByName, ByDuration} {
			g.Trainings(TrainingFilter{}, Order{by, desc})
		}
		for _, by := range []SortKey{ByName, ByRolesHired} {
			g.Employers(EmployerFilter{}, Order{by, desc})
		}
	}
}
