package seed

import (
	_ "embed"
	"fmt"
	"strings"

	"careergraph/career"
)

// The reviewed pairs of curated roles and ESCO occupations that are the
// same job. A pair is listed only when a person has read both
// descriptions and found the same duties at the same level; a shared
// word or an alt label is not enough (ESCO's data scientist lists "data
// engineer" as a title, yet the guide's Data engineer builds pipelines,
// not models, so they are not paired).
//
//go:embed crosswalk/curated-esco.csv
var crosswalkCSV string

// CrosswalkSource is the provenance of the reviewed pairs.
var CrosswalkSource = career.Source{
	ID: "source:careergraph-crosswalk", Name: "careergraph reviewed crosswalk (guide roles to ESCO)", Kind: career.Editorial,
	URL: ptr("seed/crosswalk/curated-esco.csv"), Version: ptr("2026-11-25"),
	License: ptr("Part of careergraph's seed data, free to reuse with attribution"),
}

// Equivalences returns, for every reviewed pair whose two roles are both
// known to have, an EQUIVALENT transition each way (typicalYears 0).
func Equivalences(have func(roleID string) bool) ([]career.Transition, error) {
	var out []career.Transition
	err := csvRows(strings.NewReader(crosswalkCSV), "seed/crosswalk/curated-esco.csv", []string{"curated_role", "esco_uri", "reason"},
		func(get func(string) string, _ int) error {
			a, b := get("curated_role"), escoRoleID(get("esco_uri"))
			if !strings.HasPrefix(get("esco_uri"), "http://data.europa.eu/esco/occupation/") {
				return fmt.Errorf("esco_uri %q is not an ESCO occupation URI", get("esco_uri"))
			}
			if !have(a) || !have(b) {
				return nil
			}
			zero, note := 0.0, get("reason")
			for _, p := range [][2]string{{a, b}, {b, a}} {
				out = append(out, career.Transition{FromID: p[0], ToID: p[1], Kind: career.Equivalent, Rank: 1,
					Note: &note, TypicalYears: &zero, SourceIDs: []string{CrosswalkSource.ID}})
			}
			return nil
		})
	return out, err
}
