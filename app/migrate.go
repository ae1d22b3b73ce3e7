package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/peterbourgon/ff/v3/ffcli"

	"careergraph/store"
	"careergraph/store/embedded"
	neo4jstore "careergraph/store/neo4j"
)

// migrateCommand copies the whole graph between the embedded store
// (-data-dir) and Neo4j (-neo4j-*), either way, so a team can start
// embedded and move up (or back): `careergraph migrate -to neo4j`. The
// target must be empty unless -replace is given (see store.Copy).
func migrateCommand(out io.Writer) *ffcli.Command {
	var to string
	var replace bool
	return command("migrate", "careergraph migrate -to neo4j|embedded [-replace] [flags]", "copy the graph between the embedded store and Neo4j",
		func(fs *flag.FlagSet) {
			fs.StringVar(&to, "to", "", "where to copy the graph: neo4j (from the embedded store) or embedded (from Neo4j)")
			fs.BoolVar(&replace, "replace", false, "replace a graph the target already holds")
		},
		func(ctx context.Context, cfg config, args []string) error {
			if to != "neo4j" && to != "embedded" || len(args) > 0 {
				return usageError{fmt.Errorf("say where to copy the graph: -to neo4j or -to embedded")}
			}
			return migrate(ctx, cfg, to, replace, out)
		})
}

func migrate(ctx context.Context, cfg config, to string, replace bool, out io.Writer) error {
	emb, err := embedded.Open(cfg.DataDir)
	if err != nil {
		return err
	}
	defer emb.Close()
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	neo, err := neo4jstore.Open(cctx, cfg.neo4j())
	if err != nil {
		return fmt.Errorf("neo4j: %w", err)
	}
	defer neo.Close()
	var from, dst store.Store = emb, neo
	if to == "embedded" {
		from, dst = neo, emb
	}
	msg, err := store.Copy(ctx, from, dst, replace)
	if errors.Is(err, store.ErrTargetNotEmpty) {
		return fmt.Errorf("%w; pass -replace to swap it whole for the source's", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "migrate to %s: %s\n", to, msg)
	return nil
}
