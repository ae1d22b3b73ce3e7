package seed

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"careergraph/career"

	"golang.org/x/text/encoding/charmap"
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
	romeSectors     = "unix_arborescence_secteur_activite_v460_utf8.csv"
	// romeNaf is ISO-8859-15 despite its name (see read).
	romeNaf          = "unix_arborescence_secteur_naf_v460_utf8.csv"
	romeMacroRIASEC  = "unix_referentiel_macro_competence_riasec_v460_utf8.csv"
	romeInterests    = "unix_centre_interet_v460_utf8.csv"
	romeInterestTree = "unix_arborescence_centre_interet_v460_utf8.csv"
	romeThemes       = "unix_themes_v460_utf8.csv"
	romeThemeTree    = "unix_arborescence_thematique_v460_utf8.csv"
	romeSectorList   = "unix_secteur_activite_v460_utf8.csv"
	romeSubSectors   = "unix_sous_secteur_activite_v460_utf8.csv"
)

var romeFiles = []string{romeFiches, romeTree, romeTitles, romeTexts, romeCompetences, romeSavoirs, romeLinks, romeCore, romeMobility, romeRIASEC, romeContexts, romeSectors, romeNaf,
	romeMacroRIASEC, romeInterests, romeInterestTree, romeThemes, romeThemeTree, romeSectorList, romeSubSectors}

// ROMESummary counts what a ROME import read and kept.
type ROMESummary struct {
	Fiches, Titles, RareTitles, Domains, Skills, SkillsUnused, Requires, Essential, Mobilities, WorkContexts, Sectors, NafSectors int
	// Emerging counts the REQUIRES ROME calls « émergente »; Macros the
	// macro-compétences kept though no fiche lists them.
	Emerging, Macros int
	// Interests and Themes are the centres d'intérêt and thèmes (groups),
	// InterestLinks and ThemeLinks the fiches' links to them;
	// SectorGroups the secteurs and sous-secteurs d'activité (groups).
	Interests, InterestLinks, Themes, ThemeLinks, SectorGroups int
	// ParentCodes counts the historical codes (code_rome_parent) the fiches derive from.
	ParentCodes int
}

func (s ROMESummary) String() string {
	return fmt.Sprintf("%d fiches métier (%d historical ROME codes; %d French job titles, %d of them « peu usité »), %d ROME domains, "+
		"%d skills (savoir-faire, savoir-être, savoirs, and %d macro-compétences listed by no fiche; %d other items listed by no fiche, skipped), %d REQUIRES (%d core, « cœur de métier », %d « émergente »), %d mobilités, %d work contexts, "+
		"%d activity sectors and %d NAF divisions of fiches, %d centres d'intérêt (%d links), %d thèmes (%d links), %d secteurs and sous-secteurs d'activité",
		s.Fiches, s.ParentCodes, s.Titles, s.RareTitles, s.Domains, s.Skills, s.Macros, s.SkillsUnused, s.Requires, s.Essential, s.Emerging, s.Mobilities, s.WorkContexts, s.Sectors, s.NafSectors,
		s.Interests, s.InterestLinks, s.Themes, s.ThemeLinks, s.SectorGroups)
}

// romeRoleID is the id of the role imported from a ROME fiche.
func romeRoleID(code string) string { return romeRolePrefix + strings.ToLower(code) }

// ROME reads France Travail's ROME 4.0 CSV export in dir ("Toutes les
// données du ROME") into roles, groups, skills, REQUIRES and ROME_MOBILITY
// transitions, each citing ROMESource:
//   - each fiche métier is a role: its French label as name, its code,
//     its definition and access texts (with the export's doubled
//     apostrophes undone), its appellations as French titles (the
//     principal one first, « peu usité » ones marked rare, each with its
//     classification, short label and flags);
//   - grands domaines and domaines professionnels are groups of kind ROME;
//   - savoir-faire and savoirs professionnels (TECHNICAL), savoir-être
//     (SOFT) and savoirs (KNOWLEDGE) listed by at least one fiche are
//     skills, with their definition and what ROME says of them (nature,
//     categories, macro-compétence, flags, RIASEC of macro-compétences),
//     and so is every macro-compétence; a fiche's link to one is
//     a REQUIRES ranked within its category, ESSENTIAL where ROME marks it
//     « cœur de métier » (Principale), OPTIONAL otherwise, and emerging
//     where ROME says « Émergente »;
//   - each mobilité is a ROME_MOBILITY transition with ROME's rank;
//   - a fiche's contextes de travail are its profile's work contexts, and
//     its secteurs d'activité and NAF divisions (two-digit) its sectors;
//   - centres d'intérêt, thèmes and secteurs d'activité (with their
//     sous-secteurs) are groups with ROME's definitions, and each fiche's
//     links to the first two are on its profile.
//
// A role's slug is its label's, or its code appended when taken says a
// record of another source has it.
func ROME(dir Folder, taken func(kind, slug string) bool) (career.Dataset, ROMESummary, error) {
	if err := verifyFolder(dir, "rome-v60", romeFiles, nil); err != nil {
		return career.Dataset{}, ROMESummary{}, err
	}
	im := &romeImport{dir: dir, taken: taken, ds: career.Dataset{Sources: []career.Source{ROMESource}}, src: []string{ROMESource.ID}, roles: map[string]int{}}
	return runSteps(&im.ds, &im.sum, im.fiches, im.parents, im.tree, im.titles, im.texts, im.skills, im.riasec, im.mobilities, im.sectors, im.interests, im.themes, im.check)
}

