package seed

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"careergraph/career"
)

// ROMEESCOSource is the provenance of the official ESCO–ROME mapping.
var ROMEESCOSource = career.Source{
	ID: career.RomeEscoSourceID, Name: "ESCO–ROME mapping (Pôle emploi / European Commission)", Kind: career.Taxonomy,
	URL:     new("https://esco.ec.europa.eu/en/use-esco/eures-countries-mapping-tables"),
	Version: new("V1.4 (13/07/2022; ESCO v1.1, ROME V3.0)"),
	License: new("ESCO–ROME mapping, Pôle emploi / European Commission (ESCO): Commission Decision 2011/833/EU; ROME labels under Licence Ouverte (Etalab)"),
}

const romeESCOFile = "FR_20230104_mapping_esco_rome.csv"

// ROMEESCOSummary counts what the mapping held and what it became.
type ROMEESCOSummary struct {
	// Rows are the mapping's rows (appellation -> ESCO occupation).
	Rows int
	// Pairs are the (fiche, occupation) pairs they make. By their closest
	// relation: Exact pairs became EQUIVALENT, Close ones (close, never
	// exact) CLOSE_MATCH, Loose ones (broad or narrow only) nothing.
	Pairs, Exact, Close, Loose int
	// MostlyLoose counts the exact pairs most of whose joining appellations
	// are broad or narrow; SeveralExact the occupations exact for more
	// than one fiche.
	MostlyLoose, SeveralExact int
	// Unknown counts rows whose appellation or occupation this graph lacks.
	Unknown int
	// FrenchNames counts the ESCO occupations given their French name.
	FrenchNames int
}

func (s ROMEESCOSummary) String() string {
	return fmt.Sprintf("%d appellation mappings, %d fiche–occupation pairs: %d exact matches made EQUIVALENT both ways "+
		"(%d of them mostly through broad or narrow appellations; %d occupations exact for several fiches), "+
		"%d close (never exact) matches made CLOSE_MATCH moves both ways, %d broad or narrow only, not linked; "+
		"%d rows skipped: appellation or occupation not in the graph, %d ESCO occupations given their French name as a French title",
		s.Rows, s.Pairs, s.Exact, s.MostlyLoose, s.SeveralExact, s.Close, s.Loose, s.Unknown, s.FrenchNames)
}

// romeMatch ranks SKOS relations, closest first.
var romeMatch = []string{"skos:exactMatch", "skos:closeMatch", "skos:narrowMatch", "skos:broadMatch"}

// ROMEESCO reads the official ESCO–ROME mapping (ROME appellations to ESCO
// occupations, with a SKOS relation) in dir. Each appellation belongs to
// a fiche (titles, from the ROME import: appellation code -> fiche role
// id); each (fiche, occupation) pair takes the closest relation of its
// appellations. The rule, from the data: an exact match is the same job
// (EQUIVALENT both ways: a route crosses vocabularies there); a pair only
// ever close is a related job (CLOSE_MATCH both ways, a costed move: 1,592
// such pairs, K2402 close to 24 occupations from chemist to official
// veterinarian, could not all be "the same job"); broad or narrow only is
// not linked. Each link notes its closest relation, an appellation, and
// how many of the joining appellations bear each relation. have says
// which role ids exist.
//
// It also returns each occupation's French name, as the mapping gives it
// ("classification 1 prefered label", masculine/feminine forms).
func ROMEESCO(dir Folder, titles map[string]string, have func(string) bool) ([]career.Transition, map[string]string, ROMEESCOSummary, error) {
	var sum ROMEESCOSummary
	french := map[string]string{} // ESCO role id -> French name
	if err := verifyFolder(dir, "rome-esco-v1.4", []string{romeESCOFile}, nil); err != nil {
		return nil, nil, sum, err
	}
	f, err := dir.open(romeESCOFile)
	if err != nil {
		return nil, nil, sum, &ImportError{File: dir.path(romeESCOFile), Err: err}
	}
	defer f.Close()
	// 14 metadata lines and blank ones come before the header.
	br := bufio.NewReader(f)
	skipped := 0
	for {
		line, err := br.Peek(len("classification 1 ID"))
		if err != nil {
			return nil, nil, sum, &ImportError{File: dir.path(romeESCOFile), Line: skipped + 1, Err: fmt.Errorf("no header line starting with \"classification 1 ID\": %w", err)}
		}
		if string(line) == "classification 1 ID" {
			break
		}
		if _, err := br.ReadString('\n'); err != nil && err != io.EOF {
			return nil, nil, sum, err
		}
		skipped++
	}
	// names counts the French names the rows give each occupation: one
	// (art handler's) is given two, one of them garbled.
	names := map[string]map[string]int{}
	type pair struct{ fiche, occ string }
	best := map[pair]int{}
	count := map[pair]*[4]int{} // appellations joining the pair, by relation
	via := map[pair]string{}
	var order []pair
	err = csvRows(br, dir.path(romeESCOFile), []string{"classification 1 ID", "classification 1 prefered label", "classification 2 ID", "classification 2 prefered label", "mapping relation"},
		func(get func(string) string, line int) error {
			sum.Rows++
			rank := slices.Index(romeMatch, get("mapping relation"))
			if rank < 0 {
				return fmt.Errorf("mapping relation %q is not one of %s", get("mapping relation"), strings.Join(romeMatch, ", "))
			}
			uri := get("classification 1 ID")
			if !strings.HasPrefix(uri, "http://data.europa.eu/esco/occupation/") {
				return fmt.Errorf("classification 1 ID %q is not an ESCO occupation URI", uri)
			}
			fiche, ok := titles[get("classification 2 ID")]
			occ := escoRoleID(uri)
			if name := get("classification 1 prefered label"); name != "" && have(occ) {
				if names[occ] == nil {
					names[occ] = map[string]int{}
				}
				names[occ][name]++
			}
			if !ok || !have(occ) {
				sum.Unknown++
				return nil
			}
			p := pair{fiche, occ}
			if count[p] == nil {
				count[p] = &[4]int{}
			}
			count[p][rank]++
			if r, seen := best[p]; !seen || rank < r {
				if !seen {
					order = append(order, p)
				}
				best[p], via[p] = rank, get("classification 2 prefered label")
			}
			return nil
		})
	if err != nil {
		return nil, nil, sum, err
	}
	for occ, ns := range names {
		french[occ] = frenchName(ns)
	}
	var out []career.Transition
	exactFor := map[string]int{}
	for _, p := range order {
		sum.Pairs++
		c := count[p]
		note := fmt.Sprintf("ESCO–ROME mapping V1.4: %s, through the appellation « %s »; appellations joining them: %d exact, %d close, %d narrow, %d broad",
			romeMatch[best[p]], via[p], c[0], c[1], c[2], c[3])
		switch best[p] {
		case 0:
			sum.Exact++
			if c[2]+c[3] > (c[0]+c[1]+c[2]+c[3])/2 {
				sum.MostlyLoose++
			}
			if exactFor[p.occ]++; exactFor[p.occ] == 2 {
				sum.SeveralExact++
			}
			out = append(out, equivalent(p.fiche, p.occ, note, []string{ROMEESCOSource.ID})...)
		case 1:
			sum.Close++
			out = append(out, closeMatch(p.fiche, p.occ, note, []string{ROMEESCOSource.ID})...)
		default:
			sum.Loose++
		}
	}
	return out, french, sum, nil
}

