package seed

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"careergraph/career"
)

// ImportESCO reads an ESCO folder (see ESCO) into the records to upsert
// over cur, and a summary. Curated roles and skills keep their slugs; ESCO
// owns an imported role's name, description, titles, codes and broader
// role, and what other sources added (the MCC profile, their citations)
// stays. The reviewed crosswalk links guide roles to their ESCO twins.
func ImportESCO(dir Folder, cur career.Dataset, progress func(rows int)) (career.Dataset, string, error) {
	taken := map[string]bool{}
	for _, r := range cur.Roles {
		if !strings.HasPrefix(r.ID, escoRolePrefix) {
			taken["role\x00"+r.Slug] = true
		}
	}
	for _, s := range cur.Skills {
		if !strings.HasPrefix(s.ID, escoSkillPrefix) {
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
			o.Name, o.Description, o.Titles, o.EscoURI, o.IscoCode, o.BroaderID = r.Name, r.Description, r.Titles, r.EscoURI, r.IscoCode, r.BroaderID
			for _, s := range r.SourceIDs {
				o.SourceIDs = cite(o.SourceIDs, s)
			}
			ds.Roles[i] = o
		}
	}
	n, err := linkTwins(cur, &ds)
	if err != nil {
		return career.Dataset{}, "", err
	}
	return ds, fmt.Sprintf("%s, %d reviewed guide-role equivalences, from %s", sum, n, dir.Name), nil
}

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
	n, err := linkTwins(cur, &ds)
	if err != nil {
		return career.Dataset{}, "", err
	}
	return ds, fmt.Sprintf("%s, %d reviewed guide-role equivalences, from %s", sum, n, dir.Name), nil
}

// ErrNeedsESCO is ImportMCC's answer on a graph without ESCO occupations:
// MCC's profiles attach to them.
var ErrNeedsESCO = errors.New("the ESCO occupations must be imported first")

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
func cite(ids []string, id string) []string {
	if slices.Contains(ids, id) {
		return ids
	}
	return append(slices.Clip(ids), id)
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
