// Package store keeps warroom's incidents and timelines in a bbolt file. DB
// implements bot.Store; it is the only package that imports bbolt.
//
// Every write is fsynced before the method returns. Timeline appends from
// concurrent callers share commits through bbolt's DB.Batch.
package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout version this code writes and reads. Open
// refuses a file with a newer version.
// Version 2 added the follow-up index (followup.go), version 3 the trend
// records (trends.go), version 4 the pending archivings (archives.go).
const SchemaVersion = 4

// Defaults for Options.
const (
	DefaultTimeout       = time.Second
	DefaultMaxBatchSize  = 1000
	DefaultMaxBatchDelay = 10 * time.Millisecond
	DefaultMode          = os.FileMode(0o600)
)

// Options configure Open. The zero value and nil mean the defaults.
type Options struct {
	// Timeout is how long Open waits for the file lock another process
	// holds before it gives up with an error matching ErrLocked.
	// Zero means DefaultTimeout (1s).
	Timeout time.Duration
	// MaxBatchSize is the most appends one commit takes; a full batch
	// commits at once. Zero means DefaultMaxBatchSize (1000).
	MaxBatchSize int
	// MaxBatchDelay is how long an append waits for others to share its
	// commit. Zero means DefaultMaxBatchDelay (10ms).
	MaxBatchDelay time.Duration
	// Mode is the permission of a new file. Zero means DefaultMode (0600).
	Mode os.FileMode
}

