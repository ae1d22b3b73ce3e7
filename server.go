// Command careergraph serves the career knowledge graph over GraphQL, and
// imports, migrates and checks its data (package app holds all of it).
//
// Configuration comes from flags or the matching environment variables
// (-data-dir or DATA_DIR, ...); run `careergraph help` for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"careergraph/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
