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
}

// catalogue reads compétences (savoir-faire, savoir-être) and savoirs.
func (im *romeImport) catalogue() (map[string]romeSkill, error) {
	catalogue := map[string]romeSkill{}
	err := im.read(romeCompetences, []string{"code_ogr", "libelle_competence", "cat_comp"}, func(get func(string) string, line int) error {
		cat := career.Technical
		switch get("cat_comp") {
		case "Savoir-faire":
		case "Savoir-être professionnel":
			cat = career.Soft
		default:
			return fmt.Errorf("cat_comp %q is not Savoir-faire or Savoir-être professionnel", get("cat_comp"))
		}
		catalogue[get("code_ogr")] = romeSkill{get("libelle_competence"), cat}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = im.read(romeSavoirs, []string{"code_ogr_savoir", "libelle_savoir"}, func(get func(string) string, line int) error {
		if _, dup := catalogue[get("code_ogr_savoir")]; dup {
			return fmt.Errorf("code_ogr_savoir %s is also a compétence", get("code_ogr_savoir"))
		}
		catalogue[get("code_ogr_savoir")] = romeSkill{get("libelle_savoir"), career.Knowledge}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return catalogue, nil
}

// core reads which skills are « cœur de métier » of which fiche.
func (im *romeImport) core() (map[string]bool, error) {
	core := map[string]bool{}
	err := im.read(romeCore, []string{"code_rome", "code_ogr", "coeur_metier"}, func(get func(string) string, line int) error {
		if get("coeur_metier") == "Principale" {
			core[get("code_rome")+"\x00"+get("code_ogr")] = true
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
	rank := map[string]int{}
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
		id, seen := skillIDs[ogr]
		if !seen {
			id = romeSkillPrefix + ogr
			slug := career.Slugify(k.name)
			if slug == "" || skillSlugs[slug] || im.taken != nil && im.taken("skill", slug) {
				slug = romeSkillSlug(slug, ogr)
			}
			skillSlugs[slug] = true
			skillIDs[ogr] = id
			im.ds.Skills = append(im.ds.Skills, career.Skill{ID: id, Slug: slug, Name: k.name, Category: k.category, SourceIDs: im.src})
		}
		imp := career.Optional
		if core[code+"\x00"+ogr] {
			imp = career.Essential
			im.sum.Essential++
		}
		rank[r.ID]++
		im.ds.Requires = append(im.ds.Requires, career.Requires{RoleID: r.ID, SkillID: id, Importance: imp, Rank: rank[r.ID], SourceIDs: im.src})
		return nil
	})
	if err != nil {
		return err
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
	err := im.read(romeSectors, []string{"code_rome", "libelle_rome", "code_sect_activite", "libelle_sect_activite", "code_ss_sect_activite", "libelle_ss_sect_activite", "principal"}, func(get func(string) string, line int) error {
		r, err := im.namedFiche(get)
		if err != nil {
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
		r.Rome.NafSectors = append(r.Rome.NafSectors, career.NafSector{Code: get("code_secteur_naf"), Label: get("libelle_secteur_naf")})
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
