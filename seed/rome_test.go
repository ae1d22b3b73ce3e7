package seed_test

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"careergraph/career"
	"careergraph/seed"
)

// The real ROME v60 export: every count equals the source rows, counted
// here independently, and one fiche reads as France Travail writes it.
func TestROMEFromTheRealFiles(t *testing.T) {
	ds, sum := romeImport(t) // seed.ROME over the shipped files, shared
	file := func(name string) string { return filepath.Join(release(t, "rome"), name) }
	links := rows(t, file("unix_liens_rome_referentiels_v460_utf8.csv"), func(rec []string) bool { return rec[1] == "5" })
	core := rows(t, file("unix_coherence_item_v460_utf8.csv"), func(rec []string) bool { return rec[2] == "Principale" })
	for what, c := range map[string][2]int{
		"fiches":        {sum.Fiches, rows(t, file("unix_referentiel_code_rome_v460_utf8.csv"), nil)},
		"titles":        {sum.Titles, rows(t, file("unix_referentiel_appellation_v460_utf8.csv"), nil)},
		"mobilités":     {sum.Mobilities, rows(t, file("unix_rubrique_mobilite_v460_utf8.csv"), nil)},
		"requires":      {sum.Requires, links},
		"core":          {sum.Essential, core},
		"domains":       {sum.Domains, distinct(t, file("unix_cr_gd_dp_v460_utf8.csv"), 2) + distinct(t, file("unix_cr_gd_dp_v460_utf8.csv"), 4)},
		"sectors":       {sum.Sectors, rows(t, file("unix_arborescence_secteur_activite_v460_utf8.csv"), nil)},
		"NAF divisions": {sum.NafSectors, rows(t, file("unix_arborescence_secteur_naf_v460_utf8.csv"), nil)},
		"work contexts": {sum.WorkContexts, rows(t, file("unix_liens_rome_referentiels_v460_utf8.csv"), func(rec []string) bool { return rec[1] == "6" })},
		"skills+unused": {sum.Skills + sum.SkillsUnused, rows(t, file("unix_referentiel_competence_v460_utf8.csv"), nil) + rows(t, file("unix_referentiel_savoir_v460_utf8.csv"), nil)},
	} {
		if c[0] != c[1] {
			t.Errorf("%s: imported %d, the files hold %d", what, c[0], c[1])
		}
	}
	if len(ds.Roles) != 1584 || len(ds.Transitions) != 14912 || len(ds.Requires) != 90556 {
		t.Errorf("%d roles, %d transitions, %d requires", len(ds.Roles), len(ds.Transitions), len(ds.Requires))
	}
	g, err := career.Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	web := g.Role("role:rome-m1855")
	if web == nil || *web.RomeCode != "M1855" || web.Name != "Développeur / Développeuse web" {
		t.Fatalf("M1855 = %+v", web)
	}
	if !slices.ContainsFunc(web.Titles, func(j career.JobTitle) bool {
		return j.Label == "Développeur / Développeuse back-end" && j.Lang == "fr"
	}) {
		t.Errorf("M1855 titles lack « Développeur / Développeuse back-end »: %v", web.Titles)
	}
	if d := g.RomeDomain(web); d == nil || d.Code != "M18" || d.ParentID == nil || *d.ParentID != "group:rome-m" {
		t.Errorf("M1855 domain = %+v", d)
	}
	if p := web.Rome; p == nil || p.RiasecMajor == nil || *p.RiasecMajor != "I" || p.Ecological == nil || p.Executive == nil {
		t.Errorf("M1855 ROME profile = %+v", p)
	}
	withRIASEC := 0
	for _, r := range ds.Roles {
		if r.Rome != nil && r.Rome.RiasecMajor != nil {
			withRIASEC++
		}
	}
	if want := rows(t, file("unix_referentiel_code_rome_riasec_v460_utf8.csv"), func(rec []string) bool { return rec[1] != "" }); withRIASEC != want {
		t.Errorf("%d fiches with a RIASEC code, the file has %d", withRIASEC, want)
	}
	if web.Access == nil || !strings.Contains(*web.Access, "Licence Professionnelle en Informatique") {
		t.Errorf("M1855 access = %v", web.Access)
	}
	for _, r := range ds.Roles {
		if r.Description != nil && strings.Contains(*r.Description, "''") {
			t.Fatalf("%s keeps the export's doubled apostrophes: %s", r.ID, *r.Description)
		}
	}
	// M1855's work contexts are the file's, in its order, with their labels.
	labels := map[string]career.WorkContext{}
	for _, rec := range records(t, file("unix_referentiel_contexte_travail_v460_utf8.csv")) {
		labels[rec[0]] = career.WorkContext{Label: rec[1], Category: rec[3]}
	}
	var want []career.WorkContext
	for _, rec := range records(t, file("unix_liens_rome_referentiels_v460_utf8.csv")) {
		if rec[0] == "M1855" && rec[1] == "6" {
			want = append(want, labels[rec[3]])
		}
	}
	if len(want) == 0 || !slices.Equal(web.Rome.WorkContexts, want) {
		t.Errorf("M1855 work contexts = %v, the files say %v", web.Rome.WorkContexts, want)
	}
	// Its sectors: the principal one first, then the sub-sector; its NAF
	// division, read from the ISO-8859-15 file.
	sub, subLabel := "133", "Informatique"
	wantSectors := []career.ActivitySector{
		{Code: "96", Label: "Informatique et télécommunication", Principal: true},
		{Code: "96", Label: "Informatique et télécommunication", SubCode: &sub, SubLabel: &subLabel},
	}
	if !reflect.DeepEqual(web.Rome.Sectors, wantSectors) || !slices.Equal(web.Rome.NafSectors, []career.NafSector{{Code: "62", Label: "Programmation, conseil et autres activites informatiques"}}) {
		t.Errorf("M1855 sectors = %+v, NAF %+v", web.Rome.Sectors, web.Rome.NafSectors)
	}
	// The sector filters keep the fiches the files file there.
	fiches := func(name string, code int, match func(rec []string) bool) int {
		seen := map[string]bool{}
		for _, rec := range records(t, file(name)) {
			if match(rec) {
				seen[rec[code]] = true
			}
		}
		return len(seen)
	}
	for what, c := range map[string][2]int{
		"sector 96":      {len(g.Roles(career.RoleFilter{RomeSector: "96"}, career.Order{})), fiches("unix_arborescence_secteur_activite_v460_utf8.csv", 5, func(rec []string) bool { return rec[0] == "96" })},
		"sub-sector 133": {len(g.Roles(career.RoleFilter{RomeSector: "133"}, career.Order{})), fiches("unix_arborescence_secteur_activite_v460_utf8.csv", 5, func(rec []string) bool { return rec[2] == "133" })},
		"NAF 62":         {len(g.Roles(career.RoleFilter{NafCode: "62"}, career.Order{})), fiches("unix_arborescence_secteur_naf_v460_utf8.csv", 3, func(rec []string) bool { return rec[0] == "62" })},
	} {
		if c[0] != c[1] || c[0] == 0 {
			t.Errorf("%s: the filter keeps %d fiches, the file files %d", what, c[0], c[1])
		}
	}
	out := g.TransitionsFrom("role:rome-m1855", career.RomeMobility)
	if len(out) < 6 || out[0].Rank != 1 {
		t.Errorf("M1855 mobilités = %d, first rank %d", len(out), out[0].Rank)
	}
}

