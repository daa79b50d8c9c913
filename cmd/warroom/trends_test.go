package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/store"
)

// TestStatsAndFollowUpsCommands: `warroom stats` and `warroom followups`
// print the store's figures as CSV and JSON.
func TestStatsAndFollowUpsCommands(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "warroom.db")
	db, err := store.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().UTC().Add(-48 * time.Hour).Truncate(time.Minute)
	for i, sev := range []bot.Severity{bot.P1, bot.P1, bot.P2} {
		inc := &bot.Incident{Title: "incident", Severity: sev, Status: bot.StatusClosed,
			Milestones: bot.Milestones{Declared: at, Resolved: at.Add(time.Duration(i+1) * time.Hour), Closed: at.Add(5 * time.Hour)},
			Actions:    []bot.Action{{N: 1, Text: "fix it, \"properly\"", Owner: "U1", At: at, Due: at.Add(24 * time.Hour)}}}
		if err := db.CreateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	t.Setenv("WARROOM_PLATFORM", "console")
	t.Setenv("WARROOM_DB", path)
	run := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := runMain(ctx, args, nil, &out, &bytes.Buffer{}); err != nil {
			t.Fatalf("warroom %v: %v", args, err)
		}
		return out.String()
	}

	rows, err := csv.NewReader(strings.NewReader(run("stats", "--format", "csv", "--since", "30d"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 11 || rows[0][4] != "incidents" {
		t.Fatalf("stats CSV has %d rows: %q", len(rows), rows)
	}
	if p1 := rows[2]; p1[0] != "current" || p1[3] != "P1" || p1[4] != "2" || p1[11] != "5400" { // median of 1h and 2h
		t.Errorf("P1 row = %q, want 2 incidents, median resolve 5400 s", p1)
	}
	if all := rows[5]; all[3] != "all" || all[4] != "3" || all[13] != "3" || all[15] != "3" {
		t.Errorf("all row = %q, want 3 incidents, 3 actions opened, 3 overdue", all)
	}
	var s bot.Stats
	if err := json.Unmarshal([]byte(run("stats", "--format", "json", "--sev", "P2")), &s); err != nil {
		t.Fatal(err)
	}
	if s.Current.All.Incidents != 1 || !s.Query.SevSet {
		t.Errorf("stats --sev P2 JSON: %+v", s.Current.All)
	}

	rows, err = csv.NewReader(strings.NewReader(run("followups"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[1][0] != "1" || rows[1][5] != `fix it, "properly"` || rows[1][10] != "overdue" {
		t.Errorf("followups CSV = %q", rows)
	}
	if lines := strings.Count(run("followups", "--format", "json"), "\n"); lines != 3 {
		t.Errorf("followups JSON has %d lines, want 3", lines)
	}
	for _, args := range [][]string{{"stats", "--format", "xml"}, {"stats", "--since", "2h"}, {"stats", "--sev", "P9"}, {"followups", "--format", "md"}} {
		var ue usageError
		if err := runMain(ctx, args, nil, &bytes.Buffer{}, &bytes.Buffer{}); err == nil || !asUsage(err, &ue) {
			t.Errorf("warroom %v: err = %v, want a usage error", args, err)
		}
	}
}

func asUsage(err error, ue *usageError) bool {
	u, ok := err.(usageError)
	*ue = u
	return ok
}
