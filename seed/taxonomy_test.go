package seed_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/testkit"
)

// escoFixture is a small ESCO folder in the documented Tabiya layout
// (CSV_Format_Documentation.md), with the two files our copy lacks.
var escoFixture = map[string]string{
	"occupations.csv": "ORIGINURI,ID,UUIDHISTORY,ISCOGROUPCODE,CODE,PREFERREDLABEL,ALTLABELS,DESCRIPTION,DEFINITION,SCOPENOTE,REGULATEDPROFESSIONNOTE,OCCUPATIONTYPE,ISLOCALIZED\n" +
		"http://data.europa.eu/esco/occupation/occ-dev,key_1,u1,2512,2512.4,software developer,\"programmer\nsoftware engineer\",Writes software.,,,,escooccupation,false\n" +
		"http://data.europa.eu/esco/occupation/occ-web,key_2,u2,2513,2513.1,web developer,,Builds websites.,,,,escooccupation,false\n",
	"ISCOGroups.csv": "ORIGINURI,ID,UUIDHISTORY,CODE,PREFERREDLABEL,ALTLABELS,DESCRIPTION\n" +
		"http://data.europa.eu/esco/isco/C2,key_10,g1,2,Professionals,,Professionals increase knowledge.\n" +
		"http://data.europa.eu/esco/isco/C25,key_11,g2,25,Information and communications technology professionals,,\n" +
		"http://data.europa.eu/esco/isco/C251,key_12,g3,251,Software and applications developers and analysts,,\n" +
		"http://data.europa.eu/esco/isco/C2512,key_13,g4,2512,Software developers,,\n" +
		"http://data.europa.eu/esco/isco/C2513,key_14,g5,2513,Web and multimedia developers,,\n",
	"occupations_hierarchy.csv": "PARENTOBJECTTYPE,PARENTID,CHILDID,CHILDOBJECTTYPE\n" +
		"iscogroup,key_10,key_11,iscogroup\niscogroup,key_11,key_12,iscogroup\niscogroup,key_12,key_13,iscogroup\niscogroup,key_12,key_14,iscogroup\n" +
		"iscogroup,key_13,key_1,escooccupation\niscogroup,key_14,key_2,escooccupation\nescooccupation,key_1,key_2,escooccupation\n",
	"skillGroups.csv": "ORIGINURI,ID,UUIDHISTORY,CODE,PREFERREDLABEL,ALTLABELS,DESCRIPTION,SCOPENOTE\n" +
		"http://data.europa.eu/esco/skill/sg-s1,key_20,s1,S1,\"communication, collaboration and creativity\",,,\n" +
		"http://data.europa.eu/esco/skill/sg-s1-1,key_21,s2,S1.1,liaising and networking,,,\n" +
		"http://data.europa.eu/esco/isced-f/06,key_22,s3,,information and communication technologies (icts),,,\n",
	"skills_hierarchy.csv": "PARENTOBJECTTYPE,PARENTID,CHILDID,CHILDOBJECTTYPE\n" +
		"skillgroup,key_20,key_21,skillgroup\nskillgroup,key_21,key_31,skill\nskillgroup,key_22,key_30,skill\nskill,key_30,key_32,skill\n",
	"skills.csv": "ORIGINURI,ID,UUIDHISTORY,SKILLTYPE,REUSELEVEL,PREFERREDLABEL,ALTLABELS,DESCRIPTION,DEFINITION,SCOPENOTE\n" +
		"http://data.europa.eu/esco/skill/sk-prog,key_30,k1,knowledge,cross-sector,computer programming,,The techniques of software development.,,\n" +
		"http://data.europa.eu/esco/skill/sk-team,key_31,k2,skill/competence,transversal,work in teams,,,,\n" +
		"http://data.europa.eu/esco/skill/sk-debug,key_32,k3,skill/competence,sector-specific,debug software,,Repair computer code.,,\n",
	"occupation_skill_relations.csv": "OCCUPATIONTYPE,OCCUPATIONID,RELATIONTYPE,SKILLID\n" +
		"escooccupation,key_1,essential,key_30\nescooccupation,key_1,essential,key_32\nescooccupation,key_1,optional,key_31\nescooccupation,key_2,essential,key_30\n",
	"skill_skill_relations.csv": "REQUIRINGID,RELATIONTYPE,REQUIREDID\nkey_32,essential,key_30\n",
}

