package career

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
)

// SortKey is what a list is sorted by. Each list takes ByName and the
// keys its doc names; Desc reverses the order. Missing values sort last
// either way, and ties fall back to name then id.
type SortKey int

const (
	ByName           SortKey = iota
	ByStartingSalary         // roles: the starting band's lower bound
	ByRemoteWork             // roles: the share of remote-friendly jobs
	ByDemand                 // skills: how many roles require it
	ByDuration               // trainings: the shortest stated length
	ByRolesHired             // employers: how many roles they hire for
)

// Order says how a list is sorted.
type Order struct {
	By   SortKey
	Desc bool
}

// RoleFilter narrows Roles. Zero fields do not filter.
type RoleFilter struct {
	// Query keeps roles whose name or a job title has every query word as a
	// word prefix, ignoring case and accents.
	Query                string
	Trends               []Trend
	MinStartingSalary    *float64
	MinRemoteWorkPercent *int
	// SkillID keeps roles that require this skill.
	SkillID string
	// SourceID keeps roles whose facts come from this source.
	SourceID string
	// IscoPrefix keeps roles whose ISCO-08 code starts with it: "2" for
	// professionals, "25" for ICT professionals, "2512" for developers.
	IscoPrefix string
	// RomePrefix keeps roles whose ROME code starts with it: "M" for the
	// grand domaine, "M18" for the domaine professionnel.
	RomePrefix string
	// RomeSector keeps ROME fiches filed under this activity sector or
	// sub-sector code ("96", "133").
	RomeSector string
	// NafCode keeps ROME fiches employed in this NAF division ("62").
	NafCode string
	// RomeInterest keeps ROME fiches listing this centre d'intérêt ("12");
	// RomeTheme those filed under this thème ("001").
	RomeInterest string
	RomeTheme    string
}

// IsZero reports whether f filters nothing (every field, whatever is
// added later, read by reflection).
func (f RoleFilter) IsZero() bool { return reflect.ValueOf(f).IsZero() }

// Roles lists roles matching f, in order o (ByName, ByStartingSalary,
// ByRemoteWork).
func (g *Graph) Roles(f RoleFilter, o Order) []*Role {
	q := Tokens(f.Query)
	keep := func(r *Role) bool {
		if len(q) > 0 && !g.searchIx().matchesWords(q, r.ID) {
			return false
		}
		m := r.Market
		if len(f.Trends) > 0 && (m.Trend == nil || !slices.Contains(f.Trends, *m.Trend)) {
			return false
		}
		if f.MinStartingSalary != nil && (m.StartingSalary == nil || m.StartingSalary.Min < *f.MinStartingSalary) {
			return false
		}
		if f.MinRemoteWorkPercent != nil && (m.RemoteWorkPercent == nil || *m.RemoteWorkPercent < *f.MinRemoteWorkPercent) {
			return false
		}
		if f.SkillID != "" && !slices.ContainsFunc(g.requiresByRole.get(r.ID), func(q *Requires) bool { return q.SkillID == f.SkillID }) {
			return false
		}
		if f.SourceID != "" && !slices.Contains(r.SourceIDs, f.SourceID) {
			return false
		}
		if f.IscoPrefix != "" && (r.IscoCode == nil || !strings.HasPrefix(*r.IscoCode, f.IscoPrefix)) {
			return false
		}
		if f.RomePrefix != "" && (r.RomeCode == nil || !strings.HasPrefix(*r.RomeCode, f.RomePrefix)) {
			return false
		}
		if f.RomeSector != "" && (r.Rome == nil || !slices.ContainsFunc(r.Rome.Sectors, func(s ActivitySector) bool {
			return s.Code == f.RomeSector || s.SubCode != nil && *s.SubCode == f.RomeSector
		})) {
			return false
		}
		if f.NafCode != "" && (r.Rome == nil || !slices.ContainsFunc(r.Rome.NafSectors, func(n NafSector) bool { return n.Code == f.NafCode })) {
			return false
		}
		if f.RomeInterest != "" && (r.Rome == nil || !slices.ContainsFunc(r.Rome.Interests, func(i RomeInterest) bool { return i.Code == f.RomeInterest })) {
			return false
		}
		if f.RomeTheme != "" && (r.Rome == nil || !slices.Contains(r.Rome.Themes, f.RomeTheme)) {
			return false
		}
		return true
	}
	var key func(*Role) *float64
	switch o.By {
	case ByStartingSalary:
		key = func(r *Role) *float64 {
			if b := r.Market.StartingSalary; b != nil {
				return &b.Min
			}
			return nil
		}
	case ByRemoteWork:
		key = func(r *Role) *float64 {
			if p := r.Market.RemoteWorkPercent; p != nil {
				v := float64(*p)
				return &v
			}
			return nil
		}
	}
	if f.IsZero() {
		keep = nil
	}
	return keepIn(g, sorted(g, "roles", g.roles.list, o, key), keep)
}

