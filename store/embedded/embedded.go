// Package embedded is the default store: one bbolt file (an ACID,
// copy-on-write B+tree with fsync on commit) holding one bucket per record
// kind, records as JSON under their career Key.
package embedded

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"careergraph/career"
	"careergraph/store"
)

// FileName is the store file inside the data directory.
const FileName = "careergraph.db"

var (
	metaBucket = []byte("meta")
	versionKey = []byte("version")
)

// Store is the embedded store. Open it with Open.
type Store struct {
	// mu guards db, which Load swaps for a fresh handle (see remap).
	mu   sync.RWMutex
	db   *bolt.DB
	path string
}

var _ store.Store = (*Store)(nil)

// ErrLocked is the store file held by another process (a server running
// on the same data directory): not a damaged file.
var ErrLocked = errors.New("another process is using it")

// openError says why bbolt could not open path: bbolt gives up waiting for
// the file lock with ErrTimeout.
func openError(path string, err error) error {
	if errors.Is(err, berrors.ErrTimeout) {
		err = ErrLocked
	}
	return fmt.Errorf("open %s: %w", path, err)
}

// Open opens (creating if needed) the store file in dir. It fails after a
// second if another process holds the file.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	path := filepath.Join(dir, FileName)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, openError(path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, k := range kinds {
			if _, err := tx.CreateBucketIfNotExists([]byte(k.bucket())); err != nil {
				return err
			}
		}
		_, err := tx.CreateBucketIfNotExists(metaBucket)
		return err
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("init %s: %w", path, err)
	}
	return &Store{db: db, path: path}, nil
}

// Close closes the file.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.db.Close()
}

// remapAbove is the file size past which Load reopens the file after
// reading it whole (see remap).
const remapAbove = 32 << 20

// remap reopens the file. A whole read leaves every page of bbolt's memory
// map resident in the process (180 MB with the shipped open data) though
// the snapshot holds the records; a fresh map holds only what later writes
// touch. The pages stay in the OS's cache.
func (s *Store) remap() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.db.Close(); err != nil {
		return err
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("reopen %s: %w", s.path, err)
	}
	s.db = db
	return nil
}

// view and update run f on the current handle.
func (s *Store) view(f func(*bolt.Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.db.View(f)
}

func (s *Store) update(f func(*bolt.Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.db.Update(f)
}

// Load reads every record in one read transaction, so it sees one
// consistent version.
func (s *Store) Load(ctx context.Context) (career.Dataset, uint64, error) {
	var ds career.Dataset
	var version uint64
	var size int64
	err := s.view(func(tx *bolt.Tx) error {
		for _, k := range kinds {
			if err := k.load(tx.Bucket([]byte(k.bucket())), &ds); err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		version, size = readVersion(tx), tx.Size()
		return nil
	})
	if err == nil && size > remapAbove {
		err = s.remap()
	}
	return ds, version, err
}

// Apply writes w in one read-write transaction. bbolt commits with fsync,
// so an acknowledged write survives a crash; an error rolls everything
// back.
func (s *Store) Apply(ctx context.Context, w store.Write) (uint64, error) {
	var version uint64
	err := s.update(func(tx *bolt.Tx) error {
		if v := readVersion(tx); w.Base != nil && *w.Base != v {
			return fmt.Errorf("%w: planned on version %d, store is at %d", store.ErrStale, *w.Base, v)
		}
		for _, k := range kinds {
			b := tx.Bucket([]byte(k.bucket()))
			if err := k.delete(b, &w.Delete); err != nil {
				return err
			}
			if err := k.put(b, &w.Upsert); err != nil {
				return err
			}
		}
		var err error
		version, err = finish(ctx, tx, w.Meta)
		return err
	})
	if err != nil {
		return 0, err
	}
	return version, nil
}

// finish ends a write transaction: it stores meta, bumps the version and
// returns it, or an error (a cancelled request commits nothing).
func finish(ctx context.Context, tx *bolt.Tx, meta map[string]string) (uint64, error) {
	m := tx.Bucket(metaBucket)
	for key, v := range meta {
		if key == string(versionKey) {
			return 0, fmt.Errorf("meta key %q is reserved", key)
		}
		if err := m.Put([]byte(key), []byte(v)); err != nil {
			return 0, err
		}
	}
	version := readVersion(tx) + 1
	if err := m.Put(versionKey, binary.BigEndian.AppendUint64(nil, version)); err != nil {
		return 0, err
	}
	return version, ctx.Err()
}

// Replace swaps every record for ds and sets meta, in one transaction: the
// migration's -replace.
func (s *Store) Replace(ctx context.Context, ds career.Dataset, meta map[string]string) (uint64, error) {
	var version uint64
	err := s.update(func(tx *bolt.Tx) error {
		for _, k := range kinds {
			if err := tx.DeleteBucket([]byte(k.bucket())); err != nil {
				return err
			}
			b, err := tx.CreateBucket([]byte(k.bucket()))
			if err != nil {
				return err
			}
			if err := k.put(b, &ds); err != nil {
				return err
			}
		}
		var err error
		version, err = finish(ctx, tx, meta)
		return err
	})
	if err != nil {
		return 0, err
	}
	return version, nil
}

// Version returns the version of the last committed write.
func (s *Store) Version(context.Context) (uint64, error) {
	var v uint64
	err := s.view(func(tx *bolt.Tx) error { v = readVersion(tx); return nil })
	return v, err
}

// Meta returns the metadata value under key, or "".
func (s *Store) Meta(_ context.Context, key string) (string, error) {
	var v string
	err := s.view(func(tx *bolt.Tx) error {
		v = string(tx.Bucket(metaBucket).Get([]byte(key)))
		return nil
	})
	return v, err
}

func readVersion(tx *bolt.Tx) uint64 {
	b := tx.Bucket(metaBucket).Get(versionKey)
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// kind is a career.Kind with its bucket: the kind's name in snake case
// ("leadsTo" -> "leads_to"), as the file has always named it.
type kind struct{ career.Kind }

var kinds = func() []kind {
	out := make([]kind, len(career.Kinds))
	for i, k := range career.Kinds {
		out[i] = kind{k}
	}
	return out
}()

func (k kind) bucket() string {
	var b strings.Builder
	for _, r := range k.Name() {
		if unicode.IsUpper(r) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func (k kind) put(b *bolt.Bucket, ds *career.Dataset) error {
	return k.Each(*ds, func(key string, rec any) error {
		v, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		if err := b.Put([]byte(key), v); err != nil {
			return fmt.Errorf("%s %s: %w", k.bucket(), key, err)
		}
		return nil
	})
}

func (k kind) delete(b *bolt.Bucket, ds *career.Dataset) error {
	return k.Each(*ds, func(key string, _ any) error {
		if err := b.Delete([]byte(key)); err != nil {
			return fmt.Errorf("%s %s: %w", k.bucket(), key, err)
		}
		return nil
	})
}

func (k kind) load(b *bolt.Bucket, ds *career.Dataset) error {
	return b.ForEach(func(key, v []byte) error {
		return k.Append(ds, func(into any) error {
			if err := json.Unmarshal(v, into); err != nil {
				return fmt.Errorf("%s %s: corrupt record: %w", k.bucket(), key, err)
			}
			return nil
		})
	})
}

// Check opens the store file in dir read-only and runs bbolt's consistency
// check over every page: what `careergraph check` runs, after a crash.
func Check(dir string) error {
	path := filepath.Join(dir, FileName)
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return openError(path, err)
	}
	defer db.Close()
	return db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return fmt.Errorf("%s: %w", path, err)
		}
		return nil
	})
}
