package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/store"
)

// TestAfterTheFact replays testdata/afterthefact.txt, an incident typed
// into the console two days after it happened, every line timestamped,
// through warroom console on a fresh store. Its postmortem is a reviewed
// golden file (go test ./cmd/warroom -run AfterTheFact -update rewrites
// it); every time in the record is the transcript's, read against the
// line's time where a command gives a relative one, and none is the wall
// clock's; the reminder that would have fired during the call is printed;
// the timeline repeats no other section.
func TestAfterTheFact(t *testing.T) {
	transcript, err := os.Open(filepath.Join("testdata", "afterthefact.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer transcript.Close()
	dir := t.TempDir()
	t.Setenv("WARROOM_DB", filepath.Join(dir, "writeup.db"))
	t.Setenv("WARROOM_LOG_LEVEL", "error")
	// The replay's own sweeps, as its timestamps move the clock, are the
	// only ones: the wall-clock sweep never comes round during the test.
	t.Setenv("WARROOM_REMINDER_SWEEP", "1h")
	files := filepath.Join(dir, "files")
	var out, errs bytes.Buffer
	if err := runMain(context.Background(), []string{"console", "--files", files}, transcript, &out, &errs); err != nil {
		t.Fatalf("%v\n%s", err, errs.String())
	}
	if strings.Contains(out.String(), "!!!") || strings.Contains(out.String(), "Usage:") {
		t.Errorf("a line of the transcript was refused:\n%s", out.String())
	}
	if n := strings.Count(out.String(), "⏰ @erin and @gita, an update on INC-1 (P1) is due."); n != 1 {
		t.Errorf("the reminder due at 23:46 was printed %d times, want once:\n%s", n, out.String())
	}
	pm, err := os.ReadFile(filepath.Join(files, "INC-1-postmortem.md"))
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "afterthefact_postmortem.golden.md", pm)

	db, err := store.Open(filepath.Join(dir, "writeup.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	inc, err := db.Incident(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2017, 1, d, h, m, 0, 0, time.UTC) } // day 32: February 1
	ms := inc.Milestones
	for _, c := range []struct {
		name      string
		got, want time.Time
	}{
		{"started (--started 23:00)", ms.Started, at(31, 23, 0)},
		{"detected (--detected -3m at 23:12)", ms.Detected, at(31, 23, 9)},
		{"declared", ms.Declared, at(31, 23, 12)},
		{"acknowledged (--at -1m at 23:14)", ms.Acknowledged, at(31, 23, 13)},
		{"mitigated (--at 23:52 at 23:53)", ms.Mitigated, at(31, 23, 52)},
		{"resolved (--at 00:20 at 00:24)", ms.Resolved, at(32, 0, 20)},
		{"closed", ms.Closed, at(33, 10, 30)},
	} {
		if !c.got.Equal(c.want) {
			t.Errorf("%s at %v, want %v", c.name, c.got, c.want)
		}
	}
	// Nothing on the timeline comes after the close, or from the wall clock.
	today := time.Now().UTC().Format("2006-01-02")
	if err := db.Timeline(ctx, 1, func(e *bot.Entry) error {
		if e.At.After(ms.Closed) || e.At.Format("2006-01-02") == today {
			t.Errorf("timeline entry %s %q at %v, after the close at %v or today", e.Kind, e.Text, e.At, ms.Closed)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(pm), today) {
		t.Errorf("the postmortem names today, %s, which the transcript never does", today)
	}
	checkTimelineIsTheStory(t, string(pm), db, 1, 7)
}
