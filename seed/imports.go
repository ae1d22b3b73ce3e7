package seed

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"careergraph/career"
)

// ImportESCO reads an ESCO folder (see ESCO) into the records to upsert
// over cur, and a summary. Curated roles and skills keep their slugs; ESCO
// owns an imported role's name, description, English titles, codes and
// broader role, and what other sources added (the MCC profile, the French
// names the ESCO–ROME mapping gives, their citations) stays. The reviewed
// crosswalk links guide roles to their ESCO twins.
//
// Slugs go to the guide and hand-written records first, then to ESCO's,
// then to ROME's, whichever was imported first: a ROME record holding a
// slug ESCO's wants is given the slug ROME takes when its own is taken.
func ImportESCO(dir Folder, cur career.Dataset, progress func(rows int)) (career.Dataset, string, error) {
	taken := map[string]bool{}
	for _, r := range cur.Roles {
		if !strings.HasPrefix(r.ID, escoRolePrefix) && !strings.HasPrefix(r.ID, romeRolePrefix) {
			taken["role\x00"+r.Slug] = true
		}
	}
	for _, s := range cur.Skills {
		if !strings.HasPrefix(s.ID, escoSkillPrefix) && !strings.HasPrefix(s.ID, romeSkillPrefix) {
			taken["skill\x00"+s.Slug] = true
		}
	}
	ds, sum, err := ESCO(dir, func(kind, slug string) bool { return taken[kind+"\x00"+slug] }, func(_ string, rows int) { progress(rows) })
	if err != nil {
		return career.Dataset{}, "", err
	}
	old := map[string]career.Role{}
	for _, r := range cur.Roles {
		old[r.ID] = r
	}
	for i, r := range ds.Roles {
		if o, ok := old[r.ID]; ok {
			o.Name, o.Description, o.EscoURI, o.IscoCode, o.BroaderID = r.Name, r.Description, r.EscoURI, r.IscoCode, r.BroaderID
			// ESCO's titles are its English alt labels; the others came
			// from other sources.
			o.Titles = append(slices.Clip(r.Titles), slices.DeleteFunc(slices.Clone(o.Titles), func(t career.JobTitle) bool { return t.Lang == "en" })...)
			for _, s := range r.SourceIDs {
				o.SourceIDs = cite(o.SourceIDs, s)
			}
			ds.Roles[i] = o
		}
	}
	moved := giveWayToESCO(cur, &ds)
	n, err := linkTwins(cur, &ds)
	if err != nil {
		return career.Dataset{}, "", err
	}
	gave := ""
	if moved > 0 {
		gave = fmt.Sprintf(", %d ROME records re-slugged (ESCO's records take their slugs first)", moved)
	}
	return ds, fmt.Sprintf("%s, %d reviewed guide-role equivalences%s, from %s", sum, n, gave, dir.Name), nil
}

// giveWayToESCO adds to ds, re-slugged as ROME slugs a taken one, the ROME
// roles and skills of cur whose slugs ds's ESCO records hold, and says how
// many.
func giveWayToESCO(cur career.Dataset, ds *career.Dataset) int {
	held := map[string]bool{}
	for _, r := range ds.Roles {
		held["role\x00"+r.Slug] = true
	}
	for _, s := range ds.Skills {
		held["skill\x00"+s.Slug] = true
	}
	n := 0
	for _, r := range cur.Roles {
		if r.RomeCode != nil && strings.HasPrefix(r.ID, romeRolePrefix) && held["role\x00"+r.Slug] {
			r.Slug = romeRoleSlug(r.Slug, *r.RomeCode)
			ds.Roles = append(ds.Roles, r)
			n++
		}
	}
	for _, s := range cur.Skills {
		if strings.HasPrefix(s.ID, romeSkillPrefix) && held["skill\x00"+s.Slug] {
			s.Slug = romeSkillSlug(s.Slug, strings.TrimPrefix(s.ID, romeSkillPrefix))
			ds.Skills = append(ds.Skills, s)
			n++
		}
	}
	return n
}

// unique returns slug when free takes it, else the first of slug-2,
// slug-3, … that it takes: a fallback slug may itself be held (a record
// named like it), and an import that gave it again would be refused
// whole, the server with it.
func unique(slug string, free func(string) bool) string {
	if free(slug) {
		return slug
	}
	for n := 2; ; n++ {
		if s := slug + "-" + strconv.Itoa(n); free(s) {
			return s
		}
	}
}

// romeRoleSlug and romeSkillSlug are the slugs ROME gives a fiche (by its
// code) or a skill (by its code_ogr) whose label's slug is taken.
func romeRoleSlug(slug, code string) string {
	return strings.Trim(slug+"-"+strings.ToLower(code), "-")
}

func romeSkillSlug(slug, ogr string) string { return strings.Trim(slug+"-rome-"+ogr, "-") }

// linkTwins adds to ds the reviewed EQUIVALENT pairs (seed/crosswalk)
// whose two roles are in cur or ds, and says how many pairs.
func linkTwins(cur career.Dataset, ds *career.Dataset) (int, error) {
	roles := map[string]bool{}
	for _, r := range append(slices.Clip(cur.Roles), ds.Roles...) {
		roles[r.ID] = true
	}
	eq, err := Equivalences(func(id string) bool { return roles[id] })
	if err != nil {
		return 0, err
	}
	if len(eq) > 0 {
		ds.Transitions = append(ds.Transitions, eq...)
		ds.Sources = append(ds.Sources, CrosswalkSource)
	}
	return len(eq) / 2, nil
}

