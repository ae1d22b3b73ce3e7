package seed

import (
	"cmp"
	_ "embed"
	"fmt"
	"io"
	"path"
	"strings"

	"careergraph/career"
)

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
	err := csvRows(r, file, []string{"ORIGINURI", "ID", "SKILLTYPE", "REUSELEVEL", "PREFERREDLABEL", "ALTLABELS", "DESCRIPTION"}, func(get func(string) string, _ int) error {
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
		slug = unique(slug, func(s string) bool { return !slugs[s] && !taken(s) })
		slugs[slug] = true
		ids[get("ID")] = escoSkillPrefix + uuid
		s := career.Skill{
			ID: escoSkillPrefix + uuid, Slug: slug, Name: label, Category: cat,
			Description: nonEmpty(get("DESCRIPTION")), EscoURI: &uri, SourceIDs: []string{ESCOSource.ID},
		}
		// Alternative labels, one a line, each once (folded) and not the
		// preferred label again.
		seen := map[string]bool{career.Fold(label): true}
		for _, alt := range strings.Split(get("ALTLABELS"), "\n") {
			if alt = strings.TrimSpace(alt); alt != "" && !seen[career.Fold(alt)] {
				seen[career.Fold(alt)] = true
				s.AltLabels = append(s.AltLabels, alt)
			}
		}
		if err := refused(s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
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
