package store

import (
	"errors"
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// TestCheckAfterFailedCommit: a write that cannot commit makes Check fail
// and is counted until a later write commits; refusals count for nothing.
// (The disk itself fills up in cmd/warroom's TestStoreFullDisk.)
func TestCheckAfterFailedCommit(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	if err := db.Check(ctx); err != nil {
		t.Fatalf("Check of a new store: %v", err)
	}
	// Refusals: not found, the caller's fn.
	if _, err := db.UpdateIncident(ctx, 9, func(*bot.Incident) error { return nil }); !errors.Is(err, bot.ErrNotFound) {
		t.Fatal(err)
	}
	inc := &bot.Incident{Title: "x"}
	if err := db.CreateIncident(ctx, inc); err != nil {
		t.Fatal(err)
	}
	no := errors.New("no")
	if _, err := db.UpdateIncident(ctx, inc.ID, func(*bot.Incident) error { return no }); err != no {
		t.Fatal(err)
	}
	if n, err := db.Failures(), db.Check(ctx); n != 0 || err != nil {
		t.Fatalf("after refusals: %d failures, Check %v; want 0, nil", n, err)
	}

	// A commit that fails, as a full disk makes it: the transaction's
	// writes fail inside bolt.
	diskFull := errors.New("write warroom.db: no space left on device")
	for range 2 {
		if err := db.batch(func(*bolt.Tx) error { return diskFull }); err != diskFull {
			t.Fatal(err)
		}
	}
	err := db.Check(ctx)
	if err == nil || !errors.Is(err, diskFull) || !strings.Contains(err.Error(), "cannot commit") {
		t.Errorf("Check after a failed commit = %v, want it to name the failure", err)
	}
	if n := db.Failures(); n != 2 {
		t.Errorf("Failures = %d, want 2", n)
	}
	// Check's own small write does not make it ready again; a real one does.
	if err := db.Check(ctx); err == nil {
		t.Error("Check passed after its own write; want it failing until a write commits")
	}
	appendAll(t, db, &bot.Entry{IncidentID: inc.ID, At: t0, Kind: bot.EntryNote, Text: "room again"})
	if err := db.Check(ctx); err != nil {
		t.Errorf("Check after a write committed again: %v", err)
	}
	if n := db.Failures(); n != 2 {
		t.Errorf("Failures = %d after recovering, want still 2", n)
	}
}
