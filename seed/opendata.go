package seed

import (
	"embed"
	"io/fs"
	"strings"

	"careergraph/career"
)

// The open data careergraph ships (see opendata/README.md): ESCO v1.1.1
// with its skills, Nesta's Mapping Career Causeways profiles, France
// Travail's ROME 4.0 v60 and the official ESCO–ROME mapping, gzipped, each
// folder with the SHA-256 of its files as released.
//
//go:embed opendata
var openData embed.FS

// OpenDataVersion names the shipped releases, and after the slash what the
// importers take from them (2: ROME's contextes de travail; 3: its
// sectors; 4: ROME's ranks per category, skill definitions, two-digit NAF
// divisions, repaired cp1252 characters, and its centres d'intérêt,
// thèmes, skill kinds and title flags; 5: ROME's historical codes and
// the labour-market data; 6: no Certif Info, Onisep's levels, ESCO
// skills' alternative labels; 7: what an earlier labour-market release
// wrote and this one lacks is deleted, StaleLabour, and a training's slug
// has a fallback). A store
// records the version it imported, so the import runs once, and again
// only when this changes.
const OpenDataVersion = "esco-v1.1.1+mcc-cb8c57a+rome-v60+rome-esco-v1.4+labour-market-2026-02/7"

// OpenData is the shipped open data, as a folder of release folders
// (esco, mcc, rome).
func OpenData() Folder {
	sub, err := fs.Sub(openData, "opendata")
	if err != nil {
		panic(err) // a build mistake: the embed above names the folder
	}
	return Folder{FS: sub, Name: "seed/opendata (shipped)"}
}

// ImportOpenData imports root's ESCO, MCC, ROME, ESCO–ROME and
// labour-market folders over cur, in that order (MCC attaches to ESCO's
// roles, the mapping joins ROME's to ESCO's, the labour-market data
// attaches to ROME's fiches through their historical codes), and returns the records to upsert and a summary.
// progress hears each step's name.
func ImportOpenData(root Folder, cur career.Dataset, progress func(step string)) (career.Dataset, string, error) {
	steps := []struct {
		name string
		run  func(Folder, career.Dataset) (career.Dataset, string, error)
	}{
		{"esco", func(f Folder, c career.Dataset) (career.Dataset, string, error) {
			return ImportESCO(f, c, func(int) {})
		}},
		{"mcc", ImportMCC},
		{"rome", ImportROME},
		{"rome-esco", ImportROMEESCO},
		{"labour-market", ImportLabour},
	}
	var all career.Dataset
	var sums []string
	next := cur
	for i, s := range steps {
		progress(s.name)
		dir, err := root.sub(s.name)
		if err != nil {
			return career.Dataset{}, "", err
		}
		ds, sum, err := s.run(dir, next)
		if err != nil {
			return career.Dataset{}, "", err
		}
		if i < len(steps)-1 { // the last step's records need no next
			next = next.Upsert(ds)
		}
		all = all.Upsert(ds)
		sums = append(sums, s.name+": "+sum)
	}
	return all, strings.Join(sums, "; "), nil
}

// OpenDataRelease is one shipped release folder: esco, mcc, rome,
// rome-esco or labour-market.
func OpenDataRelease(name string) (Folder, error) { return OpenData().sub(name) }