// SkillFilter narrows Skills. Zero fields do not filter.
type SkillFilter struct {
	Query      string
	Categories []Category
	// RoleID keeps the skills this role requires.
	RoleID string
	// GroupID keeps the skills of this skill group or of any group under it.
	GroupID string
	// SourceID keeps skills whose facts come from this source.
	SourceID string
	// RomeCategory and RomeSubcategory keep ROME skills of this category
	// or subcategory as ROME writes it (RomeSkill); RomeParentID the
	// compétences of this macro-compétence.
	RomeCategory, RomeSubcategory, RomeParentID string
}

// IsZero reports whether f filters nothing.
func (f SkillFilter) IsZero() bool { return reflect.ValueOf(f).IsZero() }

// Skills lists skills matching f, in order o (ByName, ByDemand).
func (g *Graph) Skills(f SkillFilter, o Order) []*Skill {
	q := Tokens(f.Query)
	keep := func(s *Skill) bool {
		return (len(q) == 0 || g.searchIx().matchesWords(q, s.ID)) &&
			(len(f.Categories) == 0 || slices.Contains(f.Categories, s.Category)) &&
			(f.RoleID == "" || slices.ContainsFunc(g.requiresBySkill.get(s.ID), func(r *Requires) bool { return r.RoleID == f.RoleID })) &&
			(f.SourceID == "" || slices.Contains(s.SourceIDs, f.SourceID)) &&
			(f.GroupID == "" || slices.ContainsFunc(s.GroupIDs, func(id string) bool { return g.UnderGroup(id, f.GroupID) })) &&
			(f.RomeCategory == "" && f.RomeSubcategory == "" && f.RomeParentID == "" || s.Rome != nil && romeSkillKeeps(s.Rome, f))
	}
	var key func(*Skill) *float64
	if o.By == ByDemand {
		key = func(s *Skill) *float64 { v := float64(len(g.requiresBySkill.get(s.ID))); return &v }
	}
	base := sorted(g, "skills", g.skills.list, o, key)
	if f.GroupID != "" && o == (Order{}) {
		// The group's index is in name order: only the other filters scan.
		base, f.GroupID = g.groupSkills()[f.GroupID], ""
	}
	if f.IsZero() {
		keep = nil
	}
	return keepIn(g, base, keep)
}

// UnderGroup reports whether group id is ancestor or one of its descendants.
func (g *Graph) UnderGroup(id, ancestor string) bool {
	for n := 0; id != "" && n <= len(g.groups.list); n++ {
		if id == ancestor {
			return true
		}
		gr := g.groups.byID.get(id)
		if gr == nil || gr.ParentID == nil {
			return false
		}
		id = *gr.ParentID
	}
	return false
}

// GroupFilter narrows Groups. Zero fields do not filter.
type GroupFilter struct {
	Kind GroupKind
	// ParentID keeps the direct children of this group; TopLevel keeps the
	// roots. Without either, every group matches.
	ParentID string
	TopLevel bool
	// Query keeps groups whose name or code has every query word as a word
	// prefix.
	Query string
}

// Groups lists groups matching f, by code.
func (g *Graph) Groups(f GroupFilter) []*Group {
	q := Tokens(f.Query)
	var out []*Group
	for i, gr := range g.groups.list {
		if i%stride == 0 {
			g.Visit(min(stride, len(g.groups.list)-i))
		}
		parent := ""
		if gr.ParentID != nil {
			parent = *gr.ParentID
		}
		if (f.Kind == "" || gr.Kind == f.Kind) && (f.ParentID == "" || parent == f.ParentID) && (!f.TopLevel || parent == "") &&
			(len(q) == 0 || g.searchIx().matchesWords(q, gr.ID)) {
			out = append(out, gr)
		}
	}
	return out
}

