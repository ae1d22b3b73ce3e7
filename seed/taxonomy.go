package seed

import (
	"cmp"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
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

type hierRow struct {
	parentType, parent, child, childType string
	line                                 int
}

func readHierarchy(r io.Reader, file string) ([]hierRow, error) {
	var out []hierRow
	err := csvRows(r, file, []string{"PARENTOBJECTTYPE", "PARENTID", "CHILDID", "CHILDOBJECTTYPE"}, func(get func(string) string, line int) error {
		out = append(out, hierRow{get("PARENTOBJECTTYPE"), get("PARENTID"), get("CHILDID"), get("CHILDOBJECTTYPE"), line})
		return nil
	})
	return out, err
}

// groupTree reads a groups file, one group per row as group makes it, then
// the hierarchy file, whose typ -> typ rows give each group its parent. It
// returns the groups, each row's CSV ID -> group id, and the hierarchy rows.
func groupTree(groups io.Reader, gfile string, hier io.Reader, hfile string, need []string, typ, what string,
	group func(get func(string) string) (career.Group, error)) ([]career.Group, map[string]string, []hierRow, error) {
	byCSV, ids := map[string]int{}, map[string]string{}
	var out []career.Group
	err := csvRows(groups, gfile, append(need, "ID", "PREFERREDLABEL", "DESCRIPTION"), func(get func(string) string, _ int) error {
		g, err := group(get)
		if err != nil {
			return err
		}
		if g.Name == "" {
			return fmt.Errorf("PREFERREDLABEL is empty")
		}
		g.Description, g.SourceIDs = nonEmpty(get("DESCRIPTION")), []string{ESCOSource.ID}
		if err := refused(g); err != nil {
			return err
		}
		byCSV[get("ID")], ids[get("ID")] = len(out), g.ID
		out = append(out, g)
		return nil
	})
	if err != nil {
		return nil, nil, nil, err
	}
	h, err := readHierarchy(hier, hfile)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, r := range h {
		if r.parentType != typ || r.childType != typ {
			continue
		}
		p, okP := byCSV[r.parent]
		c, okC := byCSV[r.child]
		if !okP || !okC {
			return nil, nil, nil, &ImportError{File: hfile, Line: r.line, Err: fmt.Errorf("%s %s or %s is not in %s", what, r.parent, r.child, path.Base(gfile))}
		}
		out[c].ParentID = &out[p].ID
	}
	return out, ids, h, nil
}

// iscoGroups reads ISCO-08 groups; parents come from the iscogroup ->
// iscogroup rows of the occupation hierarchy, which it also returns (its
// iscogroup -> occupation rows repeat the roles' ISCOGROUPCODE).
func iscoGroups(groups io.Reader, gfile string, hier io.Reader, hfile string) ([]career.Group, []hierRow, error) {
	out, _, h, err := groupTree(groups, gfile, hier, hfile, []string{"CODE"}, "iscogroup", "ISCO group", func(get func(string) string) (career.Group, error) {
		code := get("CODE")
		if !career.IsIscoCode(code) {
			return career.Group{}, fmt.Errorf("CODE %q is not an ISCO-08 code", code)
		}
		return career.Group{ID: "group:isco-" + code, Slug: "isco-" + code, Name: get("PREFERREDLABEL"), Kind: career.OccupationGroup, Code: code}, nil
	})
	return out, h, err
}

// skillGroups reads ESCO skill groups and the skills hierarchy. Groups
// from the skills pillar have an S/T/K/L code; ISCED-F fields of education
// have none, so their code is the ISCED-F one from the URI.
func skillGroups(groups io.Reader, gfile string, hier io.Reader, hfile string) ([]career.Group, map[string]string, []hierRow, error) {
	return groupTree(groups, gfile, hier, hfile, []string{"ORIGINURI", "CODE"}, "skillgroup", "skill group", func(get func(string) string) (career.Group, error) {
		uri, code := get("ORIGINURI"), get("CODE")
		slug := "esco-" + career.Slugify(code)
		if code == "" {
			if !strings.Contains(uri, "/isced-f/") {
				return career.Group{}, fmt.Errorf("CODE is empty and ORIGINURI %q is not an ISCED-F field", uri)
			}
			code = path.Base(uri)
			slug = "isced-f-" + career.Slugify(code)
		}
		return career.Group{ID: "group:" + slug, Slug: slug, Name: get("PREFERREDLABEL"), Kind: career.SkillGroupKind, Code: code}, nil
	})
}

// escoSkills reads skills.csv. Categories: attitudes and transversal
// skills are SOFT, knowledge and languages KNOWLEDGE, other skills and
// competences TECHNICAL (ESCO has no TOOL type).
func escoSkills(r io.Reader, file string, taken func(string) bool, ids map[string]string) ([]career.Skill, error) {
	var out []career.Skill
	slugs := map[string]bool{}
	err := csvRows(r, file, []string{"ORIGINURI", "ID", "SKILLTYPE", "REUSELEVEL", "PREFERREDLABEL", "DESCRIPTION"}, func(get func(string) string, _ int) error {
		uri, label := get("ORIGINURI"), get("PREFERREDLABEL")
		uuid := path.Base(uri)
		if !strings.HasPrefix(uri, "http://data.europa.eu/esco/skill/") || uuid == "" {
			return fmt.Errorf("ORIGINURI %q is not an ESCO skill URI", uri)
		}
		if label == "" {
			return fmt.Errorf("PREFERREDLABEL is empty")
		}
		var cat career.Category
		switch t, reuse := get("SKILLTYPE"), get("REUSELEVEL"); {
		case t == "attitude" || t == "skill/competence" && reuse == "transversal":
			cat = career.Soft
		case t == "knowledge" || t == "language":
			cat = career.Knowledge
		case t == "skill/competence" || t == "":
			cat = career.Technical
		default:
			return fmt.Errorf("SKILLTYPE %q is not one of skill/competence, knowledge, language, attitude", t)
		}
		// ESCO labels can repeat across skill types; the id keeps them apart.
		slug := career.Slugify(label)
		if slug == "" || taken(slug) || slugs[slug] {
			slug = cmp.Or(slug, "skill") + "-" + uuid[:min(8, len(uuid))]
		}
		slugs[slug] = true
		ids[get("ID")] = escoSkillPrefix + uuid
		s := career.Skill{
			ID: escoSkillPrefix + uuid, Slug: slug, Name: label, Category: cat,
			Description: nonEmpty(get("DESCRIPTION")), EscoURI: &uri, SourceIDs: []string{ESCOSource.ID},
		}
		if err := refused(s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
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
		field, rest, _ := strings.Cut(p.Message, " ")
		base, _, _ := strings.Cut(field, "[")
		if col, ok := columns[base]; ok {
			return fmt.Errorf("%s %s", col, rest)
		}
	}
	return fmt.Errorf("the graph would refuse the record: %s", problems[0].Message)
}

func importance(v string) (career.Importance, error) {
	switch v {
	case "essential":
		return career.Essential, nil
	case "optional":
		return career.Optional, nil
	}
	return "", fmt.Errorf("RELATIONTYPE %q is not essential or optional", v)
}

// occupationSkills reads occupation_skill_relations.csv into REQUIRES,
// ranked per role in file order. An id that names no occupation or skill
// of this import is an error: the files do not belong together.
func occupationSkills(r io.Reader, file string, roles, skills map[string]string) ([]career.Requires, error) {
	var out []career.Requires
	rank := map[string]int{}
	err := csvRows(r, file, []string{"OCCUPATIONID", "RELATIONTYPE", "SKILLID"}, func(get func(string) string, _ int) error {
		role, ok := roles[get("OCCUPATIONID")]
		if !ok {
			return fmt.Errorf("OCCUPATIONID %q is not in occupations.csv", get("OCCUPATIONID"))
		}
		skill, ok := skills[get("SKILLID")]
		if !ok {
			return fmt.Errorf("SKILLID %q is not in skills.csv", get("SKILLID"))
		}
		imp, err := importance(get("RELATIONTYPE"))
		if err != nil {
			return err
		}
		rank[role]++
		out = append(out, career.Requires{RoleID: role, SkillID: skill, Importance: imp, Rank: rank[role], SourceIDs: []string{ESCOSource.ID}})
		return nil
	})
	return out, err
}

// skillLinks reads skill_skill_relations.csv into BUILDS_ON links.
func skillLinks(r io.Reader, file string, skills map[string]string) ([]career.SkillLink, error) {
	var out []career.SkillLink
	err := csvRows(r, file, []string{"REQUIRINGID", "RELATIONTYPE", "REQUIREDID"}, func(get func(string) string, _ int) error {
		from, okF := skills[get("REQUIRINGID")]
		to, okT := skills[get("REQUIREDID")]
		if !okF || !okT {
			return fmt.Errorf("skill %q or %q is not in skills.csv", get("REQUIRINGID"), get("REQUIREDID"))
		}
		imp, err := importance(get("RELATIONTYPE"))
		if err != nil {
			return err
		}
		out = append(out, career.SkillLink{FromID: from, ToID: to, Importance: imp, SourceIDs: []string{ESCOSource.ID}})
		return nil
	})
	return out, err
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
