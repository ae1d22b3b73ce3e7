// Package neo4j is the production store: the career graph as a property
// graph in Neo4j 5, through the official Go driver. Every record is a node
// or relationship carrying its JSON document in `doc` (so a load is
// lossless) and its key fields as properties (so Cypher users can query
// it). The Cypher lives in cypher/*.cypher, takes parameters only, and is
// checked by Neo4j's own parser in CI.
package neo4j

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"sync"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"careergraph/career"
	"careergraph/store"
)

//go:embed cypher/*.cypher
var cypherFiles embed.FS

// asked records the statement files cypher has served, so the store's
// tests can check that they run every file CI lints.
var asked sync.Map

// cypher returns the statement in cypher/name.cypher.
func cypher(name string) string {
	asked.Store(name, true)
	b, err := cypherFiles.ReadFile("cypher/" + name + ".cypher")
	if err != nil {
		panic(err) // a missing file is a build mistake, caught by every test
	}
	return string(b)
}

// batchSize bounds the rows of one UNWIND, so no statement carries an
// unbounded parameter; all batches of a write share one transaction.
const batchSize = 1000

// Config says where Neo4j is.
type Config struct {
	URI, User, Password, Database string
	// Timeout bounds connecting, acquiring a connection and the driver's
	// retries of one transaction; 5 s when zero.
	Timeout time.Duration
}

// Store is the Neo4j store. New makes one without touching the network;
// Init connects and creates the schema.
type Store struct {
	drv     driver.DriverWithContext
	db      string
	uri     string
	timeout time.Duration
	batch   int // records per transaction (maxBatch; tests set less)
}

// Bounds on one call, besides the caller's own deadline: a server that
// accepts connections and never answers must not hang a caller. Loads and
// writes may move a whole graph, so they get longer.
const bulkTimeout = 2 * time.Minute

var _ store.Store = (*Store)(nil)

// New prepares a store for cfg. It does no I/O, so a server can start
// while Neo4j is still down and call Init until it answers.
func New(cfg Config) (*Store, error) {
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = 5 * time.Second
	}
	drv, err := driver.NewDriverWithContext(cfg.URI, driver.BasicAuth(cfg.User, cfg.Password, ""), func(c *config.Config) {
		c.SocketConnectTimeout = timeout
		c.ConnectionAcquisitionTimeout = timeout
		c.MaxTransactionRetryTime = timeout
		// A pooled connection idle this long is checked before use: a
		// firewall or load balancer may have dropped it silently.
		c.ConnectionLivenessCheckTimeout = 30 * time.Second
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: %w", err)
	}
	return &Store{drv: drv, db: cfg.Database, uri: cfg.URI, timeout: timeout, batch: maxBatch}, nil
}

// Open is New then Init.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if err := s.Init(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Init checks that Neo4j answers and creates the constraints and indexes
// (each IF NOT EXISTS, so running it again changes nothing).
func (s *Store) Init(ctx context.Context) error {
	vctx, cancel := context.WithTimeout(ctx, 2*s.timeout)
	defer cancel()
	if err := s.drv.VerifyConnectivity(vctx); err != nil {
		return s.wrap(err)
	}
	// Neo4j answers: the schema gets the bulk budget. On a loaded machine
	// a fresh database took more than the 10 s the check gets, and each
	// start that gave up cut a constraint's creation short (see schema).
	ctx, cancel = context.WithTimeout(ctx, bulkTimeout)
	defer cancel()
	for _, stmt := range statements(cypher("schema")) {
		if err := s.schema(ctx, stmt); err != nil {
			return s.wrap(fmt.Errorf("create schema: %w", err))
		}
	}
	// New constraints and indexes populate in the background: the first
	// MERGE must find them online.
	if _, err := driver.ExecuteQuery(ctx, s.drv, cypher("await_indexes"), nil, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(s.db)); err != nil {
		return s.wrap(fmt.Errorf("await indexes: %w", err))
	}
	return nil
}

// constraintName is the name a CREATE CONSTRAINT statement gives.
var constraintName = regexp.MustCompile(`^CREATE CONSTRAINT (\w+) IF NOT EXISTS`)

// schema runs one schema statement. A constraint's creation cut short (a
// start that gave up waiting, a kill) can leave the index it was building
// behind, named as the constraint and owned by none; IF NOT EXISTS then
// fails on it (IndexWithNameAlreadyExists) at every start, and the server
// never starts (seen in bench/judged at load 35). Such an index, still
// unowned a moment later (not another replica's creation under way), is
// dropped and the constraint created again.
func (s *Store) schema(ctx context.Context, stmt string) error {
	run := func(stmt string, params map[string]any) (*driver.EagerResult, error) {
		return driver.ExecuteQuery(ctx, s.drv, stmt, params, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(s.db))
	}
	for try := 0; ; try++ {
		_, err := run(stmt, nil)
		if sameRuleExists(err) {
			return nil
		}
		var n4 *driver.Neo4jError
		m := constraintName.FindStringSubmatch(stmt)
		if err == nil || m == nil || !errors.As(err, &n4) || !strings.HasSuffix(n4.Code, ".IndexWithNameAlreadyExists") || try == 3 {
			return err
		}
		select {
		case <-time.After(time.Second):
		case <-ctx.Done():
			return err
		}
		res, serr := run(cypher("orphan_index"), map[string]any{"name": m[1]})
		if serr != nil {
			return err
		}
		if len(res.Records) > 0 && try > 0 {
			// (An index name cannot be a parameter; this one is a word of
			// schema.cypher, matched by constraintName.)
			if _, derr := run("DROP INDEX "+m[1]+" IF EXISTS", nil); derr != nil {
				return fmt.Errorf("%w (dropping the index a cut-short creation left: %v)", err, derr)
			}
		}
	}
}