// romeImport is a ROME import under way: one method per file (or files
// read together), in the order ROME calls them.
type romeImport struct {
	dir   Folder
	taken func(kind, slug string) bool
	ds    career.Dataset
	sum   ROMESummary
	src   []string
	roles map[string]int // code -> index in ds.Roles
}

func (im *romeImport) read(name string, need []string, row func(get func(string) string, line int) error) error {
	file := im.dir.path(name)
	f, err := im.dir.open(name)
	if err != nil {
		return &ImportError{File: file, Err: err}
	}
	defer f.Close()
	var r io.Reader = f
	if name == romeNaf {
		// Its accented letters are single ISO-8859-15 bytes.
		r = charmap.ISO8859_15.NewDecoder().Reader(f)
	}
	return csvRows(r, file, need, row) // encoding/csv skips the blank lines between records
}

// fiche is the role read from code's fiche.
func (im *romeImport) fiche(code string) (*career.Role, error) {
	i, ok := im.roles[code]
	if !ok {
		return nil, fmt.Errorf("code_rome %q is not in %s", code, romeFiches)
	}
	return &im.ds.Roles[i], nil
}

// namedFiche is the fiche of a row that also gives its name: the two must
// agree (which, in the one ISO-8859-15 file, they do only when decoded).
func (im *romeImport) namedFiche(get func(string) string) (*career.Role, error) {
	r, err := im.fiche(get("code_rome"))
	if err == nil && get("libelle_rome") != r.Name {
		err = fmt.Errorf("libelle_rome %q is not fiche %s's name, %q", get("libelle_rome"), *r.RomeCode, r.Name)
	}
	return r, err
}

// romeFlag reads ROME's O/N/empty columns.
func romeFlag(v string) (*bool, error) {
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

// fiches: each fiche métier is a role with its profile's flags.
func (im *romeImport) fiches() error {
	slugs := map[string]bool{}
	err := im.read(romeFiches, []string{"code_rome", "libelle_rome", "emploi_cadre", "emploi_reglemente", "transition_eco", "transition_num", "transition_demo"}, func(get func(string) string, line int) error {
		code, name := get("code_rome"), get("libelle_rome")
		if !career.IsRomeFiche(code) {
			return fmt.Errorf("code_rome %q is not a ROME fiche code", code)
		}
		if _, dup := im.roles[code]; dup {
			return fmt.Errorf("code_rome %s appears twice", code)
		}
		slug := career.Slugify(name)
		if slug == "" || slugs[slug] || im.taken != nil && im.taken("role", slug) {
			slug = romeRoleSlug(slug, code)
		}
		slug = unique(slug, func(s string) bool { return !slugs[s] && (im.taken == nil || !im.taken("role", s)) })
		slugs[slug] = true
		var p career.RomeProfile
		var err error
		for column, dst := range map[string]**bool{"emploi_cadre": &p.Executive, "emploi_reglemente": &p.Regulated, "transition_num": &p.Digital, "transition_demo": &p.Demographic} {
			if *dst, err = romeFlag(get(column)); err != nil {
				return fmt.Errorf("%s: %w", column, err)
			}
		}
		if eco := get("transition_eco"); eco != "" {
			p.Ecological = &eco
		}
		im.roles[code] = len(im.ds.Roles)
		im.ds.Roles = append(im.ds.Roles, career.Role{ID: romeRoleID(code), Slug: slug, Name: name, RomeCode: new(code), Rome: &p, SourceIDs: im.src})
		return nil
	})
	im.sum.Fiches = len(im.ds.Roles)
	return err
}

// tree: grand domaine (one letter) > domaine professionnel, as groups.
func (im *romeImport) tree() error {
	groups := map[string]bool{}
	err := im.read(romeTree, []string{"code_rome", "code_grand_domaine", "libelle_grand_domaine", "code_domaine_professionel", "libelle_domaine_professionel"},
		func(get func(string) string, line int) error {
			if _, err := im.fiche(get("code_rome")); err != nil {
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
					Kind: career.RomeGroup, Code: g.code, SourceIDs: im.src}
				if len(g.code) == 3 {
					gr.ParentID = new("group:rome-" + strings.ToLower(gd))
				}
				im.ds.Groups = append(im.ds.Groups, gr)
			}
			return nil
		})
	im.sum.Domains = len(im.ds.Groups)
	return err
}

