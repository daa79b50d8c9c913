package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the store to w while it stays in use,
// and returns the number of bytes written. The copy is a store file Open
// accepts.
func (db *DB) Backup(w io.Writer) (int64, error) {
	var n int64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("back up store %s: %w", db.path, err)
	}
	return n, nil
}

// BackupFile writes a consistent copy of the store to the file path. The
// copy is written to a temporary file in the same directory, synced, and
// renamed into place, so path never holds a partial copy. A path that is
// the store's own file (by any name: relative, through a symlink, a hard
// link) is refused with an error matching ErrBackupIsStore: the rename
// would replace the open store, and later writes would go to a deleted file.
func (db *DB) BackupFile(path string) (err error) {
	if err := db.notTheStore(path); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("back up store %s to %s: %w", db.path, path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := db.Backup(f); err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	if err := f.Chmod(DefaultMode); err != nil {
		return fmt.Errorf("back up store %s to %s: %w", db.path, path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("back up store %s to %s: %w", db.path, path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("back up store %s to %s: %w", db.path, path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("back up store %s to %s: %w", db.path, path, err)
	}
	return syncDir(dir)
}

// notTheStore returns an error matching ErrBackupIsStore if path names the
// store's file. A path that does not exist yet names no file.
func (db *DB) notTheStore(path string) error {
	target, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("back up store %s to %s: %w", db.path, path, err)
	}
	own, err := os.Stat(db.path)
	if err != nil {
		return fmt.Errorf("back up store %s: %w", db.path, err)
	}
	if os.SameFile(target, own) {
		return &backupIsStoreError{store: db.path, target: path}
	}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}
