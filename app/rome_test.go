package app

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"careergraph/seed/seedtest"
	"careergraph/testkit"
)

// romeCSV reads a shipped ROME file as maps by header, with encoding/csv
// alone (not the importer), trimming outer spaces as every import does.
func romeCSV(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(seedtest.Release(t, "rome"), "unix_"+name+"_v460_utf8.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range all[1:] {
		m := map[string]string{}
		for i, h := range all[0] {
			m[h] = strings.TrimSpace(rec[i])
		}
		out = append(out, m)
	}
	return out
}

// Through the API, every fiche's centres d'intérêt, thèmes, NAF
// divisions, titles (classification, short label, code) and skills (rank
// within the category, « émergente ») equal the shipped files', and the
// facet groups and filters count what the files count.
func TestROMEServedAsTheFilesSay(t *testing.T) {
	s := openDataServer(t) // only reads

	// What the files say, fiche by fiche, as the API prints it.
	want := map[string][]string{}
	add := func(code, line string) { want[code] = append(want[code], line) }
	for _, r := range romeCSV(t, "arborescence_centre_interet") {
		if r["principal"] == "oui" {
			want[r["code_rome"]] = append([]string{"interest " + r["code_centre_interet"] + " principal"}, want[r["code_rome"]]...)
		} else {
			add(r["code_rome"], "interest "+r["code_centre_interet"])
		}
	}
	for _, r := range romeCSV(t, "arborescence_thematique") {
		add(r["code_rome"], "theme "+r["code_theme"])
	}
	for _, r := range romeCSV(t, "arborescence_secteur_naf") {
		add(r["code_rome"], fmt.Sprintf("naf %02s", r["code_secteur_naf"]))
	}
	principal := map[string]string{}
	for _, r := range romeCSV(t, "referentiel_appellation") {
		line := fmt.Sprintf("title %s %s %v", r["code_ogr"], r["libelle_appellation_court"], r["classification"] == "PRINCIPALE")
		if r["classification"] == "PRINCIPALE" {
			principal[r["code_rome"]] = line
		} else {
			add(r["code_rome"], line)
		}
	}
	emerging := map[string]bool{}
	for _, r := range romeCSV(t, "coherence_item") {
		emerging[r["code_rome"]+" "+r["code_ogr"]] = r["coeur_metier"] == "Émergente"
	}
	rank := map[string]int{}
	skills := map[string][]string{}
	for _, r := range romeCSV(t, "liens_rome_referentiels") {
		if r["code_compo_bloc"] != "5" {
			continue
		}
		k := r["code_rome"] + " " + r["code_compo_bloc"] + r["code_rubrique"]
		rank[k]++
		skills[r["code_rome"]] = append(skills[r["code_rome"]], fmt.Sprintf("skill %s %s %d %v", r["code_rubrique"], r["code_ogr"], rank[k], emerging[r["code_rome"]+" "+r["code_ogr"]]))
	}

	type page struct {
		Roles struct {
			PageInfo struct {
				HasNextPage bool
				EndCursor   string
			}
			Nodes []struct {
				RomeCode string
				Rome     struct {
					Interests []struct {
						Principal bool
						Interest  struct{ Code string }
					}
					Themes     []struct{ Code string }
					NafSectors []struct{ Code string }
				}
				Titles []struct {
					Code *string
					Rome *struct {
						Principal  bool
						ShortLabel string
					}
				}
				Skills []struct {
					Category string
					Rank     int
					Emerging bool
					Skill    struct{ ID string }
				}
			}
		}
	}
	rubrique := map[string]string{"TECHNICAL": "1", "SOFT": "2", "KNOWLEDGE": "3"}
	fiches, mismatches := 0, 0
	for after := ""; ; {
		var p page
		vars := map[string]any{}
		if after != "" {
			vars["after"] = after
		}
		testkit.Query(t, s.URL, `query($after: String) { roles(filter: { sourceId: "source:rome" }, first: 20, after: $after) {
			pageInfo { hasNextPage endCursor }
			nodes { romeCode
				rome { interests { principal interest { code } } themes { code } nafSectors { code } }
				titles { code rome { principal shortLabel } }
				skills { category rank emerging skill { id } } } } }`, vars, &p)
		for _, n := range p.Roles.Nodes {
			fiches++
			var got []string
			for _, i := range n.Rome.Interests {
				line := "interest " + i.Interest.Code
				if i.Principal {
					line += " principal"
				}
				got = append(got, line)
			}
			for _, th := range n.Rome.Themes {
				got = append(got, "theme "+th.Code)
			}
			for _, nf := range n.Rome.NafSectors {
				got = append(got, "naf "+nf.Code)
			}
			var first string
			for i, j := range n.Titles {
				if j.Code == nil || j.Rome == nil {
					t.Fatalf("%s: title without its code or ROME facts", n.RomeCode)
				}
				line := fmt.Sprintf("title %s %s %v", *j.Code, j.Rome.ShortLabel, j.Rome.Principal)
				if i == 0 {
					first = line
				} else {
					got = append(got, line)
				}
			}
			var gotSkills []string
			for _, sk := range n.Skills {
				gotSkills = append(gotSkills, fmt.Sprintf("skill %s %s %d %v", rubrique[sk.Category], strings.TrimPrefix(sk.Skill.ID, "skill:rome-"), sk.Rank, sk.Emerging))
			}
			// The API lists skills by category, the file by rubrique: the
			// same order within each.
			slices.SortStableFunc(gotSkills, func(a, b string) int { return strings.Compare(a[:7], b[:7]) })
			wantSkills := slices.Clone(skills[n.RomeCode])
			slices.SortStableFunc(wantSkills, func(a, b string) int { return strings.Compare(a[:7], b[:7]) })
			// Titles other than the principal keep no fixed order here.
			w := slices.Clone(want[n.RomeCode])
			slices.Sort(got)
			slices.Sort(w)
			if first != principal[n.RomeCode] || !slices.Equal(got, w) || !slices.Equal(gotSkills, wantSkills) {
				if mismatches++; mismatches <= 3 {
					t.Errorf("%s: served %q, first title %q, skills %q; the files say %q, %q, %q", n.RomeCode, got, first, gotSkills, w, principal[n.RomeCode], wantSkills)
				}
			}
		}
		if !p.Roles.PageInfo.HasNextPage {
			break
		}
		after = p.Roles.PageInfo.EndCursor
	}
	if fiches != 1584 || mismatches > 0 {
		t.Errorf("%d fiches served, %d differ from the files", fiches, mismatches)
	}
	// The order of interests: the principal first, the others in ROME's.
	var a1101 struct {
		Role struct {
			Rome struct {
				Interests []struct {
					Principal bool
					Interest  struct{ Code string }
				}
			}
		}
	}
	testkit.Query(t, s.URL, `{ role(id: "role:rome-a1101") { rome { interests { principal interest { code } } } } }`, nil, &a1101)
	if in := a1101.Role.Rome.Interests; len(in) == 0 || !in[0].Principal || slices.ContainsFunc(in[1:], func(i struct {
		Principal bool
		Interest  struct{ Code string }
	}) bool {
		return i.Principal
	}) {
		t.Errorf("A1101's centres d'intérêt: %+v", in)
	}

	// Facet groups and their filters count what the files count.
	perInterest, perTheme := map[string]int{}, map[string]int{}
	for _, r := range romeCSV(t, "arborescence_centre_interet") {
		perInterest[r["code_centre_interet"]]++
	}
	for _, r := range romeCSV(t, "arborescence_thematique") {
		perTheme[r["code_theme"]]++
	}
	var groups struct {
		Interests, Themes, Sectors struct {
			TotalCount int
			Nodes      []struct {
				Code, Name  string
				Description *string
				Roles       struct{ TotalCount int }
			}
		}
		GuideTitles struct{ Titles []struct{ Code *string } }
	}
	testkit.Query(t, s.URL, `{
		interests: groups(filter: { kind: ROME_INTEREST }, first: 30) { totalCount nodes { code name description roles { totalCount } } }
		sectors: groups(filter: { kind: ROME_SECTOR }, first: 1) { totalCount }
		guideTitles: role(slug: "developpeur-back-end") { titles { code } }
	}`, nil, &groups)
	testkit.Query(t, s.URL, `{ themes: groups(filter: { kind: ROME_THEME }, first: 30) { totalCount nodes { code name description roles { totalCount } } } }`, nil, &groups)
	check := func(what string, nodes []struct {
		Code, Name  string
		Description *string
		Roles       struct{ TotalCount int }
	}, file, codeCol, labelCol, defCol string, per map[string]int) {
		rows := romeCSV(t, file)
		if len(nodes) != len(rows) {
			t.Errorf("%s: %d groups, the file lists %d", what, len(nodes), len(rows))
		}
		byCode := map[string]map[string]string{}
		for _, r := range rows {
			byCode[r[codeCol]] = r
		}
		for _, n := range nodes {
			r := byCode[n.Code]
			def := ""
			if n.Description != nil {
				def = *n.Description
			}
			if r == nil || n.Name != r[labelCol] || def != r[defCol] || per != nil && n.Roles.TotalCount != per[n.Code] {
				t.Errorf("%s %s: %q, %d fiches; the files say %v, %d fiches", what, n.Code, n.Name, n.Roles.TotalCount, r, per[n.Code])
			}
		}
	}
	check("centre d'intérêt", groups.Interests.Nodes, "centre_interet", "code_centre_interet", "libelle_centre_interet", "definition_centre_interet", perInterest)
	check("thème", groups.Themes.Nodes, "themes", "code_theme", "libelle_theme", "definition_theme", perTheme)
	if groups.Interests.TotalCount != 30 || groups.Themes.TotalCount != 17 || groups.Sectors.TotalCount != 35+40 {
		t.Errorf("%d centres d'intérêt, %d thèmes, %d sectors and sub-sectors", groups.Interests.TotalCount, groups.Themes.TotalCount, groups.Sectors.TotalCount)
	}
	for _, j := range groups.GuideTitles.Titles {
		if j.Code != nil {
			t.Errorf("a guide title's code is %q, want null", *j.Code)
		}
	}
	var filtered struct {
		Interest, Theme, Naf struct{ TotalCount int }
	}
	testkit.Query(t, s.URL, `{
		interest: roles(filter: { romeInterest: "9" }) { totalCount }
		theme: roles(filter: { romeTheme: "001" }) { totalCount }
		naf: roles(filter: { nafCode: "01" }) { totalCount }
	}`, nil, &filtered)
	naf01 := 0
	for _, r := range romeCSV(t, "arborescence_secteur_naf") {
		if r["code_secteur_naf"] == "1" {
			naf01++
		}
	}
	if filtered.Interest.TotalCount != perInterest["9"] || filtered.Theme.TotalCount != perTheme["001"] || filtered.Naf.TotalCount != naf01 || naf01 == 0 {
		t.Errorf("filters: %+v; the files: interest 9 %d, thème 001 %d, NAF 01 %d", filtered, perInterest["9"], perTheme["001"], naf01)
	}
}
