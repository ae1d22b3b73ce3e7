package seed

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"careergraph/career"
)

// ESCOSummary counts what an ESCO import read and kept.
type ESCOSummary struct {
	Occupations, Titles, Broader, ISCOGroups, SkillGroups, Skills, Requires, SkillLinks int
	// Skipped names what was present but could not be used, and why.
	Skipped []string
	// Absent names the optional files the folder does not have.
	Absent []string
}

func (s ESCOSummary) String() string {
	out := fmt.Sprintf("%d occupations (%d job titles, %d under a broader one), %d ISCO-08 groups, %d skill groups, %d skills, %d REQUIRES, %d BUILDS_ON",
		s.Occupations, s.Titles, s.Broader, s.ISCOGroups, s.SkillGroups, s.Skills, s.Requires, s.SkillLinks)
	if len(s.Absent) > 0 {
		out += "; not in the folder: " + strings.Join(s.Absent, ", ")
	}
	if len(s.Skipped) > 0 {
		out += "; skipped: " + strings.Join(s.Skipped, "; ")
	}
	return out
}

// ESCO reads an ESCO folder in the Tabiya CSV layout: occupations.csv
// (required), then, when present, ISCOGroups.csv with
// occupations_hierarchy.csv, skillGroups.csv with skills_hierarchy.csv,
// skills.csv, occupation_skill_relations.csv and skill_skill_relations.csv.
// Every record cites ESCOSource. taken reports slugs already used by
// curated roles or skills; progress hears long reads.
// The files of an ESCO folder: the occupations and both taxonomies are
// needed (a re-import without the hierarchy would drop every broader
// role); skills and their relations are read when present.
var (
	escoRequired = []string{"occupations.csv", "ISCOGroups.csv", "occupations_hierarchy.csv", "skillGroups.csv", "skills_hierarchy.csv"}
	escoOptional = []string{"skills.csv", "occupation_skill_relations.csv", "skill_skill_relations.csv"}
)

func ESCO(dir Folder, taken func(kind, slug string) bool, progress func(file string, rows int)) (career.Dataset, ESCOSummary, error) {
	if taken == nil {
		taken = func(string, string) bool { return false }
	}
	if progress == nil {
		progress = func(string, int) {}
	}
	if err := verifyFolder(dir, "esco-v1.1.1", escoRequired, escoOptional); err != nil {
		return career.Dataset{}, ESCOSummary{}, err
	}
	im := &escoImport{dir: dir, taken: taken, progress: progress, occIDs: map[string]string{}, skillIDs: map[string]string{}}
	return runSteps(&im.ds, &im.sum, im.occupations, im.isco, im.skillGroups, im.skills, im.relations)
}

// escoImport is an ESCO import under way: one method per step, each
// reading one or two files, in the order ESCO calls them.
type escoImport struct {
	dir      Folder
	taken    func(kind, slug string) bool
	progress func(file string, rows int)
	ds       career.Dataset
	sum      ESCOSummary

	occIDs        map[string]string // CSV ID -> role id
	skillIDs      map[string]string // CSV ID -> skill id
	skillGroupIDs map[string]string // CSV ID -> group id
	hierarchy     []hierRow         // skills_hierarchy.csv
}

// open opens name; an optional file that is absent is noted and nil.
func (im *escoImport) open(name string, required bool) (io.ReadCloser, string, error) {
	file := im.dir.path(name)
	f, err := im.dir.open(name)
	if errors.Is(err, fs.ErrNotExist) && !required {
		im.sum.Absent = append(im.sum.Absent, name)
		return nil, file, nil
	}
	return f, file, err
}

// read runs step on optional files; nothing when one is absent.
func (im *escoImport) read(names []string, step func(files []io.Reader, paths []string) error) error {
	var rs []io.Reader
	var ps []string
	for _, n := range names {
		f, p, err := im.open(n, false)
		if err != nil {
			return err
		}
		if f == nil {
			return nil
		}
		defer f.Close()
		rs, ps = append(rs, f), append(ps, p)
	}
	return step(rs, ps)
}