// A mobilité to an unknown fiche stops the import with the file and line.
func TestROMEBrokenFileNamesFileAndLine(t *testing.T) {
	var names []string
	entries, err := os.ReadDir(release(t, "rome"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".csv") {
			names = append(names, e.Name())
		}
	}
	dir := copyFolder(t, release(t, "rome"), names, nil)
	mob := filepath.Join(dir, "unix_rubrique_mobilite_v460_utf8.csv")
	b, _ := os.ReadFile(mob)
	b = append(b, []byte("\"A1101\",\"Z9999\",\"7\"\n")...)
	os.WriteFile(mob, b, 0o644)
	if _, _, err := seed.ROME(seed.Dir(dir), nil); err == nil || !strings.Contains(err.Error(), "SHA-256 differs") {
		t.Fatalf("a changed file without its manifest updated: %v", err)
	}
	if err := seed.WriteManifest(dir); err != nil {
		t.Fatal(err)
	}
	_, _, err = seed.ROME(seed.Dir(dir), nil)
	var ie *seed.ImportError
	if !errors.As(err, &ie) || filepath.Base(ie.File) != "unix_rubrique_mobilite_v460_utf8.csv" || ie.Line != 14914 || !strings.Contains(err.Error(), `"Z9999"`) {
		t.Fatalf("unknown target fiche: %v", err)
	}
}

