package store

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// SavePostmortem keeps doc as the latest postmortem draft of incident
// incidentID, replacing any earlier one.
func (db *DB) SavePostmortem(ctx context.Context, incidentID int64, doc []byte) error {
	if err := alive(ctx); err != nil {
		return err
	}
	v := append([]byte{}, doc...)
	err := db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPostmortems).Put(idKey(incidentID), v)
	})
	if err != nil {
		return fmt.Errorf("save postmortem of incident %d: %w", incidentID, err)
	}
	return nil
}

// Postmortem returns the latest draft of incident incidentID, or an error
// matching bot.ErrNotFound.
func (db *DB) Postmortem(ctx context.Context, incidentID int64) ([]byte, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var doc []byte
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketPostmortems).Get(idKey(incidentID))
		if v == nil {
			return notFound("postmortem of incident %d", incidentID)
		}
		doc = bytes.Clone(v)
		return nil
	})
	return doc, err
}
