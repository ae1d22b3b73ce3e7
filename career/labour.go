package career

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Granularity says whose figure a labour-market value is: a FAP family's
// (a statistical family of jobs the fiche belongs to, with others), the
// historical ROME code's the fiche derives from (shared with its sibling
// fiches), or the fiche's own.
type Granularity string

const (
	FapFamily      Granularity = "FAP_FAMILY"
	RomeParentCode Granularity = "ROME_PARENT"
	FicheOwn       Granularity = "FICHE"
)

// LabourProfile is what French labour-market statistics say of the job
// families a ROME fiche belongs to, reached through its historical ROME
// code: one figure per family, since one code maps to several families
// by qualification level. None of it is the fiche's own figure.
type LabourProfile struct {
	Salaries []SalaryFigure  `json:"salaries,omitempty"`
	Hiring   []HiringFigure  `json:"hiring,omitempty"`
	Tension  []TensionFigure `json:"tension,omitempty"`
}

// SalaryFigure is DARES's median net monthly salary of a FAP-2009 family
// (full-time employees, over Years).
type SalaryFigure struct {
	// Family is the FAP-2009 code (FAP225 "M1Z80", or FAP87 "M1Z").
	Family     string `json:"family"`
	FamilyName string `json:"familyName"`
	// MedianNetMonthly is in euros per month, net of social contributions.
	MedianNetMonthly int    `json:"medianNetMonthly"`
	Years            string `json:"years"`
	SourceID         string `json:"source"`
}

// NetShareOfGross is the share of a private-sector employee's gross pay
// left after employee social contributions (about 22 %): the ratio the
// k€-gross-per-year figures divide by. An estimate, not a DARES figure.
const NetShareOfGross = 0.78

// GrossYearlyK converts a net monthly salary in euros to thousands of
// euros gross per year: net × 12 / NetShareOfGross / 1000, to 0.1 k€.
func GrossYearlyK(netMonthly int) float64 {
	return math.Round(float64(netMonthly)*12/NetShareOfGross/100) / 10
}

// HiringFigure is France Travail's BMO survey for one FAP-2021 family
// (« métier BMO »), summed over the employment areas whose cells are
// published: cells under the survey's threshold are masked, so the sums
// are lower bounds.
type HiringFigure struct {
	// Family is the FAP-2021 code at the 228 level ("M2X90").
	Family     string `json:"family"`
	FamilyName string `json:"familyName"`
	// Qualifications are DARES's qualification levels (0 to 9) of the
	// historical ROME code that fall in this family.
	Qualifications []int `json:"qualifications"`
	// Projects are hiring projects, Difficult those employers judge
	// difficult, Seasonal the seasonal ones.
	Projects  int `json:"projects"`
	Difficult int `json:"difficult"`
	Seasonal  int `json:"seasonal"`
	// Areas counts employment areas with a published projects figure,
	// Masked those whose figure is masked.
	Areas    int    `json:"areas"`
	Masked   int    `json:"masked"`
	Year     int    `json:"year"`
	SourceID string `json:"source"`
}

// TensionFigure is DARES's labour-market tension indicator of a FAP-2009
// family, nationally: the synthetic category (1, low, to 5, very high)
// and its standardised value, with the complementary indicators (1 to 5).
type TensionFigure struct {
	Family             string  `json:"family"`
	FamilyName         string  `json:"familyName"`
	Category           int     `json:"category"`
	Value              float64 `json:"value"`
	HiringIntensity    *int    `json:"hiringIntensity,omitempty"`
	TrainingLink       *int    `json:"trainingLink,omitempty"`
	LabourShortage     *int    `json:"labourShortage,omitempty"`
	NonDurability      *int    `json:"nonDurability,omitempty"`
	WorkingConditions  *int    `json:"workingConditions,omitempty"`
	GeographicMismatch *int    `json:"geographicMismatch,omitempty"`
	Year               int     `json:"year"`
	SourceID           string  `json:"source"`
}

// LevelWording is how French guides word a qualification level (EQF/CEC):
// 3 « CAP, BEP », 4 « Bac », 5 « Bac+2 », 6 « Bac+3 ou Bac+4 », 7
// « Bac+5 », 8 « Bac+8 »; "" for other levels.
func LevelWording(level int, lang Lang) string {
	switch level {
	case 1, 2:
		return pick(lang, "no diploma", "sans diplôme")
	case 3:
		return pick(lang, "CAP, BEP (vocational, below the Bac)", "CAP, BEP")
	case 4:
		return "Bac"
	case 5:
		return "Bac+2"
	case 6:
		return pick(lang, "Bac+3 or Bac+4", "Bac+3 ou Bac+4")
	case 7:
		return "Bac+5"
	case 8:
		return "Bac+8"
	}
	return ""
}

