package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"careergraph/career"
	"careergraph/store"
	"careergraph/store/embedded"
	neo4jstore "careergraph/store/neo4j"
)

const migrateUsage = "usage: careergraph migrate -to neo4j|embedded [-replace] [-data-dir DIR] [-neo4j-uri URI ...]"

// replacer is a store that can swap its whole graph in one transaction.
type replacer interface {
	Replace(ctx context.Context, ds career.Dataset, meta map[string]string) (uint64, error)
}

// runMigrate copies the whole graph between the embedded store and Neo4j,
// either way, so a team can start embedded and move up (or back):
// `careergraph migrate -to neo4j`. The target must be empty unless
// -replace is given; the copy is one transaction and is read back and
// compared before the command says it is done.
func runMigrate(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	to := fs.String("to", "", "where to copy the graph: neo4j (from the embedded store) or embedded (from Neo4j)")
	replace := fs.Bool("replace", false, "replace a graph the target already holds")
	dataDir := fs.String("data-dir", cmp.Or(os.Getenv("DATA_DIR"), "./data"), "directory of the embedded store (env DATA_DIR)")
	var nc neo4jstore.Config
	fs.StringVar(&nc.URI, "neo4j-uri", cmp.Or(os.Getenv("NEO4J_URI"), "neo4j://localhost:7687"), "Neo4j address (env NEO4J_URI)")
	fs.StringVar(&nc.User, "neo4j-user", cmp.Or(os.Getenv("NEO4J_USER"), "neo4j"), "Neo4j user (env NEO4J_USER)")
	fs.StringVar(&nc.Password, "neo4j-password", os.Getenv("NEO4J_PASSWORD"), "Neo4j password (env NEO4J_PASSWORD)")
	fs.StringVar(&nc.Database, "neo4j-database", os.Getenv("NEO4J_DATABASE"), "Neo4j database (env NEO4J_DATABASE)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to != "neo4j" && *to != "embedded" {
		return fmt.Errorf("%s", migrateUsage)
	}
	emb, err := embedded.Open(*dataDir)
	if err != nil {
		return err
	}
	defer emb.Close()
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	neo, err := neo4jstore.Open(cctx, nc)
	if err != nil {
		return fmt.Errorf("neo4j: %w", err)
	}
	defer neo.Close()
	var from, dst store.Store = emb, neo
	if *to == "embedded" {
		from, dst = neo, emb
	}
	msg, err := migrate(ctx, from, dst, *replace)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "migrate to %s: %s\n", *to, msg)
	return nil
}

// migrate copies every record and the seed digest of from into to.
func migrate(ctx context.Context, from, to store.Store, replace bool) (string, error) {
	ds, version, err := from.Load(ctx)
	if err != nil {
		return "", fmt.Errorf("read the source: %w", err)
	}
	if _, err := career.Build(ds, version); err != nil {
		return "", fmt.Errorf("the source graph is invalid, nothing copied: %w", err)
	}
	digest, err := from.Meta(ctx, store.SeedDigestKey)
	if err != nil {
		return "", err
	}
	meta := map[string]string{store.SeedDigestKey: digest}
	have, err := to.Version(ctx)
	if err != nil {
		return "", fmt.Errorf("read the target: %w", err)
	}
	var v uint64
	switch {
	case have == 0:
		v, err = to.Apply(ctx, store.Write{Upsert: ds, Meta: meta})
	case !replace:
		return "", fmt.Errorf("the target already holds a graph (version %d); pass -replace to swap it whole for the source's", have)
	default:
		r, ok := to.(replacer)
		if !ok {
			return "", fmt.Errorf("the target cannot replace its graph")
		}
		v, err = r.Replace(ctx, ds, meta)
	}
	if err != nil {
		return "", fmt.Errorf("write the target (nothing changed): %w", err)
	}
	// Read the copy back: it must hold exactly the source's records.
	got, _, err := to.Load(ctx)
	if err != nil {
		return "", fmt.Errorf("read back: %w", err)
	}
	if a, b := canonical(ds), canonical(got); !bytes.Equal(a, b) {
		return "", fmt.Errorf("read back: the target differs from the source (%d records, want %d)", got.Len(), ds.Len())
	}
	return fmt.Sprintf("copied %d records (%d roles, %d skills) from version %d; target at version %d, read back and identical",
		ds.Len(), len(ds.Roles), len(ds.Skills), version, v), nil
}

// canonical is ds with every kind sorted by key, as JSON: two stores hold
// the same graph when their canonical forms are equal.
func canonical(ds career.Dataset) []byte {
	ds = ds.Clone()
	sortByKey(ds.Roles)
	sortByKey(ds.Levels)
	sortByKey(ds.Skills)
	sortByKey(ds.Trainings)
	sortByKey(ds.Employers)
	sortByKey(ds.Sources)
	sortByKey(ds.Requires)
	sortByKey(ds.LeadsTo)
	sortByKey(ds.Hires)
	sortByKey(ds.Transitions)
	sortByKey(ds.Similar)
	sortByKey(ds.Groups)
	sortByKey(ds.SkillLinks)
	b, _ := json.Marshal(ds)
	return b
}

func sortByKey[T interface{ Key() string }](s []T) {
	slices.SortFunc(s, func(a, b T) int { return cmp.Compare(a.Key(), b.Key()) })
}
