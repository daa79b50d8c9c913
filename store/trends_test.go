package store

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// TestTrendIncidents: the light read gives every incident, in id order,
// with the fields trends use equal to the full read's.
func TestTrendIncidents(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	for range 600 { // several workers' worth
		if err := db.CreateIncident(ctx, fullIncident(t)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateIncident(ctx, &bot.Incident{Title: "no actions"}); err != nil {
		t.Fatal(err)
	}
	full, err := db.Incidents(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	light, err := db.TrendIncidents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(light) != len(full) {
		t.Fatalf("%d incidents, want %d", len(light), len(full))
	}
	for i, f := range full {
		l := light[i]
		if l.ID != f.ID || l.Severity != f.Severity || l.Void != f.Void || !reflect.DeepEqual(l.SimilarTo, f.SimilarTo) || l.Milestones != f.Milestones {
			t.Fatalf("incident %d: light %+v, full %+v", f.ID, l, f)
		}
		if len(l.Actions) != len(f.Actions) {
			t.Fatalf("incident %d: %d actions, want %d", f.ID, len(l.Actions), len(f.Actions))
		}
		for j, a := range f.Actions {
			want := bot.Action{N: a.N, ID: a.ID, At: a.At, Due: a.Due, Done: a.Done, DoneAt: a.DoneAt, VerifiedAt: a.VerifiedAt, DroppedAt: a.DroppedAt}
			if l.Actions[j] != want {
				t.Fatalf("incident %d action %d: %+v, want %+v", f.ID, j, l.Actions[j], want)
			}
		}
	}
}

// TestMigrateTrends opens a version 2 file, which has no trend records,
// and checks that they are written from the incidents at open, and kept
// from then on.
func TestMigrateTrends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warroom.db")
	db, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for range 3 {
		if err := db.CreateIncident(ctx, fullIncident(t)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateIncident(ctx, &bot.Incident{Title: "no actions", Void: "no channel"}); err != nil {
		t.Fatal(err)
	}
	// Make it what version 2 wrote: the same, without the trends bucket.
	db = reopenAs(t, db, 2, func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketTrends) })
	check := func(when string) {
		t.Helper()
		full, err := db.Incidents(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		light, err := db.TrendIncidents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(light) != len(full) {
			t.Fatalf("%s: %d trend records, want %d", when, len(light), len(full))
		}
		for i, f := range full {
			if l := light[i]; l.ID != f.ID || l.Severity != f.Severity || l.Void != f.Void || !reflect.DeepEqual(l.SimilarTo, f.SimilarTo) ||
				l.Milestones != f.Milestones || len(l.Actions) != len(f.Actions) {
				t.Errorf("%s: incident %d: trends %+v, full %+v", when, f.ID, l, f)
			}
		}
	}
	check("after migration")
	checkSchema(t, db)
	if _, err := db.UpdateIncident(ctx, 1, func(inc *bot.Incident) error {
		inc.Severity, inc.Milestones.Resolved = bot.P0, t0.Add(time.Hour)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	check("after an update")
}

// TestTrendRecordMalformed: a record cut short, or with bytes after its
// end, is an error, not a panic or a wrong incident.
func TestTrendRecordMalformed(t *testing.T) {
	inc := fullIncident(t)
	inc.ID = 7
	v := appendTrend(nil, inc)
	if _, err := decodeTrendRecord(7, v); err != nil {
		t.Fatalf("the whole record: %v", err)
	}
	for n := range len(v) {
		if got, err := decodeTrendRecord(7, v[:n]); err == nil {
			t.Fatalf("record cut to %d of %d bytes decoded as %+v", n, len(v), got)
		}
	}
	if _, err := decodeTrendRecord(7, append(v, 0)); err == nil {
		t.Error("record with a byte after its end decoded")
	}
}
