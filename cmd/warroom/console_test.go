package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
