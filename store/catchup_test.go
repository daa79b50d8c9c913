package store

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// TestCatchUps: a kept catch-up survives reopening the store, is replaced
// by the next save of its incident, and is gone once ended.
func TestCatchUps(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	db, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	c2 := bot.Cursor{IncidentID: 2, ChannelID: "C2", At: at}
	c1 := bot.Cursor{IncidentID: 1, ChannelID: "C1", MessageID: "1700000000.000100", At: at}
	for _, c := range []bot.Cursor{c2, {IncidentID: 1, ChannelID: "C1", At: at.Add(-time.Hour)}, c1} {
		if err := db.SaveCatchUp(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if db, err = Open(path, nil); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.CatchUps(ctx)
	if want := []bot.Cursor{c1, c2}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("CatchUps = %+v, %v; want %+v", got, err, want)
	}
	for _, id := range []int64{1, 1, 3} { // ending one twice, or one never kept, is no error
		if err := db.EndCatchUp(ctx, id); err != nil {
			t.Errorf("EndCatchUp(%d): %v", id, err)
		}
	}
	got, err = db.CatchUps(ctx)
	if want := []bot.Cursor{c2}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("after ending INC-1: %+v, %v; want %+v", got, err, want)
	}
}
