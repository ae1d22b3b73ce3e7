package seed

import (
	"slices"
	"strings"

	"careergraph/career"
)

// labourSources are the sources a labour-market import has ever cited:
// this release's and those of earlier ones (Certif Info, shipped up to
// release /5 of OpenDataVersion and dropped for its unstated licence).
var labourSources = map[string]bool{
	RNCPSource.ID: true, MENJSource.ID: true, OnisepSource.ID: true, RNCP2021Source.ID: true,
	DaresPSMSource.ID: true, DaresFap2021Source.ID: true, BMOSource.ID: true,
	"source:certifinfo": true,
}

// labourTrainingID reports whether id is one a labour-market import gives
// a register entry: "training:rncp" or "training:rs" and its number.
func labourTrainingID(id string) bool {
	n, ok := strings.CutPrefix(id, "training:rncp")
	if !ok {
		n, ok = strings.CutPrefix(id, "training:rs")
	}
	return ok && n != "" && n[0] != '0' && strings.Trim(n, "0123456789") == ""
}

// importedTraining reports whether t is a record a labour-market import
// wrote: a register entry's id, citing the register.
func importedTraining(t career.Training) bool {
	return labourTrainingID(t.ID) && slices.Contains(t.SourceIDs, RNCPSource.ID)
}

// importedLink reports whether l is a LEADS_TO a labour-market import
// wrote: from a register entry, through a historical ROME code, citing
// the register (one the API writes names no historical code unless its
// writer copies the importer's shape).
func importedLink(l career.LeadsTo) bool {
	return labourTrainingID(l.TrainingID) && l.RomeParent != nil && slices.Contains(l.SourceIDs, RNCPSource.ID)
}

// StaleLabour returns the records of cur that an earlier labour-market
// import wrote and that ds, this import's records over cur
// (ImportLabour), no longer has: to delete in the same write that
// upserts ds, so that a store which imported an earlier release keeps
// nothing of it that this one lacks (Certif Info's certifications and
// their LEADS_TO, after release /6 dropped it). Which records an import
// wrote is read from their shape, the only mark a store that imported an
// earlier release holds: a training with a register entry's id citing
// source:rncp; a LEADS_TO from one, through a historical ROME code,
// citing it; a source of the labour market that nothing cites any more.
// Records written through the API in another shape, and records of other
// sources, are kept; a LEADS_TO of any shape from a deleted training goes
// with it (a link to nothing cannot be stored).
func StaleLabour(cur, ds career.Dataset) career.Dataset {
	kept := map[string]bool{}
	for _, t := range ds.Trainings {
		kept[t.ID] = true
	}
	keptLinks := map[string]bool{}
	for _, l := range ds.LeadsTo {
		keptLinks[l.TrainingID+"\x00"+l.RoleID] = true
	}
	var stale career.Dataset
	gone := map[string]bool{}
	for _, t := range cur.Trainings {
		if importedTraining(t) && !kept[t.ID] {
			stale.Trainings = append(stale.Trainings, t)
			gone[t.ID] = true
		}
	}
	for _, l := range cur.LeadsTo {
		if gone[l.TrainingID] || importedLink(l) && !keptLinks[l.TrainingID+"\x00"+l.RoleID] {
			stale.LeadsTo = append(stale.LeadsTo, l)
		}
	}
	// A labour source this import does not write goes once nothing cites
	// it: a record of another source citing it keeps it.
	writes := map[string]bool{}
	for _, s := range ds.Sources {
		writes[s.ID] = true
	}
	var unwritten []career.Source
	for _, s := range cur.Sources {
		if labourSources[s.ID] && !writes[s.ID] {
			unwritten = append(unwritten, s)
		}
	}
	if len(unwritten) > 0 {
		cited := cur.Without(stale).Upsert(ds).CitedSources()
		for _, s := range unwritten {
			if !cited[s.ID] {
				stale.Sources = append(stale.Sources, s)
			}
		}
	}
	return stale
}