// The official ESCO–ROME mapping over the real imports: every row read;
// the EQUIVALENT pairs are the (fiche, occupation) pairs whose closest
// relation is exact, the CLOSE_MATCH pairs those only ever close, counted
// here independently, and each link notes its appellations' relations.
func TestROMEESCOMappingFromTheRealFiles(t *testing.T) {
	esco, _ := escoImport(t) // seed.ESCO and seed.ROME over the shipped files, shared
	rome, _ := romeImport(t)
	cur := esco.Upsert(rome)
	titles, roles := map[string]string{}, map[string]bool{}
	for _, r := range cur.Roles {
		roles[r.ID] = true
		for _, j := range r.Titles {
			if j.Code != "" {
				titles[j.Code] = r.ID
			}
		}
	}
	transitions, french, sum, err := seed.ROMEESCO(seed.Dir(release(t, "rome-esco")), titles, func(id string) bool { return roles[id] })
	if err != nil {
		t.Fatal(err)
	}
	ds := career.Dataset{Transitions: transitions}
	if name := french["role:esco-f2b15a0e-e65a-438a-affb-29b9d50b77d1"]; !strings.Contains(name, "développeur") {
		t.Errorf("software developer's French name = %q", name)
	}
	// Independently: appellation -> fiche, then the closest relation of
	// each (fiche, occupation) pair.
	fiche := map[string]string{}
	for _, rec := range records(t, filepath.Join(release(t, "rome"), "unix_referentiel_appellation_v460_utf8.csv")) {
		fiche[rec[0]] = rec[3]
	}
	occs := map[string]bool{}
	for _, r := range esco.Roles {
		occs[*r.EscoURI] = true
	}
	b, _ := os.ReadFile(filepath.Join(release(t, "rome-esco"), "FR_20230104_mapping_esco_rome.csv"))
	text := string(b)
	rows, _ := csv.NewReader(strings.NewReader(text[strings.Index(text, "classification 1 ID"):])).ReadAll()
	rank := map[string]int{"skos:exactMatch": 0, "skos:closeMatch": 1, "skos:narrowMatch": 2, "skos:broadMatch": 3}
	best := map[string]int{}
	for _, rec := range rows[1:] {
		if !occs[rec[0]] {
			continue
		}
		k := fiche[rec[2]] + " " + rec[0]
		if r, ok := best[k]; !ok || rank[rec[4]] < r {
			best[k] = rank[rec[4]]
		}
	}
	want := map[string]career.TransitionKind{}
	exact, close := 0, 0
	for k, r := range best {
		switch r {
		case 0:
			exact++
			want[k] = career.Equivalent
		case 1:
			close++
			want[k] = career.CloseMatch
		}
	}
	if sum.Rows != len(rows)-1 || sum.Rows != 11118 || sum.Pairs != len(best) || sum.Exact != exact || sum.Close != close ||
		sum.Loose != len(best)-exact-close || len(ds.Transitions) != 2*(exact+close) {
		t.Errorf("summary %+v, %d transitions; independently %d rows, %d pairs, %d exact, %d close", sum, len(ds.Transitions), len(rows)-1, len(best), exact, close)
	}
	t.Logf("%s", sum)
	romeCode := map[string]string{}
	for _, r := range rome.Roles {
		romeCode[r.ID] = *r.RomeCode
	}
	escoURI := map[string]string{}
	for _, r := range esco.Roles {
		escoURI[r.ID] = *r.EscoURI
	}
	for _, tr := range ds.Transitions {
		fiche, occ := tr.FromID, tr.ToID
		if romeCode[fiche] == "" {
			fiche, occ = occ, fiche
		}
		if k := romeCode[fiche] + " " + escoURI[occ]; tr.Kind != want[k] || tr.Note == nil || !strings.Contains(*tr.Note, "through the appellation") ||
			!strings.Contains(*tr.Note, "appellations joining them: ") || (tr.TypicalYears != nil) != (tr.Kind == career.Equivalent) {
			t.Fatalf("transition %+v (%s), want %s", tr, k, want[k])
		}
	}
}

// distinct counts the distinct values of column col in a CSV file.
func distinct(t *testing.T, path string, col int) int {
	t.Helper()
	seen := map[string]bool{}
	for _, rec := range records(t, path) {
		seen[rec[col]] = true
	}
	return len(seen)
}
