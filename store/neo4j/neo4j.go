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
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"careergraph/career"
	"careergraph/store"
)

//go:embed cypher/*.cypher
var cypherFiles embed.FS

// cypher returns the statement in cypher/name.cypher.
func cypher(name string) string {
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
	ctx, cancel := context.WithTimeout(ctx, 2*s.timeout)
	defer cancel()
	if err := s.drv.VerifyConnectivity(ctx); err != nil {
		return s.wrap(err)
	}
	for _, stmt := range statements(cypher("schema")) {
		if _, err := driver.ExecuteQuery(ctx, s.drv, stmt, nil, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(s.db)); err != nil {
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
	if driver.IsConnectivityError(cause) || errors.As(cause, &ne) || errors.Is(cause, context.DeadlineExceeded) {
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
// if a write landed in between, the load runs again.
func (s *Store) Load(ctx context.Context) (career.Dataset, uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, bulkTimeout)
	defer cancel()
	sess := s.session(ctx, driver.AccessModeRead)
	defer sess.Close(ctx)
	type loaded struct {
		ds    career.Dataset
		v     uint64
		moved bool // a write landed during the load
	}
	for try := 0; try < 5; try++ {
		out, err := driver.ExecuteRead(ctx, sess, func(tx driver.ManagedTransaction) (loaded, error) {
			var l loaded
			before, err := txVersion(ctx, tx, "version_read")
			if err != nil {
				return l, err
			}
			if err := decodeAll(ctx, tx, "load_nodes", "labels", &l.ds); err != nil {
				return l, err
			}
			if err := decodeAll(ctx, tx, "load_relationships", "type", &l.ds); err != nil {
				return l, err
			}
			if l.v, err = txVersion(ctx, tx, "version_read"); err != nil {
				return l, err
			}
			l.moved = l.v != before
			return l, nil
		})
		if err != nil {
			return career.Dataset{}, 0, s.wrap(err)
		}
		if !out.moved {
			return out.ds, out.v, nil
		}
	}
	return career.Dataset{}, 0, fmt.Errorf("neo4j: writes kept landing during the load; try again")
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

// Apply commits w in one managed write transaction (retried by the driver
// on transient errors). The version bump comes first: it locks the
// version node, so writes from all replicas are serialised.
func (s *Store) Apply(ctx context.Context, w store.Write) (uint64, error) {
	return s.write(ctx, w, false)
}

// Replace swaps the whole graph for ds and meta: what the migration
// command writes into a store that already holds a graph. The old graph is
// removed in batches first, then ds written as any big write is (see
// maxBatch): a replace cut short is redone by running it again.
func (s *Store) Replace(ctx context.Context, ds career.Dataset, meta map[string]string) (uint64, error) {
	return s.write(ctx, store.Write{Upsert: ds, Meta: meta}, true)
}

// maxBatch is the most records one transaction writes. A bigger write (the
// open data on first start, a migration) goes in several, each a valid
// graph on its own: deletes first, then records in kind order, so that a
// relationship's ends are written in its batch or an earlier one. Neo4j
// holds a transaction's whole state in memory, and at its default limits a
// 300,000-record write fails with MemoryPoolOutOfMemoryError. Each batch
// bumps the version; the Base check applies to the first, the metadata
// lands with the last, so a write cut short is redone whole (its upserts
// are idempotent) by whoever checks the metadata, as the open-data import
// does.
const maxBatch = 20_000

// write runs apply in one managed write transaction per batch.
func (s *Store) write(ctx context.Context, w store.Write, wipe bool) (uint64, error) {
	if wipe {
		if err := s.wipe(ctx); err != nil {
			return 0, err
		}
	}
	parts := batches(w, s.batch)
	var v uint64
	for i, part := range parts {
		var err error
		if v, err = s.writeOne(ctx, part); err != nil {
			if i > 0 {
				return 0, fmt.Errorf("batch %d of %d (the earlier ones are committed; redo the write): %w", i+1, len(parts), err)
			}
			return 0, err
		}
	}
	return v, nil
}

// batches cuts w into writes of at most max records (see maxBatch).
func batches(w store.Write, max int) []store.Write {
	if w.Upsert.Len()+w.Delete.Len() <= max {
		return []store.Write{w}
	}
	var out []store.Write
	cur, n := store.Write{Base: w.Base}, 0
	flush := func() {
		out = append(out, cur)
		cur, n = store.Write{}, 0
	}
	cut := func(src *career.Dataset, dst func(*store.Write) *career.Dataset, order []kind) {
		for _, k := range order {
			total := k.count(src)
			if k.linked() && total > 0 {
				if n > 0 && n+total > max {
					flush()
				}
				k.move(src, dst(&cur), 0, total)
				if n += total; n >= max {
					flush()
				}
				continue
			}
			for i := 0; i < total; {
				take := min(total-i, max-n)
				k.move(src, dst(&cur), i, take)
				i, n = i+take, n+take
				if n == max {
					flush()
				}
			}
		}
	}
	// Deletes go relationships first, as apply removes them.
	cut(&w.Delete, func(c *store.Write) *career.Dataset { return &c.Delete }, slices.Collect(func(yield func(kind) bool) {
		for _, k := range slices.Backward(kinds) {
			if !yield(k) {
				return
			}
		}
	}))
	cut(&w.Upsert, func(c *store.Write) *career.Dataset { return &c.Upsert }, kinds)
	if n > 0 || len(out) == 0 {
		flush()
	}
	out[len(out)-1].Meta = w.Meta
	return out
}

// writeOne runs apply in one managed write transaction.
func (s *Store) writeOne(ctx context.Context, w store.Write) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, bulkTimeout)
	defer cancel()
	sess := s.session(ctx, driver.AccessModeWrite)
	defer sess.Close(ctx)
	// The server's own limit: a write holding the version lock is
	// stopped even if this process stalls or dies with it open.
	v, err := driver.ExecuteWrite(ctx, sess, func(tx driver.ManagedTransaction) (uint64, error) {
		v, err := apply(ctx, tx, w)
		var n4 *driver.Neo4jError
		if errors.As(err, &n4) && strings.HasSuffix(n4.Code, ".MemoryPoolOutOfMemoryError") {
			return 0, tooLarge{n4}
		}
		return v, err
	}, driver.WithTxTimeout(bulkTimeout))
	return v, s.wrap(err)
}

// tooLarge carries a transaction-memory error out of a transaction
// function without Unwrap, so that the driver does not retry it (it counts
// it transient): the same transaction would need the same memory again.
type tooLarge struct{ err *driver.Neo4jError }

func (t tooLarge) Error() string { return t.err.Error() }

func apply(ctx context.Context, tx driver.ManagedTransaction, w store.Write) (uint64, error) {
	v, err := txVersion(ctx, tx, "version_bump")
	if err != nil {
		return 0, err
	}
	if w.Base != nil && v-1 != *w.Base {
		return 0, fmt.Errorf("%w: planned on version %d, store is at %d", store.ErrStale, *w.Base, v-1)
	}
	// Relationships go before the nodes they touch; nodes are written
	// before the relationships that need them.
	for _, k := range slices.Backward(kinds) {
		if err := k.remove(ctx, tx, &w.Delete); err != nil {
			return 0, err
		}
	}
	for _, k := range kinds {
		if err := k.write(ctx, tx, &w.Upsert); err != nil {
			return 0, err
		}
	}
	if len(w.Meta) > 0 {
		var rows []any
		for k, val := range w.Meta {
			rows = append(rows, map[string]any{"key": k, "value": val})
		}
		if err := run(ctx, tx, "meta_set", "rows", rows, true); err != nil {
			return 0, err
		}
	}
	if err := logChange(ctx, tx, v, w); err != nil {
		return 0, err
	}
	// A cancelled request commits nothing.
	return v, ctx.Err()
}

// The change log (store.ChangeLog): writes of up to maxLogged records are
// logged whole, larger ones as "full" (replicas then load everything);
// the last keepLogged versions are kept.
const (
	maxLogged  = 1000
	keepLogged = 256
)

func logChange(ctx context.Context, tx driver.ManagedTransaction, v uint64, w store.Write) error {
	full := w.Upsert.Len()+w.Delete.Len() > maxLogged
	p := map[string]any{"version": int64(v), "full": full, "keep": keepLogged, "upsert": nil, "delete": nil}
	if !full {
		up, err := json.Marshal(w.Upsert)
		if err != nil {
			return err
		}
		del, err := json.Marshal(w.Delete)
		if err != nil {
			return err
		}
		p["upsert"], p["delete"] = string(up), string(del)
	}
	res, err := tx.Run(ctx, cypher("change_log"), p)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		return fmt.Errorf("change_log: %w", err)
	}
	return nil
}

// Changes returns the logged writes after version from (store.ChangeLog).
func (s *Store) Changes(ctx context.Context, from uint64) ([]store.Change, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	res, err := driver.ExecuteQuery(ctx, s.drv, cypher("changes_since"), map[string]any{"from": int64(from)}, driver.EagerResultTransformer,
		driver.ExecuteQueryWithDatabase(s.db), driver.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, false, s.wrap(err)
	}
	if len(res.Records) != 1 {
		return nil, false, fmt.Errorf("neo4j: changes query returned %d rows", len(res.Records))
	}
	current, _, err := driver.GetRecordValue[int64](res.Records[0], "current")
	if err != nil {
		return nil, false, err
	}
	raw, _, err := driver.GetRecordValue[[]any](res.Records[0], "changes")
	if err != nil {
		return nil, false, err
	}
	var out []store.Change
	next := int64(from) + 1
	for _, x := range raw {
		m, _ := x.(map[string]any)
		v, ok := m["version"].(int64)
		if !ok {
			continue // the empty row of an empty log
		}
		if v != next || m["full"] == true {
			return nil, false, nil // a gap, or a write too large to log
		}
		c := store.Change{Version: uint64(v)}
		up, _ := m["upsert"].(string)
		del, _ := m["delete"].(string)
		if err := json.Unmarshal([]byte(up), &c.Upsert); err != nil {
			return nil, false, fmt.Errorf("neo4j: change %d: %w", v, err)
		}
		if err := json.Unmarshal([]byte(del), &c.Delete); err != nil {
			return nil, false, fmt.Errorf("neo4j: change %d: %w", v, err)
		}
		out = append(out, c)
		next++
	}
	return out, next == current+1, nil
}

// run sends rows in batches; when exact, each batch must report as many
// records written as it had rows (a MATCH that found no endpoint writes
// nothing, and that must not pass silently).
func run(ctx context.Context, tx driver.ManagedTransaction, file, param string, rows []any, exact bool) error {
	for batch := range slices.Chunk(rows, batchSize) {
		res, err := tx.Run(ctx, cypher(file), map[string]any{param: batch})
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if !exact {
			continue
		}
		n, _, err := driver.GetRecordValue[int64](rec, "written")
		if err != nil || int(n) != len(batch) {
			return fmt.Errorf("%s: wrote %d of %d records: an endpoint is missing (%v)", file, n, len(batch), err)
		}
	}
	return nil
}

// kind is a career.Kind with what Neo4j needs of it: its statement files
// and the properties its Cypher reads.
type kind struct {
	career.Kind
	file string // cypher/upsert_<file> and delete_<file>
	// props are the properties besides doc that the Cypher reads: id,
	// slug, name for nodes; from, to (and kind) for relationships.
	props func(rec any) map[string]any
	// link, when set, runs after every node of the write exists; its
	// kind's records stay in one batch (BROADER, a group's parent).
	link string
}

func (k kind) name() string                            { return k.Label() }
func (k kind) count(ds *career.Dataset) int            { return k.Len(*ds) }
func (k kind) move(src, dst *career.Dataset, i, n int) { k.Move(src, dst, i, n) }
func (k kind) linked() bool                            { return k.link != "" }

// keyed is props, plus a relationship's key: its Key(), unique per type
// (a constraint), which its upsert merges on and its delete matches.
func (k kind) keyed(key string, rec any) map[string]any {
	p := k.props(rec)
	if !k.Node() {
		p["key"] = key
	}
	return p
}

func (k kind) files() (string, string, string) {
	return "upsert_" + k.file, "delete_" + k.file, k.link
}

// rows are the parameters of upsert_<file>: props plus the document.
func (k kind) rows(ds *career.Dataset) ([]any, error) {
	rows := make([]any, 0, k.Len(*ds))
	err := k.Each(*ds, func(key string, rec any) error {
		doc, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		p := k.keyed(key, rec)
		p["doc"] = string(doc)
		rows = append(rows, p)
		return nil
	})
	return rows, err
}

func (k kind) write(ctx context.Context, tx driver.ManagedTransaction, ds *career.Dataset) error {
	rows, err := k.rows(ds)
	if err != nil || len(rows) == 0 {
		return err
	}
	if err := run(ctx, tx, "upsert_"+k.file, "rows", rows, true); err != nil {
		return err
	}
	if k.link != "" {
		return run(ctx, tx, k.link, "rows", rows, true)
	}
	return nil
}

func (k kind) remove(ctx context.Context, tx driver.ManagedTransaction, ds *career.Dataset) error {
	if k.Len(*ds) == 0 {
		return nil
	}
	var rows []any
	_ = k.Each(*ds, func(key string, rec any) error {
		p := k.keyed(key, rec)
		if k.Node() {
			rows = append(rows, p["id"])
		} else {
			rows = append(rows, p)
		}
		return nil
	})
	param := "rows"
	if k.Node() {
		param = "ids"
	}
	return run(ctx, tx, "delete_"+k.file, param, rows, false)
}

func (k kind) decode(doc []byte, ds *career.Dataset) error {
	return k.Append(ds, func(into any) error {
		if err := json.Unmarshal(doc, into); err != nil {
			return fmt.Errorf("neo4j: corrupt %s document: %w", k.Label(), err)
		}
		return nil
	})
}

func nodeProps(id, slug, name string) map[string]any {
	p := map[string]any{"id": id, "name": name, "slug": nil}
	if slug != "" {
		p["slug"] = slug
	}
	return p
}

func relProps(from, to string) map[string]any { return map[string]any{"from": from, "to": to} }

// props adapts a typed property function to the records a career.Kind
// hands out.
func props[T any](f func(T) map[string]any) func(any) map[string]any {
	return func(rec any) map[string]any { return f(rec.(T)) }
}

// mappings hold each kind's Neo4j side, by label or type.
var mappings = map[string]kind{
	"Source": {file: "source", props: props(func(s career.Source) map[string]any { return nodeProps(s.ID, "", s.Name) })},
	"Role": {file: "role", link: "link_role", props: props(func(r career.Role) map[string]any {
		p := nodeProps(r.ID, r.Slug, r.Name)
		p["parent"] = nil
		if r.BroaderID != nil {
			p["parent"] = *r.BroaderID
		}
		return p
	})},
	"Level": {file: "level", props: props(func(l career.Level) map[string]any {
		p := nodeProps(l.ID, "", l.Name)
		p["parent"] = l.RoleID
		return p
	})},
	"Group": {file: "group", link: "link_group", props: props(func(g career.Group) map[string]any {
		p := nodeProps(g.ID, g.Slug, g.Name)
		p["code"], p["kind"], p["parent"] = g.Code, string(g.Kind), nil
		if g.ParentID != nil {
			p["parent"] = *g.ParentID
		}
		return p
	})},
	"Skill":    {file: "skill", props: props(func(s career.Skill) map[string]any { return nodeProps(s.ID, s.Slug, s.Name) })},
	"Training": {file: "training", props: props(func(t career.Training) map[string]any { return nodeProps(t.ID, t.Slug, t.Name) })},
	"Employer": {file: "employer", props: props(func(e career.Employer) map[string]any { return nodeProps(e.ID, e.Slug, e.Name) })},
	"REQUIRES": {file: "requires", props: props(func(r career.Requires) map[string]any { return relProps(r.RoleID, r.SkillID) })},
	"LEADS_TO": {file: "leads_to", props: props(func(l career.LeadsTo) map[string]any { return relProps(l.TrainingID, l.RoleID) })},
	"HIRES":    {file: "hires", props: props(func(h career.Hires) map[string]any { return relProps(h.EmployerID, h.RoleID) })},
	"TRANSITIONS_TO": {file: "transition", props: props(func(t career.Transition) map[string]any {
		p := relProps(t.FromID, t.ToID)
		p["kind"] = string(t.Kind)
		return p
	})},
	// SIMILAR_TO is symmetric: stored once, from the smaller id, as its
	// Key orders it.
	"SIMILAR_TO": {file: "similar", props: props(func(s career.Similar) map[string]any { return relProps(min(s.AID, s.BID), max(s.AID, s.BID)) })},
	"BUILDS_ON":  {file: "builds_on", props: props(func(l career.SkillLink) map[string]any { return relProps(l.FromID, l.ToID) })},
}

// kinds are career.Kinds with their mappings, in write order (a level
// after its role, relationships after their ends).
var kinds = func() []kind {
	out := make([]kind, len(career.Kinds))
	for i, k := range career.Kinds {
		m, ok := mappings[k.Label()]
		if !ok {
			panic("neo4j: no mapping for record kind " + k.Label())
		}
		m.Kind = k
		out[i] = m
	}
	return out
}()

var kindByName = func() map[string]kind {
	m := map[string]kind{}
	for _, k := range kinds {
		m[k.name()] = k
	}
	return m
}()

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
