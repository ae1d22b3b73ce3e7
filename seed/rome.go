package seed

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"careergraph/career"
)

// ROMESource is the provenance every imported ROME record cites.
var ROMESource = career.Source{
	ID: "source:rome", Name: "ROME 4.0 (France Travail)", Kind: career.Taxonomy,
	URL:     new("https://www.data.gouv.fr/fr/datasets/repertoire-operationnel-des-metiers-et-des-emplois-rome/"),
	Version: new("v60 (25M09, 18/09/2025)"),
	License: new("Licence Ouverte / Open Licence (Etalab): France Travail, ROME 4.0 version 60"),
}

// The ROME files the importer reads, all required.
const (
	romeFiches      = "unix_referentiel_code_rome_v460_utf8.csv"
	romeTree        = "unix_cr_gd_dp_v460_utf8.csv"
	romeTitles      = "unix_referentiel_appellation_v460_utf8.csv"
	romeTexts       = "unix_texte_v460_utf8.csv"
	romeCompetences = "unix_referentiel_competence_v460_utf8.csv"
	romeSavoirs     = "unix_referentiel_savoir_v460_utf8.csv"
	romeLinks       = "unix_liens_rome_referentiels_v460_utf8.csv"
	romeCore        = "unix_coherence_item_v460_utf8.csv"
	romeMobility    = "unix_rubrique_mobilite_v460_utf8.csv"
	romeRIASEC      = "unix_referentiel_code_rome_riasec_v460_utf8.csv"
	romeContexts    = "unix_referentiel_contexte_travail_v460_utf8.csv"
)

var romeFiles = []string{romeFiches, romeTree, romeTitles, romeTexts, romeCompetences, romeSavoirs, romeLinks, romeCore, romeMobility, romeRIASEC, romeContexts}

// ROMESummary counts what a ROME import read and kept.
type ROMESummary struct {
	Fiches, Titles, RareTitles, Domains, Skills, SkillsUnused, Requires, Essential, Mobilities, WorkContexts int
}

func (s ROMESummary) String() string {
	return fmt.Sprintf("%d fiches métier (%d French job titles, %d of them « peu usité »), %d ROME domains, "+
		"%d skills (savoir-faire, savoir-être, savoirs; %d listed by no fiche, skipped), %d REQUIRES (%d core, « cœur de métier »), %d mobilités, %d work contexts of fiches",
		s.Fiches, s.Titles, s.RareTitles, s.Domains, s.Skills, s.SkillsUnused, s.Requires, s.Essential, s.Mobilities, s.WorkContexts)
}

// romeRoleID is the id of the role imported from a ROME fiche.
func romeRoleID(code string) string { return romeRolePrefix + strings.ToLower(code) }

