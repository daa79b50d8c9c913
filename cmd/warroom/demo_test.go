package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestDemoGolden keeps the demo's postmortem as a reviewed golden file
// (go test ./cmd/warroom -run DemoGolden -update rewrites it).
func TestDemoGolden(t *testing.T) {
	var out bytes.Buffer
	if err := runMain(context.Background(), []string{"demo"}, nil, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	_, pm, ok := strings.Cut(out.String(), "# Postmortem:")
	if !ok {
		t.Fatal("no postmortem")
	}
	checkGolden(t, "demo_postmortem.golden.md", []byte("# Postmortem:"+pm))
}

// checkGolden compares got with testdata/name, or with -update writes it.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/warroom -run %s -update creates it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %q\nwant: %q\n(-update if intended)", path, i+1, g, w)
			}
		}
	}
}

// TestDemoTimelineIsTheStory: the demo's timeline repeats no other
// section, and marks every key event (checkTimelineIsTheStory).
func TestDemoTimelineIsTheStory(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := runMain(context.Background(), []string{"demo", "--keep", dir}, nil, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	_, pm, _ := strings.Cut(out.String(), "# Postmortem:")
	db, err := store.Open(filepath.Join(dir, "demo.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkTimelineIsTheStory(t, pm, db, 1, 6)
}

// checkTimelineIsTheStory counts, in a postmortem, the timeline lines that
// repeat another section (analysis, role changes, joins, reminders, pin
// copies, edit copies): there are none; and every key event of incident
// id in the store, at least minKeys of them, is on the timeline, marked 📌.
func checkTimelineIsTheStory(t *testing.T, pm string, db *store.DB, id int64, minKeys int) {
	t.Helper()
	start, end := strings.Index(pm, "## Timeline"), strings.Index(pm, "## Status updates")
	if start < 0 || end < start {
		t.Fatalf("no timeline in\n%s", pm)
	}
	var lines []string
	for _, l := range strings.Split(pm[start:end], "\n") {
		if strings.HasPrefix(l, "- `") {
			lines = append(lines, l)
		}
	}
	ctx := context.Background()
	inc, err := db.Incident(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	// What other sections hold, as the timeline would have repeated it.
	elsewhere := []string{"Impact:", "Summary:", "Why #", "Contributing factor", "Action #", "Action A-", "joined the channel",
		"Update prompt", "Update due", "pinned a message", "pinned:", "— was:", "(deleted)"}
	for _, w := range inc.Whys {
		elsewhere = append(elsewhere, w)
	}
	for _, c := range inc.Causes {
		elsewhere = append(elsewhere, c.Text)
	}
	for _, a := range inc.Actions {
		elsewhere = append(elsewhere, a.Text)
	}
	for _, r := range bot.Roles {
		elsewhere = append(elsewhere, r.Title()+":")
	}
	dup := 0
	for _, l := range lines {
		for _, s := range elsewhere {
			if strings.Contains(l, s) {
				dup++
				t.Errorf("timeline line repeats another section (%q): %s", s, l)
				break
			}
		}
	}
	if dup != 0 {
		t.Errorf("%d timeline entries duplicate another section, want 0", dup)
	}
	// Every key event is marked.
	keys, marked := 0, 0
	if err := db.Timeline(ctx, id, func(e *bot.Entry) error {
		if !(e.KeyEvent || e.Kind == bot.EntryPin || e.Kind == bot.EntryEvent || e.Kind == bot.EntryMilestone) {
			return nil
		}
		keys++
		text := e.Text // a pin's is the pinned message's, shown where it was said
		for _, l := range lines {
			if strings.Contains(l, "📌") && strings.Contains(l, text) {
				marked++
				return nil
			}
		}
		t.Errorf("key event %s %q is not marked on the timeline", e.Kind, text)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if keys < minKeys || marked != keys {
		t.Errorf("%d of %d key events marked (want all, and at least %d)", marked, keys, minKeys)
	}
}

// TestDemoScriptReplays pipes `warroom demo --script` into `warroom
// console`: the transcript is a self-contained replay, and its postmortem
// is the demo's, to the byte.
func TestDemoScriptReplays(t *testing.T) {
	var script bytes.Buffer
	if err := runMain(context.Background(), []string{"demo", "--script"}, nil, &script, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(script.String(), "// The warroom demo") {
		t.Fatalf("demo --script printed:\n%s", script.String())
	}
	dir := t.TempDir()
	t.Setenv("WARROOM_DB", filepath.Join(dir, "replay.db"))
	t.Setenv("WARROOM_LOG_LEVEL", "error")
	files := filepath.Join(dir, "files")
	var out, errs bytes.Buffer
	if err := runMain(context.Background(), []string{"console", "--files", files}, &script, &out, &errs); err != nil {
		t.Fatalf("%v\n%s", err, errs.String())
	}
	if strings.Contains(out.String(), "!!!") {
		t.Errorf("the console refused a line of the demo:\n%s", out.String())
	}
	pms, _ := filepath.Glob(filepath.Join(files, "*.md"))
	if len(pms) != 1 {
		t.Fatalf("files folder holds %v, want one postmortem", pms)
	}
	got, err := os.ReadFile(pms[0])
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "demo_postmortem.golden.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("warroom console < the demo's script drafted another postmortem than the demo's:\n%s", got)
	}
}
