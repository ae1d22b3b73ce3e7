package seed

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"careergraph/career"
)

// The figures of the labour-market files, keyed by the historical ROME
// code whose fiches get them. Each historical code maps to one to three
// FAP families (the family depends on the job's qualification level), and
// a fiche gets every family's figure: none is its own.

// salaries: DARES's median net monthly salary of the FAP-2009 families of
// each historical code, the latest period the file gives (2017-2019, or
// 2016-2018 for a few families), at the FAP225 level, else at the FAP87
// level of the same family.
func (im *labourImport) salaries() error {
	names, faps, err := im.fapTables()
	if err != nil {
		return err
	}
	type median struct {
		years string
		value int
	}
	latest := map[string]median{}
	err = im.read(lmSalary, []string{"fap", "years", "median_net_monthly"}, func(get func(string) string, line int) error {
		v, years := get("median_net_monthly"), get("years")
		if v == "NA" || v == "nd" || years < "2016" {
			return nil // not published, or too old to show
		}
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return fmt.Errorf("median_net_monthly %q is not a positive whole number of euros", v)
		}
		if m, ok := latest[get("fap")]; !ok || years > m.years {
			latest[get("fap")] = median{years, n}
		}
		return nil
	})
	if err != nil {
		return err
	}
	im.salary = map[string][]career.SalaryFigure{}
	for code, fs := range faps {
		for _, f := range fs {
			fam := f
			m, ok := latest[fam]
			if !ok {
				fam = f[:3]
				m, ok = latest[fam]
			}
			if !ok || slices.ContainsFunc(im.salary[code], func(s career.SalaryFigure) bool { return s.Family == fam }) {
				continue
			}
			im.salary[code] = append(im.salary[code], career.SalaryFigure{Family: fam, FamilyName: names[fam], MedianNetMonthly: m.value, Years: m.years, SourceID: DaresPSMSource.ID})
		}
	}
	return nil
}

// fapNames are the FAP-2009 families' names.
func (im *labourImport) fapNames() (map[string]string, error) {
	names := map[string]string{}
	err := im.read(lmFap2009Names, []string{"fap", "label"}, func(get func(string) string, line int) error {
		names[get("fap")] = get("label")
		return nil
	})
	return names, err
}

// fapTables are the FAP-2009 names and each historical code's families,
// read once for the salary and tension steps that both need them.
func (im *labourImport) fapTables() (names map[string]string, faps map[string][]string, err error) {
	if im.fapName == nil {
		if im.fapName, err = im.fapNames(); err != nil {
			im.fapName = nil
			return nil, nil, err
		}
		if im.fapOf, err = im.fap2009(); err != nil {
			im.fapName = nil
			return nil, nil, err
		}
	}
	return im.fapName, im.fapOf, nil
}

// fap2009 lists each historical ROME code's FAP-2009 families (FAP225),
// in the file's order.
func (im *labourImport) fap2009() (map[string][]string, error) {
	out := map[string][]string{}
	err := im.read(lmFap2009Rome, []string{"fap", "rome"}, func(get func(string) string, line int) error {
		f, rome := get("fap"), get("rome")
		if len(f) != 5 || !career.IsRomeFiche(rome) {
			return fmt.Errorf("fap %q and rome %q are not a FAP225 code and a ROME code", f, rome)
		}
		if !slices.Contains(out[rome], f) {
			out[rome] = append(out[rome], f)
		}
		return nil
	})
	return out, err
}