// ROME reads France Travail's ROME 4.0 CSV export in dir ("Toutes les
// données du ROME") into roles, groups, skills, REQUIRES and ROME_MOBILITY
// transitions, each citing ROMESource:
//   - each fiche métier is a role: its French label as name, its code,
//     its definition and access texts (with the export's doubled
//     apostrophes undone), its appellations as French titles (the
//     principal one first, « peu usité » ones marked rare);
//   - grands domaines and domaines professionnels are groups of kind ROME;
//   - savoir-faire and savoirs professionnels (TECHNICAL), savoir-être
//     (SOFT) and savoirs (KNOWLEDGE) listed by at least one fiche are
//     skills; a fiche's link to one is a REQUIRES, ESSENTIAL where ROME
//     marks it « cœur de métier » (Principale), OPTIONAL otherwise;
//   - each mobilité is a ROME_MOBILITY transition with ROME's rank;
//   - a fiche's contextes de travail are its profile's work contexts.
//
// A role's slug is its label's, or its code appended when taken says a
// record of another source has it.
func ROME(dir Folder, taken func(kind, slug string) bool) (career.Dataset, ROMESummary, error) {
	var sum ROMESummary
	if err := verifyFolder(dir, "rome-v60", romeFiles, nil); err != nil {
		return career.Dataset{}, sum, err
	}
	read := func(name string, need []string, row func(get func(string) string, line int) error) error {
		file := dir.path(name)
		f, err := dir.open(name)
		if err != nil {
			return &ImportError{File: file, Err: err}
		}
		defer f.Close()
		return csvRows(f, file, need, row) // encoding/csv skips the blank lines between records
	}
	ds := career.Dataset{Sources: []career.Source{ROMESource}}
	src := []string{ROMESource.ID}
	roles := map[string]int{} // code -> index in ds.Roles
	slugs := map[string]bool{}
	flag := func(v string) (*bool, error) {
		switch v {
		case "O":
			return new(true), nil
		case "N":
			return new(false), nil
		case "":
			return nil, nil
		}
		return nil, fmt.Errorf("flag %q is not O, N or empty", v)
	}
	err := read(romeFiches, []string{"code_rome", "libelle_rome", "emploi_cadre", "emploi_reglemente", "transition_eco", "transition_num", "transition_demo"}, func(get func(string) string, line int) error {
		code, name := get("code_rome"), get("libelle_rome")
		if !career.IsRomeFiche(code) {
			return fmt.Errorf("code_rome %q is not a ROME fiche code", code)
		}
		if _, dup := roles[code]; dup {
			return fmt.Errorf("code_rome %s appears twice", code)
		}
		slug := career.Slugify(name)
		if slug == "" || slugs[slug] || taken != nil && taken("role", slug) {
			slug = strings.Trim(slug+"-"+strings.ToLower(code), "-")
		}
		slugs[slug] = true
		var p career.RomeProfile
		var err error
		for column, dst := range map[string]**bool{"emploi_cadre": &p.Executive, "emploi_reglemente": &p.Regulated, "transition_num": &p.Digital, "transition_demo": &p.Demographic} {
			if *dst, err = flag(get(column)); err != nil {
				return fmt.Errorf("%s: %w", column, err)
			}
		}
		if eco := get("transition_eco"); eco != "" {
			p.Ecological = &eco
		}
		roles[code] = len(ds.Roles)
		ds.Roles = append(ds.Roles, career.Role{ID: romeRoleID(code), Slug: slug, Name: name, RomeCode: new(code), Rome: &p, SourceIDs: src})
		return nil
	})
	if err != nil {
		return career.Dataset{}, sum, err
	}
	sum.Fiches = len(ds.Roles)
	fiche := func(code string) (*career.Role, error) {
		i, ok := roles[code]
		if !ok {
			return nil, fmt.Errorf("code_rome %q is not in %s", code, romeFiches)
		}
		return &ds.Roles[i], nil
	}

	// The tree: grand domaine (one letter) > domaine professionnel.
	groups := map[string]bool{}
	err = read(romeTree, []string{"code_rome", "code_grand_domaine", "libelle_grand_domaine", "code_domaine_professionel", "libelle_domaine_professionel"},
		func(get func(string) string, line int) error {
			if _, err := fiche(get("code_rome")); err != nil {
				return err
			}
			gd, dp := get("code_grand_domaine"), get("code_domaine_professionel")
			if !career.IsRomeCode(gd) || len(gd) != 1 || !career.IsRomeCode(dp) || len(dp) != 3 || dp[:1] != gd || !strings.HasPrefix(get("code_rome"), dp) {
				return fmt.Errorf("domains %q > %q do not hold fiche %q", gd, dp, get("code_rome"))
			}
			for _, g := range []struct{ code, name string }{{gd, get("libelle_grand_domaine")}, {dp, get("libelle_domaine_professionel")}} {
				if groups[g.code] {
					continue
				}
				groups[g.code] = true
				gr := career.Group{ID: "group:rome-" + strings.ToLower(g.code), Slug: "rome-" + strings.ToLower(g.code), Name: g.name,
					Kind: career.RomeGroup, Code: g.code, SourceIDs: src}
				if len(g.code) == 3 {
					gr.ParentID = new("group:rome-" + strings.ToLower(gd))
				}
				ds.Groups = append(ds.Groups, gr)
			}
			return nil
		})
	if err != nil {
		return career.Dataset{}, sum, err
	}
	sum.Domains = len(ds.Groups)

	// Appellations: the principal title first, then the others as listed.
	type title struct {
		career.JobTitle
		principal bool
	}
	titles := map[string][]title{}
	err = read(romeTitles, []string{"code_ogr", "code_rome", "libelle_appellation_long", "classification", "peu_usite"}, func(get func(string) string, line int) error {
		r, err := fiche(get("code_rome"))
		if err != nil {
			return err
		}
		label := get("libelle_appellation_long")
		if label == "" {
			return fmt.Errorf("libelle_appellation_long is empty")
		}
		rare := get("peu_usite") == "O"
		titles[*r.RomeCode] = append(titles[*r.RomeCode], title{career.JobTitle{Label: label, Lang: "fr", Rare: rare, Code: get("code_ogr")}, get("classification") == "PRINCIPALE"})
		sum.Titles++
		if rare {
			sum.RareTitles++
		}
		return nil
	})
	if err != nil {
		return career.Dataset{}, sum, err
	}
	for code, ts := range titles {
		slices.SortStableFunc(ts, func(a, b title) int {
			if a.principal == b.principal {
				return 0
			}
			if a.principal {
				return -1
			}
			return 1
		})
		r := &ds.Roles[roles[code]]
		for _, t := range ts {
			r.Titles = append(r.Titles, t.JobTitle)
		}
	}

	// Definition and access texts, sentence by sentence.
	type sentence struct {
		pos  int
		text string
	}
	texts := map[string][]sentence{}
	err = read(romeTexts, []string{"code_rome", "libelle_type_texte", "position_phrase", "libelle_texte"}, func(get func(string) string, line int) error {
		if _, err := fiche(get("code_rome")); err != nil {
			return err
		}
		pos, err := strconv.Atoi(get("position_phrase"))
		if err != nil {
			return fmt.Errorf("position_phrase %q is not a number", get("position_phrase"))
		}
		kind := get("libelle_type_texte")
		if kind != "definition" && kind != "acces_metier" {
			return fmt.Errorf("libelle_type_texte %q is not definition or acces_metier", kind)
		}
		// The export doubles apostrophes inside texts (d''un).
		key := get("code_rome") + "\x00" + kind
		texts[key] = append(texts[key], sentence{pos, strings.ReplaceAll(get("libelle_texte"), "''", "'")})
		return nil
	})
	if err != nil {
		return career.Dataset{}, sum, err
	}
	for key, ss := range texts {
		slices.SortStableFunc(ss, func(a, b sentence) int { return cmp.Compare(a.pos, b.pos) })
		var lines []string
		for _, s := range ss {
			lines = append(lines, s.text)
		}
		code, kind, _ := strings.Cut(key, "\x00")
		r := &ds.Roles[roles[code]]
		if kind == "definition" {
			r.Description = new(strings.Join(lines, "\n"))
		} else {
			r.Access = new(strings.Join(lines, "\n"))
		}
	}

	// Skills: compétences (savoir-faire, savoir-être) and savoirs.
	type skill struct {
		name     string
		category career.Category
	}
	catalogue := map[string]skill{}
	err = read(romeCompetences, []string{"code_ogr", "libelle_competence", "cat_comp"}, func(get func(string) string, line int) error {
		cat := career.Technical
		switch get("cat_comp") {
		case "Savoir-faire":
		case "Savoir-être professionnel":
			cat = career.Soft
		default:
			return fmt.Errorf("cat_comp %q is not Savoir-faire or Savoir-être professionnel", get("cat_comp"))
		}
		catalogue[get("code_ogr")] = skill{get("libelle_competence"), cat}
		return nil
	})
	if err != nil {
		return career.Dataset{}, sum, err
	}
	err = read(romeSavoirs, []string{"code_ogr_savoir", "libelle_savoir"}, func(get func(string) string, line int) error {
		if _, dup := catalogue[get("code_ogr_savoir")]; dup {
			return fmt.Errorf("code_ogr_savoir %s is also a compétence", get("code_ogr_savoir"))
		}
		catalogue[get("code_ogr_savoir")] = skill{get("libelle_savoir"), career.Knowledge}
		return nil
	})
	if err != nil {
		return career.Dataset{}, sum, err
	}
	core := map[string]bool{}
	err = read(romeCore, []string{"code_rome", "code_ogr", "coeur_metier"}, func(get func(string) string, line int) error {
		if get("coeur_metier") == "Principale" {
			core[get("code_rome")+"\x00"+get("code_ogr")] = true
		}
		return nil
	})
	if err != nil {
		return career.Dataset{}, sum, err
	}
	skillIDs := map[string]string{}
	skillSlugs := map[string]bool{}
	rank := map[string]int{}
	contexts := map[string]career.WorkContext{}
	err = read(romeContexts, []string{"code_ogr", "libelle_cont_travail", "libelle_type_cont_trav"}, func(get func(string) string, line int) error {
		contexts[get("code_ogr")] = career.WorkContext{Label: get("libelle_cont_travail"), Category: get("libelle_type_cont_trav")}
		return nil
	})
	if err != nil {
		return career.Dataset{}, sum, err
	}
	err = read(romeLinks, []string{"code_rome", "code_compo_bloc", "code_rubrique", "code_ogr"}, func(get func(string) string, line int) error {
		switch get("code_compo_bloc") {
		case "5": // compétences, below
		case "6": // contextes de travail
			r, err := fiche(get("code_rome"))
			if err != nil {
				return err
			}
			wc, ok := contexts[get("code_ogr")]
			if !ok {
				return fmt.Errorf("code_ogr %q is not in %s", get("code_ogr"), romeContexts)
			}
			r.Rome.WorkContexts = append(r.Rome.WorkContexts, wc)
			sum.WorkContexts++
			return nil
		default: // the fiche itself, its titles
			return nil
		}
		code, ogr := get("code_rome"), get("code_ogr")
		r, err := fiche(code)
		if err != nil {
			return err
		}
		k, ok := catalogue[ogr]
		if !ok {
			return fmt.Errorf("code_ogr %q is in neither %s nor %s", ogr, romeCompetences, romeSavoirs)
		}
		id, seen := skillIDs[ogr]
		if !seen {
			id = romeSkillPrefix + ogr
			slug := career.Slugify(k.name)
			if slug == "" || skillSlugs[slug] || taken != nil && taken("skill", slug) {
				slug = strings.Trim(slug+"-rome-"+ogr, "-")
			}
			skillSlugs[slug] = true
			skillIDs[ogr] = id
			ds.Skills = append(ds.Skills, career.Skill{ID: id, Slug: slug, Name: k.name, Category: k.category, SourceIDs: src})
		}
		imp := career.Optional
		if core[code+"\x00"+ogr] {
			imp = career.Essential
			sum.Essential++
		}
		rank[r.ID]++
		ds.Requires = append(ds.Requires, career.Requires{RoleID: r.ID, SkillID: id, Importance: imp, Rank: rank[r.ID], SourceIDs: src})
		return nil
	})
	if err != nil {
		return career.Dataset{}, sum, err
	}
	sum.Skills, sum.SkillsUnused, sum.Requires = len(ds.Skills), len(catalogue)-len(ds.Skills), len(ds.Requires)

	err = read(romeRIASEC, []string{"code_rome", "riasec_majeur", "riasec_mineur"}, func(get func(string) string, line int) error {
		r, err := fiche(get("code_rome"))
		if err != nil {
			return err
		}
		for column, dst := range map[string]**string{"riasec_majeur": &r.Rome.RiasecMajor, "riasec_mineur": &r.Rome.RiasecMinor} {
			if v := get(column); v != "" {
				if len(v) != 1 || !strings.Contains("RIASEC", v) {
					return fmt.Errorf("%s %q is not a Holland code", column, v)
				}
				*dst = &v
			}
		}
		return nil
	})
	if err != nil {
		return career.Dataset{}, sum, err
	}

	err = read(romeMobility, []string{"code_rome", "code_rome_cible", "numero_ordre"}, func(get func(string) string, line int) error {
		from, err := fiche(get("code_rome"))
		if err != nil {
			return err
		}
		to, err := fiche(get("code_rome_cible"))
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(get("numero_ordre"))
		if err != nil || n < 1 {
			return fmt.Errorf("numero_ordre %q is not a rank", get("numero_ordre"))
		}
		ds.Transitions = append(ds.Transitions, career.Transition{FromID: from.ID, ToID: to.ID, Kind: career.RomeMobility, Rank: n, SourceIDs: src})
		return nil
	})
	if err != nil {
		return career.Dataset{}, sum, err
	}
	sum.Mobilities = len(ds.Transitions)
	// A fiche is made from several files: what the graph would refuse of
	// one is reported with its code.
	for _, r := range ds.Roles {
		if err := refused(r); err != nil {
			return career.Dataset{}, sum, &ImportError{File: dir.path(romeFiches), Err: fmt.Errorf("fiche %s: %w", *r.RomeCode, err)}
		}
	}
	for _, s := range ds.Skills {
		if err := refused(s); err != nil {
			return career.Dataset{}, sum, &ImportError{File: dir.path(romeCompetences), Err: fmt.Errorf("skill %s: %w", s.ID, err)}
		}
	}
	return ds, sum, nil
}
