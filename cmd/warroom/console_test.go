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

// TestConsoleRestartKeepsMessages runs the console twice on one store: the
// second run's messages are recorded too (their ids used to start at m1
// again, and the duplicate check dropped them while the console printed
// their ids), and --files names a folder that does not exist yet.
func TestConsoleRestartKeepsMessages(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "console.db")
	files := filepath.Join(dir, "not", "yet")
	t.Setenv("WARROOM_DB", db)
	t.Setenv("WARROOM_LOG_LEVEL", "error")
	runs := []string{
		"alice: /incident declare \"ids drill\"\nalice: first run, one\nbob: first run, two\n",
		"#inc-1-ids-drill " + strings.Repeat("bob: second run\n", 8) + "alice: second run, last\nalice: /incident close\n",
	}
	for i, in := range runs {
		var out, errs bytes.Buffer
		if err := runMain(context.Background(), []string{"console", "--files", files}, strings.NewReader(in), &out, &errs); err != nil {
			t.Fatalf("run %d: %v\n%s", i, err, errs.String())
		}
		if strings.Contains(out.String(), "!!!") || strings.Contains(out.String(), "went wrong") {
			t.Errorf("run %d printed an error:\n%s", i, out.String())
		}
	}
	s, err := store.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got []string
	ids := map[string]bool{}
	err = s.Timeline(context.Background(), 1, func(e *bot.Entry) error {
		if e.Kind == bot.EntryMessage {
			got = append(got, e.Text)
			if ids[e.MessageID] {
				t.Errorf("message id %s recorded twice", e.MessageID)
			}
			ids[e.MessageID] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := append([]string{"first run, one", "first run, two"}, strings.Split(strings.Repeat("second run|", 8)+"second run, last", "|")...)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("timeline messages = %q, want %q", got, want)
	}
	if pms, _ := filepath.Glob(filepath.Join(files, "*")); len(pms) != 1 {
		t.Errorf("files folder holds %v, want the postmortem", pms)
	} else if b, _ := os.ReadFile(pms[0]); !strings.Contains(string(b), "second run, last") {
		t.Errorf("postmortem lacks the second run's message:\n%s", b)
	}
}

// TestConsoleTimestamps pipes timestamped lines into warroom console: the
// incident's times, including the relative ones inside commands, are the
// lines' times, not the wall clock's.
func TestConsoleTimestamps(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("WARROOM_DB", filepath.Join(dir, "console.db"))
	t.Setenv("WARROOM_LOG_LEVEL", "error")
	in := "[2017-01-31 23:30] alice: /incident declare \"replica lag\" --started 23:10 --detected -12m\n" +
		"[2017-02-01 00:05] alice: /incident resolve\n" +
		"[00:04] alice: this goes back in time\n"
	var out, errs bytes.Buffer
	if err := runMain(context.Background(), []string{"console", "--files", dir}, strings.NewReader(in), &out, &errs); err != nil {
		t.Fatalf("%v\n%s", err, errs.String())
	}
	if !strings.Contains(out.String(), "!!! timestamp [00:04] is 2017-02-01 00:04 UTC, before the line before it at 2017-02-01 00:05 UTC") {
		t.Errorf("a timestamp going back was not refused:\n%s", out.String())
	}
	s, err := store.Open(filepath.Join(dir, "console.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	inc, err := s.Incident(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2017, 1, d, h, m, 0, 0, time.UTC) }
	for _, c := range []struct {
		name      string
		got, want time.Time
	}{
		{"started", inc.Milestones.Started, at(31, 23, 10)},
		{"detected", inc.Milestones.Detected, at(31, 23, 18)},
		{"declared", inc.Milestones.Declared, at(31, 23, 30)},
		{"resolved", inc.Milestones.Resolved, at(32, 0, 5)},
	} {
		if !c.got.Equal(c.want) {
			t.Errorf("%s at %v, want %v", c.name, c.got, c.want)
		}
	}
}