// romeIndex finds ROME fiches by their code and by the historical code
// they derive from.
type romeIndex struct {
	byCode  map[string]*Role
	derived map[string][]*Role // historical code -> fiches, by code
}

func newRomeIndex(g *Graph) romeIndex {
	ix := romeIndex{byCode: map[string]*Role{}, derived: map[string][]*Role{}}
	for _, r := range g.roles.list {
		if r.RomeCode != nil {
			ix.byCode[*r.RomeCode] = r
		}
		if r.RomeParent != nil {
			ix.derived[*r.RomeParent] = append(ix.derived[*r.RomeParent], r)
		}
	}
	for _, l := range ix.derived {
		slices.SortFunc(l, func(a, b *Role) int { return strings.Compare(*a.RomeCode, *b.RomeCode) })
	}
	return ix
}

func (g *Graph) romeIx() romeIndex { return wait(g, g.rome, newRomeIndex) }

// RoleByRomeCode is the fiche a ROME code names, in any case: the fiche
// with that code, else, for a historical code no fiche kept, the first
// fiche derived from it (redirected is then true); nil if none.
func (g *Graph) RoleByRomeCode(code string) (r *Role, redirected bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	ix := g.romeIx()
	if r := ix.byCode[code]; r != nil {
		return r, false
	}
	if d := ix.derived[code]; len(d) > 0 {
		return d[0], true
	}
	return nil, false
}

// RomeDerived lists the fiches derived from a historical ROME code, by
// code (the fiche that kept the code among them).
func (g *Graph) RomeDerived(code string) []*Role { return g.romeIx().derived[code] }

// RankedTrainings is the per-role training lookup routes and pages use:
// all the trainings that lead to roleID, best ranked first (LeadsTo.Rank:
// for the register's certifications, see seed), keeping those whose level
// is within [minLevel, maxLevel] when either bound is above 0. The list
// without bounds is the snapshot's own (no copy): callers must not modify
// it.
func (g *Graph) RankedTrainings(roleID string, minLevel, maxLevel int) []*LeadsTo {
	all := g.leadsByRole[roleID]
	if minLevel <= 0 && maxLevel <= 0 {
		return all
	}
	var out []*LeadsTo
	for i, l := range all {
		if i%stride == 0 {
			g.Visit(min(stride, len(all)-i))
		}
		t := g.trainings.byID.get(l.TrainingID)
		if t.Level == nil || *t.Level < minLevel || maxLevel > 0 && *t.Level > maxLevel {
			continue
		}
		out = append(out, l)
	}
	return out
}

// SalaryRange is the band over a fiche's family medians.
type SalaryRange struct {
	MinNetMonthly, MaxNetMonthly int
	Families                     int
	// Years lists the distinct periods the medians cover, joined by ", ".
	Years    string
	SourceID string
}

// SalaryRange is the band over the profile's family medians, or nil.
func (l *LabourProfile) SalaryRange() *SalaryRange {
	if l == nil || len(l.Salaries) == 0 {
		return nil
	}
	r := &SalaryRange{MinNetMonthly: math.MaxInt, SourceID: l.Salaries[0].SourceID, Families: len(l.Salaries)}
	var years []string
	for _, s := range l.Salaries {
		r.MinNetMonthly, r.MaxNetMonthly = min(r.MinNetMonthly, s.MedianNetMonthly), max(r.MaxNetMonthly, s.MedianNetMonthly)
		if !slices.Contains(years, s.Years) {
			years = append(years, s.Years)
		}
	}
	slices.Sort(years)
	r.Years = strings.Join(years, ", ")
	return r
}

// Caveat says in words what the range is.
func (r *SalaryRange) Caveat(lang Lang) string {
	if r.Families == 1 {
		return pick(lang,
			"Median net monthly salary of the job family this trade belongs to (DARES, "+r.Years+"), not of this trade alone; gross yearly figures are an estimate (net ÷ 0.78).",
			"Salaire médian net mensuel de la famille de métiers dont relève ce métier (DARES, "+r.Years+"), pas de ce seul métier ; les montants bruts annuels sont une estimation (net ÷ 0,78).")
	}
	return pick(lang,
		"Range of the median net monthly salaries of the job families this trade falls in, by qualification level (DARES, "+r.Years+"), not figures of this trade alone; gross yearly figures are an estimate (net ÷ 0.78).",
		"Fourchette des salaires médians nets mensuels des familles de métiers dont relève ce métier selon le niveau de qualification (DARES, "+r.Years+"), pas de ce seul métier ; les montants bruts annuels sont une estimation (net ÷ 0,78).")
}