// occupations: occupations.csv into roles and their titles.
func (im *escoImport) occupations() error {
	f, file, err := im.open("occupations.csv", true)
	if err != nil {
		return err
	}
	defer f.Close()
	im.ds, err = escoOccupations(f, file, func(s string) bool { return im.taken("role", s) }, func(rows int) { im.progress(file, rows) }, im.occIDs)
	if err != nil {
		return err
	}
	im.sum.Occupations = len(im.ds.Roles)
	for _, r := range im.ds.Roles {
		im.sum.Titles += len(r.Titles)
	}
	return nil
}

// isco: the ISCO-08 tree, and the occupation -> occupation rows of the
// hierarchy (a role specialising another).
func (im *escoImport) isco() error {
	return im.read([]string{"ISCOGroups.csv", "occupations_hierarchy.csv"}, func(r []io.Reader, p []string) error {
		gs, h, err := iscoGroups(r[0], p[0], r[1], p[1])
		im.ds.Groups = append(im.ds.Groups, gs...)
		im.sum.ISCOGroups = len(gs)
		if err != nil {
			return err
		}
		at := map[string]int{}
		for i, role := range im.ds.Roles {
			at[role.ID] = i
		}
		for _, row := range h {
			if row.parentType != "escooccupation" || row.childType != "escooccupation" {
				continue
			}
			parent, okP := im.occIDs[row.parent]
			child, okC := im.occIDs[row.child]
			if !okP || !okC {
				return &ImportError{File: p[1], Line: row.line, Err: fmt.Errorf("occupation %s or %s is not in occupations.csv", row.parent, row.child)}
			}
			im.ds.Roles[at[child]].BroaderID = &parent
			im.sum.Broader++
		}
		return nil
	})
}

// skillGroups: the skill groups and the skills' hierarchy.
func (im *escoImport) skillGroups() error {
	return im.read([]string{"skillGroups.csv", "skills_hierarchy.csv"}, func(r []io.Reader, p []string) error {
		gs, ids, h, err := skillGroups(r[0], p[0], r[1], p[1])
		im.ds.Groups = append(im.ds.Groups, gs...)
		im.sum.SkillGroups, im.hierarchy, im.skillGroupIDs = len(gs), h, ids
		return err
	})
}

// skills: skills.csv, each skill in its groups (skillgroup -> skill rows).
func (im *escoImport) skills() error {
	err := im.read([]string{"skills.csv"}, func(r []io.Reader, p []string) error {
		sk, err := escoSkills(r[0], p[0], func(s string) bool { return im.taken("skill", s) }, im.skillIDs)
		im.ds.Skills = sk
		return err
	})
	if err != nil {
		return err
	}
	im.sum.Skills = len(im.ds.Skills)
	at := map[string]int{}
	for i, s := range im.ds.Skills {
		at[s.ID] = i
	}
	for _, h := range im.hierarchy {
		if i, ok := at[im.skillIDs[h.child]]; ok && h.parentType == "skillgroup" && h.childType == "skill" {
			im.ds.Skills[i].GroupIDs = append(im.ds.Skills[i].GroupIDs, im.skillGroupIDs[h.parent])
		}
	}
	return nil
}

// relations: occupation–skill REQUIRES and skill–skill links, which need
// the skills.
func (im *escoImport) relations() error {
	for _, name := range []string{"occupation_skill_relations.csv", "skill_skill_relations.csv"} {
		if len(im.skillIDs) == 0 {
			if f, err := im.dir.open(name); err == nil {
				f.Close()
				im.sum.Skipped = append(im.sum.Skipped, name+": skills.csv is absent, so its skills are unknown")
			} else {
				im.sum.Absent = append(im.sum.Absent, name)
			}
			continue
		}
		err := im.read([]string{name}, func(r []io.Reader, p []string) error {
			if name == "occupation_skill_relations.csv" {
				rs, err := occupationSkills(r[0], p[0], im.occIDs, im.skillIDs)
				im.ds.Requires, im.sum.Requires = rs, len(rs)
				return err
			}
			ls, err := skillLinks(r[0], p[0], im.skillIDs)
			im.ds.SkillLinks, im.sum.SkillLinks = ls, len(ls)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
