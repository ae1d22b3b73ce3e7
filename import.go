package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/embedded"
)

const importUsage = "usage: careergraph import esco|mcc -dir DIR [-data-dir DIR]"

// importer reads the files in dir and returns the records to upsert over
// cur and a summary of what they are.
type importer func(dir string, cur career.Dataset, progress func(rows int)) (career.Dataset, string, error)

var importers = map[string]importer{"esco": importESCO, "mcc": importMCC}

// runImport loads open data into the embedded store in one transaction:
// `careergraph import esco -dir ../shared/data/esco`, then
// `careergraph import mcc -dir ../shared/data/mcc`. Running one again with
// the same files changes nothing. The server must be stopped (the store
// file is locked while it runs).
func runImport(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || importers[args[0]] == nil {
		return fmt.Errorf("%s", importUsage)
	}
	kind, imp := args[0], importers[args[0]]
	fs := flag.NewFlagSet("import "+kind, flag.ContinueOnError)
	dir := fs.String("dir", "", "directory holding the source files")
	dataDir := fs.String("data-dir", cmp.Or(os.Getenv("DATA_DIR"), "./data"), "directory of the embedded store (env DATA_DIR)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("-dir is required; %s", importUsage)
	}
	st, err := embedded.Open(*dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	live := store.NewLive(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	curated, digest, err := seed.Curated()
	if err != nil {
		return err
	}
	if err := live.Load(ctx, curated, digest); err != nil {
		return err
	}
	cur := live.Graph().Dataset()
	ds, summary, err := imp(*dir, cur, func(rows int) { fmt.Fprintf(out, "%s: %d rows read\n", kind, rows) })
	if err != nil {
		return err
	}
	next := cur.Upsert(ds)
	if reflect.DeepEqual(next, cur) {
		fmt.Fprintf(out, "%s: nothing to do, %s already up to date (store version %d)\n", kind, summary, live.Graph().Version())
		return nil
	}
	g, err := live.Change(ctx, func(career.Dataset) (career.Dataset, store.Write, error) {
		return next, store.Write{Upsert: ds}, nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: imported %s in one transaction (%d records written); store version %d\n", kind, summary, ds.Len(), g.Version())
	return nil
}

func importESCO(dir string, cur career.Dataset, progress func(int)) (career.Dataset, string, error) {
	// Curated roles and skills keep their slugs; an ESCO one with the same
	// slug gets a suffix.
	taken := map[string]bool{}
	for _, r := range cur.Roles {
		if !strings.HasPrefix(r.ID, "role:esco-") {
			taken["role\x00"+r.Slug] = true
		}
	}
	for _, s := range cur.Skills {
		if !strings.HasPrefix(s.ID, "skill:esco-") {
			taken["skill\x00"+s.Slug] = true
		}
	}
	ds, sum, err := seed.ESCO(dir, func(kind, slug string) bool { return taken[kind+"\x00"+slug] }, func(_ string, rows int) { progress(rows) })
	if err != nil {
		return career.Dataset{}, "", err
	}
	// ESCO owns a role's name, description, titles, codes and broader role; what other
	// sources added (the MCC profile, their citations) stays.
	old := map[string]career.Role{}
	for _, r := range cur.Roles {
		old[r.ID] = r
	}
	for i, r := range ds.Roles {
		if o, ok := old[r.ID]; ok {
			o.Name, o.Description, o.Titles, o.EscoURI, o.IscoCode, o.BroaderID = r.Name, r.Description, r.Titles, r.EscoURI, r.IscoCode, r.BroaderID
			for _, s := range r.SourceIDs {
				if !slices.Contains(o.SourceIDs, s) {
					o.SourceIDs = append(slices.Clone(o.SourceIDs), s)
				}
			}
			ds.Roles[i] = o
		}
	}
	// Link the guide roles to their ESCO twins (seed/crosswalk).
	roles := map[string]bool{}
	for _, r := range append(cur.Roles, ds.Roles...) {
		roles[r.ID] = true
	}
	eq, err := seed.Equivalences(func(id string) bool { return roles[id] })
	if err != nil {
		return career.Dataset{}, "", err
	}
	if len(eq) > 0 {
		ds.Transitions = append(ds.Transitions, eq...)
		ds.Sources = append(ds.Sources, seed.CrosswalkSource)
	}
	return ds, fmt.Sprintf("%s, %d reviewed guide-role equivalences, from %s", sum, len(eq)/2, dir), nil
}

func importMCC(dir string, cur career.Dataset, _ func(int)) (career.Dataset, string, error) {
	occFile, crossFile := filepath.Join(dir, "mcc_transitions_Occupation_data.csv"), filepath.Join(dir, "esco_onet_crosswalk_Nov2020.csv")
	occ, err := os.Open(occFile)
	if err != nil {
		return career.Dataset{}, "", err
	}
	defer occ.Close()
	cross, err := os.Open(crossFile)
	if err != nil {
		return career.Dataset{}, "", err
	}
	defer cross.Close()
	profiles, err := seed.MCCProfiles(occ, occFile, cross, crossFile)
	if err != nil {
		return career.Dataset{}, "", err
	}
	roles := map[string]career.Role{}
	for _, r := range cur.Roles {
		roles[r.ID] = r
	}
	ds := career.Dataset{Sources: []career.Source{seed.MCCSource}}
	missing, onet := 0, 0
	for uri, p := range profiles {
		r, ok := roles["role:esco-"+path.Base(uri)]
		if !ok {
			missing++
			continue
		}
		r.MCC = &p
		if !slices.Contains(r.SourceIDs, seed.MCCSource.ID) {
			r.SourceIDs = append(append([]string(nil), r.SourceIDs...), seed.MCCSource.ID)
		}
		if p.OnetCode != nil {
			onet++
		}
		ds.Roles = append(ds.Roles, r)
	}
	slices.SortFunc(ds.Roles, func(a, b career.Role) int { return strings.Compare(a.ID, b.ID) })
	if len(ds.Roles) == 0 {
		return career.Dataset{}, "", fmt.Errorf("%s: none of its %d occupations has an ESCO role in the store; run `import esco` first", occFile, len(profiles))
	}
	// MCC was built on an earlier ESCO release: an occupation absent from
	// this one is skipped and counted, not invented.
	return ds, fmt.Sprintf("%d MCC occupation profiles (%d with an O*NET code, %d skipped: not in the imported ESCO)", len(ds.Roles), onet, missing), nil
}
