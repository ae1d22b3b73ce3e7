package seed

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"careergraph/career"
)

// romeSkill is a compétence or a savoir as the catalogue lists it.
type romeSkill struct {
	name     string
	category career.Category
	// definition is the compétence's own (633 of them have one).
	definition string
	// rome is what the files say of it beside; rome.ParentID holds the
	// macro-compétence's code_ogr until the skill is made.
	rome career.RomeSkill
}

// catalogue reads compétences (savoir-faire, savoir-être) and savoirs.
func (im *romeImport) catalogue() (map[string]romeSkill, error) {
	catalogue := map[string]romeSkill{}
	err := im.read(romeCompetences, []string{"code_ogr", "nature", "libelle_competence", "definition", "code_ogr_macro_comp", "code_macro_comp", "cat_comp", "sous_cat_comp", "transition_eco", "transition_num"}, func(get func(string) string, line int) error {
		cat := career.Technical
		switch get("cat_comp") {
		case "Savoir-faire":
		case "Savoir-être professionnel":
			cat = career.Soft
		default:
			return fmt.Errorf("cat_comp %q is not Savoir-faire or Savoir-être professionnel", get("cat_comp"))
		}
		if n := get("nature"); n != "Compétence" && n != "Macro-compétence" {
			return fmt.Errorf("nature %q is not Compétence or Macro-compétence", n)
		}
		rs, err := romeSkillOf(get, get("code_ogr"), get("nature"), get("cat_comp"), get("sous_cat_comp"))
		if err != nil {
			return err
		}
		rs.ParentID, rs.MacroCode = optional(get("code_ogr_macro_comp")), optional(get("code_macro_comp"))
		catalogue[get("code_ogr")] = romeSkill{name: get("libelle_competence"), category: cat, definition: get("definition"), rome: rs}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = im.read(romeSavoirs, []string{"code_ogr_savoir", "libelle_savoir", "categorie_savoir", "sous_categorie_savoir", "transition_eco", "transition_num"}, func(get func(string) string, line int) error {
		if _, dup := catalogue[get("code_ogr_savoir")]; dup {
			return fmt.Errorf("code_ogr_savoir %s is also a compétence", get("code_ogr_savoir"))
		}
		rs, err := romeSkillOf(get, get("code_ogr_savoir"), "Savoir", get("categorie_savoir"), get("sous_categorie_savoir"))
		if err != nil {
			return err
		}
		catalogue[get("code_ogr_savoir")] = romeSkill{name: get("libelle_savoir"), category: career.Knowledge, rome: rs}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for code, k := range catalogue {
		if p := k.rome.ParentID; p != nil && (catalogue[*p].rome.Nature != "Macro-compétence") {
			return nil, &ImportError{File: im.dir.path(romeCompetences), Err: fmt.Errorf("compétence %s: code_ogr_macro_comp %q is not a macro-compétence", code, *p)}
		}
	}
	// Macro-compétences' Holland codes.
	err = im.read(romeMacroRIASEC, []string{"code_ogr", "riasec_majeur", "riasec_mineur"}, func(get func(string) string, line int) error {
		k, ok := catalogue[get("code_ogr")]
		if !ok || k.rome.Nature != "Macro-compétence" {
			return fmt.Errorf("code_ogr %q is not a macro-compétence of %s", get("code_ogr"), romeCompetences)
		}
		for column, dst := range map[string]**string{"riasec_majeur": &k.rome.RiasecMajor, "riasec_mineur": &k.rome.RiasecMinor} {
			if v := get(column); v != "" {
				if len(v) != 1 || !strings.Contains("RIASEC", v) {
					return fmt.Errorf("%s %q is not a Holland code", column, v)
				}
				*dst = &v
			}
		}
		catalogue[get("code_ogr")] = k
		return nil
	})
	if err != nil {
		return nil, err
	}
	return catalogue, nil
}

// romeSkillOf reads the columns compétences and savoirs share: the
// category, subcategory and transition flags.
func romeSkillOf(get func(string) string, code, nature, cat, sub string) (career.RomeSkill, error) {
	rs := career.RomeSkill{Code: code, Nature: nature, Category: cat, Subcategory: optional(sub)}
	var err error
	if rs.Ecological, err = romeFlag(get("transition_eco")); err != nil {
		return rs, fmt.Errorf("transition_eco: %w", err)
	}
	if rs.Digital, err = romeFlag(get("transition_num")); err != nil {
		return rs, fmt.Errorf("transition_num: %w", err)
	}
	return rs, nil
}

// optional is nil for an empty column.
func optional(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}

// core reads which skills are « cœur de métier » (Principale) or
// « émergente » of which fiche.
func (im *romeImport) core() (map[string]string, error) {
	core := map[string]string{}
	err := im.read(romeCore, []string{"code_rome", "code_ogr", "coeur_metier"}, func(get func(string) string, line int) error {
		switch v := get("coeur_metier"); v {
		case "Principale", "Émergente":
			core[get("code_rome")+"\x00"+get("code_ogr")] = v
		case "":
		default:
			return fmt.Errorf("coeur_metier %q is not Principale, Émergente or empty", v)
		}
		return nil
	})
	return core, err
}

// contexts reads the contextes de travail by code.
func (im *romeImport) contexts() (map[string]career.WorkContext, error) {
	contexts := map[string]career.WorkContext{}
	err := im.read(romeContexts, []string{"code_ogr", "libelle_cont_travail", "libelle_type_cont_trav"}, func(get func(string) string, line int) error {
		contexts[get("code_ogr")] = career.WorkContext{Label: get("libelle_cont_travail"), Category: get("libelle_type_cont_trav")}
		return nil
	})
	return contexts, err
}

// skills: the catalogue's skills listed by at least one fiche, each
// fiche's REQUIRES (ESSENTIAL where « cœur de métier ») and its work
// contexts, from the fiche–item links.
func (im *romeImport) skills() error {
	catalogue, err := im.catalogue()
	if err != nil {
		return err
	}
	core, err := im.core()
	if err != nil {
		return err
	}
	contexts, err := im.contexts()
	if err != nil {
		return err
	}
	skillIDs := map[string]string{}
	skillSlugs := map[string]bool{}
	// addSkill makes the skill of code_ogr once and returns its id.
	addSkill := func(ogr string, k romeSkill) string {
		if id, seen := skillIDs[ogr]; seen {
			return id
		}
		id := romeSkillPrefix + ogr
		slug := career.Slugify(k.name)
		if slug == "" || skillSlugs[slug] || im.taken != nil && im.taken("skill", slug) {
			slug = romeSkillSlug(slug, ogr)
		}
		slug = unique(slug, func(s string) bool { return !skillSlugs[s] && (im.taken == nil || !im.taken("skill", s)) })
		skillSlugs[slug] = true
		skillIDs[ogr] = id
		rs := k.rome
		sk := career.Skill{ID: id, Slug: slug, Name: k.name, Category: k.category, SourceIDs: im.src, Rome: &rs}
		if k.definition != "" {
			sk.Description = new(k.definition)
		}
		im.ds.Skills = append(im.ds.Skills, sk)
		return id
	}
	// Ranks count within a fiche's category (what RoleSkill.rank says).
	type fcat struct {
		role string
		cat  career.Category
	}
	rank := map[fcat]int{}
	err = im.read(romeLinks, []string{"code_rome", "code_compo_bloc", "code_rubrique", "code_ogr"}, func(get func(string) string, line int) error {
		switch get("code_compo_bloc") {
		case "5": // compétences, below
		case "6": // contextes de travail
			r, err := im.fiche(get("code_rome"))
			if err != nil {
				return err
			}
			wc, ok := contexts[get("code_ogr")]
			if !ok {
				return fmt.Errorf("code_ogr %q is not in %s", get("code_ogr"), romeContexts)
			}
			r.Rome.WorkContexts = append(r.Rome.WorkContexts, wc)
			im.sum.WorkContexts++
			return nil
		default: // the fiche itself, its titles
			return nil
		}
		code, ogr := get("code_rome"), get("code_ogr")
		r, err := im.fiche(code)
		if err != nil {
			return err
		}
		k, ok := catalogue[ogr]
		if !ok {
			return fmt.Errorf("code_ogr %q is in neither %s nor %s", ogr, romeCompetences, romeSavoirs)
		}
		id := addSkill(ogr, k)
		imp, emerging := career.Optional, false
		switch core[code+"\x00"+ogr] {
		case "Principale":
			imp = career.Essential
			im.sum.Essential++
		case "Émergente":
			emerging = true
			im.sum.Emerging++
		}
		rank[fcat{r.ID, k.category}]++
		im.ds.Requires = append(im.ds.Requires, career.Requires{RoleID: r.ID, SkillID: id, Importance: imp, Rank: rank[fcat{r.ID, k.category}], Emerging: emerging, SourceIDs: im.src})
		return nil
	})
	if err != nil {
		return err
	}
	// Every macro-compétence is a skill, listed by a fiche or not: a
	// listed compétence's parent resolves, and each one's RIASEC code is
	// served (507 in v460, 43 of them listed by no fiche). Then parents
	// become skill ids.
	var macros []string
	for code, k := range catalogue {
		if _, seen := skillIDs[code]; !seen && k.rome.Nature == "Macro-compétence" {
			macros = append(macros, code)
		}
	}
	slices.Sort(macros)
	for _, code := range macros {
		addSkill(code, catalogue[code])
		im.sum.Macros++
	}
	for i := range im.ds.Skills {
		if p := im.ds.Skills[i].Rome.ParentID; p != nil {
			im.ds.Skills[i].Rome.ParentID = new(skillIDs[*p])
		}
	}
	im.sum.Skills, im.sum.SkillsUnused, im.sum.Requires = len(im.ds.Skills), len(catalogue)-len(im.ds.Skills), len(im.ds.Requires)
	return nil
}

// riasec: each fiche's Holland codes.
func (im *romeImport) riasec() error {
	return im.read(romeRIASEC, []string{"code_rome", "riasec_majeur", "riasec_mineur"}, func(get func(string) string, line int) error {
		r, err := im.fiche(get("code_rome"))
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

}

// mobilities: each mobilité is a ROME_MOBILITY transition with its rank.
func (im *romeImport) mobilities() error {
	err := im.read(romeMobility, []string{"code_rome", "code_rome_cible", "numero_ordre"}, func(get func(string) string, line int) error {
		from, err := im.fiche(get("code_rome"))
		if err != nil {
			return err
		}
		to, err := im.fiche(get("code_rome_cible"))
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(get("numero_ordre"))
		if err != nil || n < 1 {
			return fmt.Errorf("numero_ordre %q is not a rank", get("numero_ordre"))
		}
		im.ds.Transitions = append(im.ds.Transitions, career.Transition{FromID: from.ID, ToID: to.ID, Kind: career.RomeMobility, Rank: n, SourceIDs: im.src})
		return nil
	})
	if err != nil {
		return err
	}
	im.sum.Mobilities = len(im.ds.Transitions)
	return nil
}

// sectors: each fiche's secteurs d'activité (the principal one first, as
// a sector alone; the others with their sub-sector) and NAF divisions.
func (im *romeImport) sectors() error {
	labels, err := im.sectorGroups()
	if err != nil {
		return err
	}
	err = im.read(romeSectors, []string{"code_rome", "libelle_rome", "code_sect_activite", "libelle_sect_activite", "code_ss_sect_activite", "libelle_ss_sect_activite", "principal"}, func(get func(string) string, line int) error {
		r, err := im.namedFiche(get)
		if err != nil {
			return err
		}
		if err := facetLink(labels, romeSectorList, get("code_sect_activite"), get("libelle_sect_activite")); err != nil {
			return err
		}
		sec := career.ActivitySector{Code: get("code_sect_activite"), Label: get("libelle_sect_activite")}
		switch get("principal") {
		case "oui":
			sec.Principal = true
		case "non":
		default:
			return fmt.Errorf("principal %q is not oui or non", get("principal"))
		}
		if code, label := get("code_ss_sect_activite"), get("libelle_ss_sect_activite"); code != "" || label != "" {
			if err := facetLink(labels, romeSubSectors, code, label); err != nil {
				return err
			}
			sec.SubCode, sec.SubLabel = &code, &label
		}
		r.Rome.Sectors = append(r.Rome.Sectors, sec)
		im.sum.Sectors++
		return nil
	})
	if err != nil {
		return err
	}
	for i := range im.ds.Roles {
		// Stable: the others keep ROME's order.
		slices.SortStableFunc(im.ds.Roles[i].Rome.Sectors, func(a, b career.ActivitySector) int {
			return cmp.Compare(boolRank(b.Principal), boolRank(a.Principal))
		})
	}
	return im.read(romeNaf, []string{"code_rome", "libelle_rome", "code_secteur_naf", "libelle_secteur_naf"}, func(get func(string) string, line int) error {
		r, err := im.namedFiche(get)
		if err != nil {
			return err
		}
		code, err := nafDivision(get("code_secteur_naf"))
		if err != nil {
			return err
		}
		r.Rome.NafSectors = append(r.Rome.NafSectors, career.NafSector{Code: code, Label: get("libelle_secteur_naf")})
		im.sum.NafSectors++
		return nil
	})
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nafDivision is a NAF division's two-digit code: the export drops the
// leading zero of divisions 01 to 09 ("1" for 01, crop farming).
func nafDivision(v string) (string, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 99 || len(v) > 2 {
		return "", fmt.Errorf("code_secteur_naf %q is not a NAF division", v)
	}
	return fmt.Sprintf("%02d", n), nil
}