// sameRuleExists reports whether err is Neo4j saying an equivalent
// constraint or index exists: another replica starting at the same time
// created it between IF NOT EXISTS's check and this creation (bench/judged's
// run 5: the second replica exited 1 on it). The schema is as wanted.
func sameRuleExists(err error) bool {
	var n4 *driver.Neo4jError
	return errors.As(err, &n4) && strings.HasSuffix(n4.Code, ".EquivalentSchemaRuleAlreadyExists")
}

// statements splits a file of ;-terminated statements (LF or CRLF lines).
func statements(text string) []string {
	var out []string
	text = strings.ReplaceAll(text, "\r\n", "\n")
	for _, st := range strings.Split(text, ";\n") {
		var lines []string
		for _, l := range strings.Split(st, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "//") {
				lines = append(lines, l)
			}
		}
		if st := strings.TrimSpace(strings.Join(lines, "\n")); st != "" {
			out = append(out, st)
		}
	}
	return out
}

// Close closes the driver and its connections.
func (s *Store) Close() error { return s.drv.Close(context.Background()) }

// wrap classifies an error by its cause. When the driver gave up
// retrying (TransactionExecutionLimit), the cause is its last attempt's
// error: a transaction too big for the server's memory is ErrTooLarge; a
// deadlock or a lock wait that timed out is ErrStale (other writes got in
// the way: retry); the server's transaction time limit is a deadline;
// only an unreachable server (or one that never answered in time) is
// ErrUnavailable, naming the server.
func (s *Store) wrap(err error) error {
	if err == nil || errors.Is(err, store.ErrStale) {
		return err
	}
	cause := err
	var limit *driver.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		cause = limit.Errors[len(limit.Errors)-1]
	}
	unavailable := fmt.Errorf("%w: neo4j at %s: %v", store.ErrUnavailable, s.uri, err)
	var big tooLarge
	if errors.As(cause, &big) {
		cause = big.err
	}
	var n4 *driver.Neo4jError
	if errors.As(cause, &n4) {
		switch code := n4.Code; {
		case strings.HasSuffix(code, ".MemoryPoolOutOfMemoryError"):
			return fmt.Errorf("%w: neo4j ran out of transaction memory (%s); write fewer records at once, or give Neo4j more memory", store.ErrTooLarge, code)
		case strings.HasSuffix(code, ".DeadlockDetected"), strings.HasSuffix(code, ".LockAcquisitionTimeout"), strings.HasSuffix(code, ".LockClientStopped"):
			return fmt.Errorf("%w: neo4j: %s", store.ErrStale, code)
		case strings.Contains(code, "TransactionTimedOut"):
			return fmt.Errorf("neo4j stopped the transaction at its time limit (%s): %w", code, context.DeadlineExceeded)
		case strings.HasSuffix(code, ".DatabaseUnavailable"):
			return unavailable
		}
		return fmt.Errorf("neo4j: %w", err)
	}
	var ne net.Error
	var ce *driver.ConnectivityError // wrapped too, unlike driver.IsConnectivityError
	if errors.As(cause, &ce) || errors.As(cause, &ne) || errors.Is(cause, context.DeadlineExceeded) {
		return unavailable
	}
	return fmt.Errorf("neo4j: %w", err)
}

// session shares ExecuteQuery's bookmark manager, so on a cluster a read
// after a write (from this replica) sees it.
func (s *Store) session(ctx context.Context, mode driver.AccessMode) driver.SessionWithContext {
	return s.drv.NewSession(ctx, driver.SessionConfig{DatabaseName: s.db, AccessMode: mode, BookmarkManager: s.drv.ExecuteQueryBookmarkManager()})
}

// Version reads the version node.
func (s *Store) Version(ctx context.Context) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	res, err := driver.ExecuteQuery(ctx, s.drv, cypher("version_read"), nil, driver.EagerResultTransformer,
		driver.ExecuteQueryWithDatabase(s.db), driver.ExecuteQueryWithReadersRouting())
	if err != nil {
		return 0, s.wrap(err)
	}
	return versionOf(res.Records)
}

