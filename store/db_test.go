package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

func TestOptionsDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   *Options
		want Options
	}{
		{"nil", nil, Options{DefaultTimeout, DefaultMaxBatchSize, DefaultMaxBatchDelay, DefaultMode}},
		{"zero", &Options{}, Options{time.Second, 1000, 10 * time.Millisecond, 0o600}},
		{"set", &Options{Timeout: 5 * time.Second, MaxBatchSize: 10, MaxBatchDelay: time.Millisecond, Mode: 0o640},
			Options{5 * time.Second, 10, time.Millisecond, 0o640}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.withDefaults()
			if got != tt.want {
				t.Errorf("withDefaults() = %+v, want %+v", got, tt.want)
			}
			// Open waits for another process's lock as long as bbolt is told.
			if bo := boltOptions(got); bo.Timeout != tt.want.Timeout || bo.NoSync {
				t.Errorf("boltOptions() = timeout %v, no sync %v; want %v, false", bo.Timeout, bo.NoSync, tt.want.Timeout)
			}
		})
	}
}

func TestOpenLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warroom.db")
	db, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// flock locks belong to the open file, so a second Open in the same
	// process is refused just as another process is, once bbolt's wait for
	// the lock (Timeout, see TestOptionsDefaults) is over.
	second, err := Open(path, &Options{Timeout: 100 * time.Millisecond})
	if err == nil {
		second.Close()
		t.Fatal("second Open of a locked store succeeded")
	}
	want := "store " + path + " is locked by another warroom process"
	if err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	if !errors.Is(err, ErrLocked) || !errors.Is(err, bolt.ErrTimeout) {
		t.Errorf("error %v does not match ErrLocked and bolt.ErrTimeout", err)
	}

	// Once the first closes, the file opens.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(path, &Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	again.Close()
}

func TestOpenSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warroom.db")
	db, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ver uint64
	db.bolt.View(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if tx.Bucket(b) == nil {
				t.Errorf("bucket %s missing", b)
			}
		}
		ver = binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keySchema))
		return nil
	})
	if ver != SchemaVersion {
		t.Errorf("schema version = %d, want %d", ver, SchemaVersion)
	}
	// A file from a newer warroom is refused.
	db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint64(nil, SchemaVersion+1))
	})
	db.Close()
	_, err = Open(path, nil)
	var se *SchemaError
	if !errors.As(err, &se) || se.Version != SchemaVersion+1 || se.Path != path {
		t.Fatalf("Open of a newer schema: err = %v, want a SchemaError for version %d", err, SchemaVersion+1)
	}
}

// TestOpenRetiredBuckets checks that Open deletes the buckets earlier
// versions wrote and nothing reads, and keeps everything else.
func TestOpenRetiredBuckets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warroom.db")
	db, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	create := func(tx *bolt.Tx) error {
		for _, name := range bucketRetired {
			b, err := tx.CreateBucket(name)
			if err != nil {
				return err
			}
			if err := b.Put([]byte("Ev1"), []byte("old")); err != nil {
				return err
			}
		}
		return nil
	}
	if err := db.bolt.Update(create); err != nil {
		t.Fatal(err)
	}
	appendAll(t, db, &bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryNote, Text: "kept"})
	db.Close()
	if db, err = Open(path, nil); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.bolt.View(func(tx *bolt.Tx) error {
		for _, name := range bucketRetired {
			if tx.Bucket(name) != nil {
				t.Errorf("retired bucket %s is still there after Open", name)
			}
		}
		return nil
	})
	if es := timeline(t, db, 1); len(es) != 1 || es[0].Text != "kept" {
		t.Errorf("timeline after Open = %+v, want the one entry", es)
	}
}

func TestClosed(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "warroom.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if _, err := db.Append(ctx, &bot.Entry{IncidentID: 1, Kind: bot.EntryNote}); err == nil {
		t.Error("Append after Close succeeded")
	}
	if _, err := db.Incident(ctx, 1); err == nil || bot.ErrorCode(err) != bot.EInternal {
		t.Errorf("Incident after Close: err = %v, want an internal error", err)
	}
}

// TestCloseWhileAppending closes the store under concurrent appends: each
// append either fails or is in the store after a reopen.
func TestCloseWhileAppending(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warroom.db")
	db, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	const n = 200
	results := make(chan string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			key := fmt.Sprint("k", i)
			stored, err := db.Append(context.Background(), &bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryNote, Key: key})
			if err == nil && stored {
				results <- key
			}
		})
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	wg.Wait()
	close(results)

	db, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	have := map[string]bool{}
	for _, e := range timeline(t, db, 1) {
		have[e.Key] = true
	}
	for key := range results {
		if !have[key] {
			t.Errorf("append of %s succeeded but the entry is not in the store", key)
		}
	}
}
