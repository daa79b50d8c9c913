package store_test

import (
	"path/filepath"
	"testing"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/store"
	"github.com/warroom-dev/warroom/store/storetest"
)

// TestConformance holds the bbolt store to bot.Store's contract.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) (bot.Store, func() bot.Store) {
		path := filepath.Join(t.TempDir(), "warroom.db")
		var db *store.DB // the one open now
		open := func() bot.Store {
			t.Helper()
			var err error
			if db, err = store.Open(path, nil); err != nil {
				t.Fatal(err)
			}
			return db
		}
		t.Cleanup(func() {
			if err := db.Close(); err != nil {
				t.Error(err)
			}
		})
		reopen := func() bot.Store {
			t.Helper()
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			return open()
		}
		return open(), reopen
	})
}
