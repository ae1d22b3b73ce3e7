package career

import (
	"cmp"
	"slices"
	"sync"
)

// Graph is an immutable snapshot of the whole career graph with the indexes
// every read needs. It is built once per committed write and then shared by
// all readers without locks; nothing may modify it after Build.
type Graph struct {
	version uint64
	ds      Dataset

	roles     table[Role]
	skills    table[Skill]
	trainings table[Training]
	employers table[Employer]
	sources   map[string]*Source
	levels    map[string]*Level

	levelsByRole    map[string][]*Level
	requiresByRole  map[string][]*Requires
	requiresBySkill map[string][]*Requires
	leadsByRole     map[string][]*LeadsTo
	leadsByTraining map[string][]*LeadsTo
	hiresByRole     map[string][]*Hires
	hiresByEmployer map[string][]*Hires
	out, in         map[string][]*Transition
	similar         map[string][]SimilarRole

	groups      table[Group]
	groupByCode map[string]*Group // kind + "\x00" + code
	childGroups map[string][]*Group
	narrower    map[string][]*Role
	linksFrom   map[string][]*SkillLink
	linksTo     map[string][]*SkillLink

	// Built on first use, once per snapshot. The search index is most of
	// a snapshot's cost at ESCO size, so a write answers before it exists
	// (Live warms it in the background after the swap).
	search *lazy[*searchIndex]
	pathIx *lazy[*pathIndex]
	stats  *lazy[Stats]
}

// SimilarRole is a role similar to another, seen from that other role.
type SimilarRole struct {
	Role  *Role
	Score float64
}

// table indexes one kind of node by id and slug and keeps it sorted by name.
type table[T any] struct {
	list   []*T
	byID   map[string]*T
	bySlug map[string]*T
}

// fields says how a table reads its records: id, slug, and the name it
// sorts by.
type fields[T any] struct{ id, slug, name func(*T) string }

var (
	roleFields     = fields[Role]{func(r *Role) string { return r.ID }, func(r *Role) string { return r.Slug }, func(r *Role) string { return r.Name }}
	skillFields    = fields[Skill]{func(s *Skill) string { return s.ID }, func(s *Skill) string { return s.Slug }, func(s *Skill) string { return s.Name }}
	trainingFields = fields[Training]{func(t *Training) string { return t.ID }, func(t *Training) string { return t.Slug }, func(t *Training) string { return t.Name }}
	employerFields = fields[Employer]{func(e *Employer) string { return e.ID }, func(e *Employer) string { return e.Slug }, func(e *Employer) string { return e.Name }}
	groupFields    = fields[Group]{func(g *Group) string { return g.ID }, func(g *Group) string { return g.Slug }, func(g *Group) string { return g.Code + " " + g.Name }}
)

func newTable[T any](items []T, f fields[T]) table[T] {
	t := table[T]{
		list:   make([]*T, len(items)),
		byID:   make(map[string]*T, len(items)),
		bySlug: make(map[string]*T, len(items)),
	}
	folded := make(map[*T]string, len(items))
	for i := range items {
		it := items[i]
		t.list[i] = &it
		t.byID[f.id(&it)] = &it
		t.bySlug[f.slug(&it)] = &it
		folded[&it] = Fold(f.name(&it))
	}
	slices.SortFunc(t.list, func(a, b *T) int {
		return cmp.Or(cmp.Compare(folded[a], folded[b]), cmp.Compare(f.id(a), f.id(b)))
	})
	return t
}

