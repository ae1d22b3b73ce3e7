package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"reflect"
	"slices"

	"github.com/peterbourgon/ff/v3/ffcli"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
)

// importer reads the files in dir and returns the records to upsert over
// cur and a summary of what they are.
type importer func(dir string, cur career.Dataset, progress func(rows int)) (career.Dataset, string, error)

var importers = map[string]importer{
	"esco": func(dir string, cur career.Dataset, progress func(int)) (career.Dataset, string, error) {
		return seed.ImportESCO(seed.Dir(dir), cur, progress)
	},
	"mcc": func(dir string, cur career.Dataset, _ func(int)) (career.Dataset, string, error) {
		return seed.ImportMCC(seed.Dir(dir), cur)
	},
	"rome": func(dir string, cur career.Dataset, _ func(int)) (career.Dataset, string, error) {
		return seed.ImportROME(seed.Dir(dir), cur)
	},
	"rome-esco": func(dir string, cur career.Dataset, _ func(int)) (career.Dataset, string, error) {
		return seed.ImportROMEESCO(seed.Dir(dir), cur)
	},
	"labour-market": func(dir string, cur career.Dataset, _ func(int)) (career.Dataset, string, error) {
		return seed.ImportLabour(seed.Dir(dir), cur)
	},
}

// stale returns, per import, what an earlier import of the same folder
// wrote and ds lacks, to delete with it (seed.StaleLabour).
var stale = map[string]func(cur, ds career.Dataset) career.Dataset{
	"labour-market": seed.StaleLabour,
}

// importCommand loads open data into the configured store (embedded or
// Neo4j) in one transaction: `careergraph import esco -dir
// ../shared/data/esco`, then `careergraph import mcc -dir
// ../shared/data/mcc`. Running one again with the same files changes
// nothing. On the embedded store the server must be stopped first (the
// store file is locked while it runs).
func importCommand(out io.Writer) *ffcli.Command {
	imp := &ffcli.Command{Name: "import", ShortUsage: "careergraph import esco|mcc|rome|rome-esco|labour-market -dir DIR [flags]", ShortHelp: "load an open-data folder into the store, in one transaction"}
	imp.Exec = func(_ context.Context, args []string) error {
		if len(args) == 0 {
			return usageError{fmt.Errorf("import what? esco, mcc, rome, rome-esco or labour-market")}
		}
		return usageError{fmt.Errorf("unknown import %q: esco, mcc, rome, rome-esco or labour-market", args[0])}
	}
	for _, kind := range slices.Sorted(maps.Keys(importers)) {
		var dir string
		imp.Subcommands = append(imp.Subcommands, command(kind, "careergraph import "+kind+" -dir DIR [flags]", "import the "+kind+" folder DIR",
			func(fs *flag.FlagSet) { fs.StringVar(&dir, "dir", "", "folder holding the source files (required)") },
			func(ctx context.Context, cfg config, args []string) error {
				if dir == "" || len(args) > 0 {
					return usageError{fmt.Errorf("give the folder with -dir DIR")}
				}
				return runImportOn(ctx, cfg, kind, dir, out)
			}))
	}
	return imp
}

// runImportOn imports the kind folder dir into cfg's store.
func runImportOn(ctx context.Context, cfg config, kind, dir string, out io.Writer) error {
	imp := importers[kind]
	st, connect, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if connect != nil {
		if err := connect(ctx); err != nil {
			return err
		}
	}
	live := store.NewLive(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	curated, digest, err := seed.Curated()
	if err != nil {
		return err
	}
	if err := live.Load(ctx, curated, digest); err != nil {
		return err
	}
	cur := live.Graph().Dataset()
	ds, summary, err := imp(dir, cur, func(rows int) { fmt.Fprintf(out, "%s: %d rows read\n", kind, rows) })
	switch {
	case errors.Is(err, seed.ErrNeedsESCO):
		return fmt.Errorf("%w: run `import esco` first", err)
	case errors.Is(err, seed.ErrNeedsROME):
		return fmt.Errorf("%w: run `import rome` first", err)
	case err != nil:
		return err
	}
	var del career.Dataset
	if f := stale[kind]; f != nil {
		del = f(cur, ds)
	}
	if del.Len() == 0 && reflect.DeepEqual(cur.Upsert(ds), cur) {
		fmt.Fprintf(out, "%s: nothing to do, %s already up to date (store version %d)\n", kind, summary, live.Graph().Version())
		return nil
	}
	// The same write as a mutation's: validated, committed, swapped.
	g, err := live.Change(ctx, func(*career.Graph) (store.Write, error) { return store.Write{Delete: del, Upsert: ds}, nil })
	if err != nil {
		return err
	}
	gone := ""
	if n := del.Len(); n > 0 {
		gone = fmt.Sprintf(", %d an earlier import wrote and this one lacks deleted", n)
	}
	fmt.Fprintf(out, "%s: imported %s in one transaction (%d records written%s); store version %d\n", kind, summary, ds.Len(), gone, g.Version())
	return nil
}
