package neo4j_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/neo4j"
	"careergraph/store/storetest"
	"careergraph/testkit"
)

// TestContract runs the store contract against a real Neo4j. Each case
// starts by wiping the careergraph labels: point it at a throwaway
// database.
func TestContract(t *testing.T) {
	cfg := storetest.Neo4jConfig(t)
	storetest.Run(t, func(t *testing.T) storetest.Opener {
		emptyStore(t, cfg).Close()
		return func() (store.Store, error) { return neo4j.Open(context.Background(), cfg) }
	})
}

func TestUnreachableNeo4jIsUnavailableNotAHang(t *testing.T) {
	for name, addr := range map[string]string{"refused": testkit.RefusingAddr(t), "stalled": testkit.StallingAddr(t)} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			cfg := neo4j.Config{URI: "bolt://" + addr, User: "neo4j", Password: "x", Timeout: 500 * time.Millisecond}
			start := time.Now()
			_, err := neo4j.Open(ctx, cfg)
			if !errors.Is(err, store.ErrUnavailable) || !strings.Contains(err.Error(), addr) {
				t.Fatalf("Open: %v; want ErrUnavailable naming %s", err, addr)
			}
			s, err := neo4j.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			checks := map[string]func() error{
				"Load":    func() error { _, _, err := s.Load(ctx); return err },
				"Apply":   func() error { _, err := s.Apply(ctx, store.Write{Meta: map[string]string{"k": "v"}}); return err },
				"Version": func() error { _, err := s.Version(ctx); return err },
				"Meta":    func() error { _, err := s.Meta(ctx, "k"); return err },
			}
			for call, f := range checks {
				if err := f(); !errors.Is(err, store.ErrUnavailable) {
					t.Errorf("%s: %v; want ErrUnavailable", call, err)
				}
			}
			// Bounded by the configured timeout (and the driver's retries),
			// not by TCP's minutes-long defaults.
			if d := time.Since(start); d > 30*time.Second {
				t.Errorf("giving up took %s", d)
			}
		})
	}
}

// TestMain runs the package's tests and then, when all of them ran against
// a Neo4j, checks that they ran every Cypher file: the files CI lints are
// the statements the store runs (and cypher() panics on a file that does
// not exist, so a name without its file fails every test).
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code != 0 || os.Getenv("NEO4J_URI") == "" || testing.Short() || flag.Lookup("test.run").Value.String() != "" {
		os.Exit(code)
	}
	files, err := fs.Glob(neo4j.Cypher, "cypher/*.cypher")
	if err != nil || len(files) == 0 {
		fmt.Fprintln(os.Stderr, "no Cypher files:", err)
		os.Exit(1)
	}
	for _, f := range files {
		if name := strings.TrimSuffix(strings.TrimPrefix(f, "cypher/"), ".cypher"); !neo4j.Asked(name) {
			fmt.Fprintf(os.Stderr, "--- FAIL: %s is never run by the store's tests: unused, or untested\n", f)
			code = 1
		}
	}
	os.Exit(code)
}

func TestSchemaSplitsIntoStatements(t *testing.T) {
	b, err := fs.ReadFile(neo4j.Cypher, "cypher/schema.cypher")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Count(string(b), ";\n") + 1 // the last statement ends the file
	for name, text := range map[string]string{"LF": string(b), "CRLF": strings.ReplaceAll(string(b), "\n", "\r\n")} {
		st := neo4j.Statements(text)
		if len(st) != want || want < 20 {
			t.Fatalf("%s: %d statements, want %d", name, len(st), want)
		}
		for _, s := range st {
			if !strings.HasPrefix(s, "CREATE ") && !strings.HasPrefix(s, "MATCH ") && !strings.HasPrefix(s, "DROP ") || strings.Contains(s, ";") || strings.Contains(s, "//") || strings.Contains(s, "\r") {
				t.Errorf("%s: statement %q", name, s)
			}
		}
	}
}