// ShareDifficult is Difficult ÷ Projects, or nil without projects.
func (h HiringFigure) ShareDifficult() *float64 {
	if h.Projects == 0 {
		return nil
	}
	v := float64(h.Difficult) / float64(h.Projects)
	return &v
}

// TensionLabel words a tension category, 1 to 5.
func TensionLabel(category int, lang Lang) string {
	en := []string{"very low", "low", "moderate", "high", "very high"}
	fr := []string{"très faible", "faible", "moyenne", "forte", "très forte"}
	if category < 1 || category > 5 {
		return ""
	}
	return pick(lang, en[category-1], fr[category-1])
}

// AreaHiring is BMO's figures for one family in one employment area; a
// masked figure is nil.
type AreaHiring struct {
	Family, Dept, DeptName, Area, AreaName string
	Projects, Difficult, Seasonal          *int
}

// HiringAreas holds BMO's employment-area figures by family, each list by
// département then area: static aggregates, not records of the graph.
// Its 50,000 rows are held without a pointer (names and counts by number):
// as AreaHiring values they were 400,000 pointers for every collection to
// follow, as much as all the graph's REQUIRES.
type HiringAreas struct {
	rows     []AreaRow
	byFamily map[string][2]int32 // rows[from:to]
	names    []string
	counts   []int // *AreaHiring's counts point into it
	// MaxAreasPerFamily is the longest family list, for pricing.
	MaxAreasPerFamily int
}

// AreaRow is one row of HiringAreas: Hiring reads it.
type AreaRow struct {
	family, dept, deptName, area, areaName int32 // in names
	projects, difficult, seasonal          int32 // in counts, -1 if masked
}

// NewHiringAreas indexes rows.
func NewHiringAreas(rows []AreaHiring) *HiringAreas {
	rows = slices.Clone(rows)
	slices.SortFunc(rows, func(a, b AreaHiring) int {
		return cmp.Or(strings.Compare(a.Family, b.Family), strings.Compare(a.Dept, b.Dept), strings.Compare(a.Area, b.Area))
	})
	h := &HiringAreas{byFamily: map[string][2]int32{}, rows: make([]AreaRow, len(rows))}
	names, counts := map[string]int32{}, map[int]int32{}
	name := func(s string) int32 {
		n, ok := names[s]
		if !ok {
			n = int32(len(h.names))
			names[s] = n
			h.names = append(h.names, s)
		}
		return n
	}
	count := func(p *int) int32 {
		if p == nil {
			return -1
		}
		n, ok := counts[*p]
		if !ok {
			n = int32(len(h.counts))
			counts[*p] = n
			h.counts = append(h.counts, *p)
		}
		return n
	}
	for i, r := range rows {
		h.rows[i] = AreaRow{name(r.Family), name(r.Dept), name(r.DeptName), name(r.Area), name(r.AreaName),
			count(r.Projects), count(r.Difficult), count(r.Seasonal)}
		span := h.byFamily[r.Family]
		if span[1] == 0 {
			span[0] = int32(i)
		}
		span[1] = int32(i + 1)
		h.byFamily[r.Family] = span
		h.MaxAreasPerFamily = max(h.MaxAreasPerFamily, int(span[1]-span[0]))
	}
	return h
}

// For lists the areas of the role's hiring families, family by family,
// keeping those of dept and area when given.
func (h *HiringAreas) For(l *LabourProfile, dept, area string) []*AreaRow {
	if h == nil || l == nil {
		return nil
	}
	var out []*AreaRow
	for _, f := range l.Hiring {
		span := h.byFamily[f.Family]
		for i := span[0]; i < span[1]; i++ {
			r := &h.rows[i]
			if (dept == "" || h.names[r.dept] == dept) && (area == "" || h.names[r.area] == area) {
				out = append(out, r)
			}
		}
	}
	return out
}

// Key is a row's family and area, which no other row shares.
func (h *HiringAreas) Key(r *AreaRow) string {
	return h.names[r.family] + "|" + h.names[r.area]
}

// Hiring is the row as an AreaHiring, whose counts point into h's (never
// to be written through).
func (h *HiringAreas) Hiring(r *AreaRow) *AreaHiring {
	count := func(n int32) *int {
		if n < 0 {
			return nil
		}
		return &h.counts[n]
	}
	return &AreaHiring{Family: h.names[r.family], Dept: h.names[r.dept], DeptName: h.names[r.deptName],
		Area: h.names[r.area], AreaName: h.names[r.areaName],
		Projects: count(r.projects), Difficult: count(r.difficult), Seasonal: count(r.seasonal)}
}