func versionOf(recs []*driver.Record) (uint64, error) {
	if len(recs) != 1 {
		return 0, fmt.Errorf("neo4j: version query returned %d rows", len(recs))
	}
	v, _, err := driver.GetRecordValue[int64](recs[0], "version")
	if err != nil || v < 0 {
		return 0, fmt.Errorf("neo4j: bad version %d: %v", v, err)
	}
	return uint64(v), nil
}

// Meta reads a metadata node.
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	res, err := driver.ExecuteQuery(ctx, s.drv, cypher("meta_get"), map[string]any{"key": key}, driver.EagerResultTransformer,
		driver.ExecuteQueryWithDatabase(s.db), driver.ExecuteQueryWithReadersRouting())
	if err != nil {
		return "", s.wrap(err)
	}
	if len(res.Records) == 0 {
		return "", nil
	}
	v, isNil, err := driver.GetRecordValue[string](res.Records[0], "value")
	if isNil {
		return "", nil
	}
	return v, err
}

// Load reads every record in one read transaction with two bulk queries.
// Neo4j reads at read-committed, so the version is read before and after:
// if writes landed in between, the read holds each record as of some
// version between the two, and the logged writes of that span are
// replayed over it (each upserts or deletes whole records by key, so the
// last one touching a record sets it): the graph at the second version,
// without reading it again. A replica so starts under steady writes.
// Only when the log lacks one of them (a write too large to log, as an
// import's batches are) is the read run again, a few times, before
// ErrBusy.
func (s *Store) Load(ctx context.Context) (career.Dataset, uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, bulkTimeout)
	defer cancel()
	sess := s.session(ctx, driver.AccessModeRead)
	defer sess.Close(ctx)
	type loaded struct {
		ds            career.Dataset
		before, after uint64
	}
	for try := 0; try < 5; try++ {
		out, err := driver.ExecuteRead(ctx, sess, func(tx driver.ManagedTransaction) (loaded, error) {
			var l loaded
			var err error
			if l.before, err = txVersion(ctx, tx, "version_read"); err != nil {
				return l, err
			}
			if err := decodeAll(ctx, tx, "load_nodes", "labels", &l.ds); err != nil {
				return l, err
			}
			if err := decodeAll(ctx, tx, "load_relationships", "type", &l.ds); err != nil {
				return l, err
			}
			l.after, err = txVersion(ctx, tx, "version_read")
			return l, err
		})
		if err != nil {
			return career.Dataset{}, 0, s.wrap(err)
		}
		if out.before == out.after {
			return out.ds, out.after, nil
		}
		changes, ok, err := s.Changes(ctx, out.before)
		if err != nil {
			return career.Dataset{}, 0, err
		}
		if ds, ok := store.Fold(out.ds, out.before, out.after, changes, ok); ok {
			return ds, out.after, nil
		}
	}
	return career.Dataset{}, 0, fmt.Errorf("neo4j: %w: large writes kept landing during the load (an import?)", store.ErrBusy)
}

func txVersion(ctx context.Context, tx driver.ManagedTransaction, file string) (uint64, error) {
	res, err := tx.Run(ctx, cypher(file), nil)
	if err != nil {
		return 0, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return 0, err
	}
	return versionOf(recs)
}

// decodeAll streams a load query and appends each document to its kind.
func decodeAll(ctx context.Context, tx driver.ManagedTransaction, file, kindCol string, ds *career.Dataset) error {
	res, err := tx.Run(ctx, cypher(file), nil)
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		rec := res.Record()
		raw, _ := rec.Get(kindCol)
		var name string
		switch v := raw.(type) {
		case string:
			name = v
		case []any:
			for _, l := range v {
				if k, ok := kindByName[fmt.Sprint(l)]; ok {
					name = k.name()
				}
			}
		}
		k, ok := kindByName[name]
		doc, _, err := driver.GetRecordValue[string](rec, "doc")
		if !ok || err != nil {
			return fmt.Errorf("neo4j: a %v record without a careergraph document (%v)", raw, err)
		}
		if err := k.decode([]byte(doc), ds); err != nil {
			return err
		}
	}
	return res.Err()
}

// wipe removes every careergraph record and meta node, in transactions
// of s.batch nodes: before a Replace, which is therefore not atomic with
// the copy that follows (a migration says so, and can be run again).
func (s *Store) wipe(ctx context.Context) error {
	for _, stmt := range []string{cypher("wipe_relationships"), cypher("wipe")} {
		for {
			res, err := driver.ExecuteQuery(ctx, s.drv, stmt, map[string]any{"limit": s.batch}, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(s.db))
			if err != nil {
				return s.wrap(err)
			}
			n, _, err := driver.GetRecordValue[int64](res.Records[0], "deleted")
			if err != nil {
				return err
			}
			if n == 0 {
				break
			}
		}
	}
	return nil
}

// Wipe removes every careergraph record, version and meta node: what a
// test run does to its throwaway database before each case. Nothing else
// calls it.
func (s *Store) Wipe(ctx context.Context) error {
	if err := s.wipe(ctx); err != nil {
		return err
	}
	_, err := driver.ExecuteQuery(ctx, s.drv, cypher("version_reset"), nil, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(s.db))
	return err
}