// Build validates ds and indexes it. version is the store's write counter.
// An invalid dataset returns a *ValidationError listing every problem found.
func Build(ds Dataset, version uint64) (*Graph, error) {
	if err := Validate(ds); err != nil {
		return nil, err
	}
	// Own the records: a caller editing its slices later must not reach into
	// a snapshot that readers share.
	ds = ds.Clone()
	g := &Graph{
		version:   version,
		ds:        ds,
		roles:     newTable(ds.Roles, roleFields),
		skills:    newTable(ds.Skills, skillFields),
		trainings: newTable(ds.Trainings, trainingFields),
		employers: newTable(ds.Employers, employerFields),
		sources:   make(map[string]*Source, len(ds.Sources)),
		levels:    make(map[string]*Level, len(ds.Levels)),

		levelsByRole:    map[string][]*Level{},
		requiresByRole:  map[string][]*Requires{},
		requiresBySkill: map[string][]*Requires{},
		leadsByRole:     map[string][]*LeadsTo{},
		leadsByTraining: map[string][]*LeadsTo{},
		hiresByRole:     map[string][]*Hires{},
		hiresByEmployer: map[string][]*Hires{},
		out:             map[string][]*Transition{},
		in:              map[string][]*Transition{},
		similar:         map[string][]SimilarRole{},

		groups:      newTable(ds.Groups, groupFields),
		groupByCode: make(map[string]*Group, len(ds.Groups)),
		childGroups: map[string][]*Group{},
		narrower:    map[string][]*Role{},
		linksFrom:   map[string][]*SkillLink{},
		linksTo:     map[string][]*SkillLink{},
	}
	for _, r := range g.roles.list {
		if r.BroaderID != nil {
			g.narrower[*r.BroaderID] = append(g.narrower[*r.BroaderID], r)
		}
	}
	// Groups list by code, so a tree reads in classification order.
	slices.SortFunc(g.groups.list, func(a, b *Group) int { return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.ID, b.ID)) })
	for _, gr := range g.groups.list {
		g.groupByCode[string(gr.Kind)+"\x00"+gr.Code] = gr
		parent := ""
		if gr.ParentID != nil {
			parent = *gr.ParentID
		}
		g.childGroups[parent] = append(g.childGroups[parent], gr)
	}
	for i := range ds.SkillLinks {
		l := &ds.SkillLinks[i]
		g.linksFrom[l.FromID] = append(g.linksFrom[l.FromID], l)
		g.linksTo[l.ToID] = append(g.linksTo[l.ToID], l)
	}
	for i := range ds.Sources {
		g.sources[ds.Sources[i].ID] = &ds.Sources[i]
	}
	for i := range ds.Levels {
		l := &ds.Levels[i]
		g.levels[l.ID] = l
		g.levelsByRole[l.RoleID] = append(g.levelsByRole[l.RoleID], l)
	}
	for _, ls := range g.levelsByRole {
		slices.SortFunc(ls, levelOrder)
	}
	for i := range ds.Requires {
		r := &ds.Requires[i]
		g.requiresByRole[r.RoleID] = append(g.requiresByRole[r.RoleID], r)
		g.requiresBySkill[r.SkillID] = append(g.requiresBySkill[r.SkillID], r)
	}
	for _, rs := range g.requiresByRole {
		slices.SortFunc(rs, g.roleSkillOrder)
	}
	for _, rs := range g.requiresBySkill {
		slices.SortFunc(rs, skillRoleOrder)
	}
	for i := range ds.LeadsTo {
		l := &ds.LeadsTo[i]
		g.leadsByRole[l.RoleID] = append(g.leadsByRole[l.RoleID], l)
		g.leadsByTraining[l.TrainingID] = append(g.leadsByTraining[l.TrainingID], l)
	}
	for _, ls := range g.leadsByRole {
		slices.SortFunc(ls, leadsOrder)
	}
	for _, ls := range g.leadsByTraining {
		slices.SortFunc(ls, leadsOrder)
	}
	for i := range ds.Hires {
		h := &ds.Hires[i]
		g.hiresByRole[h.RoleID] = append(g.hiresByRole[h.RoleID], h)
		g.hiresByEmployer[h.EmployerID] = append(g.hiresByEmployer[h.EmployerID], h)
	}
	for _, hs := range g.hiresByRole {
		slices.SortFunc(hs, hiresOrder)
	}
	for _, hs := range g.hiresByEmployer {
		slices.SortFunc(hs, hiresOrder)
	}
	for i := range ds.Transitions {
		t := &ds.Transitions[i]
		g.out[t.FromID] = append(g.out[t.FromID], t)
		g.in[t.ToID] = append(g.in[t.ToID], t)
	}
	for _, ts := range g.out {
		slices.SortFunc(ts, transOrder)
	}
	for _, ts := range g.in {
		slices.SortFunc(ts, transOrder)
	}
	for _, s := range ds.Similar {
		g.similar[s.AID] = append(g.similar[s.AID], SimilarRole{Role: g.roles.byID[s.BID], Score: s.Score})
		g.similar[s.BID] = append(g.similar[s.BID], SimilarRole{Role: g.roles.byID[s.AID], Score: s.Score})
	}
	for _, ss := range g.similar {
		slices.SortFunc(ss, similarOrder)
	}
	g.search, g.pathIx, g.stats = &lazy[*searchIndex]{}, &lazy[*pathIndex]{}, &lazy[Stats]{}
	return g, nil
}

