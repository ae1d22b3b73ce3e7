package career

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Bounds on free text, so that no record can carry an unbounded payload.
const (
	MaxNameLen = 300
	MaxTextLen = 4000
)

type checker struct{ problems []Problem }

func (c *checker) add(where, format string, args ...any) {
	c.problems = append(c.problems, Problem{Where: where, Message: fmt.Sprintf(format, args...)})
}

// field adds a problem with one field: the message is the field's name
// followed by format.
func (c *checker) field(where, field, format string, args ...any) {
	c.problems = append(c.problems, Problem{Where: where, Field: field, Message: field + " " + fmt.Sprintf(format, args...)})
}

func (c *checker) name(where, field, v string, max int) {
	if p := NameProblem(v, max); p != "" {
		c.field(where, field, "%s", p)
	}
}

func (c *checker) text(where, field string, v *string, max int) {
	if v == nil {
		return
	}
	if p := TextProblem(*v, max); p != "" {
		c.field(where, field, "%s", p)
	}
}

func (c *checker) band(where, field string, b *Band) {
	if b == nil {
		return
	}
	if b.Min < 0 || b.Max < 0 {
		c.add(where, "%s must not be negative", field)
	}
	if b.Min > b.Max {
		c.add(where, "%s min %g is greater than max %g", field, b.Min, b.Max)
	}
	if len(b.Currency) != 3 || strings.ToUpper(b.Currency) != b.Currency {
		c.add(where, "%s currency %q is not an ISO 4217 code", field, b.Currency)
	}
}

func (c *checker) duration(where, field string, d *Duration) {
	if d == nil {
		return
	}
	c.name(where, field+".label", d.Label, MaxNameLen)
	if (d.MinMonths != nil && *d.MinMonths < 0) || (d.MaxMonths != nil && *d.MaxMonths < 0) {
		c.add(where, "%s months must not be negative", field)
	}
	if d.MinMonths != nil && d.MaxMonths != nil && *d.MinMonths > *d.MaxMonths {
		c.add(where, "%s minMonths %d is greater than maxMonths %d", field, *d.MinMonths, *d.MaxMonths)
	}
}

// ids records every node id so that ids are unique across kinds and
// references can be checked.
type ids struct {
	all   map[string]string // id -> kind
	slugs map[string]bool   // kind + slug
}

// MaxIDLen is the longest id, in bytes.
const MaxIDLen = 200

// CheckID says what is wrong with id as the id of a node whose kind has
// prefix, or "". The syntax: the prefix, then 1 to MaxIDLen bytes in all
// of printable characters other than spaces and '|' (the separator of
// relationship keys: an id holding it could make two keys one), and no
// control characters.
func CheckID(prefix, id string) string {
	rest, ok := strings.CutPrefix(id, prefix)
	switch {
	case !ok || rest == "":
		return fmt.Sprintf("id %q must start with %q", id, prefix)
	case len(id) > MaxIDLen:
		return fmt.Sprintf("id %q is longer than %d bytes", id[:40]+"…", MaxIDLen)
	case !utf8.ValidString(id) || strings.ContainsFunc(id, func(r rune) bool { return r == '|' || unicode.IsSpace(r) || !unicode.IsPrint(r) }):
		return fmt.Sprintf("id %q may hold no '|', space or control character", id)
	}
	return ""
}

func (c *checker) node(ix *ids, where, kind, prefix, id, slug, name string) {
	if bad := CheckID(prefix, id); bad != "" {
		c.add(where, "%s", bad)
	} else if prev, dup := ix.all[id]; dup {
		c.add(where, "id %q is already used by a %s", id, prev)
	}
	ix.all[id] = kind
	if slug != "" || kind != "level" && kind != "source" {
		if slug == "" || Slugify(slug) != slug {
			c.add(where, "slug %q must be lower-case, accent-free kebab case", slug)
		} else if ix.slugs[kind+"\x00"+slug] {
			c.add(where, "slug %q is already used by another %s", slug, kind)
		}
		ix.slugs[kind+"\x00"+slug] = true
	}
	c.name(where, "name", name, MaxNameLen)
}

// sources checks that no source is cited twice (that each exists is
// references').
func (c *checker) sources(where string, ids []string) {
	c.set(where, "sources", len(ids), func(i int) string { return ids[i] })
}

// set refuses a list that is a set (sources, work contexts, sectors...)
// holding an entry twice: counted twice, it would skew every measure over
// the set (a work context listed twice once gave a similarity of 1.5).
// key(i) is what makes the i-th entry the same as another.
func (c *checker) set(where, field string, n int, key func(i int) string) {
	seen := make(map[string]int, n)
	for i := range n {
		k := key(i)
		if j, dup := seen[k]; dup {
			c.field(where, fmt.Sprintf("%s[%d]", field, i), "repeats %s[%d]: the list is a set", field, j)
			continue
		}
		seen[k] = i
	}
}

