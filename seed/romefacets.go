package seed

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"careergraph/career"
)

// The facets a French guide browses fiches by: centres d'intérêt, thèmes
// and secteurs d'activité, each a group with ROME's definition, and each
// fiche's links to them on its profile.

// romeFacetGroup is a group of one of the facet kinds.
func (im *romeImport) romeFacetGroup(kind career.GroupKind, code, name, definition string) career.Group {
	slug := facetSlug(kind, code)
	g := career.Group{ID: career.GroupPrefix + slug, Slug: slug, Name: name, Kind: kind, Code: code, SourceIDs: im.src}
	if definition != "" {
		g.Description = &definition
	}
	return g
}

// facetSlug is the slug of a facet group: "rome-interest-12".
func facetSlug(kind career.GroupKind, code string) string {
	return strings.ToLower(strings.ReplaceAll(string(kind), "_", "-")) + "-" + code
}

// facetGroups reads a facet's list (code, label, definition columns) into
// groups of kind, returning their labels by code.
func (im *romeImport) facetGroups(file string, kind career.GroupKind, columns [3]string) (map[string]string, error) {
	labels := map[string]string{}
	err := im.read(file, columns[:], func(get func(string) string, line int) error {
		code := get(columns[0])
		if code == "" || labels[code] != "" {
			return fmt.Errorf("%s %q is empty or listed twice", columns[0], code)
		}
		labels[code] = get(columns[1])
		im.ds.Groups = append(im.ds.Groups, im.romeFacetGroup(kind, code, get(columns[1]), get(columns[2])))
		return nil
	})
	return labels, err
}

// facetLink checks a fiche's link row against the facet's list: its code
// is listed there, under the same label.
func facetLink(labels map[string]string, file string, code, label string) error {
	want, ok := labels[code]
	switch {
	case !ok:
		return fmt.Errorf("code %q is not in %s", code, file)
	case want != label:
		return fmt.Errorf("label %q is not %s's %q", label, file, want)
	}
	return nil
}

// interests: the centres d'intérêt (groups) and each fiche's, the
// principal one first.
func (im *romeImport) interests() error {
	labels, err := im.facetGroups(romeInterests, career.RomeInterestGroup, [3]string{"code_centre_interet", "libelle_centre_interet", "definition_centre_interet"})
	if err != nil {
		return err
	}
	im.sum.Interests = len(labels)
	err = im.read(romeInterestTree, []string{"code_centre_interet", "libelle_centre_interet", "code_rome", "libelle_rome", "principal"}, func(get func(string) string, line int) error {
		r, err := im.namedFiche(get)
		if err != nil {
			return err
		}
		code := get("code_centre_interet")
		if err := facetLink(labels, romeInterests, code, get("libelle_centre_interet")); err != nil {
			return err
		}
		in := career.RomeInterest{Code: code}
		switch get("principal") {
		case "oui":
			in.Principal = true
		case "non":
		default:
			return fmt.Errorf("principal %q is not oui or non", get("principal"))
		}
		if slices.ContainsFunc(r.Rome.Interests, func(i career.RomeInterest) bool { return i.Code == code }) {
			return fmt.Errorf("fiche %s lists centre d'intérêt %s twice", *r.RomeCode, code)
		}
		r.Rome.Interests = append(r.Rome.Interests, in)
		im.sum.InterestLinks++
		return nil
	})
	if err != nil {
		return err
	}
	for i := range im.ds.Roles {
		// Stable: the others keep ROME's order.
		slices.SortStableFunc(im.ds.Roles[i].Rome.Interests, func(a, b career.RomeInterest) int {
			return cmp.Compare(boolRank(b.Principal), boolRank(a.Principal))
		})
	}
	return nil
}

// themes: the thèmes (groups) and the fiches filed under each.
func (im *romeImport) themes() error {
	labels, err := im.facetGroups(romeThemes, career.RomeThemeGroup, [3]string{"code_theme", "libelle_theme", "definition_theme"})
	if err != nil {
		return err
	}
	im.sum.Themes = len(labels)
	return im.read(romeThemeTree, []string{"code_theme", "libelle_theme", "code_rome", "libelle_rome"}, func(get func(string) string, line int) error {
		r, err := im.namedFiche(get)
		if err != nil {
			return err
		}
		code := get("code_theme")
		if err := facetLink(labels, romeThemes, code, get("libelle_theme")); err != nil {
			return err
		}
		if slices.Contains(r.Rome.Themes, code) {
			return fmt.Errorf("fiche %s is filed under thème %s twice", *r.RomeCode, code)
		}
		r.Rome.Themes = append(r.Rome.Themes, code)
		im.sum.ThemeLinks++
		return nil
	})
}

// sectorGroups: the secteurs d'activité and their sous-secteurs, as
// groups with ROME's definitions; returns their labels by code.
func (im *romeImport) sectorGroups() (map[string]string, error) {
	labels, err := im.facetGroups(romeSectorList, career.RomeSectorGroup, [3]string{"code_sect_activite", "libelle_sect_activite", "definition_sect_activite"})
	if err != nil {
		return nil, err
	}
	err = im.read(romeSubSectors, []string{"code_ss_sect_activite", "libelle_ss_sect_activite", "definition_ss_sect_activite", "code_sect_activite"}, func(get func(string) string, line int) error {
		code, parent := get("code_ss_sect_activite"), get("code_sect_activite")
		if code == "" || labels[code] != "" {
			// Sector and sub-sector codes are one space: RoleFilter.RomeSector takes either.
			return fmt.Errorf("code_ss_sect_activite %q is empty or already a sector's or sub-sector's", code)
		}
		if labels[parent] == "" {
			return fmt.Errorf("code_sect_activite %q is not in %s", parent, romeSectorList)
		}
		labels[code] = get("libelle_ss_sect_activite")
		g := im.romeFacetGroup(career.RomeSectorGroup, code, get("libelle_ss_sect_activite"), get("definition_ss_sect_activite"))
		g.ParentID = new(career.GroupPrefix + facetSlug(career.RomeSectorGroup, parent))
		im.ds.Groups = append(im.ds.Groups, g)
		return nil
	})
	im.sum.SectorGroups = len(labels)
	return labels, err
}