// The orders of the index lists, which Build and Patch both keep.
func levelOrder(a, b *Level) int { return cmp.Compare(a.Rank, b.Rank) }

func (g *Graph) roleSkillOrder(a, b *Requires) int {
	ca, cb := g.skills.byID[a.SkillID].Category, g.skills.byID[b.SkillID].Category
	return cmp.Or(cmp.Compare(categoryOrder(ca), categoryOrder(cb)), cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.SkillID, b.SkillID))
}

func skillRoleOrder(a, b *Requires) int {
	return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.RoleID, b.RoleID))
}

func leadsOrder(a, b *LeadsTo) int {
	return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.TrainingID, b.TrainingID), cmp.Compare(a.RoleID, b.RoleID))
}

func hiresOrder(a, b *Hires) int {
	return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.EmployerID, b.EmployerID), cmp.Compare(a.RoleID, b.RoleID))
}

func transOrder(a, b *Transition) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.FromID, b.FromID), cmp.Compare(a.ToID, b.ToID))
}

func similarOrder(a, b SimilarRole) int {
	return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Role.ID, b.Role.ID))
}

func categoryOrder(c Category) int { return slices.Index(Categories, c) }

// lazy is a value computed once, on first use.
type lazy[T any] struct {
	once sync.Once
	v    T
}

func (l *lazy[T]) get(f func() T) T {
	l.once.Do(func() { l.v = f() })
	return l.v
}

func (g *Graph) searchIx() *searchIndex {
	return g.search.get(func() *searchIndex { return newSearchIndex(g) })
}

// Warm builds the indexes Build leaves for later, so the first reader
// that needs one does not wait.
func (g *Graph) Warm() { g.searchIx() }

// Version is the store write counter this snapshot was built at.
func (g *Graph) Version() uint64 { return g.version }

// WithVersion returns the same snapshot stamped with another version.
func (g *Graph) WithVersion(v uint64) *Graph {
	c := *g
	c.version = v
	return &c
}

// Dataset returns the records the snapshot was built from. Callers must not
// modify them.
func (g *Graph) Dataset() Dataset { return g.ds }

// Role returns the role with this id, or nil.
func (g *Graph) Role(id string) *Role { return g.roles.byID[id] }

// RoleBySlug returns the role with this slug, or nil.
func (g *Graph) RoleBySlug(slug string) *Role { return g.roles.bySlug[slug] }

// Skill returns the skill with this id, or nil.
func (g *Graph) Skill(id string) *Skill { return g.skills.byID[id] }

// SkillBySlug returns the skill with this slug, or nil.
func (g *Graph) SkillBySlug(slug string) *Skill { return g.skills.bySlug[slug] }

// Training returns the training with this id, or nil.
func (g *Graph) Training(id string) *Training { return g.trainings.byID[id] }

// TrainingBySlug returns the training with this slug, or nil.
func (g *Graph) TrainingBySlug(slug string) *Training { return g.trainings.bySlug[slug] }

// Employer returns the employer with this id, or nil.
func (g *Graph) Employer(id string) *Employer { return g.employers.byID[id] }

// EmployerBySlug returns the employer with this slug, or nil.
func (g *Graph) EmployerBySlug(slug string) *Employer { return g.employers.bySlug[slug] }

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
func (g *Graph) Group(id string) *Group { return g.groups.byID[id] }

// GroupBySlug returns the group with this slug, or nil.
func (g *Graph) GroupBySlug(slug string) *Group { return g.groups.bySlug[slug] }

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

// Narrower returns the roles that specialise a role, by name.
func (g *Graph) Narrower(roleID string) []*Role { return g.narrower[roleID] }

// GroupsByID resolves group ids, skipping none: Build checked they exist.
func (g *Graph) GroupsByID(ids []string) []*Group {
	out := make([]*Group, 0, len(ids))
	for _, id := range ids {
		out = append(out, g.groups.byID[id])
	}
	return out
}