// withDefaults returns a copy of o with zero fields set to their defaults.
func (o *Options) withDefaults() Options {
	var c Options
	if o != nil {
		c = *o
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxBatchSize <= 0 {
		c.MaxBatchSize = DefaultMaxBatchSize
	}
	if c.MaxBatchDelay <= 0 {
		c.MaxBatchDelay = DefaultMaxBatchDelay
	}
	if c.Mode == 0 {
		c.Mode = DefaultMode
	}
	return c
}

// boltOptions are the bbolt options Open uses. Sync stays on: NoSync is
// never set.
func boltOptions(o Options) *bolt.Options {
	return &bolt.Options{Timeout: o.Timeout}
}

// Bucket names.
var (
	bucketMeta          = []byte("meta")
	bucketIncidents     = []byte("incidents")
	bucketChannels      = []byte("channels")
	bucketRoles         = []byte("roles")
	bucketUpdates       = []byte("updates")
	bucketActions       = []byte("actions")
	bucketAnalysis      = []byte("analysis")
	bucketReminders     = []byte("reminders")
	bucketTimeline      = []byte("timeline")
	bucketEntryKeys     = []byte("entrykeys")
	bucketMessages      = []byte("messages")
	bucketLastMessage   = []byte("lastmessage")
	bucketPostmortems   = []byte("postmortems")
	bucketFollowUps     = []byte("followups")
	bucketFollowUpsOpen = []byte("followupsopen")
	bucketRuns          = []byte("runs")
	bucketNudges        = []byte("nudges")
	bucketCounters      = []byte("counters")
	bucketCatchUps      = []byte("catchups")
	bucketTrends        = []byte("trends")
	bucketArchives      = []byte("archives")

	allBuckets = [][]byte{
		bucketMeta, bucketIncidents, bucketChannels, bucketRoles, bucketUpdates,
		bucketActions, bucketAnalysis, bucketReminders, bucketTimeline,
		bucketEntryKeys, bucketMessages, bucketLastMessage, bucketPostmortems,
		bucketFollowUps, bucketFollowUpsOpen, bucketRuns, bucketNudges, bucketCatchUps,
		bucketCounters, bucketTrends, bucketArchives,
	}

	keySchema = []byte("schema")

	// bucketRetired are buckets earlier versions wrote and nothing reads:
	// seen held platform event ids that nothing ever looked up.
	bucketRetired = [][]byte{[]byte("seen")}
)

// DB is a warroom store in one bbolt file. It is safe for concurrent use.
type DB struct {
	path string
	bolt *bolt.DB

	// batching is held for reading by each batched write in flight, so
	// that Close waits for them rather than failing their pending commit.
	batching sync.RWMutex
	closed   bool

	// followUps caches the unfinished follow-ups (followupcache.go).
	followUps openCache

	// appending is the state of the write transaction appends share.
	appending atomic.Pointer[appendTx]

	// failing is the error of the latest write that could not commit, nil
	// once a later one commits; failures counts them (health.go).
	failing  atomic.Pointer[error]
	failures atomic.Uint64
}

var _ bot.Store = (*DB)(nil)

// Open opens the store at path, creating it if it does not exist. If
// another process has it open, Open waits up to o.Timeout and then fails
// with "store <path> is locked by another warroom process".
func Open(path string, o *Options) (*DB, error) {
	opt := o.withDefaults()
	bdb, err := bolt.Open(path, opt.Mode, boltOptions(opt))
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, &lockedError{path: path}
	}
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	bdb.MaxBatchSize = opt.MaxBatchSize
	bdb.MaxBatchDelay = opt.MaxBatchDelay
	if err := bdb.Update(initSchema); err != nil {
		bdb.Close()
		var se *SchemaError
		if errors.As(err, &se) {
			se.Path = path
			return nil, se
		}
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return &DB{path: path, bolt: bdb}, nil
}

// initSchema creates missing buckets and writes the schema version of a new
// file, or checks the version of an existing one.
func initSchema(tx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	for _, name := range bucketRetired {
		if err := tx.DeleteBucket(name); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
			return fmt.Errorf("delete retired bucket %s: %w", name, err)
		}
	}
	meta := tx.Bucket(bucketMeta)
	v := meta.Get(keySchema)
	if v == nil {
		return meta.Put(keySchema, binary.BigEndian.AppendUint64(nil, SchemaVersion))
	}
	if len(v) != 8 {
		return fmt.Errorf("schema version is %d bytes, want 8", len(v))
	}
	ver := binary.BigEndian.Uint64(v)
	if ver > SchemaVersion {
		return &SchemaError{Version: ver}
	}
	if ver < 2 {
		if err := migrateFollowUps(tx); err != nil {
			return fmt.Errorf("migrate to schema 2: %w", err)
		}
	}
	if ver < 3 {
		if err := migrateTrends(tx); err != nil {
			return fmt.Errorf("migrate to schema 3: %w", err)
		}
	}
	if ver < 4 {
		if err := migrateArchives(tx); err != nil {
			return fmt.Errorf("migrate to schema 4: %w", err)
		}
	}
	if ver < SchemaVersion {
		return meta.Put(keySchema, binary.BigEndian.AppendUint64(nil, SchemaVersion))
	}
	return nil
}

// Path returns the file the store is kept in.
func (db *DB) Path() string { return db.path }

// Close releases the file and its lock. Appends in flight commit first;
// calls after Close fail.
func (db *DB) Close() error {
	db.batching.Lock()
	db.closed = true
	db.batching.Unlock()
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", db.path, err)
	}
	return nil
}

// batch runs fn in a shared commit (bolt's DB.Batch), unless the store is
// closed. fn may run more than once and must be idempotent. Whether the
// commit failed is noted for Check.
func (db *DB) batch(fn func(*bolt.Tx) error) error {
	err := db.batchOnly(fn)
	db.noteWrite(err)
	return err
}

// batchOnly is batch without noting the outcome.
func (db *DB) batchOnly(fn func(*bolt.Tx) error) error {
	db.batching.RLock()
	defer db.batching.RUnlock()
	if db.closed {
		return bolt.ErrDatabaseNotOpen
	}
	return db.bolt.Batch(fn)
}

// update runs fn in a write transaction of its own and commits it. Whether
// the commit failed is noted for Check.
func (db *DB) update(fn func(*bolt.Tx) error) error {
	err := db.bolt.Update(fn)
	db.noteWrite(err)
	return err
}

// notFound wraps bot.ErrNotFound with what was missing.
func notFound(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, bot.ErrNotFound)...)
}

// alive returns ctx's error, wrapped, if it is done.
func alive(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}