// tension: DARES's national tension indicators of 2019 for the FAP-2009
// families of each historical code, at the FAP225 level, else FAP87.
func (im *labourImport) tension() error {
	names, faps, err := im.fapTables()
	if err != nil {
		return err
	}
	byFap := map[string]career.TensionFigure{}
	err = im.read(lmTension, []string{"fap", "year", "tension", "category", "hiring_intensity", "training_link", "labour_shortage", "non_durability", "conditions", "geographic_mismatch"},
		func(get func(string) string, line int) error {
			t := career.TensionFigure{Family: get("fap"), FamilyName: names[get("fap")], SourceID: DaresPSMSource.ID}
			var err error
			if t.Year, err = strconv.Atoi(get("year")); err != nil {
				return fmt.Errorf("year %q is not a year", get("year"))
			}
			if t.Value, err = strconv.ParseFloat(get("tension"), 64); err != nil || math.IsNaN(t.Value) {
				return fmt.Errorf("tension %q is not a number", get("tension"))
			}
			if t.Category, err = strconv.Atoi(get("category")); err != nil || t.Category < 1 || t.Category > 5 {
				return fmt.Errorf("category %q is not 1 to 5", get("category"))
			}
			for col, dst := range map[string]**int{"hiring_intensity": &t.HiringIntensity, "training_link": &t.TrainingLink, "labour_shortage": &t.LabourShortage,
				"non_durability": &t.NonDurability, "conditions": &t.WorkingConditions, "geographic_mismatch": &t.GeographicMismatch} {
				if v := get(col); v != "" {
					n, err := strconv.Atoi(v)
					if err != nil || n < 1 || n > 5 {
						return fmt.Errorf("%s %q is not 1 to 5", col, v)
					}
					*dst = new(n)
				}
			}
			byFap[t.Family] = t
			return nil
		})
	if err != nil {
		return err
	}
	im.tensions = map[string][]career.TensionFigure{}
	for code, fs := range faps {
		for _, f := range fs {
			t, ok := byFap[f]
			if !ok {
				t, ok = byFap[f[:3]]
			}
			if ok && !slices.ContainsFunc(im.tensions[code], func(x career.TensionFigure) bool { return x.Family == t.Family }) {
				im.tensions[code] = append(im.tensions[code], t)
			}
		}
	}
	return nil
}

// hiring: BMO 2025 for the FAP-2021 families (FAP228) of each historical
// code, through DARES's table (ROME × qualification level → FAP341) and
// the FAP-2021 tree (FAP341 → FAP228); national sums of the published
// employment-area cells.
func (im *labourImport) hiring() error {
	tree := map[string]string{}
	names := map[string]string{}
	err := im.read(lmFap2021Tree, []string{"fap341", "fap228", "fap228_label"}, func(get func(string) string, line int) error {
		tree[get("fap341")], names[get("fap228")] = get("fap228"), get("fap228_label")
		return nil
	})
	if err != nil {
		return err
	}
	type famQual struct {
		fam   string
		quals []int
	}
	byCode := map[string][]famQual{}
	err = im.read(lmFap2021Rome, []string{"rome", "qualif", "fap341"}, func(get func(string) string, line int) error {
		rome := get("rome")
		q, err := strconv.Atoi(get("qualif"))
		if err != nil || q < 0 || q > 9 || !career.IsRomeFiche(rome) {
			return fmt.Errorf("rome %q, qualif %q: not a ROME code and a level 0 to 9", rome, get("qualif"))
		}
		fam, ok := tree[get("fap341")]
		if !ok {
			return fmt.Errorf("fap341 %q is not in %s", get("fap341"), lmFap2021Tree)
		}
		l := byCode[rome]
		i := slices.IndexFunc(l, func(f famQual) bool { return f.fam == fam })
		if i < 0 {
			l, i = append(l, famQual{fam: fam}), len(l)
		}
		l[i].quals = append(l[i].quals, q)
		byCode[rome] = l
		return nil
	})
	if err != nil {
		return err
	}
	national := map[string]*career.HiringFigure{}
	err = im.read(lmBMO, []string{"fap228", "label", "area", "projects", "difficult", "seasonal"}, func(get func(string) string, line int) error {
		h := national[get("fap228")]
		if h == nil {
			h = &career.HiringFigure{Family: get("fap228"), FamilyName: get("label"), Year: 2025, SourceID: BMOSource.ID}
			national[h.Family] = h
		}
		var counts [3]int
		for i, col := range []string{"projects", "difficult", "seasonal"} {
			v := get(col)
			if v == "*" {
				if i == 0 {
					h.Masked++
					return nil
				}
				continue // a masked detail of a published total
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("%s %q is not a count or *", col, v)
			}
			counts[i] = n
		}
		h.Areas++
		h.Projects, h.Difficult, h.Seasonal = h.Projects+counts[0], h.Difficult+counts[1], h.Seasonal+counts[2]
		return nil
	})
	if err != nil {
		return err
	}
	im.hire = map[string][]career.HiringFigure{}
	for code, fams := range byCode {
		for _, f := range fams {
			h, ok := national[f.fam]
			if !ok || h.Areas == 0 {
				continue // BMO does not survey the family (State administrations)
			}
			x := *h
			x.Qualifications = f.quals
			if x.FamilyName == "" {
				x.FamilyName = names[f.fam]
			}
			im.hire[code] = append(im.hire[code], x)
		}
	}
	return nil
}

