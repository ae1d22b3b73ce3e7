package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"careergraph/store"
	"careergraph/store/embedded"
	neo4jstore "careergraph/store/neo4j"
)

const migrateUsage = "usage: careergraph migrate -to neo4j|embedded [-replace] [-data-dir DIR] [-neo4j-uri URI ...]"

// runMigrate copies the whole graph between the embedded store and Neo4j,
// either way, so a team can start embedded and move up (or back):
// `careergraph migrate -to neo4j`. The target must be empty unless
// -replace is given (see store.Copy).
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
	msg, err := store.Copy(ctx, from, dst, *replace)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "migrate to %s: %s\n", *to, msg)
	return nil
}