func (c *checker) importance(where string, imp Importance) {
	if imp != Essential && imp != Optional {
		c.add(where, "importance %q is not one of ESSENTIAL, OPTIONAL", imp)
	}
}

// Validate checks a whole dataset: ids, slugs, enums, ranges, text lengths
// and that every relationship joins nodes that exist.
func Validate(ds Dataset) error {
	c := &checker{}
	ix := &ids{all: map[string]string{}, slugs: map[string]bool{}}

	groups := c.nodes(ix, ds)
	c.trees(ds, groups)
	c.chains(ds)
	c.levels(ix, ds.Levels)
	c.references(ix, ds)
	c.relationships(ds)
	if len(c.problems) > 0 {
		return &ValidationError{Problems: c.problems}
	}
	return nil
}

// nodes checks every node on its own and records its id; it answers the
// groups by id.
func (c *checker) nodes(ix *ids, ds Dataset) map[string]*Group {
	for i, s := range ds.Sources {
		w := fmt.Sprintf("sources[%d] %s", i, s.ID)
		c.node(ix, w, "source", SourcePrefix, s.ID, "", s.Name)
		c.source(w, s)
	}
	for i, r := range ds.Roles {
		w := fmt.Sprintf("roles[%d] %s", i, r.ID)
		c.node(ix, w, "role", RolePrefix, r.ID, r.Slug, r.Name)
		c.role(w, r)
	}
	for i, s := range ds.Skills {
		w := fmt.Sprintf("skills[%d] %s", i, s.ID)
		c.node(ix, w, "skill", SkillPrefix, s.ID, s.Slug, s.Name)
		c.skill(w, s)
	}
	for i, t := range ds.Trainings {
		w := fmt.Sprintf("trainings[%d] %s", i, t.ID)
		c.node(ix, w, "training", TrainingPrefix, t.ID, t.Slug, t.Name)
		c.training(w, t)
	}
	for i, e := range ds.Employers {
		c.node(ix, fmt.Sprintf("employers[%d] %s", i, e.ID), "employer", EmployerPrefix, e.ID, e.Slug, e.Name)
	}
	groups := map[string]*Group{}
	for i := range ds.Groups {
		g := &ds.Groups[i]
		w := fmt.Sprintf("groups[%d] %s", i, g.ID)
		c.node(ix, w, "group", GroupPrefix, g.ID, g.Slug, g.Name)
		c.group(w, g)
		groups[g.ID] = g
	}
	return groups
}

// trees checks the group tree (parents exist, share the kind, prefix the
// code, never loop) and that skills name SKILL groups.
func (c *checker) trees(ds Dataset, groups map[string]*Group) {
	for i, g := range ds.Groups {
		if g.ParentID == nil {
			continue
		}
		w := fmt.Sprintf("groups[%d] %s", i, g.ID)
		p, ok := groups[*g.ParentID]
		switch {
		case !ok: // references says so
		case p.Kind != g.Kind:
			c.add(w, "parent %q is a %s group, not %s", p.ID, p.Kind, g.Kind)
		case (g.Kind == OccupationGroup || g.Kind == RomeGroup) && (len(p.Code) >= len(g.Code) || !strings.HasPrefix(g.Code, p.Code)):
			c.add(w, "parent %q has code %q, which does not prefix %q", p.ID, p.Code, g.Code)
		}
		// Walk up: a parent chain longer than the number of groups loops.
		for n, at := 0, g.ParentID; at != nil && groups[*at] != nil; n, at = n+1, groups[*at].ParentID {
			if *at == g.ID || n > len(groups) {
				c.add(w, "parent chain loops back to the group")
				break
			}
		}
	}
	for i, s := range ds.Skills {
		w := fmt.Sprintf("skills[%d] %s", i, s.ID)
		c.text(w, "escoUri", s.EscoURI, MaxNameLen)
		for _, gid := range s.GroupIDs {
			if g, ok := groups[gid]; ok && g.Kind != SkillGroupKind {
				c.add(w, "group %q is a %s group, not SKILL", gid, g.Kind)
			}
		}
	}
}

// chains checks that roles' broader chains do not loop, and that nodes
// cite each source once.
func (c *checker) chains(ds Dataset) {
	broader := map[string]*string{}
	for _, r := range ds.Roles {
		broader[r.ID] = r.BroaderID
	}
	for i, r := range ds.Roles {
		w := fmt.Sprintf("roles[%d] %s", i, r.ID)
		c.sources(w, r.SourceIDs)
		if r.BroaderID == nil {
			continue
		}
		for n, at := 0, r.BroaderID; at != nil; n, at = n+1, broader[*at] {
			if *at == r.ID || n > len(broader) {
				c.add(w, "broader chain loops back to the role")
				break
			}
		}
	}
	for i, s := range ds.Skills {
		c.sources(fmt.Sprintf("skills[%d] %s", i, s.ID), s.SourceIDs)
	}
	for i, g := range ds.Groups {
		c.sources(fmt.Sprintf("groups[%d] %s", i, g.ID), g.SourceIDs)
	}
}

