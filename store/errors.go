package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// ErrLocked is matched (with errors.Is) by the error Open returns when
// another process holds the store's file lock.
var ErrLocked = errors.New("store is locked")

// lockedError is what Open returns when the file lock was not granted in
// time. Its text names the path; it wraps both ErrLocked and bbolt's
// ErrTimeout.
type lockedError struct{ path string }

func (e *lockedError) Error() string {
	return fmt.Sprintf("store %s is locked by another warroom process", e.path)
}

func (e *lockedError) Unwrap() []error { return []error{ErrLocked, bolt.ErrTimeout} }

// SchemaError is returned by Open for a file written by a newer version of
// warroom than this one.
type SchemaError struct {
	Path    string
	Version uint64 // the version found in the file
}

func (e *SchemaError) Error() string {
	return fmt.Sprintf("store %s has schema version %d, newer than %d which this warroom knows; upgrade warroom",
		e.Path, e.Version, SchemaVersion)
}

// ErrBackupIsStore is matched (with errors.Is) by the error BackupFile
// returns for a target that is the store's own file.
var ErrBackupIsStore = errors.New("backup target is the store itself")

// backupIsStoreError names the target and the store it turned out to be.
type backupIsStoreError struct{ store, target string }

func (e *backupIsStoreError) Error() string {
	if e.target == e.store {
		return fmt.Sprintf("backup target %s is the store itself: writing it would replace the open store; choose another file", e.target)
	}
	return fmt.Sprintf("backup target %s is the store %s itself: writing it would replace the open store; choose another file", e.target, e.store)
}

func (e *backupIsStoreError) Unwrap() error { return ErrBackupIsStore }
