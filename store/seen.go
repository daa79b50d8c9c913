package store

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SeenEvent records platform event id eventID as seen at at and reports
// whether it is new. Concurrent calls share commits, as appends do.
func (db *DB) SeenEvent(ctx context.Context, eventID string, at time.Time) (bool, error) {
	if err := alive(ctx); err != nil {
		return false, err
	}
	k, v := []byte(eventID), timeValue(at)
	var fresh bool
	err := db.batch(func(tx *bolt.Tx) error {
		fresh = false
		b := tx.Bucket(bucketSeen)
		if b.Get(k) != nil {
			return nil
		}
		if err := b.Put(k, v); err != nil {
			return err
		}
		fresh = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("record event %s: %w", eventID, err)
	}
	return fresh, nil
}

// PruneSeen forgets the event ids seen before before.
func (db *DB) PruneSeen(ctx context.Context, before time.Time) error {
	if err := alive(ctx); err != nil {
		return err
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSeen)
		var old [][]byte
		err := b.ForEach(func(k, v []byte) error {
			if valueTime(v).Before(before) {
				old = append(old, k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		// Keys point into the transaction's pages, which stay valid until
		// it ends; delete after the walk, as a cursor may skip otherwise.
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("prune seen events: %w", err)
	}
	return nil
}