// Every `row.x` a statement reads is a key of the rows Apply sends for it,
// and the ones a MERGE or MATCH pattern needs are never null (Neo4j refuses
// to MERGE on null and a MATCH on null finds nothing). No server needed.
func TestStatementsReadOnlyWhatTheRowsCarry(t *testing.T) {
	full := fullDataset(t)
	rows, files, err := neo4j.KindRows(&full)
	if err != nil {
		t.Fatal(err)
	}
	field := regexp.MustCompile(`row\.(\w+)`)
	pattern := regexp.MustCompile(`\{\w+: row\.(\w+)\}`)
	for kind, f := range files {
		if len(rows[kind]) == 0 {
			t.Fatalf("%s: no sample rows", kind)
		}
		for _, file := range f {
			if file == "" {
				continue
			}
			text, err := fs.ReadFile(neo4j.Cypher, "cypher/"+file+".cypher")
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(string(text), "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "//") {
					continue
				}
				optional := strings.HasPrefix(strings.TrimSpace(line), "OPTIONAL MATCH")
				needed := map[string]bool{}
				for _, m := range pattern.FindAllStringSubmatch(line, -1) {
					needed[m[1]] = !optional
				}
				for _, m := range field.FindAllStringSubmatch(line, -1) {
					for _, r := range rows[kind] {
						row := r.(map[string]any)
						v, ok := row[m[1]]
						if !ok {
							t.Errorf("%s.cypher reads row.%s, which %s rows do not carry", file, m[1], kind)
						} else if v == nil && needed[m[1]] {
							t.Errorf("%s.cypher matches on row.%s, null in a %s row: %v", file, m[1], kind, row)
						}
					}
				}
			}
		}
	}
}