// references checks that every id a record refers to names a node of
// the right kind (refs.go lists them).
func (c *checker) references(ix *ids, ds Dataset) {
	ds.eachRef(func(where func() string, field, prefix, id string) {
		if got, ok := ix.all[id]; !ok || got != noun(prefix) {
			c.add(where(), "%s %q is not a known %s", field, id, noun(prefix))
		}
	})
}

// levels checks each level, its role and that ranks are unique per role.
func (c *checker) levels(ix *ids, levels []Level) {
	levelRanks := map[string]bool{}
	for i, l := range levels {
		w := fmt.Sprintf("levels[%d] %s", i, l.ID)
		c.node(ix, w, "level", LevelPrefix, l.ID, "", l.Name)
		key := fmt.Sprintf("%s\x00%d", l.RoleID, l.Rank)
		if levelRanks[key] {
			c.add(w, "rank %d is already used by another level of %s", l.Rank, l.RoleID)
		}
		levelRanks[key] = true
		if (l.YearsMin != nil && *l.YearsMin < 0) || (l.YearsMax != nil && *l.YearsMax < 0) {
			c.add(w, "years must not be negative")
		}
		if l.YearsMin != nil && l.YearsMax != nil && *l.YearsMin > *l.YearsMax {
			c.add(w, "yearsMin %d is greater than yearsMax %d", *l.YearsMin, *l.YearsMax)
		}
		c.band(w, "salary", l.Salary)
		for j, t := range l.Titles {
			c.name(w, fmt.Sprintf("titles[%d]", j), t, MaxNameLen)
		}
		c.set(w, "titles", len(l.Titles), func(i int) string { return l.Titles[i] })
	}
}

// relationships checks every relationship: its ends exist and are of the
// right kind, its fields, and that no key appears twice.
func (c *checker) relationships(ds Dataset) {
	seen := map[string]bool{}
	unique := func(w, kind string, key ...string) {
		k := kind + "\x00" + strings.Join(key, "\x00")
		if seen[k] {
			c.add(w, "duplicate %s relationship", kind)
		}
		seen[k] = true
	}
	for i, r := range ds.Requires {
		w := fmt.Sprintf("requires[%d] %s->%s", i, r.RoleID, r.SkillID)
		c.importance(w, r.Importance)
		c.sources(w, r.SourceIDs)
		unique(w, "REQUIRES", r.RoleID, r.SkillID)
	}
	for i, l := range ds.SkillLinks {
		w := fmt.Sprintf("skillLinks[%d] %s->%s", i, l.FromID, l.ToID)
		if l.FromID == l.ToID {
			c.add(w, "a skill cannot build on itself")
		}
		c.importance(w, l.Importance)
		c.sources(w, l.SourceIDs)
		unique(w, "BUILDS_ON", l.FromID, l.ToID)
	}
	for i, l := range ds.LeadsTo {
		w := fmt.Sprintf("leadsTo[%d] %s->%s", i, l.TrainingID, l.RoleID)
		c.text(w, "note", l.Note, MaxTextLen)
		if l.Rank < 1 {
			c.add(w, "rank %d must be 1 or more", l.Rank)
		}
		unique(w, "LEADS_TO", l.TrainingID, l.RoleID)
	}
	for i, h := range ds.Hires {
		w := fmt.Sprintf("hires[%d] %s->%s", i, h.EmployerID, h.RoleID)
		if h.Rank < 1 {
			c.add(w, "rank %d must be 1 or more", h.Rank)
		}
		unique(w, "HIRES", h.EmployerID, h.RoleID)
	}
	for i, t := range ds.Transitions {
		w := fmt.Sprintf("transitions[%d] %s->%s", i, t.FromID, t.ToID)
		if t.FromID == t.ToID {
			c.add(w, "a role cannot transition to itself")
		}
		if !slices.Contains(TransitionKinds, t.Kind) {
			c.add(w, "kind %q is not one of NEXT_STEP, CAREER_CHANGE, MOBILITY, EQUIVALENT", t.Kind)
		}
		if y := t.TypicalYears; y != nil && (*y < 0 || *y > 50) {
			c.add(w, "typicalYears %g is not between 0 and 50", *y)
		}
		c.text(w, "note", t.Note, MaxTextLen)
		c.sources(w, t.SourceIDs)
		unique(w, "TRANSITIONS_TO", t.FromID, t.ToID, string(t.Kind))
	}
	for i, s := range ds.Similar {
		w := fmt.Sprintf("similar[%d] %s<->%s", i, s.AID, s.BID)
		if s.AID == s.BID {
			c.add(w, "a role cannot be similar to itself")
		}
		if s.Score < 0 || s.Score > 1 {
			c.add(w, "score %g is not between 0 and 1", s.Score)
		}
		a, b := min(s.AID, s.BID), max(s.AID, s.BID)
		unique(w, "SIMILAR_TO", a, b)
	}
}

func isISODate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
