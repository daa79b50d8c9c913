package store

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// keyCheck holds the time of the last readiness check.
var keyCheck = []byte("checked")

// Check reports whether the store can commit: it fails while the latest
// write could not be committed (until a later one is), and otherwise
// commits a small write of its own (the time of the check) through the
// same path as timeline appends, so a closed store shows up too. A full
// disk needs the first: the check's few bytes fit in pages the file
// already has while an append that needs new ones fails. Readiness probes
// call it.
func (db *DB) Check(ctx context.Context) error {
	if err := alive(ctx); err != nil {
		return err
	}
	if err := db.lastFailure(); err != nil {
		return fmt.Errorf("store %s cannot commit: its latest write failed (%w); it is ready again once a write commits", db.path, err)
	}
	err := db.batchOnly(func(tx *bolt.Tx) error {
		v, err := time.Now().UTC().MarshalBinary()
		if err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyCheck, v)
	})
	if err != nil {
		db.noteWrite(err)
		return fmt.Errorf("store %s is not writable: %w", db.path, err)
	}
	return nil
}
