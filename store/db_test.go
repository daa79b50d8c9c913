package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
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
			if got := tt.in.withDefaults(); got != tt.want {
				t.Errorf("withDefaults() = %+v, want %+v", got, tt.want)
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
	// process is refused just as another process is.
	start := time.Now()
	second, err := Open(path, &Options{Timeout: 100 * time.Millisecond})
	if err == nil {
		second.Close()
		t.Fatal("second Open of a locked store succeeded")
	}
	if waited := time.Since(start); waited > 2*time.Second {
		t.Errorf("Open waited %v for a 100ms timeout", waited)
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

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warroom.db")
	ctx := t.Context()
	db, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	inc := fullIncident(t)
	if err := db.CreateIncident(ctx, inc); err != nil {
		t.Fatal(err)
	}
	e := &bot.Entry{IncidentID: inc.ID, At: t0, Kind: bot.EntryMessage, MessageID: "m1", Key: "k1", Text: "hello"}
	appendAll(t, db, e)
	if _, err := db.SeenEvent(ctx, "ev1", t0); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Incident(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, inc) {
		t.Errorf("incident after reopen = %+v, want %+v", got, inc)
	}
	if es := timeline(t, db, inc.ID); len(es) != 1 || es[0].Text != "hello" {
		t.Errorf("timeline after reopen = %+v", es)
	}
	if fresh, err := db.SeenEvent(ctx, "ev1", t0); err != nil || fresh {
		t.Errorf("SeenEvent after reopen = %v, %v; want false", fresh, err)
	}
	// The sequence carries on where it was.
	next := &bot.Incident{Title: "second"}
	if err := db.CreateIncident(ctx, next); err != nil || next.ID != inc.ID+1 {
		t.Errorf("next incident id = %d, %v; want %d", next.ID, err, inc.ID+1)
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

func TestCanceledContext(t *testing.T) {
	db := openTest(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := db.Append(ctx, &bot.Entry{IncidentID: 1, Kind: bot.EntryNote}); !errors.Is(err, context.Canceled) {
		t.Errorf("Append with a canceled context: err = %v", err)
	}
	if err := db.CreateIncident(ctx, &bot.Incident{}); !errors.Is(err, context.Canceled) {
		t.Errorf("CreateIncident with a canceled context: err = %v", err)
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