// TrainingFilter narrows Trainings. Zero fields do not filter.
type TrainingFilter struct {
	Query string
	Kinds []TrainingKind
	// RoleID keeps the trainings that lead to this role.
	RoleID string
}

// Trainings lists trainings matching f, in order o (NAME, DURATION: the
// longest stated duration in months).
func (g *Graph) Trainings(f TrainingFilter, o Order) []*Training {
	q := Tokens(f.Query)
	keep := func(t *Training) bool {
		return (len(q) == 0 || g.searchIx().matchesWords(q, t.ID)) &&
			(len(f.Kinds) == 0 || slices.Contains(f.Kinds, t.Kind)) &&
			(f.RoleID == "" || slices.ContainsFunc(g.leadsByTraining[t.ID], func(l *LeadsTo) bool { return l.RoleID == f.RoleID }))
	}
	var key func(*Training) *float64
	if o.By == ByDuration {
		key = func(t *Training) *float64 {
			if t.Duration == nil || t.Duration.MaxMonths == nil {
				return nil
			}
			v := float64(*t.Duration.MaxMonths)
			return &v
		}
	}
	if reflect.ValueOf(f).IsZero() {
		keep = nil
	}
	return keepIn(g, sorted(g, "trainings", g.trainings.list, o, key), keep)
}

// EmployerFilter narrows Employers. Zero fields do not filter.
type EmployerFilter struct {
	Query string
	// RoleID keeps the employers that hire this role.
	RoleID string
}

// Employers lists employers matching f, in order o (NAME, ROLES_HIRED).
func (g *Graph) Employers(f EmployerFilter, o Order) []*Employer {
	q := Tokens(f.Query)
	keep := func(e *Employer) bool {
		return (len(q) == 0 || g.searchIx().matchesWords(q, e.ID)) &&
			(f.RoleID == "" || slices.ContainsFunc(g.hiresByEmployer[e.ID], func(h *Hires) bool { return h.RoleID == f.RoleID }))
	}
	var key func(*Employer) *float64
	if o.By == ByRolesHired {
		key = func(e *Employer) *float64 { v := float64(len(g.hiresByEmployer[e.ID])); return &v }
	}
	if reflect.ValueOf(f).IsZero() {
		keep = nil
	}
	return keepIn(g, sorted(g, "employers", g.employers.list, o, key), keep)
}

// keepIn keeps the items of an ordered list that pass keep; a nil keep
// keeps them all, and the list itself is returned, not a copy.
func keepIn[T any](g *Graph, list []*T, keep func(*T) bool) []*T {
	if keep == nil {
		return list
	}
	var out []*T
	for i, it := range list {
		if i%stride == 0 {
			g.Visit(min(stride, len(list)-i))
		}
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}

// sortBy sorts a copy of a name-sorted list by key (nil: by name) with
// missing keys last. The sort is stable, so ties keep name order. Keys
// are read once per item, not per comparison.
func sortBy[T any](list []*T, key func(*T) *float64, desc bool) []*T {
	out := slices.Clone(list)
	if key == nil {
		if desc {
			slices.Reverse(out)
		}
		return out
	}
	type keyed struct {
		it  *T
		key *float64
	}
	ks := make([]keyed, len(list))
	for i, it := range list {
		ks[i] = keyed{it, key(it)}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		switch {
		case a.key == nil && b.key == nil:
			return 0
		case a.key == nil:
			return 1
		case b.key == nil:
			return -1
		case desc:
			return cmp.Compare(*b.key, *a.key)
		default:
			return cmp.Compare(*a.key, *b.key)
		}
	})
	for i, k := range ks {
		out[i] = k.it
	}
	return out
}

// romeSkillKeeps reports whether a ROME skill passes f's ROME fields.
func romeSkillKeeps(p *RomeSkill, f SkillFilter) bool {
	return (f.RomeCategory == "" || p.Category == f.RomeCategory) &&
		(f.RomeSubcategory == "" || p.Subcategory != nil && *p.Subcategory == f.RomeSubcategory) &&
		(f.RomeParentID == "" || p.ParentID != nil && *p.ParentID == f.RomeParentID)
}
