package store

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// pendingIDs returns the ids ArchivesPending lists.
func pendingIDs(t *testing.T, db *DB) []int64 {
	t.Helper()
	incs, err := db.ArchivesPending(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, inc := range incs {
		ids = append(ids, inc.ID)
	}
	return ids
}

// TestMigrateArchives opens a version 3 file, which has no archives
// bucket, and checks that the pending archivings are found at open, and
// kept from then on.
func TestMigrateArchives(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warroom.db")
	db, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	due := t0.Add(24 * time.Hour)
	for _, a := range []bot.Archive{
		{Due: due},                             // 1: pending
		{},                                     // 2: never scheduled
		{Due: due, Done: due},                  // 3: done
		{Due: due, Claimed: due},               // 4: claimed, still pending
		{Due: due.Add(time.Hour), Failures: 1}, // 5: failed once, due again
	} {
		if err := db.CreateIncident(ctx, &bot.Incident{Title: "closed", Status: bot.StatusClosed, ChannelID: "C", Archive: a}); err != nil {
			t.Fatal(err)
		}
	}
	// Make it what version 3 wrote: the same, without the archives bucket.
	db = reopenAs(t, db, 3, func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketArchives) })
	if got, want := pendingIDs(t, db), []int64{1, 4, 5}; !slices.Equal(got, want) {
		t.Errorf("after migration: pending %v, want %v", got, want)
	}
	checkSchema(t, db)
	for id, a := range map[int64]bot.Archive{1: {Due: due, Done: due}, 2: {Due: due}} {
		if _, err := db.UpdateIncident(ctx, id, func(inc *bot.Incident) error {
			inc.Archive = a
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := pendingIDs(t, db), []int64{2, 4, 5}; !slices.Equal(got, want) {
		t.Errorf("after updates: pending %v, want %v", got, want)
	}
}
