package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"careergraph/career"
	"careergraph/store/embedded"
)

// check verifies the embedded store in cfg.DataDir, read-only: bbolt's
// consistency check over every page, then every record decoded and the
// whole graph validated as a snapshot build does. What an operator runs
// after a crash; the server must be stopped (the file is locked).
func check(ctx context.Context, cfg config, out io.Writer) error {
	if cfg.Store != "embedded" {
		return usageError{fmt.Errorf("check verifies the embedded store; STORE is %q", cfg.Store)}
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, embedded.FileName)); err != nil {
		return fmt.Errorf("no store file to check: %w", err)
	}
	if err := embedded.Check(cfg.DataDir); errors.Is(err, embedded.ErrLocked) {
		return fmt.Errorf("the store file is locked, not damaged: stop the server using %s first (%w)", cfg.DataDir, err)
	} else if err != nil {
		return fmt.Errorf("the store file is damaged: %w", err)
	}
	st, err := embedded.Open(cfg.DataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	ds, v, err := st.Load(ctx)
	if err != nil {
		return fmt.Errorf("the store file reads, but its records do not: %w", err)
	}
	if _, err := career.Build(ds, v); err != nil {
		return fmt.Errorf("the stored graph is invalid: %w", err)
	}
	fmt.Fprintf(out, "check: %s is sound: version %d, %d records, every page and record checked\n", cfg.DataDir, v, ds.Len())
	return nil
}
