package seed_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"careergraph/career"
	"careergraph/seed"
)

func TestESCOOccupationsFromTheRealFile(t *testing.T) {
	f, err := os.Open(release(t, "esco") + "/occupations.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	curated, _, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	taken := map[string]bool{}
	for _, r := range curated.Roles {
		taken[r.Slug] = true
	}
	ds, err := seed.ESCOOccupations(f, "occupations.csv", func(s string) bool { return taken[s] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Roles) != 3007 {
		t.Errorf("%d roles, want the 3,007 rows of occupations.csv", len(ds.Roles))
	}
	g, err := career.Build(curated.Upsert(ds), 1)
	if err != nil {
		t.Fatalf("imported roles do not fit with the curated graph: %v", err)
	}
	r := g.Role("role:esco-f2b15a0e-e65a-438a-affb-29b9d50b77d1")
	if r == nil || r.Name != "software developer" || *r.IscoCode != "2512" || r.Slug != "software-developer" {
		t.Fatalf("software developer = %+v", r)
	}
	titles := map[string]bool{}
	for _, ti := range r.Titles {
		titles[ti.Label] = ti.Lang == "en"
	}
	if !titles["programmer"] || !titles["software specialist"] || titles["software developer"] {
		t.Errorf("alt labels as titles: %v", titles)
	}
	td := g.Role("role:esco-00030d09-2b3a-4efd-87cc-c4ea39d27c34")
	if td == nil || td.Name != "technical director" || *td.IscoCode != "2654" || len(td.Titles) != 6 {
		t.Errorf("technical director = %+v", td)
	}
	if hits := g.Search("programmer", []career.SearchKind{career.HitJobTitle}, 3); len(hits) == 0 {
		t.Error("alt labels are not searchable")
	}
	if rs := g.Roles(career.RoleFilter{IscoPrefix: "2512"}, career.Order{}); len(rs) < 3 {
		t.Errorf("ISCO 2512 family: %d roles", len(rs))
	}
}

func TestESCOBrokenFilesNameFileAndLine(t *testing.T) {
	header := "ORIGINURI,ID,UUIDHISTORY,ISCOGROUPCODE,CODE,PREFERREDLABEL,ALTLABELS,DESCRIPTION,DEFINITION,SCOPENOTE,REGULATEDPROFESSIONNOTE,OCCUPATIONTYPE,ISLOCALIZED\n"
	good := "http://data.europa.eu/esco/occupation/aaa,key_1,u,2512,2512.1,coder,\"a\nb\",Writes code.,,,,escooccupation,false\n"
	for name, c := range map[string]struct {
		body string
		line int
		says string
	}{
		"truncated quote":  {header + good + "http://data.europa.eu/esco/occupation/bbb,key_2,u,2512,2512.2,tester,\"unterminated\n", 4, "quote"},
		"wrong columns":    {"FOO,BAR\n1,2\n", 1, "missing column"},
		"ragged row":       {header + good + "http://data.europa.eu/esco/occupation/ccc,key_3\n", 4, "fields"},
		"bad utf-8":        {header + good + "http://data.europa.eu/esco/occupation/ddd,key_4,u,2512,2512.3,\xff\xfe,,,,,,escooccupation,false\n", 4, "column PREFERREDLABEL is not valid UTF-8"},
		"huge bad field":   {header + "http://example.com/" + strings.Repeat("x", 10<<20) + ",key_5,u,2512,2512.4,x,,,,,,escooccupation,false\n", 2, "xxx…\" (10485779 characters) is not an ESCO occupation URI"},
		"not an esco uri":  {header + "http://example.com/x,key_5,u,2512,2512.4,x,,,,,,escooccupation,false\n", 2, "not an ESCO occupation URI"},
		"empty label":      {header + "http://data.europa.eu/esco/occupation/eee,key_6,u,2512,2512.5,,,,,,,escooccupation,false\n", 2, "PREFERREDLABEL is empty"},
		"bad isco code":    {header + "http://data.europa.eu/esco/occupation/fff,key_7,u,25x2,2512.5,x,,,,,,escooccupation,false\n", 2, "ISCOGROUPCODE"},
		"repeated uri":     {header + good + "http://data.europa.eu/esco/occupation/aaa,key_8,u,2512,2512.6,y,,,,,,escooccupation,false\n", 4, "already on line 2"},
		"no letters":       {header + "http://data.europa.eu/esco/occupation/ggg,key_9,u,2512,2512.7,--,,,,,,escooccupation,false\n", 2, "no letter or digit"},
		"long label":       {header + "http://data.europa.eu/esco/occupation/hhh,key_9,u,2512,2512.7," + strings.Repeat("x", career.MaxNameLen+1) + ",,,,,,escooccupation,false\n", 2, fmt.Sprintf("PREFERREDLABEL is %d characters long", career.MaxNameLen+1)},
		"long description": {header + "http://data.europa.eu/esco/occupation/iii,key_9,u,2512,2512.7,x,," + strings.Repeat("d", career.MaxTextLen+1) + ",,,,escooccupation,false\n", 2, fmt.Sprintf("DESCRIPTION is %d characters long", career.MaxTextLen+1)},
		"tab in a title":   {header + "http://data.europa.eu/esco/occupation/jjj,key_9,u,2512,2512.7,x,\"a\tb\",,,,,escooccupation,false\n", 2, "ALTLABELS holds a line break or tab"},
	} {
		_, err := seed.ESCOOccupations(strings.NewReader(c.body), "occupations.csv", nil, nil)
		var ie *seed.ImportError
		if !errors.As(err, &ie) || ie.File != "occupations.csv" || ie.Line != c.line || !strings.Contains(err.Error(), c.says) || len(err.Error()) > 400 {
			t.Errorf("%s: %.500v (line %v), want line %d saying %q", name, err, ie, c.line, c.says)
		}
	}
	ds, err := seed.ESCOOccupations(strings.NewReader(header+good), "occupations.csv", nil, nil)
	if err != nil || len(ds.Roles) != 1 || len(ds.Roles[0].Titles) != 2 {
		t.Errorf("good fixture: %+v %v", ds.Roles, err)
	}
	// Two occupations with one label: both import, with distinct slugs.
	twin := "http://data.europa.eu/esco/occupation/bbbbbbbbbb,key_2,u,2512,2512.2,coder,,,,,,escooccupation,false\n"
	ds, err = seed.ESCOOccupations(strings.NewReader(header+good+twin), "occupations.csv", nil, nil)
	if err != nil || len(ds.Roles) != 2 || ds.Roles[0].Slug != "coder" || ds.Roles[1].Slug != "coder-bbbbbbbb" || career.Validate(ds) != nil {
		t.Errorf("same label twice: %+v %v", ds.Roles, err)
	}
}

func TestMCCBrokenFilesNameFileAndLine(t *testing.T) {
	head := "id,occupation,isco_code,skills_based_sector_code,skills_based_sector,sub_sector_code,sub_sector,risk_category,job_zone,education_level,related_work_experience,on_the_job_training,annual_earnings,remote_labor_index,concept_uri\n"
	row := func(jz, earn string) string {
		return "1,x,2512,12,ict workers,12.2,dev,Lower risk," + jz + ",5,6,4," + earn + ",0.5,http://data.europa.eu/esco/occupation/aaa\n"
	}
	cross := "id,esco_occupation,isco_code,onet_code,onet_occupation,matching_job_titles,semantic_similarity,confidence,concept_uri\n"
	for name, c := range map[string]struct {
		occ  string
		line int
		says string
	}{
		"not a number": {head + row("4.0", "lots"), 2, `annual_earnings "lots" is not a number`},
		"no job zone":  {head + row("4.0", "1") + row("", "1"), 3, "job_zone is empty"},
		"no column":    {"id,occupation\n1,x\n", 1, "missing column"},
		"job zone 7":   {head + row("4.0", "1") + row("7", "1"), 3, "job_zone 7 is not between 1 and 5"},
		"negative pay": {head + row("4.0", "-3"), 2, "annual_earnings -3 is negative"},
	} {
		_, err := seed.MCCProfiles(strings.NewReader(c.occ), "occ.csv", strings.NewReader(cross), "cross.csv")
		var ie *seed.ImportError
		if !errors.As(err, &ie) || ie.File != "occ.csv" || ie.Line != c.line || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v, want line %d saying %q", name, err, c.line, c.says)
		}
	}
	p, err := seed.MCCProfiles(strings.NewReader(head+row("4.0", "30000")), "occ.csv", strings.NewReader(cross+"1,x,2512,15-1252.00,software developers,[],0.9,1.0,http://data.europa.eu/esco/occupation/aaa\n"), "cross.csv")
	got := p["http://data.europa.eu/esco/occupation/aaa"]
	if err != nil || got.JobZone != 4 || *got.AnnualEarnings != 30000 || got.Currency != "GBP" || *got.OnetCode != "15-1252.00" {
		t.Errorf("good fixture: %+v %v", got, err)
	}
}

// Issue 28 K: an import's fallback slug is itself checked. A record
// holding an occupation's slug and another holding its fallback
// ("-esco", or ROME's code suffix) made the import give the fallback
// again: refused whole, and the server with it.
func TestImportSlugFallbacksAvoidHeldSlugs(t *testing.T) {
	t.Run("esco", func(t *testing.T) {
		f, err := os.Open(release(t, "esco") + "/occupations.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		held := map[string]bool{"software-developer": true, "software-developer-esco": true, "software-developer-esco-2": true}
		ds, err := seed.ESCOOccupations(f, "occupations.csv", func(s string) bool { return held[s] }, nil)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, r := range ds.Roles {
			if held[r.Slug] || seen[r.Slug] {
				t.Errorf("%s got slug %q, held already", r.ID, r.Slug)
			}
			seen[r.Slug] = true
			if r.ID == "role:esco-f2b15a0e-e65a-438a-affb-29b9d50b77d1" && r.Slug != "software-developer-esco-3" {
				t.Errorf("software developer's slug is %q, want software-developer-esco-3", r.Slug)
			}
		}
	})
	t.Run("rome", func(t *testing.T) {
		dir := seed.Dir(release(t, "rome"))
		free, _, err := seed.ROME(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		var slug string
		for _, r := range free.Roles {
			if r.RomeCode != nil && *r.RomeCode == "M1855" {
				slug = r.Slug
			}
		}
		held := map[string]bool{"role\x00" + slug: true, "role\x00" + slug + "-m1855": true}
		ds, _, err := seed.ROME(dir, func(kind, s string) bool { return held[kind+"\x00"+s] })
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range ds.Roles {
			if held["role\x00"+r.Slug] {
				t.Errorf("%s got slug %q, held already", r.ID, r.Slug)
			}
			if r.RomeCode != nil && *r.RomeCode == "M1855" && r.Slug != slug+"-m1855-2" {
				t.Errorf("M1855's slug is %q, want %s-m1855-2", r.Slug, slug)
			}
		}
	})
}
