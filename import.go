package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/embedded"
)

const importUsage = "usage: careergraph import esco -dir DIR [-data-dir DIR]"

// runImport loads open data into the embedded store in one transaction:
// `careergraph import esco -dir ../shared/data/esco`. Running it again
// with the same files changes nothing. The server must be stopped (the
// store file is locked while it runs).
func runImport(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "esco" {
		return fmt.Errorf("%s", importUsage)
	}
	fs := flag.NewFlagSet("import esco", flag.ContinueOnError)
	dir := fs.String("dir", "", "directory holding ESCO's occupations.csv (Tabiya layout)")
	dataDir := fs.String("data-dir", cmpOr(os.Getenv("DATA_DIR"), "./data"), "directory of the embedded store (env DATA_DIR)")
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
	// Curated roles keep their slugs; an ESCO role with the same one gets
	// a suffix.
	taken := map[string]bool{}
	for _, r := range cur.Roles {
		if !strings.HasPrefix(r.ID, "role:esco-") {
			taken[r.Slug] = true
		}
	}
	path := filepath.Join(*dir, "occupations.csv")
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	ds, err := seed.ESCOOccupations(f, path, func(s string) bool { return taken[s] }, func(rows int) {
		fmt.Fprintf(out, "esco: %d occupations read\n", rows)
	})
	if err != nil {
		return err
	}
	next := cur.Upsert(ds)
	if reflect.DeepEqual(next, cur) {
		fmt.Fprintf(out, "esco: nothing to do, %d occupations already up to date (store version %d)\n", len(ds.Roles), live.Graph().Version())
		return nil
	}
	existing := map[string]bool{}
	for _, r := range cur.Roles {
		existing[r.ID] = true
	}
	added := 0
	for _, r := range ds.Roles {
		if !existing[r.ID] {
			added++
		}
	}
	g, err := live.Change(ctx, func(career.Dataset) (career.Dataset, store.Write, error) {
		return next, store.Write{Upsert: ds}, nil
	})
	if err != nil {
		return err
	}
	titles := 0
	for _, r := range ds.Roles {
		titles += len(r.Titles)
	}
	fmt.Fprintf(out, "esco: imported %d occupations (%d new, %d updated) with %d job titles from %s; store version %d\n",
		len(ds.Roles), added, len(ds.Roles)-added, titles, path, g.Version())
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