// ImportMCC reads MCC's occupation data and crosswalk in dir into the ESCO
// roles of cur that they profile, and a summary.
func ImportMCC(dir Folder, cur career.Dataset) (career.Dataset, string, error) {
	const occName, crossName = "mcc_transitions_Occupation_data.csv", "esco_onet_crosswalk_Nov2020.csv"
	if err := verifyFolder(dir, "mcc", []string{occName, crossName}, nil); err != nil {
		return career.Dataset{}, "", err
	}
	occFile, crossFile := dir.path(occName), dir.path(crossName)
	occ, err := dir.open(occName)
	if err != nil {
		return career.Dataset{}, "", err
	}
	defer occ.Close()
	cross, err := dir.open(crossName)
	if err != nil {
		return career.Dataset{}, "", err
	}
	defer cross.Close()
	profiles, err := MCCProfiles(occ, occFile, cross, crossFile)
	if err != nil {
		return career.Dataset{}, "", err
	}
	roles := map[string]career.Role{}
	for _, r := range cur.Roles {
		roles[r.ID] = r
	}
	ds := career.Dataset{Sources: []career.Source{MCCSource}}
	missing, onet := 0, 0
	for uri, p := range profiles {
		r, ok := roles[escoRoleID(uri)]
		if !ok {
			missing++
			continue
		}
		r.MCC = &p
		r.SourceIDs = cite(r.SourceIDs, MCCSource.ID)
		if p.OnetCode != nil {
			onet++
		}
		ds.Roles = append(ds.Roles, r)
	}
	slices.SortFunc(ds.Roles, func(a, b career.Role) int { return strings.Compare(a.ID, b.ID) })
	if len(ds.Roles) == 0 {
		return career.Dataset{}, "", fmt.Errorf("%s: none of its %d occupations has an ESCO role in the store: %w", occFile, len(profiles), ErrNeedsESCO)
	}
	// MCC was built on an earlier ESCO release: an occupation absent from
	// this one is skipped and counted, not invented.
	return ds, fmt.Sprintf("%d MCC occupation profiles (%d with an O*NET code, %d skipped: not in the imported ESCO)", len(ds.Roles), onet, missing), nil
}

// ImportROME reads a ROME 4.0 export folder (see ROME) into the records
// to upsert over cur, and a summary. Its slugs give way to those other
// sources hold.
func ImportROME(dir Folder, cur career.Dataset) (career.Dataset, string, error) {
	taken := map[string]bool{}
	for _, r := range cur.Roles {
		if r.RomeCode == nil {
			taken["role\x00"+r.Slug] = true
		}
	}
	for _, s := range cur.Skills {
		if !strings.HasPrefix(s.ID, romeSkillPrefix) {
			taken["skill\x00"+s.Slug] = true
		}
	}
	ds, sum, err := ROME(dir, func(kind, slug string) bool { return taken[kind+"\x00"+slug] })
	if err != nil {
		return career.Dataset{}, "", err
	}
	keepLabour(cur, &ds)
	n, err := linkTwins(cur, &ds)
	if err != nil {
		return career.Dataset{}, "", err
	}
	return ds, fmt.Sprintf("%s, %d reviewed guide-role equivalences, from %s", sum, n, dir.Name), nil
}

// ErrNeedsESCO and ErrNeedsROME are the answers of an import that needs
// another one first: MCC's profiles attach to ESCO's occupations, and the
// ESCO–ROME mapping joins ROME's fiches to them.
var (
	ErrNeedsESCO = errors.New("the ESCO occupations must be imported first")
	ErrNeedsROME = errors.New("the ROME fiches must be imported first")
)

// The id schemes of imported records, one place each: a prefix per
// source and kind, then the source's own identifier.
const (
	escoRolePrefix  = "role:esco-"
	escoSkillPrefix = "skill:esco-"
	romeRolePrefix  = "role:rome-"
	romeSkillPrefix = "skill:rome-"
)

// escoRoleID is the id of the role imported from an ESCO occupation URI.
func escoRoleID(uri string) string { return escoRolePrefix + path.Base(uri) }

// cite returns ids with id added if missing, without touching ids' array.
// After the first (where the record comes from), citations go in id
// order, so the order the imports ran in does not show.
func cite(ids []string, id string) []string {
	if slices.Contains(ids, id) {
		return ids
	}
	i := len(ids)
	for i > 1 && ids[i-1] > id {
		i--
	}
	return slices.Insert(slices.Clip(ids), i, id)
}

// runSteps runs an import's steps in order and gives its records, or none
// and the summary so far at the first error.
func runSteps[S any](ds *career.Dataset, sum *S, steps ...func() error) (career.Dataset, S, error) {
	for _, step := range steps {
		if err := step(); err != nil {
			return career.Dataset{}, *sum, err
		}
	}
	return *ds, *sum, nil
}

// refused is what the graph would refuse of a record on its own (its
// fields and codes, by the graph's rules), for the importer to report
// with its file and line.
func refused(rec any) error { return refusedAs(rec, nil) }

// refusedAs is refused naming, for a problem with a field columns lists,
// the file's column instead of the field ("ISCOGROUPCODE \"25x2\" is not
// a 4-digit ISCO-08 unit group"); such a problem is told first.
func refusedAs(rec any, columns map[string]string) error {
	problems := career.RecordProblems(rec)
	if len(problems) == 0 {
		return nil
	}
	for _, p := range problems {
		base, _, _ := strings.Cut(p.Field, "[")
		if col, ok := columns[base]; ok {
			return fmt.Errorf("%s%s", col, strings.TrimPrefix(p.Message, p.Field))
		}
	}
	return fmt.Errorf("the graph would refuse the record: %s", problems[0].Message)
}