// Ancestors returns the broader groups of gr, from the top of its tree
// down to its parent.
func (g *Graph) Ancestors(gr *Group) []*Group {
	var up []*Group
	for p := gr.ParentID; p != nil; p = g.groups.byID[*p].ParentID {
		up = append(up, g.groups.byID[*p])
	}
	slices.Reverse(up)
	return up
}

// GroupRoles returns the roles of an OCCUPATION or ROME group or of any
// group under it (their ISCO or ROME code starts with its code), by name;
// none for a SKILL group.
func (g *Graph) GroupRoles(gr *Group) []*Role {
	switch gr.Kind {
	case OccupationGroup:
		return g.Roles(RoleFilter{IscoPrefix: gr.Code}, Order{Field: "NAME"})
	case RomeGroup:
		return g.Roles(RoleFilter{RomePrefix: gr.Code}, Order{Field: "NAME"})
	}
	return nil
}

// GroupSkills returns the skills of a SKILL group or of any group under it,
// by name; none for an OCCUPATION group.
func (g *Graph) GroupSkills(gr *Group) []*Skill {
	if gr.Kind != SkillGroupKind {
		return nil
	}
	return g.Skills(SkillFilter{GroupID: gr.ID}, Order{Field: "NAME"})
}

// Equivalents returns the roles recorded as the same job by another source
// (EQUIVALENT transitions out of roleID).
func (g *Graph) Equivalents(roleID string) []*Role {
	var out []*Role
	for _, t := range g.TransitionsFrom(roleID, Equivalent) {
		out = append(out, g.roles.byID[t.ToID])
	}
	return out
}

// BuildsOn returns the skills a skill needs.
func (g *Graph) BuildsOn(skillID string) []*SkillLink { return g.linksFrom[skillID] }

// NeededBy returns the skills that need a skill.
func (g *Graph) NeededBy(skillID string) []*SkillLink { return g.linksTo[skillID] }

// Sources resolves source ids, skipping none: Build checked they exist.
func (g *Graph) Sources(ids []string) []*Source {
	out := make([]*Source, 0, len(ids))
	for _, id := range ids {
		out = append(out, g.sources[id])
	}
	return out
}

// Levels returns a role's levels from junior up.
func (g *Graph) Levels(roleID string) []*Level { return g.levelsByRole[roleID] }

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
	all := g.requiresByRole[roleID]
	if cat == "" && imp == "" {
		return all
	}
	var out []*Requires
	for _, r := range all {
		if (cat == "" || g.skills.byID[r.SkillID].Category == cat) && (imp == "" || r.Importance == imp) {
			out = append(out, r)
		}
	}
	return out
}

// RequiredBy returns the roles that need a skill.
func (g *Graph) RequiredBy(skillID string) []*Requires { return g.requiresBySkill[skillID] }

// TrainingsFor returns the trainings leading to a role, best recognised first.
func (g *Graph) TrainingsFor(roleID string) []*LeadsTo { return g.leadsByRole[roleID] }

// LeadsFrom returns the roles a training leads to.
func (g *Graph) LeadsFrom(trainingID string) []*LeadsTo { return g.leadsByTraining[trainingID] }

// EmployersFor returns who hires a role, biggest recruiter first.
func (g *Graph) EmployersFor(roleID string) []*Hires { return g.hiresByRole[roleID] }

// HiredBy returns the roles an employer hires.
func (g *Graph) HiredBy(employerID string) []*Hires { return g.hiresByEmployer[employerID] }

// TransitionsFrom returns the transitions out of a role, filtered by kind
// when kinds is not empty, by kind then rank.
func (g *Graph) TransitionsFrom(roleID string, kinds ...TransitionKind) []*Transition {
	return filterKinds(g.out[roleID], kinds)
}

// TransitionsTo returns the transitions into a role, filtered like
// TransitionsFrom.
func (g *Graph) TransitionsTo(roleID string, kinds ...TransitionKind) []*Transition {
	return filterKinds(g.in[roleID], kinds)
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
func (g *Graph) SimilarTo(roleID string) []SimilarRole { return g.similar[roleID] }
