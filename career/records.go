package career

import (
	"fmt"
	"slices"
	"strings"
)

func (c *checker) source(w string, s Source) {
	if !slices.Contains(SourceKinds, s.Kind) {
		c.add(w, "kind %q is not one of MARKET_DATA, EDITORIAL, TAXONOMY, RESEARCH", s.Kind)
	}
	c.text(w, "url", s.URL, MaxNameLen)
	c.text(w, "version", s.Version, MaxNameLen)
	c.text(w, "license", s.License, MaxTextLen)
}

func (c *checker) role(w string, r Role) {
	c.text(w, "description", r.Description, MaxTextLen)
	c.text(w, "insight", r.Insight, MaxTextLen)
	c.text(w, "careerChangeAdvice", r.CareerChangeAdvice, MaxTextLen)
	c.band(w, "market.startingSalary", r.Market.StartingSalary)
	c.duration(w, "market.typicalTraining", r.Market.TypicalTraining)
	if p := r.Market.RemoteWorkPercent; p != nil && (*p < 0 || *p > 100) {
		c.add(w, "market.remoteWorkPercent %d is not between 0 and 100", *p)
	}
	if t := r.Market.Trend; t != nil && !slices.Contains([]Trend{TrendUp, TrendStable, TrendDown}, *t) {
		c.add(w, "market.trend %q is not one of UP, STABLE, DOWN", *t)
	}
	for j, t := range r.Titles {
		c.name(w, fmt.Sprintf("titles[%d].label", j), t.Label, MaxNameLen)
		if t.Lang == "" || len(t.Lang) > 35 {
			c.add(w, "titles[%d].lang %q is not a language tag", j, t.Lang)
		}
	}
	c.text(w, "escoUri", r.EscoURI, MaxNameLen)
	if code := r.RomeCode; code != nil && !IsRomeFiche(*code) {
		c.add(w, "romeCode %q is not a ROME fiche code (a letter and four digits)", *code)
	}
	if code := r.RomeParent; code != nil && !IsRomeFiche(*code) {
		c.add(w, "romeParent %q is not a ROME fiche code (a letter and four digits)", *code)
	}
	c.labour(w, r.Labour)
	c.text(w, "access", r.Access, MaxTextLen)
	if p := r.Rome; p != nil {
		for field, code := range map[string]*string{"rome.riasecMajor": p.RiasecMajor, "rome.riasecMinor": p.RiasecMinor} {
			if code != nil && (len(*code) != 1 || !strings.Contains("RIASEC", *code)) {
				c.field(w, field, "%q is not a Holland code (R, I, A, S, E or C)", *code)
			}
		}
		c.text(w, "rome.ecological", p.Ecological, MaxNameLen)
		for j, wc := range p.WorkContexts {
			c.name(w, fmt.Sprintf("rome.workContexts[%d].label", j), wc.Label, MaxNameLen)
			c.name(w, fmt.Sprintf("rome.workContexts[%d].category", j), wc.Category, MaxNameLen)
		}
		for j, sec := range p.Sectors {
			at := fmt.Sprintf("rome.sectors[%d]", j)
			c.name(w, at+".code", sec.Code, MaxNameLen)
			c.name(w, at+".label", sec.Label, MaxNameLen)
			c.text(w, at+".subCode", sec.SubCode, MaxNameLen)
			c.text(w, at+".subLabel", sec.SubLabel, MaxNameLen)
			if (sec.SubCode == nil) != (sec.SubLabel == nil) {
				c.add(w, "%s: a sub-sector needs its code and its label", at)
			}
		}
		for j, naf := range p.NafSectors {
			c.name(w, fmt.Sprintf("rome.nafSectors[%d].code", j), naf.Code, MaxNameLen)
			c.name(w, fmt.Sprintf("rome.nafSectors[%d].label", j), naf.Label, MaxNameLen)
		}
		c.set(w, "rome.workContexts", len(p.WorkContexts), func(i int) string { return p.WorkContexts[i].key() })
		c.set(w, "rome.sectors", len(p.Sectors), func(i int) string {
			return p.Sectors[i].Code + "\x00" + orEmpty(p.Sectors[i].SubCode)
		})
		c.set(w, "rome.nafSectors", len(p.NafSectors), func(i int) string { return p.NafSectors[i].Code })
	}
	if code := r.IscoCode; code != nil && !IsIscoUnitGroup(*code) {
		c.field(w, "iscoCode", "%q is not a 4-digit ISCO-08 unit group", *code)
	}
	if m := r.MCC; m != nil {
		if m.JobZone < 1 || m.JobZone > 5 {
			c.add(w, "mcc.jobZone %g is not between 1 and 5", m.JobZone)
		}
		if x := m.RemoteLaborIndex; x != nil && (*x < 0 || *x > 1) {
			c.add(w, "mcc.remoteLaborIndex %g is not between 0 and 1", *x)
		}
		if x := m.AnnualEarnings; x != nil && *x < 0 {
			c.add(w, "mcc.annualEarnings must not be negative")
		}
		if len(m.Currency) != 3 {
			c.add(w, "mcc.currency %q is not an ISO 4217 code", m.Currency)
		}
	}
	if d := r.UpdatedOn; d != nil && !isISODate(*d) {
		c.add(w, "updatedOn %q is not an ISO 8601 date (YYYY-MM-DD)", *d)
	}
}

func orEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (c *checker) skill(w string, s Skill) {
	c.set(w, "groups", len(s.GroupIDs), func(i int) string { return s.GroupIDs[i] })
	for j, l := range s.AltLabels {
		c.name(w, fmt.Sprintf("altLabels[%d]", j), l, MaxNameLen)
	}
	c.set(w, "altLabels", len(s.AltLabels), func(i int) string { return s.AltLabels[i] })
	if !slices.Contains(Categories, s.Category) {
		c.add(w, "category %q is not one of TECHNICAL, TOOL, SOFT, KNOWLEDGE", s.Category)
	}
	c.text(w, "description", s.Description, MaxTextLen)
}

func (c *checker) training(w string, t Training) {
	if !slices.Contains([]TrainingKind{Degree, Bootcamp, SelfTaught, Certification, ShortCourse}, t.Kind) {
		c.add(w, "kind %q is not one of DEGREE, BOOTCAMP, SELF_TAUGHT, CERTIFICATION, SHORT_COURSE", t.Kind)
	}
	c.duration(w, "duration", t.Duration)
	c.text(w, "examples", t.Examples, MaxTextLen)
	if t.Level != nil && (*t.Level < 1 || *t.Level > 8) {
		c.add(w, "level %d is not a qualifications-framework level, 1 to 8", *t.Level)
	}
	c.text(w, "type", t.Type, MaxNameLen)
	for _, name := range t.Certifiers {
		c.name(w, "certifiers", name, MaxTextLen)
	}
	for _, code := range t.RomeCodes {
		if !IsRomeCode(code) {
			c.add(w, "romeCodes: %q is not a ROME code", code)
		}
	}
}

// labour checks the figures' ranges: counts are not negative, a tension
// category is 1 to 5.
func (c *checker) labour(w string, l *LabourProfile) {
	if l == nil {
		return
	}
	for _, s := range l.Salaries {
		if s.MedianNetMonthly <= 0 {
			c.add(w, "labour.salaries: median %d for %s is not a positive amount", s.MedianNetMonthly, s.Family)
		}
	}
	for _, h := range l.Hiring {
		if h.Projects < 0 || h.Difficult < 0 || h.Seasonal < 0 || h.Difficult > h.Projects {
			c.add(w, "labour.hiring: %s has counts %d, %d, %d (projects, difficult, seasonal)", h.Family, h.Projects, h.Difficult, h.Seasonal)
		}
	}
	for _, t := range l.Tension {
		if t.Category < 1 || t.Category > 5 {
			c.add(w, "labour.tension: category %d for %s is not 1 to 5", t.Category, t.Family)
		}
	}
}

func (c *checker) group(w string, g *Group) {
	if !slices.Contains(GroupKinds, g.Kind) {
		c.add(w, "kind %q is not one of OCCUPATION, SKILL, ROME, ROME_INTEREST, ROME_THEME, ROME_SECTOR", g.Kind)
	}
	if g.Kind == RomeGroup && !IsRomeCode(g.Code) {
		c.add(w, "code %q is not a ROME domain code (a letter, or a letter and two digits)", g.Code)
	}
	c.name(w, "code", g.Code, MaxNameLen)
	if g.Kind == OccupationGroup && !IsIscoCode(g.Code) {
		c.add(w, "code %q is not an ISCO-08 code of 1 to 4 digits", g.Code)
	}
	c.text(w, "description", g.Description, MaxTextLen)
}

// RecordProblems lists what is wrong with one node on its own (a Role,
// Skill, Training, Source or Group): its id, slug, name, fields, codes and
// ranges, as Validate checks them, but not what needs the rest of the
// graph (references, uniqueness, trees). Importers call it on each record
// they make, to name the file and line of a value the graph would refuse.
func RecordProblems(rec any) []Problem {
	c := &checker{}
	ix := &ids{all: map[string]string{}, slugs: map[string]bool{}}
	switch r := rec.(type) {
	case Role:
		c.node(ix, "", "role", RolePrefix, r.ID, r.Slug, r.Name)
		c.role("", r)
	case Skill:
		c.node(ix, "", "skill", SkillPrefix, r.ID, r.Slug, r.Name)
		c.skill("", r)
	case Training:
		c.node(ix, "", "training", TrainingPrefix, r.ID, r.Slug, r.Name)
		c.training("", r)
	case Source:
		c.node(ix, "", "source", SourcePrefix, r.ID, "", r.Name)
		c.source("", r)
	case Group:
		c.node(ix, "", "group", GroupPrefix, r.ID, r.Slug, r.Name)
		c.group("", &r)
	default:
		c.add("", "%T is not a node record", rec)
	}
	return c.problems
}