// titles: the appellations, the principal title first, then the others as listed.
func (im *romeImport) titles() error {
	type title struct {
		career.JobTitle
		principal bool
	}
	titles := map[string][]title{}
	err := im.read(romeTitles, []string{"code_ogr", "code_rome", "libelle_appellation_long", "libelle_appellation_court", "classification", "peu_usite",
		"emploi_cadre", "emploi_reglemente", "transition_eco", "transition_num", "transition_demo"}, func(get func(string) string, line int) error {
		r, err := im.fiche(get("code_rome"))
		if err != nil {
			return err
		}
		label := get("libelle_appellation_long")
		if label == "" {
			return fmt.Errorf("libelle_appellation_long is empty")
		}
		rare := get("peu_usite") == "O"
		var principal bool
		switch get("classification") {
		case "PRINCIPALE":
			principal = true
		case "SYNONYME":
		default:
			return fmt.Errorf("classification %q is not PRINCIPALE or SYNONYME", get("classification"))
		}
		rt := &career.RomeTitle{Principal: principal, ShortLabel: get("libelle_appellation_court")}
		for column, dst := range map[string]**bool{"emploi_cadre": &rt.Executive, "emploi_reglemente": &rt.Regulated, "transition_num": &rt.Digital, "transition_demo": &rt.Demographic} {
			if *dst, err = romeFlag(get(column)); err != nil {
				return fmt.Errorf("%s: %w", column, err)
			}
		}
		if eco := get("transition_eco"); eco != "" {
			rt.Ecological = &eco
		}
		titles[*r.RomeCode] = append(titles[*r.RomeCode], title{career.JobTitle{Label: label, Lang: "fr", Rare: rare, Code: get("code_ogr"), Rome: rt}, principal})
		im.sum.Titles++
		if rare {
			im.sum.RareTitles++
		}
		return nil
	})
	if err != nil {
		return err
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
		r := &im.ds.Roles[im.roles[code]]
		for _, t := range ts {
			r.Titles = append(r.Titles, t.JobTitle)
		}
	}

	return nil
}

// texts: definition and access texts, sentence by sentence.
func (im *romeImport) texts() error {
	type sentence struct {
		pos  int
		text string
	}
	texts := map[string][]sentence{}
	err := im.read(romeTexts, []string{"code_rome", "libelle_type_texte", "position_phrase", "libelle_texte"}, func(get func(string) string, line int) error {
		if _, err := im.fiche(get("code_rome")); err != nil {
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
		return err
	}
	for key, ss := range texts {
		slices.SortStableFunc(ss, func(a, b sentence) int { return cmp.Compare(a.pos, b.pos) })
		var lines []string
		for _, s := range ss {
			lines = append(lines, s.text)
		}
		code, kind, _ := strings.Cut(key, "\x00")
		r := &im.ds.Roles[im.roles[code]]
		if kind == "definition" {
			r.Description = new(strings.Join(lines, "\n"))
		} else {
			r.Access = new(strings.Join(lines, "\n"))
		}
	}
	return nil
}

// check: a fiche is made from several files, so what the graph would
// refuse of one is reported with its code.
func (im *romeImport) check() error {
	for _, r := range im.ds.Roles {
		if err := refused(r); err != nil {
			return &ImportError{File: im.dir.path(romeFiches), Err: fmt.Errorf("fiche %s: %w", *r.RomeCode, err)}
		}
	}
	for _, s := range im.ds.Skills {
		if err := refused(s); err != nil {
			return &ImportError{File: im.dir.path(romeCompetences), Err: fmt.Errorf("skill %s: %w", s.ID, err)}
		}
	}
	return nil
}