// profiles sets each fiche's labour profile from its historical code's
// figures, on a copy of the fiche as the store holds it.
func (im *labourImport) profiles() error {
	used := map[string]bool{}
	profileSource := func(id string) bool {
		return id == DaresPSMSource.ID || id == BMOSource.ID || id == DaresFap2021Source.ID
	}
	for code, roles := range im.derived {
		p := career.LabourProfile{Salaries: im.salary[code], Hiring: im.hire[code], Tension: im.tensions[code]}
		if len(p.Salaries)+len(p.Hiring)+len(p.Tension) == 0 {
			// A profile an earlier release gave is not kept stale.
			for _, r := range roles {
				if r.Labour != nil {
					r.Labour = nil
					r.SourceIDs = slices.DeleteFunc(slices.Clone(r.SourceIDs), profileSource)
					im.ds.Roles = append(im.ds.Roles, r)
				}
			}
			continue
		}
		for _, r := range roles {
			r.Labour = &p
			// Cited afresh: a facet this release lacks cites nothing.
			r.SourceIDs = slices.DeleteFunc(slices.Clone(r.SourceIDs), profileSource)
			for _, s := range []struct {
				id string
				n  int
			}{{DaresPSMSource.ID, len(p.Salaries) + len(p.Tension)}, {BMOSource.ID, len(p.Hiring)}, {DaresFap2021Source.ID, len(p.Hiring)}} {
				if s.n > 0 {
					r.SourceIDs = cite(r.SourceIDs, s.id)
					used[s.id] = true
				}
			}
			im.ds.Roles = append(im.ds.Roles, r)
			if len(p.Salaries) > 0 {
				im.sum.RolesWithSalary++
			}
			if len(p.Hiring) > 0 {
				im.sum.RolesWithHiring++
			}
			if len(p.Tension) > 0 {
				im.sum.RolesWithTension++
			}
		}
	}
	slices.SortFunc(im.ds.Roles, func(a, b career.Role) int { return strings.Compare(a.ID, b.ID) })
	for _, s := range []career.Source{DaresPSMSource, DaresFap2021Source, BMOSource} {
		if used[s.ID] {
			im.ds.Sources = append(im.ds.Sources, s)
		}
	}
	return nil
}

// HiringAreas returns BMO 2025's employment-area figures shipped in the
// binary (the labour-market folder, checked against its SHA256SUMS),
// parsed once per process: family-by-area aggregates the API pages
// through, not records of the graph. Callers must not modify them.
var HiringAreas = sync.OnceValues(func() (*career.HiringAreas, error) {
	dir, err := OpenDataRelease("labour-market")
	if err != nil {
		return nil, err
	}
	return ReadHiringAreas(dir)
})

// ReadHiringAreas reads the BMO file of a labour-market folder.
func ReadHiringAreas(dir Folder) (*career.HiringAreas, error) {
	if err := verifyFolder(dir, "labour-market", []string{lmBMO}, nil); err != nil {
		return nil, err
	}
	im := &labourImport{dir: dir}
	var rows []career.AreaHiring
	names := map[string]string{} // the same few hundred names, held once
	intern := func(s string) string {
		if v, ok := names[s]; ok {
			return v
		}
		names[s] = s
		return s
	}
	err := im.read(lmBMO, []string{"fap228", "dept", "dept_name", "area", "area_name", "projects", "difficult", "seasonal"}, func(get func(string) string, line int) error {
		a := career.AreaHiring{Family: intern(get("fap228")), Dept: intern(get("dept")), DeptName: intern(get("dept_name")), Area: intern(get("area")), AreaName: intern(get("area_name"))}
		for col, dst := range map[string]**int{"projects": &a.Projects, "difficult": &a.Difficult, "seasonal": &a.Seasonal} {
			if v := get(col); v != "*" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 0 {
					return fmt.Errorf("%s %q is not a count or *", col, v)
				}
				*dst = new(n)
			}
		}
		if a.Family == "" || a.Dept == "" || a.Area == "" {
			return fmt.Errorf("fap228, dept and area must be given")
		}
		rows = append(rows, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return career.NewHiringAreas(rows), nil
}
