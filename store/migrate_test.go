package store

import (
	"encoding/binary"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// reopenAs makes db's file what schema version wrote (change, run in the
// same transaction, takes away what that version did not have), closes it
// and opens it again, which migrates it; the reopened store is closed when
// the test ends.
func reopenAs(t *testing.T, db *DB, version uint64, change func(tx *bolt.Tx) error) *DB {
	t.Helper()
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		if err := change(tx); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint64(nil, version))
	})
	if err != nil {
		t.Fatal(err)
	}
	path := db.path
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// checkSchema fails the test unless db's file says it is of SchemaVersion.
func checkSchema(t *testing.T, db *DB) {
	t.Helper()
	var ver uint64
	db.bolt.View(func(tx *bolt.Tx) error {
		ver = binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keySchema))
		return nil
	})
	if ver != SchemaVersion {
		t.Errorf("schema after migration = %d, want %d", ver, SchemaVersion)
	}
}
