package store

import (
	"errors"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// errRefused is what a write transaction returns when the write itself
// said no (UpdateIncident's fn returned an error): nothing was tried on
// disk, so it says nothing about the store.
var errRefused = errors.New("the write was refused before it was committed")

// noteWrite records the outcome of a write transaction: a commit that
// failed (a full disk, an I/O error) makes Check fail and is counted, until
// a later write commits. Refusals (not found, the caller's fn) and writes to
// a closed store say nothing about the disk and change nothing.
func (db *DB) noteWrite(err error) {
	switch {
	case err == nil:
		if db.failing.Load() != nil {
			db.failing.Store(nil)
		}
	case errors.Is(err, errRefused), errors.Is(err, bot.ErrNotFound), errors.Is(err, bolt.ErrDatabaseNotOpen):
	default:
		db.failures.Add(1)
		db.failing.Store(&err)
	}
}

// Failures returns how many writes could not be committed since the store
// was opened (warroom_store_errors_total).
func (db *DB) Failures() uint64 { return db.failures.Load() }

// lastFailure returns the error of the latest write that could not commit,
// or nil if the latest write committed.
func (db *DB) lastFailure() error {
	if p := db.failing.Load(); p != nil {
		return *p
	}
	return nil
}
