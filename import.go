package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"reflect"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/embedded"
)

const importUsage = "usage: careergraph import esco|mcc -dir DIR [-data-dir DIR]"

// importer reads the files in dir and returns the records to upsert over
// cur and a summary of what they are.
type importer func(dir string, cur career.Dataset, progress func(rows int)) (career.Dataset, string, error)

var importers = map[string]importer{
	"esco": func(dir string, cur career.Dataset, progress func(int)) (career.Dataset, string, error) {
		return seed.ImportESCO(dir, cur, progress)
	},
	"mcc": func(dir string, cur career.Dataset, _ func(int)) (career.Dataset, string, error) {
		return seed.ImportMCC(dir, cur)
	},
}

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