// Errors are classified by their cause, as the driver reports them (the
// memory error below is what Neo4j 5.26 answered a 200,000-node write at
// its default transaction memory, after the driver's retries).
func TestErrorsAreClassifiedByCause(t *testing.T) {
	s, err := neo4j.New(neo4j.Config{URI: "bolt://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n4 := func(code string) *driver.Neo4jError { return &driver.Neo4jError{Code: code, Msg: "m"} }
	gaveUp := func(last error) error {
		return &driver.TransactionExecutionLimit{Cause: "timeout (exceeded max retry time: 30s)", Errors: []error{last, last}}
	}
	for name, c := range map[string]struct {
		err  error
		want error
	}{
		"memory, not retried": {neo4j.TooLarge(n4("Neo.TransientError.General.MemoryPoolOutOfMemoryError")), store.ErrTooLarge},
		"memory, retried":     {gaveUp(n4("Neo.TransientError.General.MemoryPoolOutOfMemoryError")), store.ErrTooLarge},
		"deadlock":            {gaveUp(n4("Neo.TransientError.Transaction.DeadlockDetected")), store.ErrStale},
		"lock wait":           {gaveUp(n4("Neo.TransientError.Transaction.LockAcquisitionTimeout")), store.ErrStale},
		"server time limit":   {n4("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"), context.DeadlineExceeded},
		"database down":       {gaveUp(n4("Neo.TransientError.General.DatabaseUnavailable")), store.ErrUnavailable},
		"connection refused":  {gaveUp(&net.OpError{Op: "dial", Err: errors.New("connection refused")}), store.ErrUnavailable},
		"our deadline":        {context.DeadlineExceeded, store.ErrUnavailable},
		// Issue 28: a slow Neo4j at start (load 27) answered the schema's
		// creation so; driver.IsConnectivityError misses it wrapped, and the
		// server exited instead of retrying.
		"no connection in time, wrapped": {fmt.Errorf("create schema: %w", &driver.ConnectivityError{Inner: errors.New("context deadline exceeded")}), store.ErrUnavailable},
	} {
		got := s.Wrap(c.err)
		if !errors.Is(got, c.want) {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
		for _, other := range []error{store.ErrTooLarge, store.ErrStale, store.ErrUnavailable} {
			if other != c.want && errors.Is(got, other) {
				t.Errorf("%s: %v is also %v", name, got, other)
			}
		}
	}
	if got := s.Wrap(n4("Neo.ClientError.Statement.SyntaxError")); errors.Is(got, store.ErrUnavailable) || errors.Is(got, store.ErrStale) {
		t.Errorf("a syntax error: %v", got)
	}
}

// Each relationship type has a key unique by constraint: a relationship
// written before keys existed gets its key when the store opens, and a
// second relationship with the same key is refused by Neo4j itself.
func TestRelationshipKeysAreBackfilledAndUnique(t *testing.T) {
	cfg := storetest.Neo4jConfig(t)
	ctx := context.Background()
	s := emptyStore(t, cfg)
	curated, _, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, store.Write{Upsert: curated}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	cypher := rawCypher(t, cfg)
	q := func(stmt string) ([]*driver.Record, error) { return cypher(stmt, nil) }
	recs, err := q("MATCH (a)-[r:TRANSITIONS_TO]->(b) WITH a, r, b LIMIT 1 REMOVE r.key RETURN a.id + '|' + b.id + '|' + r.kind AS key")
	if err != nil || len(recs) != 1 {
		t.Fatalf("removing a key: %v", err)
	}
	key, _ := recs[0].Get("key")
	if s, err = neo4j.Open(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if recs, err := q(fmt.Sprintf("MATCH ()-[r:TRANSITIONS_TO {key: %q}]->() RETURN count(r) AS n", key)); err != nil || recs[0].Values[0] != int64(1) {
		t.Fatalf("after Open the keyless transition has key %q: %v %v", key, recs, err)
	}
	_, err = q(fmt.Sprintf("MATCH (a)-[r:TRANSITIONS_TO {key: %q}]->(b) CREATE (a)-[:TRANSITIONS_TO {key: r.key, kind: r.kind}]->(b)", key))
	var n4 *driver.Neo4jError
	if !errors.As(err, &n4) || !strings.Contains(n4.Code, "ConstraintValidationFailed") {
		t.Fatalf("a second transition with key %q: %v, want a constraint violation", key, err)
	}
}

// A big write is cut into batches that are each a valid write: every
// record once, deletes first, a relationship's ends in its batch or an
// earlier one, BROADER-linked roles and groups together, the Base check
// on the first batch and the metadata on the last.
func TestBigWritesAreCutIntoValidBatches(t *testing.T) {
	full := fullDataset(t)
	base := uint64(3)
	w := store.Write{Upsert: full, Delete: career.Dataset{Skills: full.Skills[:2]}, Meta: map[string]string{"k": "v"}, Base: &base}
	const max = 7
	parts := neo4j.Batches(w, max)
	if len(parts) < 3 {
		t.Fatalf("%d batches of %d records for %d", len(parts), max, full.Len())
	}
	seen := map[string]bool{} // node ids written so far
	var upserted, deleted career.Dataset
	upsertsBegan := false
	for i, p := range parts {
		if (i == 0) != (p.Base != nil) || (i == len(parts)-1) != (p.Meta != nil) {
			t.Errorf("batch %d: base %v, meta %v", i, p.Base, p.Meta)
		}
		if p.Delete.Len() > 0 && upsertsBegan {
			t.Errorf("batch %d deletes after upserts began", i)
		}
		upsertsBegan = upsertsBegan || p.Upsert.Len() > 0
		linked := len(p.Upsert.Roles) + len(p.Upsert.Groups)
		if n := p.Upsert.Len() + p.Delete.Len(); n > max && n > linked {
			t.Errorf("batch %d holds %d records", i, n)
		}
		for _, r := range p.Upsert.Roles {
			seen[r.ID] = true
		}
		for _, k := range p.Upsert.Skills {
			seen[k.ID] = true
		}
		for _, s := range p.Upsert.Sources {
			seen[s.ID] = true
		}
		for _, q := range p.Upsert.Requires {
			if !seen[q.RoleID] || !seen[q.SkillID] {
				t.Errorf("batch %d: REQUIRES %s before its ends", i, q.Key())
			}
		}
		upserted.Merge(p.Upsert)
		deleted.Merge(p.Delete)
	}
	if !bytes.Equal(store.Canonical(upserted), store.Canonical(full)) || deleted.Len() != 2 {
		t.Error("the batches do not add up to the write")
	}
}

// A write cut into batches keeps each kind whose records name another of
// their kind (career.Kind.SelfRef) in one batch, with its link statement:
// no batch names a role or group a later one writes, though the write
// lists each before what it names.
func TestBatchesKeepSelfReferencesTogether(t *testing.T) {
	var written career.Dataset
	parts := neo4j.Batches(store.Write{Upsert: storetest.ChildrenFirst(4)}, 2)
	if len(parts) < 2 {
		t.Fatalf("%d batches: the test cuts nothing", len(parts))
	}
	for i, p := range parts {
		written.Merge(p.Upsert)
		if d := storetest.Dangling(written); len(d) > 0 {
			t.Errorf("after batch %d: %v", i, d)
		}
	}
	_, files, err := neo4j.KindRows(&career.Dataset{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range career.Kinds {
		if link := files[k.Label()][2]; (link != "") != k.SelfRef() {
			t.Errorf("%s: link statement %q, SelfRef %v", k.Label(), link, k.SelfRef())
		}
	}
}

// On the real server, a write cut into batches of 7 records loads back
// whole.
func TestBatchedWriteRoundTrips(t *testing.T) {
	cfg := storetest.Neo4jConfig(t)
	ctx := context.Background()
	s := emptyStore(t, cfg)
	full := fullDataset(t)
	s.SetBatch(7)
	v, err := s.Apply(ctx, store.Write{Upsert: full, Meta: map[string]string{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	got, lv, err := s.Load(ctx)
	if err != nil || lv != v || v < uint64(full.Len()/7) {
		t.Fatalf("load: version %d (write said %d), %v", lv, v, err)
	}
	if !bytes.Equal(store.Canonical(got), store.Canonical(full)) {
		t.Error("the batched write did not load back whole")
	}
	if m, _ := s.Meta(ctx, "k"); m != "v" {
		t.Errorf("meta = %q", m)
	}
}

// While a batched write lands, store.BatchingKey holds the version its
// last batch will reach (a replica starting meanwhile waits for it rather
// than importing again); the last batch clears it; a write cut short
// after some batches leaves it ahead of the store's version.
func TestBatchedWriteKeepsTheBatchingMarker(t *testing.T) {
	cfg := storetest.Neo4jConfig(t)
	ctx := context.Background()
	s := emptyStore(t, cfg)
	full := fullDataset(t)
	s.SetBatch(7)
	if _, err := s.Apply(ctx, store.Write{Upsert: full}); err != nil {
		t.Fatal(err)
	}
	if raw, _ := s.Meta(ctx, store.BatchingKey); raw != "" {
		t.Errorf("after the last batch the marker is %q, want it cleared", raw)
	}
	// Cut short: the last kind's batch refers to a skill that is not there.
	v0, _ := s.Version(ctx)
	broken := full.Clone()
	broken.Requires = append(broken.Requires, career.Requires{RoleID: full.Roles[0].ID, SkillID: "skill:nowhere", Importance: career.Essential, Rank: 99})
	w := store.Write{Upsert: broken}
	n := s.Commits(w)
	if _, err := s.Apply(ctx, w); err == nil {
		t.Fatal("a batch with a missing endpoint was written")
	}
	until, at, err := store.Batching(ctx, s)
	if err != nil || until != v0+uint64(n) || at <= v0 || at >= until {
		t.Errorf("cut short: the marker says the write lands until %d, store at %d (%v); want %d, between %d and it", until, at, err, v0+uint64(n), v0)
	}
}

// A constraint whose creation was cut short (a start that gave up waiting
// for a loaded Neo4j) left its index behind, unowned; every later start
// then failed on it (IndexWithNameAlreadyExists) and exited: a crash loop
// bench/judged met at load 35. Init now drops such an index and creates
// the constraint.
func TestInitRepairsAConstraintCutShort(t *testing.T) {
	cfg := storetest.Neo4jConfig(t)
	ctx := context.Background()
	s := emptyStore(t, cfg)
	cy := rawCypher(t, cfg)
	// The state a cut-short creation leaves: the index, no constraint.
	for _, stmt := range []string{"DROP CONSTRAINT transitions_to_key IF EXISTS", "CREATE INDEX transitions_to_key FOR ()-[r:TRANSITIONS_TO]-() ON (r.key)"} {
		if _, err := cy(stmt, nil); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { // the schema whole again for the tests after, whatever happened
		cy("DROP INDEX transitions_to_key IF EXISTS", nil) // refused, and harmless, when the constraint owns it
		s.Init(context.Background())
	})
	if err := s.Init(ctx); err != nil {
		t.Fatalf("Init over an index a cut-short constraint left: %v", err)
	}
	recs, err := cy("SHOW CONSTRAINTS YIELD name WHERE name = 'transitions_to_key' RETURN name", nil)
	if err != nil || len(recs) != 1 {
		t.Fatalf("the constraint is not there after Init (%d, %v)", len(recs), err)
	}
}

// rawCypher runs statements on the test database through the driver
// itself, beside the store: what a test needs to see or break behind it.
func rawCypher(t *testing.T, cfg neo4j.Config) func(stmt string, params map[string]any) ([]*driver.Record, error) {
	t.Helper()
	drv, err := driver.NewDriverWithContext(cfg.URI, driver.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { drv.Close(context.Background()) })
	return func(stmt string, params map[string]any) ([]*driver.Record, error) {
		res, err := driver.ExecuteQuery(context.Background(), drv, stmt, params, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(cfg.Database))
		if err != nil {
			return nil, err
		}
		return res.Records, nil
	}
}

// fullDataset is the curated seed with every kind and field filled in.
func fullDataset(t *testing.T) career.Dataset {
	t.Helper()
	curated, _, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	return storetest.Full(curated)
}

// A role whose broader role does not exist is refused by the store, not
// written without its BROADER link (the graph's validation refuses it
// first; this is the store's own guard).
func TestLinkToAMissingParentIsRefused(t *testing.T) {
	cfg := storetest.Neo4jConfig(t)
	ctx := context.Background()
	s := emptyStore(t, cfg)
	parent := "role:nowhere"
	orphan := career.Dataset{Roles: []career.Role{{ID: "role:orphan", Slug: "orphan", Name: "Orphan", BroaderID: &parent}}}
	if _, err := s.Apply(ctx, store.Write{Upsert: orphan}); err == nil || !strings.Contains(err.Error(), "link_role") {
		t.Fatalf("a role under a missing parent: %v, want link_role refusing it", err)
	}
	if ds, _, err := s.Load(ctx); err != nil || len(ds.Roles) != 0 {
		t.Errorf("after the refusal: %d roles, %v", len(ds.Roles), err)
	}
}

// emptyStore opens the test database wiped of careergraph's records; it
// is closed when t ends.
func emptyStore(t *testing.T, cfg neo4j.Config) *neo4j.Store {
	t.Helper()
	s, err := neo4j.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Wipe(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// Issue 24 on the real store: a batched write that deletes a source and a
// role citing it and rewrites the roles that cited it (the import of a
// release that dropped a source) loads back as the write says.
func TestBatchedDeleteOfASourceRoundTrips(t *testing.T) {
	cfg := storetest.Neo4jConfig(t)
	ctx := context.Background()
	s := emptyStore(t, cfg)
	src := career.Source{ID: "source:old", Name: "Old", Kind: career.Taxonomy}
	before := career.Dataset{Sources: []career.Source{src}}
	var after career.Dataset
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		r := career.Role{ID: "role:" + id, Slug: id, Name: id, SourceIDs: []string{"source:old"}}
		before.Roles = append(before.Roles, r)
		r.SourceIDs = nil
		after.Roles = append(after.Roles, r)
	}
	if _, err := s.Apply(ctx, store.Write{Upsert: before}); err != nil {
		t.Fatal(err)
	}
	s.SetBatch(2)
	stale := career.Dataset{Sources: []career.Source{src}, Roles: before.Roles[:1]}
	if _, err := s.Apply(ctx, store.Write{Delete: stale, Upsert: career.Dataset{Roles: after.Roles[1:]}}); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := (career.Dataset{Roles: after.Roles[1:]}); !bytes.Equal(store.Canonical(got), store.Canonical(want)) {
		t.Errorf("loaded %d records, want the 4 rewritten roles", got.Len())
	}
}
