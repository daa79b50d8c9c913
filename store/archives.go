package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// The archives bucket holds a key for each incident whose archiving is
// pending (Archive.Due set, Archive.Done zero), so that the archive sweep,
// every minute, reads those few incidents rather than every one.
// putIncident keeps it in step in the same transaction as the incident.

// archivePending reports whether a is an archiving still to do.
func archivePending(a bot.Archive) bool { return !a.Due.IsZero() && a.Done.IsZero() }

// putArchive adds incident id to the archives bucket if its archiving a is
// pending and removes it otherwise.
func putArchive(tx *bolt.Tx, id int64, a bot.Archive) error {
	b := tx.Bucket(bucketArchives)
	k := idKey(id)
	pending, stored := archivePending(a), b.Get(k) != nil
	var err error
	switch {
	case pending && !stored:
		err = b.Put(k, nil)
	case !pending && stored:
		err = b.Delete(k)
	}
	if err != nil {
		return fmt.Errorf("write archiving of incident %d: %w", id, err)
	}
	return nil
}

// ArchivesPending implements bot.ArchiveLister: the incidents in the
// archives bucket, by ascending id, read in full.
func (db *DB) ArchivesPending(ctx context.Context) ([]*bot.Incident, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var incs []*bot.Incident
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketArchives).ForEach(func(k, _ []byte) error {
			inc, err := getIncident(tx, keyID(k))
			if err != nil {
				return err
			}
			incs = append(incs, inc)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list pending archivings: %w", err)
	}
	return incs, nil
}

var _ bot.ArchiveLister = (*DB)(nil)

// migrateArchives writes the archives bucket of a file from before
// version 4, from each incident's core record.
func migrateArchives(tx *bolt.Tx) error {
	return tx.Bucket(bucketIncidents).ForEach(func(k, v []byte) error {
		var c struct {
			Archive bot.Archive `json:"archive"`
		}
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("decode incident %d: %w", keyID(k), err)
		}
		return putArchive(tx, keyID(k), c.Archive)
	})
}