func writeFixture(t *testing.T, files map[string]string, change map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if c, ok := change[name]; ok {
			body = c
		}
		if body == "" {
			continue // a removed file
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := seed.WriteManifest(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func none(string, string) bool { return false }

func TestESCOFolderWithSkillsAndRelations(t *testing.T) {
	ds, sum, err := seed.ESCO(seed.Dir(writeFixture(t, escoFixture, nil)), none, func(string, int) {})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Occupations != 2 || sum.Broader != 1 || sum.ISCOGroups != 5 || sum.SkillGroups != 3 || sum.Skills != 3 || sum.Requires != 4 || sum.SkillLinks != 1 || len(sum.Absent) != 0 {
		t.Fatalf("summary = %+v", sum)
	}
	curated, _, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	g, err := career.Build(curated.Upsert(ds), 1)
	if err != nil {
		t.Fatalf("imported records do not build: %v", err)
	}
	dev := g.Role("role:esco-occ-dev")
	fam := g.Family(dev)
	if fam == nil || fam.Code != "2512" || fam.Name != "Software developers" || *fam.ParentID != "group:isco-251" {
		t.Fatalf("family of software developer = %+v", fam)
	}
	if p := g.Group("group:isco-25"); p == nil || *p.ParentID != "group:isco-2" || g.Group("group:isco-2").ParentID != nil {
		t.Errorf("ISCO tree: %+v", p)
	}
	if got := g.Groups(career.GroupFilter{Query: "2512 software"}); len(got) != 1 || got[0].ID != "group:isco-2512" {
		t.Errorf("groups matching code and name = %+v", got)
	}
	if kids := g.ChildGroups("group:isco-251"); len(kids) != 2 || kids[0].Code != "2512" || kids[1].Code != "2513" {
		t.Errorf("children of 251 = %+v", kids)
	}
	if web := g.Role("role:esco-occ-web"); web.BroaderID == nil || *web.BroaderID != dev.ID || len(g.Narrower(dev.ID)) != 1 {
		t.Errorf("occupation hierarchy: web developer under %v", web.BroaderID)
	}
	if got := g.Roles(career.RoleFilter{IscoPrefix: "25"}, career.Order{}); len(got) != 2 {
		t.Errorf("roles under 25: %d", len(got))
	}
	isced := g.GroupByCode(career.SkillGroupKind, "06")
	if isced == nil || isced.ID != "group:isced-f-06" || g.GroupByCode(career.SkillGroupKind, "S1.1").ParentID == nil {
		t.Errorf("skill groups: %+v", isced)
	}
	cats := map[string]career.Category{}
	for _, s := range ds.Skills {
		cats[s.Name] = s.Category
		if len(s.SourceIDs) != 1 || s.SourceIDs[0] != "source:esco" || s.EscoURI == nil {
			t.Errorf("skill %s provenance: %+v", s.Name, s)
		}
	}
	if cats["computer programming"] != career.Knowledge || cats["work in teams"] != career.Soft || cats["debug software"] != career.Technical {
		t.Errorf("categories = %v", cats)
	}
	prog := g.Skill("skill:esco-sk-prog")
	if len(prog.GroupIDs) != 1 || prog.GroupIDs[0] != "group:isced-f-06" {
		t.Errorf("groups of computer programming = %v", prog.GroupIDs)
	}
	if got := g.Skills(career.SkillFilter{GroupID: "group:esco-s1"}, career.Order{}); len(got) != 1 || got[0].Name != "work in teams" {
		t.Errorf("skills under S1 (through S1.1) = %v", got)
	}
	req := g.Requires(dev.ID, "", "")
	if len(req) != 3 || g.Requires(dev.ID, "", career.Optional)[0].SkillID != "skill:esco-sk-team" {
		t.Errorf("requires of developer = %+v", req)
	}
	if l := g.BuildsOn("skill:esco-sk-debug"); len(l) != 1 || l[0].ToID != "skill:esco-sk-prog" || l[0].Importance != career.Essential {
		t.Errorf("debug software builds on %+v", l)
	}
	for _, r := range ds.Requires {
		if len(r.SourceIDs) != 1 {
			t.Errorf("REQUIRES without provenance: %+v", r)
		}
	}
	// The developer's skills make skillGap meaningful on imported roles.
	gap, err := g.SkillGap([]string{"skill:esco-sk-prog"}, dev.ID)
	if err != nil || len(gap.MissingEssential) != 1 {
		t.Errorf("skill gap = %+v, %v", gap, err)
	}
}

func TestESCOFolderBrokenFilesNameFileAndLine(t *testing.T) {
	for name, c := range map[string]struct {
		file, body string
		line       int
		says       string
	}{
		"unknown skill in occupation relations": {"occupation_skill_relations.csv", "OCCUPATIONTYPE,OCCUPATIONID,RELATIONTYPE,SKILLID\nescooccupation,key_1,essential,key_30\nescooccupation,key_1,essential,key_99\n", 3, `SKILLID "key_99" is not in skills.csv`},
		"unknown occupation":                    {"occupation_skill_relations.csv", "OCCUPATIONTYPE,OCCUPATIONID,RELATIONTYPE,SKILLID\nescooccupation,key_77,essential,key_30\n", 2, `OCCUPATIONID "key_77"`},
		"bad relation type":                     {"skill_skill_relations.csv", "REQUIRINGID,RELATIONTYPE,REQUIREDID\nkey_32,sometimes,key_30\n", 2, "RELATIONTYPE"},
		"bad skill type":                        {"skills.csv", strings.Replace(escoFixture["skills.csv"], "knowledge,cross", "hobby,cross", 1), 2, "SKILLTYPE"},
		"truncated skills":                      {"skills.csv", escoFixture["skills.csv"] + "http://data.europa.eu/esco/skill/sk-x,key_33,k4,knowledge,,\"cut off\n", 5, "quote"},
		"mis-encoded skill":                     {"skills.csv", strings.Replace(escoFixture["skills.csv"], "work in teams", "work in \xff teams", 1), 3, "UTF-8"},
		"unknown ISCO group in hierarchy":       {"occupations_hierarchy.csv", "PARENTOBJECTTYPE,PARENTID,CHILDID,CHILDOBJECTTYPE\niscogroup,key_10,key_66,iscogroup\n", 2, "not in ISCOGroups.csv"},
		"unknown occupation in hierarchy":       {"occupations_hierarchy.csv", "PARENTOBJECTTYPE,PARENTID,CHILDID,CHILDOBJECTTYPE\niscogroup,key_10,key_11,iscogroup\nescooccupation,key_1,key_404,escooccupation\n", 3, "not in occupations.csv"},
		"bad ISCO code":                         {"ISCOGroups.csv", strings.Replace(escoFixture["ISCOGroups.csv"], ",2512,", ",25x2,", 1), 5, "not an ISCO-08 code"},
		"skill groups missing a column":         {"skillGroups.csv", "ORIGINURI,ID\nx,y\n", 1, "missing column CODE"},
	} {
		dir := writeFixture(t, escoFixture, map[string]string{c.file: c.body})
		_, _, err := seed.ESCO(seed.Dir(dir), none, func(string, int) {})
		var ie *seed.ImportError
		if !errors.As(err, &ie) || filepath.Base(ie.File) != c.file || ie.Line != c.line || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v, want %s line %d saying %q", name, err, c.file, c.line, c.says)
		}
	}
}

func TestESCOFolderWithoutSkillsSaysWhatItSkipped(t *testing.T) {
	dir := writeFixture(t, escoFixture, map[string]string{"skills.csv": "", "occupation_skill_relations.csv": ""})
	ds, sum, err := seed.ESCO(seed.Dir(dir), none, func(string, int) {})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Skills)+len(ds.Requires)+len(ds.SkillLinks) != 0 || sum.SkillGroups != 3 {
		t.Fatalf("without skills.csv: %+v", sum)
	}
	if s := sum.String(); !strings.Contains(s, "not in the folder: skills.csv, occupation_skill_relations.csv") || !strings.Contains(s, "skipped: skill_skill_relations.csv") {
		t.Errorf("summary = %s", s)
	}
}

// records reads a CSV file's rows after its header, independently of the
// importer.
func records(t *testing.T, path string) [][]string {
	t.Helper()
	return testkit.ReadCSV(t, path)[1:]
}

// rows counts a CSV file's rows that keep accepts (all when nil).
func rows(t *testing.T, path string, keep func(rec []string) bool) int {
	t.Helper()
	n := 0
	for _, rec := range records(t, path) {
		if keep == nil || keep(rec) {
			n++
		}
	}
	return n
}

func TestESCOFolderCountsMatchTheRealFiles(t *testing.T) {
	curated, _, _ := seed.Curated()
	taken := map[string]bool{}
	for _, k := range curated.Skills {
		taken[k.Slug] = true
	}
	ds, sum, err := seed.ESCO(seed.Dir(release(t, "esco")), func(kind, slug string) bool { return kind == "skill" && taken[slug] }, func(string, int) {})
	if err != nil {
		t.Fatal(err)
	}
	iscoLinks := rows(t, release(t, "esco")+"/occupations_hierarchy.csv", func(r []string) bool { return r[0] == "iscogroup" && r[3] == "iscogroup" })
	occLinks := rows(t, release(t, "esco")+"/occupations_hierarchy.csv", func(r []string) bool { return r[0] == "escooccupation" && r[3] == "escooccupation" })
	if sum.Broader != occLinks {
		t.Errorf("%d roles under a broader one, the file has %d occupation links", sum.Broader, occLinks)
	}
	groupLinks := rows(t, release(t, "esco")+"/skills_hierarchy.csv", func(r []string) bool { return r[0] == "skillgroup" && r[3] == "skillgroup" })
	if sum.Occupations != rows(t, release(t, "esco")+"/occupations.csv", nil) || sum.ISCOGroups != rows(t, release(t, "esco")+"/ISCOGroups.csv", nil) ||
		sum.SkillGroups != rows(t, release(t, "esco")+"/skillGroups.csv", nil) {
		t.Errorf("counts %+v do not match the files' rows", sum)
	}
	withParent := map[career.GroupKind]int{}
	for _, g := range ds.Groups {
		if g.ParentID != nil {
			withParent[g.Kind]++
		}
		if len(g.SourceIDs) != 1 || g.SourceIDs[0] != seed.ESCOSource.ID {
			t.Fatalf("group %s without ESCO provenance", g.ID)
		}
	}
	if withParent[career.OccupationGroup] != iscoLinks || withParent[career.SkillGroupKind] != groupLinks {
		t.Errorf("parents: %v, want %d ISCO and %d skill-group links", withParent, iscoLinks, groupLinks)
	}
	g, err := career.Build(curated.Upsert(ds), 1)
	if err != nil {
		t.Fatal(err)
	}
	// Spot checks: ISCO 2512 and its chain up to the major group 2.
	var chain []string
	for gr := g.Family(g.Role("role:esco-f2b15a0e-e65a-438a-affb-29b9d50b77d1")); gr != nil; {
		chain = append(chain, gr.Code+" "+gr.Name)
		if gr.ParentID == nil {
			break
		}
		gr = g.Group(*gr.ParentID)
	}
	want := []string{"2512 Software developers", "251 Software and applications developers and analysts",
		"25 Information and communications technology professionals", "2 Professionals"}
	if !slices.Equal(chain, want) {
		t.Errorf("ISCO chain of software developer = %q", chain)
	}
	if top := g.ChildGroups(""); len(top) == 0 {
		t.Error("no top-level groups")
	}
	// Spot check of the occupation hierarchy: technical director specialises art director.
	td := g.Role("role:esco-00030d09-2b3a-4efd-87cc-c4ea39d27c34")
	if td.BroaderID == nil || g.Role(*td.BroaderID).Name != "art director" {
		t.Errorf("technical director's broader role = %v", td.BroaderID)
	}
}
