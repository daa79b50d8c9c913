package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/postmortem"
	"github.com/warroom-dev/warroom/store"
)

// TestExportAsPosted: `warroom export` of an incident run on Slack, from
// the store and from a backup of it, with the console configured, names
// the platform and the people as the posted draft did.
func TestExportAsPosted(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "warroom.db")
	db, err := store.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	inc := &bot.Incident{Title: "Checkout errors", Severity: bot.P1, Status: bot.StatusClosed, DeclaredBy: "U1",
		Platform: "slack", Names: map[string]string{"U1": "Alice Chen", "U2": "Bob Okafor"},
		Milestones: bot.Milestones{Declared: at, Resolved: at.Add(time.Hour), Closed: at.Add(2 * time.Hour)}}
	if err := db.CreateIncident(ctx, inc); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Append(ctx, &bot.Entry{IncidentID: inc.ID, At: at.Add(time.Minute), Kind: bot.EntryMessage,
		Author: "U2", MessageID: "m1", Text: "looking at the dashboards"}); err != nil {
		t.Fatal(err)
	}
	var posted bytes.Buffer
	names := map[string]string{"U1": "Alice Chen", "U2": "Bob Okafor"}
	if err := postmortem.Write(&posted, bot.PostmortemData{Incident: inc,
		Timeline: func(fn func(*bot.Entry) error) error { return db.Timeline(ctx, inc.ID, fn) },
		Name:     func(u string) string { return names[u] }, Platform: "slack", Drafted: inc.Milestones.Closed}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	t.Setenv("WARROOM_PLATFORM", "console")
	copyPath := filepath.Join(dir, "copy.db")
	t.Setenv("WARROOM_DB", path)
	if err := runMain(ctx, []string{"backup", copyPath}, nil, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, copyPath} {
		t.Setenv("WARROOM_DB", p)
		var out bytes.Buffer
		if err := runMain(ctx, []string{"export", "--id", "1"}, nil, &out, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		if out.String() != posted.String() {
			t.Errorf("export of %s differs from the posted draft:\n--- posted\n%s\n--- exported\n%s", p, posted.String(), out.String())
		}
		if !strings.Contains(out.String(), "- **Platform:** Slack") || !strings.Contains(out.String(), "**Bob Okafor**: looking") {
			t.Errorf("export of %s does not name the platform and people:\n%s", p, out.String())
		}
		out.Reset()
		if err := runMain(ctx, []string{"export", "--id", "1", "--format", "json"}, nil, &out, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		var e bot.Entry
		if err := json.Unmarshal(out.Bytes(), &e); err != nil || e.AuthorName != "Bob Okafor" {
			t.Errorf("json export of %s: %v, author name %q, want Bob Okafor", p, err, e.AuthorName)
		}
	}
}
