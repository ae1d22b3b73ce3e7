// Package app is the careergraph program, which server.go's main runs:
// `careergraph` (or `careergraph serve`) serves the explorer, GraphiQL and
// the GraphQL API; `import`, `migrate`, `check`, `healthcheck` and
// `version` are its other subcommands (`careergraph help` lists them).
// Every setting is a flag or an environment variable of the same name
// (config.go), parsed once for every command. Its tests drive the real
// HTTP handler; the root's smoke tests run the built binary.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/peterbourgon/ff/v3"
	"github.com/peterbourgon/ff/v3/ffcli"
)

// usageError is a command line no command takes: main prints it with the
// usage and exits 2.
type usageError struct{ error }

// command builds one command of the tree: its flags are every setting
// (configFlags) plus what own adds, each also read from the environment
// variable of its name; exec gets the checked settings.
func command(name, usage, help string, own func(fs *flag.FlagSet), exec func(ctx context.Context, cfg config, args []string) error) *ffcli.Command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	cfg := configFlags(fs)
	if own != nil {
		own(fs)
	}
	return &ffcli.Command{
		Name: name, ShortUsage: usage, ShortHelp: help, FlagSet: fs,
		Options: []ff.Option{ff.WithEnvVars()},
		Exec: func(ctx context.Context, args []string) error {
			emptyEnv(fs)
			if err := cfg.check(); err != nil {
				return usageError{err}
			}
			return exec(ctx, *cfg, args)
		},
	}
}

// commandLine is careergraph's command tree. Without a command it serves.
func commandLine(out io.Writer) *ffcli.Command {
	noArgs := func(name string, f func(ctx context.Context, cfg config) error) func(context.Context, config, []string) error {
		return func(ctx context.Context, cfg config, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("%s takes no argument %q", name, args[0])}
			}
			return f(ctx, cfg)
		}
	}
	var showVersion bool
	serve := noArgs("serve", serve)
	root := command("careergraph", "careergraph [flags] [command]",
		"the career knowledge graph over GraphQL", func(fs *flag.FlagSet) {
			fs.BoolVar(&showVersion, "version", false, "print the version and exit")
		}, func(ctx context.Context, cfg config, args []string) error {
			if showVersion {
				fmt.Fprintln(out, version())
				return nil
			}
			if len(args) > 0 {
				return usageError{fmt.Errorf("unknown command %q", args[0])}
			}
			return serve(ctx, cfg, args)
		})
	root.LongHelp = "Every flag of every command is also read from the environment variable of its name\n" +
		"in upper case (-data-dir or DATA_DIR); the flag wins. See the README for each setting."
	root.Subcommands = []*ffcli.Command{
		command("serve", "careergraph serve [flags]", "serve the explorer, GraphiQL and the GraphQL API (the default)", nil, serve),
		importCommand(out),
		migrateCommand(out),
		command("check", "careergraph check [flags]", "verify the embedded store file (stop the server first): its pages, then its graph", nil,
			noArgs("check", func(ctx context.Context, cfg config) error { return check(ctx, cfg, out) })),
		command("healthcheck", "careergraph healthcheck [flags]", "ask the server on this host whether it is ready (exit 0) or not (exit 1)", nil,
			noArgs("healthcheck", healthcheck)),
		command("version", "careergraph version", "print the version", nil, noArgs("version", func(context.Context, config) error {
			fmt.Fprintln(out, version())
			return nil
		})),
	}
	help := &ffcli.Command{Name: "help", ShortUsage: "careergraph help", ShortHelp: "list the commands and the settings"}
	help.Exec = func(context.Context, []string) error {
		fmt.Fprint(out, ffcli.DefaultUsageFunc(root))
		return nil
	}
	root.Subcommands = append(root.Subcommands, help)
	return root
}

// run runs the command line args.
func run(ctx context.Context, args []string, out io.Writer) error {
	root := commandLine(out)
	if err := root.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	return root.Run(ctx)
}

// Main runs the command line args until ctx ends and gives the process's
// exit status: 0, 1 for a failure, 2 for a command line it refuses.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := run(ctx, args, stdout)
	var usage usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "careergraph: %v\nRun 'careergraph help' for the commands and their settings.\n", usage.error)
		return 2
	default:
		fmt.Fprintln(stderr, "careergraph:", err)
		return 1
	}
}

// version names this build: its module version and VCS revision.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "careergraph (unknown build)"
	}
	v := "careergraph " + info.Main.Version
	stamped := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v += " " + s.Value[:min(12, len(s.Value))]
			stamped = true
		case "vcs.modified":
			if s.Value == "true" {
				v += "+modified"
			}
		}
	}
	if !stamped {
		// go run and go test never stamp the VCS revision; go build in
		// a git checkout does, unless -buildvcs=false (GOFLAGS may say so).
		v += ", no commit recorded (go run and go test builds carry none; go build -buildvcs=true does)"
	}
	return v + " (" + info.GoVersion + ")"
}
