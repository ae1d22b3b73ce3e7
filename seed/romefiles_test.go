package seed_test

// What the ROME import serves, checked against the shipped v460 files read
// here with encoding/csv alone (not through the importer's reader).

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/testkit"
)

// romeFile is the path of a shipped ROME file.
func romeFile(t *testing.T, name string) string {
	return filepath.Join(release(t, "rome"), "unix_"+name+"_v460_utf8.csv")
}

// romeTable reads a shipped ROME file as maps by header.
func romeTable(t *testing.T, name string) []map[string]string {
	t.Helper()
	all := testkit.ReadCSV(t, romeFile(t, name))
	head := all[0]
	var out []map[string]string
	for _, rec := range all[1:] {
		m := map[string]string{}
		for i, h := range head {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

// Each fiche's skills are ranked from 1 within their category, in the
// links file's order; the category follows the link's rubrique (1
// savoir-faire, 2 savoir-être, 3 savoirs).
func TestROMERanksCountWithinEachCategory(t *testing.T) {
	ds, _ := romeImport(t)
	byRubrique := map[string]career.Category{"1": career.Technical, "2": career.Soft, "3": career.Knowledge}
	want := map[string]int{} // role id, skill id -> rank
	count := map[string]int{}
	for _, l := range romeTable(t, "liens_rome_referentiels") {
		if l["code_compo_bloc"] != "5" {
			continue
		}
		cat, ok := byRubrique[l["code_rubrique"]]
		if !ok {
			t.Fatalf("rubrique %q", l["code_rubrique"])
		}
		role := "role:rome-" + strings.ToLower(l["code_rome"])
		count[role+" "+string(cat)]++
		want[role+" skill:rome-"+l["code_ogr"]] = count[role+" "+string(cat)]
	}
	if len(want) != 90556 {
		t.Fatalf("%d fiche–skill links in the file", len(want))
	}
	cats := map[string]career.Category{}
	for _, s := range ds.Skills {
		cats[s.ID] = s.Category
	}
	bad := 0
	for _, r := range ds.Requires {
		k := r.RoleID + " " + r.SkillID
		if want[k] != r.Rank {
			if bad++; bad <= 5 {
				t.Errorf("%s: rank %d, the file puts it %d in its category", k, r.Rank, want[k])
			}
		}
		if cats[r.SkillID] == "" {
			t.Fatalf("%s: unknown skill", k)
		}
		delete(want, k)
	}
	if bad > 0 || len(want) > 0 {
		t.Errorf("%d ranks differ, %d links not served", bad, len(want))
	}
}

// Every skill the import keeps carries the competence file's definition,
// and only those have one.
func TestROMESkillsCarryTheirDefinitions(t *testing.T) {
	ds, _ := romeImport(t)
	def := map[string]string{}
	for _, c := range romeTable(t, "referentiel_competence") {
		if c["definition"] != "" {
			def["skill:rome-"+c["code_ogr"]] = c["definition"]
		}
	}
	if len(def) != 633 {
		t.Fatalf("the competence file defines %d skills", len(def))
	}
	served := 0
	for _, s := range ds.Skills {
		want, ok := def[s.ID]
		switch {
		case ok && (s.Description == nil || *s.Description != want):
			t.Errorf("%s %q: description %v, the file says %q", s.ID, s.Name, s.Description, want)
		case !ok && s.Description != nil:
			t.Errorf("%s: description %q, the file has none", s.ID, *s.Description)
		case ok:
			served++
		}
	}
	if served < 611 {
		t.Errorf("%d skills carry a definition; the 611 linked to a fiche at least should", served)
	}
}

// NAF divisions are two-digit codes: the file's "1" is division 01.
func TestROMENafDivisionsAreTwoDigits(t *testing.T) {
	ds, _ := romeImport(t)
	g, err := career.Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	// The NAF file is ISO-8859-15; its codes are ASCII digits.
	fiches := map[string]map[string]bool{}
	for _, rec := range records(t, romeFile(t, "arborescence_secteur_naf")) {
		code := rec[0]
		if len(code) == 1 {
			code = "0" + code
		}
		if fiches[code] == nil {
			fiches[code] = map[string]bool{}
		}
		fiches[code][rec[3]] = true
	}
	if len(fiches["01"]) == 0 {
		t.Fatal(`the file files no fiche under division 1`)
	}
	for code, want := range fiches {
		got := g.Roles(career.RoleFilter{NafCode: code}, career.Order{})
		if len(got) != len(want) {
			t.Errorf("NAF %s: %d fiches, the file files %d", code, len(got), len(want))
		}
	}
	if got := g.Roles(career.RoleFilter{NafCode: "1"}, career.Order{}); len(got) != 0 {
		t.Errorf(`NAF "1" finds %d fiches; the code is "01"`, len(got))
	}
	for _, r := range ds.Roles {
		for _, n := range r.Rome.NafSectors {
			if len(n.Code) != 2 {
				t.Fatalf("%s: NAF code %q", r.ID, n.Code)
			}
		}
	}
}

// The two C1 controls of the files are cp1252 characters read as Latin-1:
// they are served repaired, and no served text keeps a C1 control.
func TestROMERepairsCP1252Characters(t *testing.T) {
	ds, _ := romeImport(t)
	var access, savoir string
	for _, r := range ds.Roles {
		if *r.RomeCode == "F1703" {
			access = *r.Access
		}
	}
	for _, s := range ds.Skills {
		if s.ID == "skill:rome-404707" {
			savoir = s.Name
		}
	}
	raw := map[string]string{}
	for _, rec := range records(t, romeFile(t, "referentiel_savoir")) {
		raw[rec[0]] = rec[1]
	}
	if !strings.Contains(raw["404707"], "\u0092") {
		t.Fatalf("savoir 404707 = %q: the file no longer holds U+0092", raw["404707"])
	}
	// Savoir 404707 is listed by no fiche, so not a skill: its text is
	// repaired as every field read is.
	if want := strings.ReplaceAll(raw["404707"], "\u0092", "’"); seed.CleanText(raw["404707"]) != want || savoir != "" && savoir != want {
		t.Errorf("savoir 404707 = %q (served %q), want %q", seed.CleanText(raw["404707"]), savoir, want)
	}
	if !strings.Contains(access, "gros œuvre") || strings.Contains(access, "gros uvre") {
		t.Errorf("F1703 access = %q, want « gros œuvre »", access)
	}
	c1 := func(s string) bool {
		return strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 && r <= 0x9f })
	}
	for _, r := range ds.Roles {
		if c1(r.Name) || r.Access != nil && c1(*r.Access) || r.Description != nil && c1(*r.Description) {
			t.Errorf("%s keeps a C1 control", r.ID)
		}
	}
	for _, s := range ds.Skills {
		if c1(s.Name) {
			t.Errorf("%s keeps a C1 control", s.ID)
		}
	}
}

// Each C1 control cp1252 defines becomes its cp1252 character, whatever
// surrounds it; the five cp1252 leaves undefined are dropped. The table is
// Windows-1252's, written out here.
func TestCleanTextRepairsEachCP1252Character(t *testing.T) {
	cp1252 := map[rune]string{
		0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ",
		0x89: "‰", 0x8A: "Š", 0x8B: "‹", 0x8C: "Œ", 0x8E: "Ž",
		0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•", 0x96: "–", 0x97: "—",
		0x98: "˜", 0x99: "™", 0x9A: "š", 0x9B: "›", 0x9C: "œ", 0x9E: "ž", 0x9F: "Ÿ",
		0x81: "", 0x8D: "", 0x8F: "", 0x90: "", 0x9D: "",
	}
	for c := rune(0x80); c <= 0x9f; c++ {
		want, ok := cp1252[c]
		if !ok {
			t.Fatalf("U+%04X is missing from the table", c)
		}
		t.Run(fmt.Sprintf("U+%04X", c), func(t *testing.T) {
			for _, in := range []string{"gros %cuvre", "%c", "l%cécole", "a%c%cb"} {
				s := strings.ReplaceAll(in, "%c", string(c))
				exp := strings.ReplaceAll(in, "%c", want)
				if got := seed.CleanText(s); got != exp {
					t.Errorf("CleanText(%q) = %q, want %q", s, got, exp)
				}
			}
		})
	}
}

// flag reads an O/N/empty column as the API serves it.
func flag(v string) *bool {
	switch v {
	case "O":
		return new(true)
	case "N":
		return new(false)
	}
	return nil
}

func optStr(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}

func sameBool(a, b *bool) bool  { return a == nil && b == nil || a != nil && b != nil && *a == *b }
func sameStr(a, b *string) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

// The centres d'intérêt, thèmes and secteurs d'activité are groups with
// the files' labels and definitions, and each fiche links to those the
// arborescence files file it under, in their order (the principal centre
// d'intérêt first).
func TestROMEFacetsMatchTheFiles(t *testing.T) {
	ds, sum := romeImport(t)
	groups, all := map[string]career.Group{}, map[string]career.Group{}
	for _, g := range ds.Groups {
		groups[string(g.Kind)+" "+g.Code] = g
		all[string(g.Kind)+" "+g.Code] = g
	}
	check := func(kind career.GroupKind, file, code, label, def string, parent string) {
		// Every field is read with its outer spaces trimmed (two
		// definitions end with one).
		def = strings.TrimSpace(def)
		g, ok := groups[string(kind)+" "+code]
		switch {
		case !ok:
			t.Errorf("%s %s (%s) is not a group", kind, code, file)
		case g.Name != label || !sameStr(g.Description, optStr(def)):
			t.Errorf("%s %s: %q / %v, the file says %q / %q", kind, code, g.Name, g.Description, label, def)
		case parent == "" && g.ParentID != nil || parent != "" && (g.ParentID == nil || *g.ParentID != all[string(kind)+" "+parent].ID):
			t.Errorf("%s %s: parent %v, want %s's", kind, code, g.ParentID, parent)
		}
		delete(groups, string(kind)+" "+code)
	}
	for _, r := range romeTable(t, "centre_interet") {
		check(career.RomeInterestGroup, "centre_interet", r["code_centre_interet"], r["libelle_centre_interet"], r["definition_centre_interet"], "")
	}
	for _, r := range romeTable(t, "themes") {
		check(career.RomeThemeGroup, "themes", r["code_theme"], r["libelle_theme"], r["definition_theme"], "")
	}
	for _, r := range romeTable(t, "secteur_activite") {
		check(career.RomeSectorGroup, "secteur_activite", r["code_sect_activite"], r["libelle_sect_activite"], r["definition_sect_activite"], "")
	}
	for _, r := range romeTable(t, "sous_secteur_activite") {
		check(career.RomeSectorGroup, "sous_secteur_activite", r["code_ss_sect_activite"], r["libelle_ss_sect_activite"], r["definition_ss_sect_activite"], r["code_sect_activite"])
	}
	for k, g := range groups {
		if g.Kind != career.RomeGroup {
			t.Errorf("group %s is in no file", k)
		}
	}
	// Links, fiche by fiche.
	wantInterests, wantThemes := map[string][]career.RomeInterest{}, map[string][]string{}
	principal := 0
	for _, r := range romeTable(t, "arborescence_centre_interet") {
		in := career.RomeInterest{Code: r["code_centre_interet"], Principal: r["principal"] == "oui"}
		if in.Principal {
			principal++
			wantInterests[r["code_rome"]] = append([]career.RomeInterest{in}, wantInterests[r["code_rome"]]...)
		} else {
			wantInterests[r["code_rome"]] = append(wantInterests[r["code_rome"]], in)
		}
	}
	links := 0
	for _, r := range romeTable(t, "arborescence_thematique") {
		wantThemes[r["code_rome"]] = append(wantThemes[r["code_rome"]], r["code_theme"])
		links++
	}
	gotInterests, gotThemes := 0, 0
	for _, r := range ds.Roles {
		if !slices.Equal(r.Rome.Interests, wantInterests[*r.RomeCode]) {
			t.Errorf("%s: centres d'intérêt %v, the file says %v", *r.RomeCode, r.Rome.Interests, wantInterests[*r.RomeCode])
		}
		if !slices.Equal(r.Rome.Themes, wantThemes[*r.RomeCode]) {
			t.Errorf("%s: thèmes %v, the file says %v", *r.RomeCode, r.Rome.Themes, wantThemes[*r.RomeCode])
		}
		gotInterests += len(r.Rome.Interests)
		gotThemes += len(r.Rome.Themes)
	}
	if gotInterests != 4444 || principal != 1584 || gotThemes != links || links != 1348 || sum.Interests != 30 || sum.Themes != 17 || sum.SectorGroups != 75 {
		t.Errorf("%d interest links (%d principal), %d theme links of %d; summary %+v", gotInterests, principal, gotThemes, links, sum)
	}
	// The filters keep the fiches the files file there.
	g, err := career.Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	perInterest, perTheme := map[string]int{}, map[string]int{}
	for _, r := range romeTable(t, "arborescence_centre_interet") {
		perInterest[r["code_centre_interet"]]++
	}
	for _, r := range romeTable(t, "arborescence_thematique") {
		perTheme[r["code_theme"]]++
	}
	for code, n := range perInterest {
		if got := len(g.Roles(career.RoleFilter{RomeInterest: code}, career.Order{})); got != n {
			t.Errorf("centre d'intérêt %s: the filter keeps %d fiches, the file %d", code, got, n)
		}
		if got := len(g.GroupRoles(g.GroupByCode(career.RomeInterestGroup, code))); got != n {
			t.Errorf("centre d'intérêt %s: the group holds %d fiches, the file %d", code, got, n)
		}
	}
	for code, n := range perTheme {
		if got := len(g.Roles(career.RoleFilter{RomeTheme: code}, career.Order{})); got != n {
			t.Errorf("thème %s: the filter keeps %d fiches, the file %d", code, got, n)
		}
	}
}

// Each ROME skill carries its file's nature, categories, macro-compétence,
// transition flags and (for a macro-compétence) RIASEC; each fiche's
// « émergente » links are the coherence file's.
func TestROMESkillKindsMatchTheFiles(t *testing.T) {
	ds, sum := romeImport(t)
	want := map[string]career.RomeSkill{}
	for _, c := range romeTable(t, "referentiel_competence") {
		rs := career.RomeSkill{Code: c["code_ogr"], Nature: c["nature"], Category: c["cat_comp"], Subcategory: optStr(c["sous_cat_comp"]),
			MacroCode: optStr(c["code_macro_comp"]), Ecological: flag(c["transition_eco"]), Digital: flag(c["transition_num"])}
		if c["code_ogr_macro_comp"] != "" {
			rs.ParentID = new("skill:rome-" + c["code_ogr_macro_comp"])
		}
		want["skill:rome-"+c["code_ogr"]] = rs
	}
	riasec := romeTable(t, "referentiel_macro_competence_riasec")
	for _, r := range riasec {
		rs := want["skill:rome-"+r["code_ogr"]]
		rs.RiasecMajor, rs.RiasecMinor = optStr(r["riasec_majeur"]), optStr(r["riasec_mineur"])
		want["skill:rome-"+r["code_ogr"]] = rs
	}
	for _, s := range romeTable(t, "referentiel_savoir") {
		want["skill:rome-"+s["code_ogr_savoir"]] = career.RomeSkill{Code: s["code_ogr_savoir"], Nature: "Savoir", Category: s["categorie_savoir"],
			Subcategory: optStr(s["sous_categorie_savoir"]), Ecological: flag(s["transition_eco"]), Digital: flag(s["transition_num"])}
	}
	skills := map[string]*career.Skill{}
	withRIASEC := 0
	for i, s := range ds.Skills {
		skills[s.ID] = &ds.Skills[i]
		if s.Rome != nil && s.Rome.RiasecMajor != nil {
			withRIASEC++
		}
		w, ok := want[s.ID]
		g := s.Rome
		if !ok || g == nil || g.Code != w.Code || g.Nature != w.Nature || g.Category != w.Category || !sameStr(g.Subcategory, w.Subcategory) ||
			!sameStr(g.ParentID, w.ParentID) || !sameStr(g.MacroCode, w.MacroCode) || !sameBool(g.Ecological, w.Ecological) || !sameBool(g.Digital, w.Digital) ||
			!sameStr(g.RiasecMajor, w.RiasecMajor) || !sameStr(g.RiasecMinor, w.RiasecMinor) {
			t.Errorf("%s: served %+v, the files say %+v", s.ID, g, w)
		}
	}
	emerging := map[string]bool{}
	for _, r := range romeTable(t, "coherence_item") {
		if r["coeur_metier"] == "Émergente" {
			emerging["role:rome-"+strings.ToLower(r["code_rome"])+" skill:rome-"+r["code_ogr"]] = true
		}
	}
	withParent, certs, gotEmerging := 0, 0, 0
	for _, r := range ds.Requires {
		s := skills[r.SkillID]
		if s.Rome.ParentID != nil {
			if skills[*s.Rome.ParentID] == nil {
				t.Fatalf("%s: parent %s is not a skill", s.ID, *s.Rome.ParentID)
			}
			withParent++
		}
		if s.Rome.Category == "Certifications et habilitations" {
			certs++
		}
		if r.Emerging != emerging[r.RoleID+" "+r.SkillID] || r.Emerging && r.Importance != career.Optional {
			t.Errorf("%s %s: emerging %v (%s), the file says %v", r.RoleID, r.SkillID, r.Emerging, r.Importance, emerging[r.RoleID+" "+r.SkillID])
		}
		if r.Emerging {
			gotEmerging++
		}
	}
	// Every macro-compétence is served, so every RIASEC row is (149 of
	// the 507 give no code).
	coded := 0
	for _, r := range riasec {
		if skills["skill:rome-"+r["code_ogr"]] == nil {
			t.Errorf("macro-compétence %s is not served", r["code_ogr"])
		}
		if r["riasec_majeur"] != "" {
			coded++
		}
	}
	if withRIASEC != coded || len(riasec) != 507 {
		t.Errorf("%d skills carry a RIASEC code, the file gives %d of its %d rows one", withRIASEC, coded, len(riasec))
	}
	if withParent != 38166 || certs != 7549 || gotEmerging != len(emerging) || len(emerging) != 1731 || sum.Emerging != 1731 {
		t.Errorf("%d links to a compétence with a parent (want 38,166), %d to certifications (want 7,549), %d emerging of %d", withParent, certs, gotEmerging, len(emerging))
	}
}

// Each appellation carries its classification, short label and flags.
func TestROMETitlesMatchTheFiles(t *testing.T) {
	ds, _ := romeImport(t)
	type title struct {
		fiche string
		rome  career.RomeTitle
	}
	want := map[string]title{}
	for _, a := range romeTable(t, "referentiel_appellation") {
		want[a["code_ogr"]] = title{a["code_rome"], career.RomeTitle{Principal: a["classification"] == "PRINCIPALE", ShortLabel: a["libelle_appellation_court"],
			Executive: flag(a["emploi_cadre"]), Regulated: flag(a["emploi_reglemente"]), Ecological: optStr(a["transition_eco"]),
			Digital: flag(a["transition_num"]), Demographic: flag(a["transition_demo"])}}
	}
	n, short := 0, 0
	for _, r := range ds.Roles {
		for i, j := range r.Titles {
			w, ok := want[j.Code]
			g := j.Rome
			if !ok || g == nil || w.fiche != *r.RomeCode || g.Principal != w.rome.Principal || g.ShortLabel != w.rome.ShortLabel ||
				!sameBool(g.Executive, w.rome.Executive) || !sameBool(g.Regulated, w.rome.Regulated) || !sameStr(g.Ecological, w.rome.Ecological) ||
				!sameBool(g.Digital, w.rome.Digital) || !sameBool(g.Demographic, w.rome.Demographic) {
				t.Errorf("%s title %s: served %+v, the file says %+v", *r.RomeCode, j.Code, g, w)
			}
			if g != nil && g.Principal != (i == 0) {
				t.Errorf("%s: the principal title is not first", *r.RomeCode)
			}
			if g != nil && g.ShortLabel != j.Label {
				short++
			}
			n++
		}
	}
	if n != len(want) || short != 2190 {
		t.Errorf("%d titles (the file has %d), %d short labels differ (want 2,190)", n, len(want), short)
	}
}

// Where the mapping's rows give an occupation several French names, the
// one most rows give, then the shortest, is kept: art handler's rows give
// a correct one and one with text pasted on the end.
func TestROMEESCOKeepsTheSoundFrenchName(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(release(t, "rome-esco"), "FR_20230104_mapping_esco_rome.csv"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	all, err := csv.NewReader(strings.NewReader(text[strings.Index(text, "classification 1 ID"):])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]map[string]int{}
	for _, rec := range all[1:] {
		id := "role:esco-" + strings.TrimPrefix(rec[0], "http://data.europa.eu/esco/occupation/")
		if names[id] == nil {
			names[id] = map[string]int{}
		}
		names[id][rec[1]]++
	}
	// Any role id exists and any appellation maps to one fiche: only the
	// names are looked at here.
	_, french, _, err := seed.ROMEESCO(seed.Dir(release(t, "rome-esco")), map[string]string{}, func(string) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	conflicts := 0
	for id, ns := range names {
		if len(ns) < 2 {
			if _, ok := ns[french[id]]; !ok {
				t.Errorf("%s: French name %q, the mapping gives %v", id, french[id], ns)
			}
			continue
		}
		conflicts++
		for name, n := range ns {
			if got := french[id]; n > ns[got] || n == ns[got] && len(name) < len(got) {
				t.Errorf("%s: French name %q, but %q is given %d times", id, got, name, n)
			}
		}
	}
	art := french["role:esco-6040c941-ab83-44b2-84e7-5cbfa1eafcdc"]
	if conflicts != 1 || art != "technicien en manipulation d'œuvres d'art/technicienne en manipulation d'œuvres d'art" {
		t.Errorf("%d occupations with several names; art handler's French name %q", conflicts, art)
	}
}
