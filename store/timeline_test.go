package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

func TestTimelineChunks(t *testing.T) {
	db := openTest(t)
	const n = 2*scanChunk + 17
	appendConcurrently(t, db, n, func(i int) *bot.Entry {
		return &bot.Entry{IncidentID: 1, At: t0.Add(time.Duration(n-i) * time.Second), Kind: bot.EntryNote, Text: fmt.Sprint(n - i)}
	})
	appendAll(t, db, &bot.Entry{IncidentID: 2, At: t0, Kind: bot.EntryNote, Text: "next incident"})
	es := timeline(t, db, 1)
	if len(es) != n {
		t.Fatalf("timeline has %d entries, want %d", len(es), n)
	}
	for i, e := range es {
		if want := fmt.Sprint(i + 1); e.Text != want {
			t.Fatalf("entry %d is %q, want %q", i, e.Text, want)
		}
	}
}

// TestTimelineCallbackWrites checks that fn may write to the store: it runs
// outside the read transaction.
func TestTimelineCallbackWrites(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	const n = scanChunk + 1
	appendConcurrently(t, db, n, func(i int) *bot.Entry {
		return &bot.Entry{IncidentID: 1, At: t0.Add(time.Duration(i)), Kind: bot.EntryNote}
	})
	i := 0
	err := db.Timeline(ctx, 1, func(e *bot.Entry) error {
		defer func() { i++ }()
		if i%(scanChunk/2) != 0 {
			return nil
		}
		_, err := db.Append(ctx, &bot.Entry{IncidentID: 2, At: e.At, Kind: bot.EntryNote, Text: "copy"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if i != n {
		t.Errorf("Timeline called fn %d times, want %d", i, n)
	}
	if got := len(timeline(t, db, 2)); got != 3 {
		t.Errorf("copied %d entries, want 3", got)
	}
}
