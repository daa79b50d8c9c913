package store

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// keyCheck holds the time of the last readiness check.
var keyCheck = []byte("checked")

// Check reports whether the store is writable: it commits a small write (the
// time of the check) through the same path as timeline appends, so a full
// disk or a closed store shows up. Readiness probes call it.
func (db *DB) Check(ctx context.Context) error {
	if err := alive(ctx); err != nil {
		return err
	}
	err := db.batch(func(tx *bolt.Tx) error {
		v, err := time.Now().UTC().MarshalBinary()
		if err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyCheck, v)
	})
	if err != nil {
		return fmt.Errorf("store %s is not writable: %w", db.path, err)
	}
	return nil
}