// closeMatch joins two related jobs both ways by a CLOSE_MATCH move. No
// source gives its years: under YEARS it takes the time to get ready, a
// training's length or an estimate from the skills, like any such move.
func closeMatch(a, b, note string, sources []string) []career.Transition {
	return []career.Transition{
		{FromID: a, ToID: b, Kind: career.CloseMatch, Rank: 1, Note: &note, SourceIDs: sources},
		{FromID: b, ToID: a, Kind: career.CloseMatch, Rank: 1, Note: &note, SourceIDs: sources},
	}
}

// ImportROMEESCO reads the ESCO–ROME mapping in dir over cur, which must
// hold the ROME and ESCO roles, into EQUIVALENT transitions.
func ImportROMEESCO(dir Folder, cur career.Dataset) (career.Dataset, string, error) {
	titles := map[string]string{} // appellation code -> fiche role id
	roles := map[string]bool{}
	for _, r := range cur.Roles {
		roles[r.ID] = true
		if r.RomeCode == nil {
			continue
		}
		for _, t := range r.Titles {
			if t.Code != "" {
				titles[t.Code] = r.ID
			}
		}
	}
	if len(titles) == 0 {
		return career.Dataset{}, "", fmt.Errorf("%s: the graph holds no ROME fiche: %w", dir.path(romeESCOFile), ErrNeedsROME)
	}
	// Without ESCO's occupations every row would be skipped, and the
	// mapping lost until it is imported again.
	if !slices.ContainsFunc(cur.Roles, func(r career.Role) bool { return strings.HasPrefix(r.ID, escoRolePrefix) }) {
		return career.Dataset{}, "", fmt.Errorf("%s: the graph holds no ESCO occupation: %w", dir.path(romeESCOFile), ErrNeedsESCO)
	}
	eq, french, sum, err := ROMEESCO(dir, titles, func(id string) bool { return roles[id] })
	if err != nil {
		return career.Dataset{}, "", err
	}
	ds := career.Dataset{Transitions: eq, Sources: []career.Source{ROMEESCOSource}}
	// ESCO occupations get their French name as a French title, citing
	// the mapping.
	for _, r := range cur.Roles {
		name, ok := french[r.ID]
		if !ok || slices.ContainsFunc(r.Titles, func(t career.JobTitle) bool { return t.Lang == "fr" && t.Label == name }) {
			continue
		}
		r.Titles = append(slices.Clip(r.Titles), career.JobTitle{Label: name, Lang: "fr"})
		r.SourceIDs = cite(r.SourceIDs, ROMEESCOSource.ID)
		ds.Roles = append(ds.Roles, r)
		sum.FrenchNames++
	}
	return ds, sum.String() + ", from " + dir.Name, nil
}

// frenchName picks an occupation's French name among those the mapping's
// rows give: the most given, then the shortest (the one garbled name in
// V1.4 has text pasted on the end: « ...d'œuvres d'arte galerie d'art »),
// then the first in order.
func frenchName(counts map[string]int) string {
	best := ""
	for name, n := range counts {
		if best == "" || n > counts[best] || n == counts[best] && (len(name) < len(best) || len(name) == len(best) && name < best) {
			best = name
		}
	}
	return best
}
