package seed

import (
	_ "embed"
	"fmt"
	"strings"

	"careergraph/career"
)

// The reviewed pairs of curated roles and ESCO occupations, or ROME
// fiches. An exact pair is the same job: listed only when a person has
// read both descriptions and found the same duties at the same level; a
// shared word or an alt label is not enough (ESCO's data scientist lists
// "data engineer" as a title, yet the guide's Data engineer builds
// pipelines, not models, so they are not paired). A ROME pair names the
// appellation that makes it and its relation: exact (EQUIVALENT, a twin)
// or close (CLOSE_MATCH, a costed step between related jobs: the guide's
// Tech Lead and Staff Engineer, which no record names, are close to the
// fiches that file their work under another title). The reason is written
// next to each pair.
//
//go:embed crosswalk/curated-esco.csv
var crosswalkCSV string

//go:embed crosswalk/curated-rome.csv
var crosswalkROMECSV string

// CrosswalkSource is the provenance of the reviewed pairs.
var CrosswalkSource = career.Source{
	ID: career.CrosswalkSourceID, Name: "careergraph reviewed crosswalk (guide roles to ESCO and ROME)", Kind: career.Editorial,
	URL: new("seed/crosswalk/"), Version: new("2026-11-25"),
	License: new("Part of careergraph's seed data, free to reuse with attribution"),
}

// Equivalences returns, for every reviewed pair whose two roles are both
// known to have, an EQUIVALENT transition each way (typicalYears 0), or a
// CLOSE_MATCH one for a close ROME pair.
func Equivalences(have func(roleID string) bool) ([]career.Transition, error) {
	var out []career.Transition
	pair := func(a, b, note string, close bool, src ...string) {
		switch {
		case !have(a) || !have(b):
		case close:
			out = append(out, closeMatch(a, b, note, src)...)
		default:
			out = append(out, equivalent(a, b, note, src)...)
		}
	}
	err := csvRows(strings.NewReader(crosswalkCSV), "seed/crosswalk/curated-esco.csv", []string{"curated_role", "esco_uri", "reason"},
		func(get func(string) string, _ int) error {
			if !strings.HasPrefix(get("esco_uri"), "http://data.europa.eu/esco/occupation/") {
				return fmt.Errorf("esco_uri %q is not an ESCO occupation URI", get("esco_uri"))
			}
			pair(get("curated_role"), escoRoleID(get("esco_uri")), get("reason"), false, CrosswalkSource.ID)
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = csvRows(strings.NewReader(crosswalkROMECSV), "seed/crosswalk/curated-rome.csv", []string{"curated_role", "rome_code", "appellation", "relation", "reason"},
		func(get func(string) string, _ int) error {
			if code := get("rome_code"); !career.IsRomeFiche(code) {
				return fmt.Errorf("rome_code %q is not a ROME fiche code", code)
			}
			rel := get("relation")
			if rel != "exact" && rel != "close" {
				return fmt.Errorf("relation %q is neither exact nor close", rel)
			}
			pair(get("curated_role"), romeRoleID(get("rome_code")), get("reason"), rel == "close", CrosswalkSource.ID)
			return nil
		})
	return out, err
}

// equivalent is an EQUIVALENT transition each way between a and b, with
// no years: the same job in two vocabularies.
func equivalent(a, b, note string, sources []string) []career.Transition {
	zero := 0.0
	return []career.Transition{
		{FromID: a, ToID: b, Kind: career.Equivalent, Rank: 1, Note: &note, TypicalYears: &zero, SourceIDs: sources},
		{FromID: b, ToID: a, Kind: career.Equivalent, Rank: 1, Note: &note, TypicalYears: &zero, SourceIDs: sources},
	}
}
